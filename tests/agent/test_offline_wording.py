"""How a goal's wording maps to data on the demo: membership of a programme, an event narrowed by several
values (a state, a channel, a topic, a compound value), lists of values of one field, counts followed by a
place, and a glossary term said with numbers of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from segment_agent.agent.offline.combine import _shared_head
from segment_agent.agent.offline.parse import parse_text
from segment_agent.agent.toolbox import Toolbox
from tests.agent.offline_runs import drafted


@pytest.fixture(scope="module")
def demo(base_toolbox: Toolbox) -> Toolbox:
    """The small demo's tools (opened once for the module by conftest)."""
    return base_toolbox


def customers(toolbox: Toolbox, sql: str) -> set[int]:
    return {row[0] for row in toolbox.warehouse.rows(sql)}


@pytest.mark.parametrize(
    ("goal", "gold"),
    [
        (
            "Loyalty program members with fewer than 200 points",
            "SELECT customer_id FROM customers WHERE loyalty_tier <> 'none' AND loyalty_points_balance < 200",
        ),
        (
            "Homeowners with children",
            "SELECT customer_id FROM customers WHERE home_owner AND children_in_household >= 1",
        ),
        (
            "Customers with an unresolved chat ticket about a product issue",
            "SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM support_tickets t WHERE "
            "t.customer_id = c.customer_id AND t.channel = 'chat' AND t.topic = 'product' "
            "AND t.closed_at IS NULL)",
        ),
        (
            "Customers who clicked a win-back campaign email",
            "SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM email_events e "
            "JOIN campaigns k ON k.campaign_id = e.campaign_id WHERE e.customer_id = c.customer_id "
            "AND e.event_type = 'click' AND k.campaign_type = 'winback')",
        ),
        (
            "Customers whose favourite category is anything other than women's or men's clothing",
            "SELECT customer_id FROM customers "
            "WHERE favorite_category NOT IN ('apparel_women', 'apparel_men')",
        ),
        (
            "Repeat buyers in Texas",
            "SELECT customer_id FROM customers WHERE total_purchases >= 2 AND state = 'TX'",
        ),
    ],
)
def test_goals_on_the_demo(demo: Toolbox, goal: str, gold: str) -> None:
    segments = drafted(demo, goal)
    assert len(segments) == 1 and segments[0]["ok"]
    assert customers(demo, segments[0]["sql"]) == customers(demo, gold)


def test_split_bands_of_a_glossary_measure(demo: Toolbox) -> None:
    goal = (
        "Split customers by churn risk into three segments: high (0.7 or more), "
        "medium (at least 0.4 but below 0.7) and low (below 0.4)"
    )
    segments = drafted(demo, goal)
    golds = ["churn_score >= 0.7", "churn_score >= 0.4 AND churn_score < 0.7", "churn_score < 0.4"]
    assert [customers(demo, s["sql"]) for s in segments] == [
        customers(demo, f"SELECT customer_id FROM customers WHERE {g}") for g in golds
    ]


@pytest.mark.parametrize(
    "goal",
    [
        "Customers in the referral club",  # a club named after a value is no membership of a field
        "Customers with a ticket about a broken zipper",
    ],
)
def test_missing_data_stays_missing(demo: Toolbox, goal: str) -> None:
    assert drafted(demo, goal) == []


def test_an_alternative_may_share_the_head_of_the_last(demo: Toolbox) -> None:
    """'North or South America' is North America or South America; read so only when 'North' alone
    finds nothing, and still missing when the catalog knows no such place."""
    glossary = demo.glossary
    group = parse_text("Members anywhere except North or South America", glossary, dt.date(2026, 11, 23))[0]
    assert _shared_head(group[0], group).words == ["north", "america"]  # type: ignore[union-attr]
    assert _shared_head(group[1], group) is None
    assert drafted(demo, "Customers who live anywhere except North or South America") == []
