"""Event tables of commerce: `orders`, `order_items` and `support_tickets`.

Orders fall uniformly in each customer's active period (signup to lapse), so recency,
frequency and value follow from the traits; amounts are the sum of the order's lines.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo.batches import ORDER_ID_FACTOR
from segment_agent.tools.demo.families import CATEGORIES
from segment_agent.tools.demo.random_sql import pick, sql_list
from segment_agent.tools.demo.reference import CATEGORY_PRICE, CATEGORY_WEIGHT, COUPONS

DAY_US = 86_400_000_000


def create_orders(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Create `order_items` and `orders` from `_traits`."""
    a = f"DATE '{as_of.isoformat()}'"
    coupon = pick(COUPONS, "rnd(order_id, 'coupon_code')")
    con.execute(f"""
        CREATE TEMP TABLE _order_heads AS
        WITH o AS (
            SELECT customer_id, fav, fav2, store_share, app_share, return_p,
                epoch_us(({a} - signup_days)::TIMESTAMP) AS lo_us,
                epoch_us(({a} - active_end_days)::TIMESTAMP) AS hi_us,
                unnest(range(n_orders)) AS k
            FROM _traits WHERE n_orders > 0
        ), keyed AS (SELECT *, customer_id * {ORDER_ID_FACTOR} + k AS order_id FROM o)
        SELECT order_id, customer_id, fav, fav2,
            make_timestamp(lo_us + floor(rnd(order_id, 'ts') * (hi_us - lo_us))::BIGINT) AS order_ts,
            CASE WHEN rnd(order_id, 'channel') < store_share THEN 'store'
                 WHEN rnd(order_id, 'channel') < store_share + app_share THEN 'app'
                 ELSE 'web' END AS channel,
            CASE WHEN rnd(order_id, 'status') < 0.03 THEN 'cancelled'
                 WHEN rnd(order_id, 'status') < 0.03 + return_p THEN 'returned'
                 ELSE 'completed' END AS status,
            1 + least(11, floor(-ln(1 - rnd(order_id, 'lines')) * 0.9))::INTEGER AS lines,
            rnd(order_id, 'coupon') < 0.18 AS has_coupon
        FROM keyed
    """)
    cat_pick = pick(CATEGORY_WEIGHT, "rnd(item_key, 'cat')")
    con.execute(f"""
        CREATE TABLE order_items AS
        WITH l AS (
            SELECT order_id * 16 + line AS item_key, order_id, line + 1 AS line_no, fav, fav2
            FROM (SELECT order_id, fav, fav2, unnest(range(lines)) AS line FROM _order_heads)
        ), c AS (
            SELECT *, CASE WHEN rnd(item_key, 'which') < 0.4 THEN fav WHEN rnd(item_key, 'which') < 0.6 THEN
                fav2
                ELSE {cat_pick} END AS category
            FROM l
        )
        SELECT order_id::BIGINT AS order_id, line_no::INTEGER AS line_no,
            upper(left(category, 3)) || '-' || lpad(floor(2000 * pow(rnd(item_key, 'sku'),
                2))::INTEGER::VARCHAR,
                5, '0') AS sku,
            category,
            (1 + (rnd(item_key, 'qty') < 0.16)::INTEGER + (rnd(item_key, 'qty') < 0.05)::INTEGER)::INTEGER
                AS quantity,
            greatest(1.99,
                round({sql_list(list(CATEGORY_PRICE.values()))}[list_position({sql_list(CATEGORIES)},
                category)] * exp(0.45 * nrm(item_key, 'price'))) - 0.01)::DECIMAL(10, 2) AS unit_price
        FROM c
    """)
    con.execute(f"""
        CREATE TABLE orders AS
        WITH t AS (
            SELECT order_id, sum(quantity * unit_price)::DECIMAL(12, 2) AS gross, sum(quantity)::INTEGER AS
                units
            FROM order_items GROUP BY order_id
        ), h AS (
            SELECT h.*, t.gross, t.units, CASE WHEN has_coupon THEN {coupon} END AS coupon_code
            FROM _order_heads h JOIN t USING (order_id)
        ), d AS (
            SELECT *, CASE WHEN coupon_code IS NULL THEN 0 ELSE round(gross *
                {sql_list(list(COUPONS.values()))}[
                list_position({sql_list(list(COUPONS))}, coupon_code)], 2) END::DECIMAL(12, 2) AS discount
            FROM h
        )
        SELECT order_id::BIGINT AS order_id, customer_id::BIGINT AS customer_id, order_ts, channel, status,
            gross AS gross_amount, discount AS discount_amount, (gross - discount)::DECIMAL(12, 2) AS
                net_amount,
            units AS items, coupon_code
        FROM d ORDER BY order_id
    """)
    con.execute("DROP TABLE _order_heads")


def create_support_tickets(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Create `support_tickets`: raised after some orders (returns most often), a few still open."""
    a = f"TIMESTAMP '{as_of.isoformat()} 00:00:00'"
    topic = pick({"delivery": 50, "product": 30, "billing": 10, "account": 10}, "rnd(order_id, 'topic')")
    csat = pick({"5": 40, "4": 25, "3": 15, "2": 10, "1": 10}, "rnd(order_id, 'csat')")
    con.execute(f"""
        CREATE TABLE support_tickets AS
        WITH t AS (
            SELECT order_id, customer_id, status,
                order_ts + to_seconds(floor(86400 * (1 + 20 * rnd(order_id, 'opened')))::BIGINT) AS opened_at
            FROM orders
            WHERE rnd(order_id, 'ticket') < CASE status WHEN 'returned' THEN 0.35 WHEN 'cancelled' THEN 0.2
                ELSE 0.04 END
        ), c AS (
            SELECT *, opened_at + to_seconds(floor(3600 * (1 + 96 * pow(rnd(order_id, 'closed'), 2)))::BIGINT)
                AS closes_at,
                rnd(order_id, 'stays_open') < CASE WHEN opened_at >= {a} - INTERVAL 7 DAY THEN 0.6 ELSE 0.02
                    END
                    AS stays_open
            FROM t WHERE opened_at < {a}
        )
        SELECT order_id::BIGINT AS ticket_id, customer_id, opened_at,
            CASE WHEN NOT stays_open AND closes_at < {a} THEN closes_at END AS closed_at,
            {pick({"chat": 45, "email": 35, "phone": 20}, "rnd(order_id, 'tchannel')")} AS channel,
            CASE status WHEN 'returned' THEN 'returns' WHEN 'cancelled' THEN 'billing' ELSE {topic} END AS
                topic,
            CASE WHEN NOT stays_open AND closes_at < {a} AND rnd(order_id, 'answered') < 0.45
                THEN ({csat})::INTEGER END AS csat
        FROM c ORDER BY ticket_id
    """)
