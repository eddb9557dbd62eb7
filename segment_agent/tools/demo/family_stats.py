"""Aggregates behind the attribute families: per category, per channel and window, per month.

Each becomes one temp table with one row per customer that has any such activity (the
profile fills the gaps with 0): _categories, _channels_*, _messaging, _months.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo.batches import Batch
from segment_agent.tools.demo.families import (
    CATEGORIES,
    MESSAGE_CHANNELS,
    MONTHS,
    ORDER_CHANNELS,
    WINDOWS,
    month_label,
)

EMAIL_ATTRIBUTION_HOURS = 72
HUMAN_EMAIL = "(event_type = 'click' OR event_type = 'open' AND NOT machine_open)"


def _ts(day: dt.date) -> str:
    return f"TIMESTAMP '{day.isoformat()} 00:00:00'"


def create_attribution(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """`_attributed`: completed orders credited to email (a click in the 72 h before), else sms or push."""
    con.execute(f"""
        CREATE TEMP TABLE _attributed AS
        WITH clicks AS (
            SELECT customer_id, event_ts FROM email_events WHERE event_type = 'click' AND {batch.customers()}
        ),
        em AS (
            SELECT DISTINCT o.order_id FROM orders o JOIN clicks c ON c.customer_id = o.customer_id
                AND c.event_ts <= o.order_ts AND c.event_ts > o.order_ts - INTERVAL
                    {EMAIL_ATTRIBUTION_HOURS} HOUR
            WHERE o.status = 'completed' AND {batch.customers("o")}
        ), a AS (
            SELECT o.customer_id, o.order_ts, o.net_amount,
                CASE WHEN em.order_id IS NOT NULL THEN 'email'
                    WHEN p.sms_opt_in AND rnd(o.order_id, 'attr_sms') < 0.06 THEN 'sms'
                    WHEN p.push_opt_in AND rnd(o.order_id, 'attr_push') < 0.08 THEN 'push' END AS channel
            FROM orders o JOIN _people p USING (customer_id) LEFT JOIN em USING (order_id)
            WHERE o.status = 'completed' AND {batch.customers("o")}
        )
        SELECT * FROM a WHERE channel IS NOT NULL
    """)


def create_category_stats(con: duckdb.DuckDBPyConnection, as_of: dt.date, batch: Batch) -> None:
    """`_categories`: completed orders, item revenue, units (12 months) and last date, per category."""
    w365 = f"o.order_ts >= {_ts(as_of)} - INTERVAL 365 DAY"
    aggs = []
    for c in CATEGORIES:
        f = f"FILTER (category = '{c}')"
        aggs += [
            f"max(orders_12m) {f} AS purchases_{c}_12m", f"max(revenue_12m) {f} AS revenue_{c}_12m",
            f"max(units_12m) {f} AS units_{c}_12m", f"max(last_date) {f} AS last_purchase_{c}_date",
            f"max(revenue_all) {f} / sum(revenue_all) AS share_{c}",
        ]  # fmt: skip
    con.execute(f"""
        CREATE TEMP TABLE _categories AS
        WITH l AS (
            SELECT o.customer_id, i.category,
                count(DISTINCT o.order_id) FILTER ({w365}) AS orders_12m,
                coalesce(sum(i.quantity * i.unit_price) FILTER ({w365}), 0)::DECIMAL(14, 2) AS revenue_12m,
                coalesce(sum(i.quantity) FILTER ({w365}), 0) AS units_12m,
                max(o.order_ts)::DATE AS last_date,
                sum(i.quantity * i.unit_price)::DECIMAL(14, 2) AS revenue_all
            FROM order_items i JOIN orders o USING (order_id)
            WHERE o.status = 'completed' AND o.order_ts < {_ts(as_of)} AND {batch.customers("o")}
                AND {batch.orders("i")}
            GROUP BY o.customer_id, i.category
        )
        SELECT customer_id, {", ".join(aggs)} FROM l GROUP BY customer_id
    """)


def _net(condition: str, alias: str) -> str:
    return f"coalesce(sum(net_amount) FILTER ({condition}), 0)::DECIMAL(14, 2) AS {alias}"


def create_channel_stats(con: duckdb.DuckDBPyConnection, as_of: dt.date, batch: Batch) -> None:
    """`_channels_{order,session,email,attributed}`: per channel and window, engagements (sessions, store
    visits, human email opens and clicks), completed purchases and their net revenue (attributed ones for
    email, sms and push)."""
    cut = _ts(as_of)
    orders, sessions, email, attributed = [], [], [], []
    for w, days in WINDOWS.items():
        since = f">= {cut} - INTERVAL {days} DAY"
        for ch in ORDER_CHANNELS:
            done = f"status = 'completed' AND channel = '{ch}' AND order_ts {since}"
            orders += [f"count(*) FILTER ({done}) AS {ch}_purchases_{w}", _net(done, f"{ch}_revenue_{w}")]
        orders.append(f"count(*) FILTER (channel = 'store' AND order_ts {since}) AS store_engagements_{w}")
        sessions += [
            f"count(*) FILTER (channel = '{ch}' AND started_at {since}) AS {ch}_engagements_{w}"
            for ch in ("web", "app")
        ]
        email.append(f"count(*) FILTER (event_ts {since} AND {HUMAN_EMAIL}) AS email_engagements_{w}")
        for ch in MESSAGE_CHANNELS:
            hit = f"channel = '{ch}' AND order_ts {since}"
            attributed += [f"count(*) FILTER ({hit}) AS {ch}_purchases_{w}", _net(hit, f"{ch}_revenue_{w}")]
    sources = (
        ("order", "orders", "order_ts", orders),
        ("session", "sessions", "started_at", sessions),
        ("email", "email_events", "event_ts", email),
        ("attributed", "_attributed", "order_ts", attributed),
    )
    for name, table, column, aggs in sources:
        con.execute(
            f"CREATE TEMP TABLE _channels_{name} AS SELECT customer_id, {', '.join(aggs)}"
            f" FROM {table} WHERE {column} < {cut} AND {batch.customers()} GROUP BY customer_id"
        )


def create_month_stats(con: duckdb.DuckDBPyConnection, as_of: dt.date, batch: Batch) -> None:
    """`_months`: completed orders and net spend per calendar month, m01 = the last full month."""
    first = f"date_trunc('month', DATE '{as_of.isoformat()}')"
    aggs = []
    for m in range(1, MONTHS + 1):
        label = month_label(m)
        aggs.append(f"coalesce(sum(net_amount) FILTER (m = {m}), 0)::DECIMAL(12, 2) AS spend_m{label}")
        aggs.append(f"count(*) FILTER (m = {m}) AS orders_m{label}")
    con.execute(f"""
        CREATE TEMP TABLE _months AS
        SELECT customer_id, {", ".join(aggs)}
        FROM (
            SELECT customer_id, net_amount, date_diff('month', date_trunc('month', order_ts), {first}) AS m
            FROM orders
            WHERE status = 'completed' AND {batch.customers()} AND order_ts >= {first} - INTERVAL {MONTHS}
                MONTH AND order_ts <
                {first}
        )
        GROUP BY customer_id
    """)


def create_messaging_stats(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """`_messaging`: sms and push engagements per window, reported by the messaging platform (no event
    table in the demo): zero without opt-in, scaled by the part of each window the customer was active."""
    cols = []
    for ch, consent in (("sms", "p.sms_opt_in"), ("push", "p.push_opt_in")):
        previous = None
        for w, days in sorted(WINDOWS.items(), key=lambda kv: -kv[1]):
            active = f"greatest(0, least({days}, t.signup_days) - t.active_end_days) / {days}.0"
            count = f"floor(t.{ch}_rate * {days / 30:.3f} * {active} + rnd(customer_id, '{ch}_{w}'))"
            nested = f"least({previous}, {count})" if previous else count
            expr = f"CASE WHEN {consent} AND NOT p.do_not_contact THEN {nested} ELSE 0 END::INTEGER"
            cols.append(f"{expr} AS {ch}_engagements_{w}")
            previous = f"{ch}_engagements_{w}"
    con.execute(f"""
        CREATE TEMP TABLE _messaging AS
        SELECT customer_id, {", ".join(cols)} FROM _traits t JOIN _people p USING (customer_id)
        WHERE {batch.customers("t")}
    """)


FAMILY_TABLES = ("_attributed", "_categories", "_channels_order", "_channels_session", "_channels_email",
                 "_channels_attributed", "_months", "_messaging")  # fmt: skip


def create_family_stats(con: duckdb.DuckDBPyConnection, as_of: dt.date, batch: Batch) -> None:
    """Materialize the batch's family aggregates as the temp tables FAMILY_TABLES."""
    create_attribution(con, batch)
    create_category_stats(con, as_of, batch)
    create_channel_stats(con, as_of, batch)
    create_month_stats(con, as_of, batch)
    create_messaging_stats(con, batch)
