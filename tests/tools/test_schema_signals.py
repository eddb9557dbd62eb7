"""Schema search signals beyond word overlap: ordered values, dates of joining, kinds of person, records."""

from __future__ import annotations

import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.schema_documents import value_ends
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from segment_agent.tools.schema_search import SearchHit
from tests.tools.small_catalogs import catalog_of, searcher, values

C = "customers"
TIERS = ["none", "bronze", "silver", "gold", "platinum"]
BANDS = ["<50k", "50-100k", "100-150k", "150k+"]


def _field(column: str, type_: str, description: str, table: str = C, **extra: object) -> FieldInfo:
    return FieldInfo(
        table=table, column=column, type=type_, status="certified", description=description, **extra
    )


def _catalog() -> Catalog:
    windowed = [
        _field(
            f"{ch}purchases_30d",
            "INTEGER",
            f"Completed {ch.rstrip('_') or 'all'} orders in the last 30 days.",
        )
        for ch in ("", "web_", "app_", "store_")
    ]
    fields = [
        FieldInfo(table=C, column="customer_id", type="BIGINT", description="Customer key.", tags=["key"]),
        _field("signup_date", "DATE", "Date the customer created their account."),
        *windowed,
        _field("loyalty_tier", "VARCHAR", "Loyalty programme tier.", allowed_values=TIERS,
               tags=["loyalty", "tier"]),
        _field("loyalty_points_balance", "INTEGER", "Loyalty points the customer can redeem now."),
        _field("household_income_band", "VARCHAR", "Estimated yearly household income band.",
               allowed_values=BANDS),
        _field("lifetime_value", "DOUBLE", "Net revenue of all completed orders to date; the top spenders."),
        _field("gender", "VARCHAR", "Gender as stated by the customer.", allowed_values=["female", "male"]),
        _field("affinity_apparel_women", "DOUBLE", "Modelled affinity for apparel women products."),
        _field("affinity_apparel_men", "DOUBLE", "Modelled affinity for apparel men products."),
        _field("primary_device", "VARCHAR", "Device type the customer uses most.",
               profile=values("mobile", "tablet")),
        FieldInfo(table="sessions", column="session_id", type="BIGINT", description="Session key.",
                  tags=["key"]),
        _field("started_at", "TIMESTAMP", "Time the session started.", table="sessions"),
        _field("device", "VARCHAR", "Device type of the session.", table="sessions",
               profile=values("mobile", "tablet")),
        _field("category", "VARCHAR", "Product category.", table="order_items",
               profile=values("apparel_women", "apparel_men", "camping")),
    ]  # fmt: skip
    return catalog_of(fields, "signals-v1")


CATALOG = _catalog()


@pytest.fixture
def index() -> SchemaIndex:
    return ensure_index(CATALOG)


search = searcher(CATALOG)


def first(hits: list[SearchHit]) -> tuple[str, str | None]:
    return hits[0].field, hits[0].value


def test_ordered_values_have_a_top_and_a_bottom() -> None:
    tiers, bands = CATALOG.field("customers.loyalty_tier"), CATALOG.field("customers.household_income_band")
    assert tiers is not None and bands is not None
    assert value_ends(tiers) == {"bronze": "bottom", "platinum": "top"}  # 'none' is below the list
    assert value_ends(bands) == {"<50k": "bottom", "150k+": "top"}  # numbers rise, no tag needed
    unordered = FieldInfo(table=C, column="subscription_status", type="VARCHAR",
                          allowed_values=["active", "paused", "cancelled"])  # fmt: skip
    assert value_ends(unordered) == {}


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("top tier loyalty members", "customers.loyalty_tier", "platinum"),
        ("best tier members", "customers.loyalty_tier", "platinum"),
        ("lowest loyalty tier", "customers.loyalty_tier", "bronze"),
        ("highest income band", "customers.household_income_band", "150k+"),
    ],
)
def test_top_and_bottom_name_the_ends_of_an_ordered_list(
    index: SchemaIndex, query: str, field: str, value: str
) -> None:
    assert first(search(query, index)) == (field, value)


def test_a_top_word_without_the_fields_own_words_names_no_value(index: SchemaIndex) -> None:
    hits = search("top spenders", index)
    assert hits[0].field == "customers.lifetime_value"
    assert all(h.value != "platinum" for h in hits)


@pytest.mark.parametrize("query", ["joined in the last 30 days", "customers who joined recently"])
def test_joining_in_a_window_asks_for_the_signup_date(index: SchemaIndex, query: str) -> None:
    assert search(query, index)[0].field == "customers.signup_date"


def test_a_window_alone_still_asks_for_the_windowed_count(index: SchemaIndex) -> None:
    assert search("orders in the last 30 days", index)[0].field == "customers.purchases_30d"


@pytest.mark.parametrize(("query", "value"), [("women", "female"), ("men", "male"), ("guys", "male")])
def test_a_kind_of_person_is_the_entitys_own_value(index: SchemaIndex, query: str, value: str) -> None:
    assert first(search(query, index)) == ("customers.gender", value)


def test_what_people_buy_is_still_the_category(index: SchemaIndex) -> None:
    hits = search("women's apparel", index)
    assert "apparel_women" in hits[0].field + str(hits[0].value)
    assert all(h.value != "female" for h in hits[:2])


def test_the_profile_answers_before_a_record_the_query_does_not_name(index: SchemaIndex) -> None:
    assert first(search("tablet users", index)) == ("customers.primary_device", "tablet")
    assert first(search("sessions on a tablet", index)) == ("sessions.device", "tablet")


def test_dashboard_windows_and_thousands(index: SchemaIndex) -> None:
    assert search("web orders L30D", index)[0].field == "customers.web_purchases_30d"
    assert first(search("household income from 50 to 100 thousand", index)) == (
        "customers.household_income_band",
        "50-100k",
    )
