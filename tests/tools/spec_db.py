"""A hand-made CDP (customers, orders, order_items, sessions) and its catalog, for spec tests;
plus one realistic spec for the demo CDP with its hand-written equivalent.

Dates are relative to CURRENT_DATE so time windows mean the same on every run. Each customer
exists to exercise one case; the comments say which.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import EventCondition, FieldCondition, Group, SegmentSpec

AGO = "CAST(CURRENT_DATE AS TIMESTAMP) - TO_DAYS(CAST(? AS INTEGER))"  # midnight, ? days ago
SCHEMA = """
CREATE TABLE customers (
  customer_id BIGINT, email VARCHAR, first_name VARCHAR, state VARCHAR, lifetime_value DECIMAL(12,2),
  ltv DECIMAL(12,2), churn_score DOUBLE, return_rate DOUBLE, total_purchases INTEGER,
  last_active_date DATE, signup_date DATE, vip_flag BOOLEAN, email_opt_in BOOLEAN, sms_opt_in BOOLEAN,
  push_opt_in BOOLEAN, do_not_contact BOOLEAN);
CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, order_ts TIMESTAMP, status VARCHAR,
  net_amount DECIMAL(12,2));
CREATE TABLE order_items (order_id BIGINT, line_no INTEGER, category VARCHAR, quantity INTEGER,
  unit_price DECIMAL(12,2));
CREATE TABLE sessions (session_id BIGINT, customer_id BIGINT, started_at TIMESTAMP,
  checkout_started BOOLEAN, channel VARCHAR);
"""
# id, email, first_name, state, lifetime_value, ltv, churn, return_rate, total_purchases,
# last_active (days ago), signup (days ago), vip, email_opt_in, sms_opt_in, push_opt_in, do_not_contact
CUSTOMERS = [
    (1, "ann@example.com", "Ann", "CA", 1500.00, 1400, 0.9, 0.10, 3, 5, 400, True, True, True, False, False),
    (2, "bob@example.com", "Bob", "NY", 200.00, 150, 0.1, 0.00, 1, 100, 50, False, True, False, False, True),
    (3, "cat@example.com", "Cat", "CA", None, None, 0.75, None, 0, None, 10, None, False, True, True, False),
    (4, "dan@example.com", "Dan", "TX", 999.99, 999, 0.5, 0.50, 2, 31, 800, False, True, True, True, False),
    (5, "eve@example.com", "Eve", None, 5000.00, 4000, None, 0.25, 5, 1, 20, True, True, None, False, None),
    (6, "fay@example.com", "Fay", "NY", 0.00, 0, 0.7, None, 0, 200, 1000, False, False, False, False, False),
    (7, "gus@example.com", "Gus", "WA", 50.00, 50, 0.3, None, 0, 30, 90, False, True, True, False, False),
    (8, "hal@example.com", "Hal", "OR", 75.50, 70, 0.2, None, 0, 60, 120, False, True, False, True, False),
]
# order_id, customer_id, days ago, status, net_amount
ORDERS = [
    (101, 1, 10, "completed", 500.00),
    (102, 1, 100, "completed", 700.00),
    (103, 1, 3, "returned", 300.00),
    (201, 2, 120, "completed", 200.00),
    (401, 4, 20, "completed", 600.00),
    (402, 4, 40, "completed", 399.99),
    (501, 5, 2, "completed", 5000.00),
]
ORDER_ITEMS = [
    (101, 1, "camping", 2, 100.00),
    (101, 2, "footwear", 1, 300.00),
    (102, 1, "apparel_men", 7, 100.00),
    (103, 1, "camping", 1, 300.00),
    (201, 1, "camping", 1, 200.00),
    (401, 1, "footwear", 2, 300.00),
    (402, 1, "kitchen", 1, 399.99),
    (501, 1, "electronics", 1, 5000.00),
]
# session_id, customer_id, days ago, checkout_started, channel. Sequence "checkout in 30 days, no
# order since": 1 checked out again after her last order (in); 4 and 5 ordered after (out);
# 7 never ordered (in); 8 checked out outside the window (out); 2 never checked out (out).
SESSIONS = [
    (1, 1, 15, True, "web"),
    (2, 1, 1, True, "app"),
    (3, 2, 3, False, "web"),
    (4, 4, 25, True, "web"),
    (5, 5, 5, True, "app"),
    (6, 7, 10, True, "web"),
    (7, 8, 60, True, "web"),
]

ANNOTATIONS: dict[str, dict] = {
    "customers.email": {"pii": True, "status": "certified", "description": "Email address."},
    "customers.first_name": {"pii": True, "status": "certified"},
    "customers.state": {"status": "certified", "description": "Two-letter state of the shipping address."},
    "customers.lifetime_value": {
        "status": "certified",
        "unit": "USD",
        "description": "Net revenue to date, all channels.",
    },
    "customers.ltv": {"status": "deprecated", "replaced_by": "customers.lifetime_value", "unit": "USD"},
    "customers.churn_score": {"status": "certified", "unit": "probability 0..1"},
    "customers.return_rate": {"status": "certified", "unit": "ratio"},
    "customers.total_purchases": {"status": "certified", "unit": "orders"},
    "orders.net_amount": {"unit": "USD"},
    "orders.status": {"allowed_values": ["completed", "returned", "cancelled"]},
}


def build_spec_db(path: Path) -> Catalog:
    """Create the database at `path` and return its catalog (types from DuckDB, annotations above)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        for row in CUSTOMERS:
            *head, active, signup, vip, e, s, p, dnc = row
            con.execute(
                "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "CURRENT_DATE - CAST(? AS INTEGER), CURRENT_DATE - CAST(? AS INTEGER), ?, ?, ?, ?, ?)",
                [*head, active, signup, vip, e, s, p, dnc],
            )
        for oid, cid, ago, status, amount in ORDERS:
            con.execute(
                f"INSERT INTO orders VALUES (?, ?, {AGO} + INTERVAL 12 HOUR, ?, ?)",
                [oid, cid, ago, status, amount],
            )
        con.executemany("INSERT INTO order_items VALUES (?, ?, ?, ?, ?)", ORDER_ITEMS)
        for sid, cid, ago, checkout, channel in SESSIONS:
            con.execute(
                f"INSERT INTO sessions VALUES (?, ?, {AGO} + INTERVAL 9 HOUR, ?, ?)",
                [sid, cid, ago, checkout, channel],
            )
        columns = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    fields = [
        FieldInfo(table=t, column=c, type=ty, **ANNOTATIONS.get(f"{t}.{c}", {})) for t, c, ty in columns
    ]
    counts = {"customers": len(CUSTOMERS), "orders": len(ORDERS), "order_items": len(ORDER_ITEMS)}
    return Catalog(database=str(path), entity="customers.customer_id", row_counts=counts, fields=fields)


