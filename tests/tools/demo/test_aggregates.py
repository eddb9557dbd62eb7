"""Contract: profile aggregates derive from the event tables (recomputed here, compared on every row)."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.tools.demo.contract import CATEGORIES, WINDOWS
from tests.tools.demo.queries import mismatches, scalar, ts


def test_purchase_and_value_aggregates_match_orders(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    a, done = ts(as_of), "status = 'completed'"
    expected = f"""
        SELECT customer_id,
            count(*) FILTER ({done}) AS total_purchases,
            count(*) FILTER ({done} AND channel <> 'store') AS num_orders,
            count(*) FILTER ({done} AND order_ts >= {a} - INTERVAL 30 DAY) AS purchases_30d,
            count(*) FILTER ({done} AND order_ts >= {a} - INTERVAL 90 DAY) AS purchases_90d,
            count(*) FILTER ({done} AND order_ts >= {a} - INTERVAL 365 DAY) AS purchases_12m,
            coalesce(sum(net_amount) FILTER ({done}), 0) AS lifetime_value,
            coalesce(sum(gross_amount), 0) AS total_revenue,
            coalesce(sum(net_amount) FILTER ({done} AND order_ts >= {a} - INTERVAL 365 DAY), 0) AS
                revenue_12m,
            round(sum(net_amount) FILTER ({done}) / count(*) FILTER ({done}), 2) AS avg_order_value,
            max(order_ts) FILTER ({done})::DATE AS last_purchase_date,
            max(order_ts) FILTER ({done} AND channel IN ('web', 'app'))::DATE AS last_order_date,
            count(*) FILTER (status = 'returned' AND order_ts >= {a} - INTERVAL 365 DAY) AS returns_12m,
            round(count(*) FILTER (status = 'returned' AND order_ts >= {a} - INTERVAL 365 DAY)
                / nullif(count(*) FILTER (order_ts >= {a} - INTERVAL 365 DAY), 0), 4) AS return_rate,
            count(*) FILTER (channel = 'store' AND order_ts >= {a} - INTERVAL 90 DAY) AS store_visits_90d
        FROM customers LEFT JOIN orders USING (customer_id) GROUP BY customer_id
    """
    cols = [
        "total_purchases",
        "num_orders",
        "purchases_30d",
        "purchases_90d",
        "purchases_12m",
        "lifetime_value",
        "total_revenue",
        "revenue_12m",
        "avg_order_value",
        "last_purchase_date",
        "last_order_date",
        "returns_12m",
        "return_rate",
        "store_visits_90d",
    ]
    assert mismatches(con, expected, cols) == {}
    assert (
        scalar(
            con, "SELECT count(*) FROM orders JOIN customers USING (customer_id) WHERE order_ts < signup_date"
        )
        == 0
    )
    for table, col in (("orders", "order_ts"), ("sessions", "started_at"), ("email_events", "event_ts")):
        assert scalar(con, f"SELECT max({col}) < {a} FROM {table}"), table


def test_session_email_and_ticket_aggregates_match_events(
    con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> None:
    a = ts(as_of)
    sessions = f"""
        SELECT customer_id,
            count(started_at) FILTER (started_at >= {a} - INTERVAL 30 DAY) AS sessions_30d,
            count(started_at) FILTER (started_at >= {a} - INTERVAL 60 DAY AND started_at < {a} - INTERVAL 30
                DAY)
                AS sessions_prev_30d,
            max(started_at) FILTER (channel = 'app') AS last_login,
            max(started_at) FILTER (channel = 'web') AS most_recent_session
        FROM customers LEFT JOIN sessions USING (customer_id) GROUP BY customer_id
    """
    assert (
        mismatches(con, sessions, ["sessions_30d", "sessions_prev_30d", "last_login", "most_recent_session"])
        == {}
    )
    email = f"""
        WITH d AS (SELECT customer_id, campaign_id FROM email_events
                   WHERE event_type = 'delivered' AND event_ts >= {a} - INTERVAL 90 DAY),
        human AS (SELECT DISTINCT customer_id, campaign_id FROM email_events
                  WHERE event_type = 'open' AND NOT machine_open),
        rate AS (SELECT d.customer_id, round(count(h.campaign_id) / count(*), 4) AS email_open_rate_90d
                 FROM d LEFT JOIN human h USING (customer_id, campaign_id) GROUP BY d.customer_id),
        n AS (SELECT customer_id,
                count(*) FILTER (event_type = 'sent' AND event_ts >= {a} - INTERVAL 90 DAY) AS
                    email_sends_90d,
                count(*) FILTER (event_type = 'click' AND event_ts >= {a} - INTERVAL 90 DAY) AS
                    email_clicks_90d
              FROM customers LEFT JOIN email_events USING (customer_id) GROUP BY customer_id)
        SELECT * FROM n LEFT JOIN rate USING (customer_id)
    """
    assert mismatches(con, email, ["email_sends_90d", "email_clicks_90d", "email_open_rate_90d"]) == {}
    tickets = f"""
        SELECT customer_id,
            count(opened_at) FILTER (opened_at >= {a} - INTERVAL 90 DAY) AS support_tickets_90d,
            count(opened_at) FILTER (opened_at IS NOT NULL AND closed_at IS NULL) AS open_tickets,
            arg_max(csat, opened_at) FILTER (csat IS NOT NULL) AS last_csat
        FROM customers LEFT JOIN support_tickets USING (customer_id) GROUP BY customer_id
    """
    assert mismatches(con, tickets, ["support_tickets_90d", "open_tickets", "last_csat"]) == {}


def test_last_active_date_is_the_latest_activity_of_any_kind(con: duckdb.DuckDBPyConnection) -> None:
    expected = """
        WITH acts AS (
            SELECT customer_id, order_ts AS t FROM orders WHERE status = 'completed' OR channel = 'store'
            UNION ALL SELECT customer_id, started_at FROM sessions
            UNION ALL SELECT customer_id, event_ts FROM email_events WHERE event_type = 'click'
        )
        SELECT customer_id, max(t)::DATE AS last_active_date FROM customers LEFT JOIN acts USING (customer_id)
        GROUP BY customer_id
    """
    assert mismatches(con, expected, ["last_active_date"]) == {}


def test_engagement_trend_follows_the_documented_session_rule(con: duckdb.DuckDBPyConnection) -> None:
    expected = """
        SELECT customer_id, CASE
            WHEN sessions_30d >= 1.25 * sessions_prev_30d AND sessions_30d - sessions_prev_30d >= 2 THEN
                'growing'
            WHEN sessions_30d <= 0.75 * sessions_prev_30d AND sessions_prev_30d - sessions_30d >= 2 THEN
                'declining'
            ELSE 'stable' END AS engagement_trend
        FROM customers
    """
    assert mismatches(con, expected, ["engagement_trend"]) == {}
    counts = dict(con.execute("SELECT engagement_trend, count(*) FROM customers GROUP BY ALL").fetchall())
    assert counts.keys() == {"declining", "stable", "growing"}
    assert counts["declining"] >= 0.02 * sum(counts.values())


def test_category_families_match_order_items(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    a = ts(as_of)
    for c in CATEGORIES[::4]:
        expected = f"""
            WITH l AS (
                SELECT o.customer_id, o.order_id, o.order_ts, i.quantity * i.unit_price AS amount
                FROM orders o JOIN order_items i USING (order_id)
                WHERE o.status = 'completed' AND i.category = '{c}'
            )
            SELECT customer_id,
                count(DISTINCT order_id) FILTER (order_ts >= {a} - INTERVAL 365 DAY) AS purchases_{c}_12m,
                coalesce(sum(amount) FILTER (order_ts >= {a} - INTERVAL 365 DAY), 0) AS revenue_{c}_12m,
                max(order_ts)::DATE AS last_purchase_{c}_date
            FROM customers LEFT JOIN l USING (customer_id) GROUP BY customer_id
        """
        assert (
            mismatches(con, expected, [f"purchases_{c}_12m", f"revenue_{c}_12m", f"last_purchase_{c}_date"])
            == {}
        )
        assert scalar(con, f"SELECT min(affinity_{c}) >= 0 AND max(affinity_{c}) <= 1 FROM customers")


def test_channel_families_match_events(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    a = ts(as_of)
    for w, days in WINDOWS.items():
        since = f"{a} - INTERVAL {days} DAY"
        hit = "status = 'completed' AND channel = '{ch}' AND order_ts >= " + since
        orders = ", ".join(
            f"count(*) FILTER ({hit.format(ch=ch)}) AS {ch}_purchases_{w},"
            f" coalesce(sum(net_amount) FILTER ({hit.format(ch=ch)}), 0) AS {ch}_revenue_{w}"
            for ch in ("web", "app", "store")
        )
        expected = f"""
            SELECT customer_id, {orders},
                count(order_id) FILTER (channel = 'store' AND order_ts >= {since}) AS store_engagements_{w}
            FROM customers LEFT JOIN orders USING (customer_id) GROUP BY customer_id
        """
        cols = [f"{ch}_{k}_{w}" for ch in ("web", "app", "store") for k in ("purchases", "revenue")]
        assert mismatches(con, expected, [*cols, f"store_engagements_{w}"]) == {}
        sessions = f"""
            SELECT customer_id,
                count(*) FILTER (channel = 'web' AND started_at >= {since}) AS web_engagements_{w},
                count(*) FILTER (channel = 'app' AND started_at >= {since}) AS app_engagements_{w}
            FROM customers LEFT JOIN sessions USING (customer_id) GROUP BY customer_id
        """
        assert mismatches(con, sessions, [f"web_engagements_{w}", f"app_engagements_{w}"]) == {}
        email = f"""
            SELECT customer_id, count(*) FILTER (event_ts >= {since} AND (event_type = 'click'
                OR event_type = 'open' AND NOT machine_open)) AS email_engagements_{w}
            FROM customers LEFT JOIN email_events USING (customer_id) GROUP BY customer_id
        """
        assert mismatches(con, email, [f"email_engagements_{w}"]) == {}


def test_email_attributed_purchases_follow_a_click_within_72_hours(
    con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> None:
    expected = f"""
        WITH hit AS (
            SELECT DISTINCT o.customer_id, o.order_id FROM orders o JOIN email_events e
                ON e.customer_id = o.customer_id AND e.event_type = 'click'
                AND e.event_ts <= o.order_ts AND e.event_ts > o.order_ts - INTERVAL 72 HOUR
            WHERE o.status = 'completed' AND o.order_ts >= {ts(as_of)} - INTERVAL 365 DAY
        )
        SELECT customer_id, count(order_id) AS email_purchases_365d FROM customers LEFT JOIN hit USING
            (customer_id)
        GROUP BY customer_id
    """
    assert mismatches(con, expected, ["email_purchases_365d"]) == {}


def test_monthly_history_counts_calendar_months_back_from_the_last_full_one(
    con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> None:
    first = f"date_trunc('month', DATE '{as_of.isoformat()}')"
    months = [1, 2, 12, 24]
    select = ", ".join(
        f"count(order_id) FILTER (m = {m}) AS orders_m{m:02d},"
        f" coalesce(sum(net_amount) FILTER (m = {m}), 0) AS spend_m{m:02d}"
        for m in months
    )
    expected = f"""
        SELECT customer_id, {select}
        FROM customers LEFT JOIN (
            SELECT customer_id, order_id, net_amount, date_diff('month', order_ts, {first}) AS m
            FROM orders WHERE status = 'completed' AND order_ts < {first}
        ) USING (customer_id) GROUP BY customer_id
    """
    cols = [f"{k}_m{m:02d}" for m in months for k in ("orders", "spend")]
    assert mismatches(con, expected, cols) == {}
    assert scalar(con, "SELECT sum(orders_m01) > 0 FROM customers")
