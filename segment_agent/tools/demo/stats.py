"""Per-customer aggregates of the event tables as of a cutoff day (events strictly before it).

The certified profile uses the generation day; the deprecated frozen columns call the very
same functions with the freeze day, so "frozen = certified as of the freeze" holds by design.
Windows are half-open: "last 30 days" means `ts >= cutoff - 30 days AND ts < cutoff`.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo.batches import Batch


def _ts(day: dt.date) -> str:
    return f"TIMESTAMP '{day.isoformat()} 00:00:00'"


def _since(column: str, day: dt.date, days: int) -> str:
    return f"{column} >= {_ts(day)} - INTERVAL {days} DAY"


def order_stats_sql(cutoff: dt.date, batch: Batch) -> str:
    """SQL: one row per customer of `batch` with an order before `cutoff`: counts, revenue and dates."""
    c, done = _ts(cutoff), "status = 'completed'"
    w = {d: _since("order_ts", cutoff, d) for d in (30, 90, 365, 730)}
    return f"""
        SELECT customer_id,
            count(*) FILTER ({done}) AS total_purchases,
            count(*) FILTER ({done} AND channel IN ('web', 'app')) AS num_orders,
            count(*) AS all_orders,
            count(*) FILTER ({done} AND {w[30]}) AS purchases_30d,
            count(*) FILTER ({done} AND {w[90]}) AS purchases_90d,
            count(*) FILTER ({done} AND {w[365]}) AS purchases_12m,
            coalesce(sum(net_amount) FILTER ({done}), 0)::DECIMAL(14, 2) AS lifetime_value,
            coalesce(sum(gross_amount) FILTER ({done}), 0)::DECIMAL(14, 2) AS lifetime_gross,
            sum(gross_amount)::DECIMAL(14, 2) AS total_revenue,
            coalesce(sum(net_amount) FILTER ({done} AND {w[365]}), 0)::DECIMAL(14, 2) AS revenue_12m,
            coalesce(sum(net_amount) FILTER ({done} AND {w[730]} AND NOT {w[365]}), 0)::DECIMAL(14, 2)
                AS revenue_prev_12m,
            max(order_ts) FILTER ({done}) AS last_purchase_ts,
            min(order_ts) FILTER ({done})::DATE AS first_purchase_date,
            max(order_ts) FILTER ({done} AND channel IN ('web', 'app'))::DATE AS last_order_date,
            max(order_ts) FILTER (channel = 'store') AS last_store_visit_ts,
            count(*) FILTER (status = 'returned' AND {w[365]}) AS returns_12m,
            count(*) FILTER ({w[365]}) AS orders_12m,
            count(*) FILTER (channel = 'store' AND {w[90]}) AS store_visits_90d,
            count(*) FILTER ({done} AND {w[365]} AND coupon_code IS NOT NULL) AS coupon_orders_12m,
            coalesce(sum(discount_amount) FILTER ({done} AND {w[365]}), 0)::DECIMAL(14, 2) AS
                discount_total_12m
        FROM orders WHERE order_ts < {c} AND {batch.customers()} GROUP BY customer_id
    """


def session_stats_sql(cutoff: dt.date, batch: Batch) -> str:
    """SQL: one row per customer of `batch` with a session before `cutoff`: recent counts, last times."""
    w30, w60 = _since("started_at", cutoff, 30), _since("started_at", cutoff, 60)
    return f"""
        SELECT customer_id,
            count(*) FILTER ({w30}) AS sessions_30d,
            count(*) FILTER ({w60} AND NOT {w30}) AS sessions_prev_30d,
            coalesce(sum(pageviews) FILTER ({w30}), 0) AS pageviews_30d,
            coalesce(sum(cart_adds) FILTER ({w30}), 0) AS cart_adds_30d,
            max(started_at) AS last_session_ts,
            max(started_at) FILTER (channel = 'app') AS last_login,
            max(started_at) FILTER (channel = 'web') AS most_recent_session
        FROM sessions WHERE started_at < {_ts(cutoff)} AND {batch.customers()} GROUP BY customer_id
    """


def email_stats_sql(cutoff: dt.date, batch: Batch) -> str:
    """SQL: one row per customer of `batch` with email events before `cutoff`: sends, opens, clicks.

    Open rates are per email delivered in the last 90 days: the share with an open (any open
    for the inflated rate, a human open for the certified one).
    """
    c, w90, w30 = _ts(cutoff), _since("event_ts", cutoff, 90), _since("event_ts", cutoff, 30)
    return f"""
        WITH d AS (
            SELECT customer_id, campaign_id FROM email_events
            WHERE event_type = 'delivered' AND {w90} AND event_ts < {c} AND {batch.customers()}
        ), o AS (
            SELECT customer_id, campaign_id, bool_or(NOT machine_open) AS human FROM email_events
            WHERE event_type = 'open' AND event_ts < {c} AND {batch.customers()}
            GROUP BY customer_id, campaign_id
        ), r AS (
            SELECT d.customer_id, count(*) AS delivered_90d, count(*) FILTER (o.human) AS human_opened_90d,
                count(o.campaign_id) AS opened_90d
            FROM d LEFT JOIN o USING (customer_id, campaign_id) GROUP BY d.customer_id
        ), e AS (
            SELECT customer_id,
                count(*) FILTER (event_type = 'sent' AND {w90}) AS email_sends_90d,
                count(*) FILTER (event_type = 'click' AND {w90}) AS email_clicks_90d,
                count(*) FILTER (event_type = 'click' AND {w30}
                    OR event_type = 'open' AND NOT machine_open AND {w30}) AS email_engagements_30d,
                max(event_ts) FILTER (event_type = 'click') AS last_click_ts
            FROM email_events WHERE event_ts < {c} AND {batch.customers()} GROUP BY customer_id
        )
        SELECT e.*, coalesce(r.delivered_90d, 0) AS delivered_90d,
            round(r.human_opened_90d / r.delivered_90d, 4) AS open_rate_90d,
            round(r.opened_90d / r.delivered_90d, 4) AS open_rate_any_90d
        FROM e LEFT JOIN r USING (customer_id)
    """


def ticket_stats_sql(cutoff: dt.date, batch: Batch) -> str:
    """SQL: one row per customer of `batch` with a support ticket: recent, open, last satisfaction."""
    return f"""
        SELECT customer_id,
            count(*) FILTER ({_since("opened_at", cutoff, 90)}) AS support_tickets_90d,
            count(*) FILTER (closed_at IS NULL) AS open_tickets,
            arg_max(csat, struct_pack(opened_at, ticket_id)) FILTER (csat IS NOT NULL) AS last_csat
        FROM support_tickets WHERE opened_at < {_ts(cutoff)} AND {batch.customers()}
        GROUP BY customer_id
    """


STATS_TABLES = (
    "_orders_now", "_orders_freeze", "_sessions_now", "_sessions_freeze", "_email_now", "_email_freeze",
    "_tickets_now",
)  # fmt: skip


def create_stats(con: duckdb.DuckDBPyConnection, as_of: dt.date, freeze: dt.date, batch: Batch) -> None:
    """Materialize the batch's aggregates as the temp tables STATS_TABLES (now and at the freeze)."""
    for label, day in (("now", as_of), ("freeze", freeze)):
        con.execute(f"CREATE TEMP TABLE _orders_{label} AS {order_stats_sql(day, batch)}")
        con.execute(f"CREATE TEMP TABLE _sessions_{label} AS {session_stats_sql(day, batch)}")
        con.execute(f"CREATE TEMP TABLE _email_{label} AS {email_stats_sql(day, batch)}")
    con.execute(f"CREATE TEMP TABLE _tickets_now AS {ticket_stats_sql(as_of, batch)}")
