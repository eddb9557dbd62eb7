"""event_path / time_column: how event tables reach the entity, inferred from catalog names and types."""

from __future__ import annotations

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import EventPath, event_path, time_column, type_kind

TABLES = {
    "customers": [("customer_id", "BIGINT"), ("signup_date", "DATE")],
    "orders": [("order_id", "BIGINT"), ("customer_id", "BIGINT"), ("paid_date", "DATE"),
               ("order_ts", "TIMESTAMP")],
    "order_items": [("order_id", "BIGINT"), ("sku_id", "BIGINT"), ("category", "VARCHAR")],
    "skus": [("sku_id", "BIGINT"), ("name", "VARCHAR")],
    "support_tickets": [("ticket_id", "BIGINT"), ("customer_id", "BIGINT"), ("opened", "TIMESTAMP"),
                        ("closed_at", "TIMESTAMP")],
    "wishlists": [("customer_id", "BIGINT"), ("sku_id", "BIGINT")],
    "returns": [("return_id", "BIGINT"), ("order_id", "BIGINT"), ("reason", "VARCHAR"), ("created", "DATE")],
    "payments": [("payment_id", "BIGINT"), ("order_ref", "BIGINT"), ("paid_at", "TIMESTAMP")],
    "order_refs": [("order_ref", "BIGINT"), ("customer_id", "BIGINT")],
}  # fmt: skip
CATALOG = Catalog(
    database="x",
    entity="customers.customer_id",
    row_counts={"order_refs": 10},
    fields=[FieldInfo(table=t, column=c, type=ty) for t, cols in TABLES.items() for c, ty in cols],
)


def test_direct_tables_join_on_the_entity_key() -> None:
    path = EventPath("orders", "customer_id", time_table="orders", time_column="order_ts")
    assert event_path(CATALOG, "orders") == path


def test_one_hop_through_the_table_named_by_the_shared_id() -> None:
    path = event_path(CATALOG, "order_items")
    assert path == EventPath("order_items", "customer_id", "orders", "order_id", "orders", "order_ts")
    assert path.key_table == "orders"


def test_a_hop_may_use_a_column_the_profile_shows_unique() -> None:
    assert event_path(CATALOG, "payments") is None  # order_ref is not named after order_refs
    profiled = CATALOG.model_copy(deep=True)
    ref = next(f for f in profiled.fields if f.table == "order_refs" and f.column == "order_ref")
    ref.profile.distinct = 10  # = row count: unique, so it identifies an order_refs row
    path = EventPath("payments", "customer_id", "order_refs", "order_ref", "payments", "paid_at")
    assert event_path(profiled, "payments") == path


def test_a_hop_table_keeps_its_own_time_column() -> None:
    path = EventPath("returns", "customer_id", "orders", "order_id", "returns", "created")
    assert event_path(CATALOG, "returns") == path


def test_unreachable_unknown_and_entity_tables_have_no_path() -> None:
    # wishlists holds customer_id and sku_id, but sku_id does not identify a wishlist row: no hop.
    assert event_path(CATALOG, "skus") is None
    assert event_path(CATALOG, "nope") is None
    assert event_path(CATALOG, "customers") is None
    assert event_path(CATALOG, "wishlists") == EventPath("wishlists", "customer_id")


def test_time_column_prefers_conventional_names_then_the_first_dated_column() -> None:
    assert time_column(CATALOG, "support_tickets") == "closed_at"
    assert time_column(CATALOG, "returns") == "created"
    assert time_column(CATALOG, "skus") is None


def test_type_kind() -> None:
    expected = {
        "DECIMAL(12,2)": "number", "BIGINT": "number", "DOUBLE": "number", "VARCHAR": "string",
        "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP WITH TIME ZONE": "timestamp",
        "INTEGER[]": "other", "STRUCT(a INT)": "other",
    }  # fmt: skip
    assert {t: type_kind(t) for t in expected} == expected
