"""Schema search on how a query is put: shorthand, counted things, excluded values, shares and breakdowns."""

from __future__ import annotations

import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from tests.tools.small_catalogs import catalog_of, searcher, values

C = "customers"


def _field(column: str, type_: str, description: str, table: str = C, **extra: object) -> FieldInfo:
    return FieldInfo(
        table=table, column=column, type=type_, status="certified", description=description, **extra
    )


def _catalog() -> Catalog:
    fields = [
        FieldInfo(table=C, column="customer_id", type="BIGINT", description="Customer key.", tags=["key"]),
        _field("total_purchases", "INTEGER", "Lifetime number of completed orders, all channels.",
               unit="orders"),
        _field("avg_order_value", "DOUBLE", "Average net revenue per completed order.", unit="USD"),
        _field("lifetime_value", "DOUBLE", "Net revenue of all completed orders to date.", unit="USD"),
        _field("last_purchase_date", "DATE", "Date of the most recent completed order.", unit="date"),
        _field("subscription_status", "VARCHAR", "Membership status.",
               profile=values("active", "paused", "cancelled")),
        _field("engagement_score", "DOUBLE", "Engagement over the last 30 days, 0-100."),
        _field("email_open_rate_90d", "DOUBLE", "Share of delivered emails opened in the last 90 days."),
        _field("spend_m01", "DOUBLE", "Net spend in the calendar month 1 month ago.", unit="USD"),
        _field("spend_m12", "DOUBLE", "Net spend in the calendar month 12 months ago.", unit="USD"),
        _field("sku", "VARCHAR", "Product code (stock keeping unit) of the item.", table="order_items"),
        _field("quantity", "INTEGER", "Units of the product on this line.", table="order_items",
               unit="units"),
    ]  # fmt: skip
    return catalog_of(fields, "counting-v1")


CATALOG = _catalog()
search = searcher(CATALOG)


@pytest.fixture
def index() -> SchemaIndex:
    return ensure_index(CATALOG)


def test_shorthand_is_read_as_the_words_it_stands_for(index: SchemaIndex) -> None:
    short, written = search("custs w/ 2 txns", index), search("customers with 2 transactions", index)
    assert [h.field for h in short] == [h.field for h in written]
    assert short[0].field == "customers.total_purchases"


@pytest.mark.parametrize("query", ["customers with two orders", "shoppers with more than 5 orders"])
def test_a_number_of_things_asks_for_their_count_not_their_value(index: SchemaIndex, query: str) -> None:
    assert search(query, index)[0].field == "customers.total_purchases"


def test_an_absence_since_a_time_asks_for_the_last_date(index: SchemaIndex) -> None:
    assert search("no purchase since March", index)[0].field == "customers.last_purchase_date"


def test_a_negated_value_is_not_what_the_query_asks_for(index: SchemaIndex) -> None:
    assert all(h.value != "paused" for h in search("subscribers, not paused", index))


def test_a_top_share_of_customers_names_no_rate(index: SchemaIndex) -> None:
    assert search("top 10% most engaged", index)[0].field == "customers.engagement_score"


def test_what_each_names_is_the_breakdown_not_the_answer(index: SchemaIndex) -> None:
    assert search("quantity of each SKU ordered", index)[0].field == "order_items.quantity"


def test_a_year_ago_is_the_month_twelve_months_back(index: SchemaIndex) -> None:
    assert search("spending in the same month a year ago", index)[0].field == "customers.spend_m12"

