"""Schema search on everyday phrasings: demonyms, partial value names, absences over a window, ages."""

from __future__ import annotations

import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.schema_documents import build_documents
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from segment_agent.tools.schema_search import SearchHit
from segment_agent.tools.schema_values import build_value_index, match_values
from tests.tools.small_catalogs import catalog_of, searcher, values


def _catalog() -> Catalog:
    c = "customers"
    fields = [
        FieldInfo(table=c, column="customer_id", type="BIGINT", description="Customer key.", tags=["key"]),
        FieldInfo(table=c, column="age", type="INTEGER", status="certified", unit="years",
                  description="Age in whole years today; NULL when the birth date is unknown."),
        FieldInfo(table=c, column="clv_predicted_12m", type="DOUBLE", status="certified", unit="USD",
                  description="Predicted net revenue the customer brings in the next 12 months."),
        FieldInfo(table=c, column="gender", type="VARCHAR", status="certified",
                  description="Gender as stated by the customer.",
                  profile=values("female", "male", "unknown")),
        FieldInfo(table=c, column="state", type="VARCHAR", status="certified",
                  description="State or province of the shipping address (two-letter code).",
                  profile=values("CA", "TX", "FL", "NY")),
        FieldInfo(table=c, column="country", type="VARCHAR", status="certified",
                  description="Country of the shipping address (ISO code).",
                  profile=values("US", "CA", "FR", "DE")),
        FieldInfo(table=c, column="preferred_language", type="VARCHAR", status="certified",
                  description="Language the customer reads our communication in.",
                  profile=values("en", "fr", "de")),
        FieldInfo(table=c, column="last_purchase_date", type="DATE", status="certified", unit="date",
                  description="Date of the most recent completed order on any channel."),
        FieldInfo(table=c, column="purchases_90d", type="INTEGER", status="certified", unit="orders",
                  description="Completed orders in the last 90 days, all channels."),
        FieldInfo(table=c, column="affinity_apparel_men", type="DOUBLE", status="certified",
                  description="Modelled affinity of the customer for apparel men."),
        FieldInfo(table="orders", column="order_id", type="BIGINT", description="Order key.", tags=["key"]),
        FieldInfo(table="orders", column="order_ts", type="TIMESTAMP", status="certified",
                  description="Time the order was placed."),
        FieldInfo(table="order_items", column="category", type="VARCHAR", status="certified",
                  description="Product category.",
                  profile=values("apparel_men", "apparel_women", "camping")),
    ]  # fmt: skip
    return catalog_of(fields, "phrasing-v1")


CATALOG = _catalog()


@pytest.fixture
def index() -> SchemaIndex:
    return ensure_index(CATALOG)


search = searcher(CATALOG)


def rank(hits: list[SearchHit], field: str, value: str | None = None) -> int | None:
    return next(
        (i for i, h in enumerate(hits) if h.field == field and (value is None or h.value == value)), None
    )


@pytest.mark.parametrize(
    ("query", "value"),
    [("Floridians", "FL"), ("Texans", "TX"), ("New Yorkers", "NY"), ("Californians", "CA")],
)
def test_demonyms_name_the_state(index: SchemaIndex, query: str, value: str) -> None:
    hits = search(query, index)
    assert (hits[0].field, hits[0].kind, hits[0].value) == ("customers.state", "value", value)


def test_a_nationality_is_the_country_unless_the_query_is_about_language(index: SchemaIndex) -> None:
    people = search("French customers", index)
    assert (people[0].field, people[0].value) == ("customers.country", "FR")
    readers = search("prefers to read in French", index)
    assert (readers[0].field, readers[0].value) == ("customers.preferred_language", "fr")


def test_a_word_naming_all_of_a_value_names_it_more_strongly_than_half_of_another() -> None:
    documents = build_documents(CATALOG)
    found = match_values(build_value_index(documents), ["men"], [], ["men"], ["men"])
    strength = {documents[i].value: s for i, (s, _) in found.items()}
    assert strength["male"] > strength["apparel_men"] > 0


def test_value_words_in_any_order(index: SchemaIndex) -> None:
    hits = search("bought men apparel", index)
    assert rank(hits, "order_items.category", "apparel_men") is not None


def test_an_absence_over_a_window_asks_for_the_last_date(index: SchemaIndex) -> None:
    hits = search("no purchase in the last 90 days", index)
    assert hits[0].field == "customers.last_purchase_date"


@pytest.mark.parametrize("query", ["customers under 25", "over 60"])
def test_a_bare_number_about_the_entity_is_its_age(index: SchemaIndex, query: str) -> None:
    assert search(query, index)[0].field == "customers.age"


def test_a_number_with_a_subject_is_not_an_age(index: SchemaIndex) -> None:
    assert search("predicted value over 500", index)[0].field == "customers.clv_predicted_12m"
