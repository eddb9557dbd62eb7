"""Schema search on event tables: marketing value synonyms, what happened, when, and the latest one."""

from __future__ import annotations

import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from segment_agent.tools.schema_query import QueryTerms
from segment_agent.tools.schema_ranking import ranking_for
from segment_agent.tools.schema_search import SearchHit
from tests.tools.small_catalogs import catalog_of, searcher, values


def _catalog() -> Catalog:
    c, t = "customers", "support_tickets"
    fields = [
        FieldInfo(table=c, column="customer_id", type="BIGINT", description="Customer key.", tags=["key"]),
        FieldInfo(table=c, column="sms_opt_in", type="BOOLEAN", status="certified",
                  description="The customer consents to marketing text messages (SMS)."),
        FieldInfo(table=c, column="billing_status", type="VARCHAR", status="certified",
                  description="Billing state of the account.",
                  profile=values("current", "past_due", "cancelled")),
        FieldInfo(table=c, column="last_csat", type="INTEGER", status="certified", unit="score 1-5",
                  description="Satisfaction score (1-5) on the customer's most recent rated support ticket."),
        FieldInfo(table=c, column="open_tickets", type="INTEGER", status="certified", unit="tickets",
                  description="Customer-care tickets still open."),
        FieldInfo(table=c, column="purchases_fitness_12m", type="INTEGER", status="certified", unit="orders",
                  description="Completed orders with a fitness product in the last 12 months."),
        FieldInfo(table=c, column="affinity_fitness", type="DOUBLE", status="certified",
                  description="Modelled affinity of the customer for fitness products."),
        FieldInfo(table="campaigns", column="campaign_id", type="BIGINT", description="Campaign key.",
                  tags=["key"]),
        FieldInfo(table="campaigns", column="channel", type="VARCHAR", status="certified",
                  description="Channel the campaign was sent on.", profile=values("email", "push", "sms")),
        FieldInfo(table="campaigns", column="campaign_type", type="VARCHAR", status="certified",
                  description="Purpose of the campaign.",
                  profile=values("promo", "newsletter", "winback", "transactional")),
        FieldInfo(table="campaigns", column="sent_at", type="TIMESTAMP", status="certified",
                  description="Time the campaign was sent."),
        FieldInfo(table=t, column="ticket_id", type="BIGINT", description="Ticket key.", tags=["key"]),
        FieldInfo(table=t, column="opened_at", type="TIMESTAMP", status="certified",
                  description="Time the ticket was opened."),
        FieldInfo(table=t, column="closed_at", type="TIMESTAMP", status="certified",
                  description="Time the ticket was closed; NULL while still open."),
        FieldInfo(table=t, column="topic", type="VARCHAR", status="certified",
                  description="What the ticket is about.", profile=values("returns", "delivery", "billing")),
        FieldInfo(table=t, column="csat", type="INTEGER", status="certified",
                  description="Satisfaction score the customer gave (1-5)."),
        FieldInfo(table="order_items", column="category", type="VARCHAR", status="certified",
                  description="Product category.", profile=values("fitness", "camping", "pet")),
        FieldInfo(table="plays", column="started_at", type="TIMESTAMP", status="certified",
                  description="Time the play started."),
        FieldInfo(table="plays", column="device", type="VARCHAR", status="certified",
                  description="Device of the play.", profile=values("tv", "mobile", "web")),
    ]  # fmt: skip
    return catalog_of(fields, "events-v1")


CATALOG = _catalog()


@pytest.fixture
def index() -> SchemaIndex:
    return ensure_index(CATALOG)


search = searcher(CATALOG)


def top(query: str, index: SchemaIndex) -> SearchHit:
    return search(query, index)[0]


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("campaigns sent as a text message", "campaigns.channel", "sms"),
        ("win back campaigns", "campaigns.campaign_type", "winback"),
        ("shipping confirmation campaigns", "campaigns.campaign_type", "transactional"),
        ("tickets asking where is my order", "support_tickets.topic", "delivery"),
        ("accounts in good standing", "customers.billing_status", "current"),
        ("delinquent accounts", "customers.billing_status", "past_due"),
    ],
)
def test_marketing_words_name_values(index: SchemaIndex, query: str, field: str, value: str) -> None:
    hit = top(query, index)
    assert (hit.field, hit.value) == (field, value)


def test_a_short_value_the_lexicon_knows_is_a_word(index: SchemaIndex) -> None:
    hit = top("plays on TV", index)
    assert (hit.field, hit.value) == ("plays.device", "tv")


def test_what_was_done_is_the_events_value_not_a_profile_summary(index: SchemaIndex) -> None:
    hit = top("bought fitness gadgets and supplies", index)
    assert (hit.field, hit.value) == ("order_items.category", "fitness")


def test_when_asks_for_the_named_records_first_date(index: SchemaIndex) -> None:
    assert top("when the ticket was raised", index).field == "support_tickets.opened_at"


def test_the_latest_event_is_the_profiles_summary(index: SchemaIndex) -> None:
    assert top("satisfaction score of their latest ticket", index).field == "customers.last_csat"
    assert top("satisfaction score of each ticket", index).field == "support_tickets.csat"


def test_words_introducing_a_window_are_part_of_it(index: SchemaIndex) -> None:
    ranking = ranking_for(index, CATALOG)
    assert "past" not in QueryTerms("tickets in the past 30 days", ranking).stems
    assert "last" in QueryTerms("last ticket in the last 30 days", ranking).stems
