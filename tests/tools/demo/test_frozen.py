"""Contract: deprecated frozen columns equal their certified twins as of the freeze (as_of - 540 days)."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.tools.demo.contract import FROZEN
from tests.tools.demo.queries import mismatches, scalar, ts


def test_frozen_columns_are_the_certified_computation_at_the_freeze(
    con: duckdb.DuckDBPyConnection, freeze: dt.date
) -> None:
    f, done, day = ts(freeze), "status = 'completed'", f"DATE '{freeze.isoformat()}'"
    expected = f"""
        WITH o AS (
            SELECT customer_id, count(*) FILTER ({done}) AS n, sum(net_amount) FILTER ({done}) AS net,
                coalesce(sum(gross_amount) FILTER ({done}), 0) AS gross,
                count(*) FILTER ({done} AND order_ts >= {f} - INTERVAL 90 DAY) AS n90,
                max(order_ts) FILTER ({done}) AS last_buy,
                max(order_ts) FILTER ({done} OR channel = 'store') AS last_order_activity
            FROM orders WHERE order_ts < {f} GROUP BY customer_id
        ), s AS (
            SELECT customer_id, max(started_at) AS last_session,
                count(*) FILTER (started_at >= {f} - INTERVAL 30 DAY) AS s30
            FROM sessions WHERE started_at < {f} GROUP BY customer_id
        ), clicks AS (
            SELECT customer_id, max(event_ts) AS last_click FROM email_events
            WHERE event_type = 'click' AND event_ts < {f} GROUP BY customer_id
        ), d AS (
            SELECT customer_id, campaign_id FROM email_events
            WHERE event_type = 'delivered' AND event_ts >= {f} - INTERVAL 90 DAY AND event_ts < {f}
        ), opened AS (
            SELECT DISTINCT customer_id, campaign_id FROM email_events WHERE event_type = 'open' AND
                event_ts < {f}
        ), rate AS (
            SELECT d.customer_id, round(count(x.campaign_id) / count(*), 4) AS r
            FROM d LEFT JOIN opened x USING (customer_id, campaign_id) GROUP BY d.customer_id
        )
        SELECT customer_id,
            CASE WHEN signup_date < {day} THEN coalesce(o.n, 0) END AS purchase_count,
            CASE WHEN signup_date < {day} THEN coalesce(o.gross, 0) END AS ltv,
            CASE WHEN signup_date < {day} THEN round(o.net / nullif(o.n, 0), 2) END AS aov,
            CASE WHEN signup_date < {day} THEN {day} - o.last_buy::DATE END AS days_since_last_purchase,
            CASE WHEN signup_date < {day} THEN greatest(o.last_order_activity, s.last_session,
                clicks.last_click)
                END AS last_seen_ts,
            CASE WHEN signup_date < {day} THEN least(100, 10 * coalesce(s.s30, 0) + 20 * coalesce(o.n90, 0))
                END
                AS engagement_score_v1,
            CASE WHEN signup_date < {day} THEN rate.r END AS email_open_rate
        FROM customers LEFT JOIN o USING (customer_id) LEFT JOIN s USING (customer_id)
        LEFT JOIN clicks USING (customer_id) LEFT JOIN rate USING (customer_id)
    """
    cols = ["purchase_count", "ltv", "aov", "days_since_last_purchase", "last_seen_ts", "engagement_score_v1",
            "email_open_rate"]  # fmt: skip
    assert mismatches(con, expected, cols) == {}


def test_frozen_columns_are_null_exactly_for_signups_after_the_freeze(
    con: duckdb.DuckDBPyConnection, freeze: dt.date
) -> None:
    day = f"DATE '{freeze.isoformat()}'"
    assert scalar(con, f"SELECT count(*) FROM customers WHERE signup_date >= {day}") > 0
    for col in ("purchase_count", "ltv", "engagement_score_v1", "risk_level", "vip_flag", "region_code"):
        assert scalar(con, f"SELECT count({col}) FROM customers WHERE signup_date >= {day}") == 0, col
        assert (
            scalar(con, f"SELECT count(*) FROM customers WHERE signup_date < {day} AND {col} IS NULL") == 0
        ), col
    for col in FROZEN:
        assert scalar(con, f"SELECT count({col}) FROM customers WHERE signup_date < {day}") > 0, col


def test_frozen_dates_stop_at_the_freeze_while_certified_ones_move(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, freeze: dt.date
) -> None:
    assert scalar(con, "SELECT max(last_seen_ts) FROM customers") < dt.datetime.combine(freeze, dt.time())
    assert scalar(con, "SELECT max(last_active_date) FROM customers") >= as_of - dt.timedelta(days=2)
    assert scalar(con, "SELECT max(last_purchase_date) FROM customers") >= as_of - dt.timedelta(days=7)


def test_deprecated_look_alikes_differ_from_certified_ones(con: duckdb.DuckDBPyConnection) -> None:
    """Each trap must actually be wrong for the current question, or it would not be a trap."""
    differs = {
        "purchase_count": "purchase_count <> total_purchases",
        "num_orders": "num_orders <> total_purchases",
        "orders_lifetime": "orders_lifetime <> total_purchases",
        "ltv": "ltv <> lifetime_value",
        "total_revenue": "total_revenue <> lifetime_value",
        "last_order_date": "last_order_date IS DISTINCT FROM last_purchase_date",
        "email_open_rate": "email_open_rate > email_open_rate_90d",
    }
    for name, cond in differs.items():
        assert scalar(con, f"SELECT count(*) FROM customers WHERE {cond}") > 20, name
    null_share = scalar(con, "SELECT avg((orders_lifetime IS NULL)::INTEGER) FROM customers")
    assert 0.08 <= null_share <= 0.16
    assert (
        scalar(
            con,
            """SELECT count(*) FROM customers WHERE orders_lifetime IS NOT NULL AND orders_lifetime <>
        (SELECT count(*) FROM orders o WHERE o.customer_id = customers.customer_id)""",
        )
        == 0
    )