# A realistic spec for the demo CDP, and the same segment written by hand.
OUTDOOR = FieldCondition(field="category", op="in", value=["camping", "outdoor_gear"])
DEMO_SPEC = SegmentSpec(
    name="Valuable outdoor buyers going quiet",
    criteria=Group(items=[
        FieldCondition(field="lifetime_value", op=">=", value=300),
        FieldCondition(field="engagement_trend", op="in", value=["declining", "stable"]),
        FieldCondition(field="email_opt_in", op="is_true"),
        Group(op="or", items=[
            EventCondition(table="order_items", where=[OUTDOOR], within_days=365),
            EventCondition(table="orders", aggregate="sum", aggregate_field="net_amount", aggregate_op=">=",
                           aggregate_value=1000, within_days=365),
        ]),
        EventCondition(table="orders", exists=False, within_days=30),
    ]),
)  # fmt: skip
DEMO_HAND = """SELECT customer_id FROM customers WHERE lifetime_value >= 300
AND engagement_trend IN ('declining', 'stable') AND email_opt_in
AND (customer_id IN (SELECT o.customer_id FROM orders o JOIN order_items i USING (order_id)
                     WHERE i.category IN ('camping', 'outdoor_gear') AND o.order_ts >= current_date - 365)
  OR customer_id IN (SELECT customer_id FROM orders WHERE order_ts >= current_date - 365
                     GROUP BY 1 HAVING sum(net_amount) >= 1000))
AND customer_id NOT IN (SELECT customer_id FROM orders WHERE order_ts >= current_date - 30)"""
