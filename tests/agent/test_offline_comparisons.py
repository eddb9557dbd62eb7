"""The offline planner compares two fields of one row with a factor, a sum, an amount or a day offset:
'more than twice their X', 'most of their X on Y', 'N per profile', 'A than the months before
combined', 'within N days of joining', 'N days before their last X', 'N more X than the N days
before', 'more in A than B and C combined', 'than the same month last year', 'most of their lifetime X
came in the last year'. The fields come from search, on the demo CDP and on the bare BYO database alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from segment_agent.agent.offline.clause_read import read_clause
from segment_agent.agent.offline.goal_text import annotate, normalize
from segment_agent.agent.offline.marks import Comparison
from segment_agent.agent.toolbox import Toolbox
from tests.agent.offline_runs import byo_toolbox, drafted


@pytest.fixture(scope="module")
def byo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Toolbox]:
    yield from byo_toolbox(tmp_path_factory, members=1500, seed=3)


def _members(box: Toolbox, sql: str) -> set[Any]:
    return {row[0] for row in box.warehouse.rows(sql)}


def _drafted_members(box: Toolbox, goal: str) -> set[Any]:
    segments = drafted(box, goal)
    assert len(segments) == 1 and segments[0]["ok"], goal
    return _members(box, segments[0]["sql"])


@pytest.mark.parametrize(
    ("goal", "gold"),
    [
        (
            "Shoppers whose gross revenue is at least three times their lifetime value",
            "SELECT customer_id FROM customers WHERE total_revenue >= 3 * lifetime_value",
        ),
        (
            "Customers who spent more last month than in the previous three months together",
            "SELECT customer_id FROM customers WHERE spend_m01 > spend_m02 + spend_m03 + spend_m04",
        ),
        (
            "Customers who signed up less than 2 weeks before their first purchase",
            "SELECT customer_id FROM customers WHERE signup_date > first_purchase_date - INTERVAL 14 DAY",
        ),
        (
            "Customers who had at least 4 more sessions in the last 30 days than the 30 days before",
            "SELECT customer_id FROM customers WHERE sessions_30d >= sessions_prev_30d + 4",
        ),
        (
            "Customers with 3 fewer sessions in the last 30 days than the 30 days before",
            "SELECT customer_id FROM customers WHERE sessions_30d <= sessions_prev_30d - 3",
        ),
        (
            "Customers with 20% more sessions in the last 30 days than the 30 days before",
            "SELECT customer_id FROM customers WHERE sessions_30d >= 1.2 * sessions_prev_30d",
        ),
        (
            "Customers whose app revenue in the last 90 days is higher than web and store combined",
            "SELECT customer_id FROM customers WHERE app_revenue_90d > web_revenue_90d + store_revenue_90d",
        ),
        (
            "Customers who spent more last month than the same month last year",
            "SELECT customer_id FROM customers WHERE spend_m01 > spend_m13",
        ),
        (
            "Customers who earned more than half of their lifetime revenue over the past year",
            "SELECT customer_id FROM customers WHERE revenue_12m > 0.5 * lifetime_value",
        ),
    ],
)
def test_demo_comparisons_between_fields(toolbox: Toolbox, goal: str, gold: str) -> None:
    got = _drafted_members(toolbox, goal)
    assert got == _members(toolbox, gold)
    assert got


@pytest.mark.parametrize(
    ("goal", "gold"),
    [
        (
            "Members who did most of their watching on TV over the past 30 days",
            "SELECT member_id FROM members WHERE tv_minutes_30d * 2 > watch_minutes_30d",
        ),
        (
            "Members who streamed at least 100 minutes per profile in the last 30 days",
            "SELECT member_id FROM members WHERE watch_minutes_30d >= 100 * profile_count",
        ),
        (
            "Members who cancelled within 2 weeks of joining",
            "SELECT member_id FROM members WHERE cancelled_on <= joined_on + INTERVAL 14 DAY",
        ),
        (
            "Members who watched at least 2 hours more in total than on TV in the last 30 days",
            "SELECT member_id FROM members WHERE watch_minutes_30d >= tv_minutes_30d + 120",
        ),
        (
            "Members whose last app open was more than 10 days before their last viewing",
            "SELECT member_id FROM members "
            "WHERE date_diff('day', last_app_open, CAST(last_watched_at AS DATE)) > 10",
        ),
    ],
)
def test_byo_comparisons_between_fields(byo: Toolbox, goal: str, gold: str) -> None:
    got = _drafted_members(byo, goal)
    assert got == _members(byo, gold)
    assert got


@pytest.mark.parametrize(
    "text",
    [
        "bought twice in the last month",  # a count, no second measure
        "spent more than $50 per month",  # a rate over time, no count field
        "ordered more than 3 times from the app",
        "ordered 3 more times than last year",  # a number of times: no amount of a measure
        "spent more in store than online",  # one field against one other: the plain comparison
    ],
)
def test_ordinary_numbers_are_not_read_as_field_comparisons(text: str) -> None:
    annotated = annotate(normalize(text))
    clause = read_clause(annotated.text.split(), annotated.marks)
    assert clause.relation is None


def test_the_parts_of_a_relation_are_read_from_the_words() -> None:
    annotated = annotate(normalize("spent more in store than web + app combined in the last 90 days"))
    relation = read_clause(annotated.text.split(), annotated.marks).relation
    assert relation is not None and relation.op == ">"
    assert [c.words for c in [relation.left, *relation.right]] == [
        ["spent", "store"],
        ["spent", "web"],
        ["spent", "app"],
    ]
    assert all(c.window is not None and c.window.days == 90 for c in [relation.left, *relation.right])


def test_an_amount_more_than_the_period_before_is_an_offset() -> None:
    annotated = annotate(normalize("at least 5 more orders in the last 4 weeks than the 4 weeks before"))
    relation = read_clause(annotated.text.split(), annotated.marks).relation
    assert relation is not None
    assert (relation.op, relation.offset, relation.factor) == (">=", 5, None)
    assert relation.right[0].window is not None and relation.right[0].window.relation == "previous"


def test_less_than_an_hour_is_an_amount_not_a_second_measure() -> None:
    annotated = annotate(normalize("watched less than an hour on TV in the last 30 days"))
    clause = read_clause(annotated.text.split(), annotated.marks)
    assert clause.versus is None and clause.relation is None
    assert clause.comparison == Comparison("<", (60.0,), "minutes")
    assert "hour" not in clause.words and "less" not in clause.words


@pytest.mark.parametrize(
    ("text", "unit"),
    [("families with children under 12", "age"), ("ordered under 12 items", None)],
)
def test_a_number_right_after_young_people_is_their_age(text: str, unit: str | None) -> None:
    annotated = annotate(normalize(text))
    clause = read_clause(annotated.text.split(), annotated.marks)
    assert clause.comparison is not None and clause.comparison.unit == unit
