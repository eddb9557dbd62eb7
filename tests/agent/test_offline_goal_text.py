"""The offline planner reads numbers, money, percentages and time windows the way marketers write them."""

from __future__ import annotations

import datetime as dt

import pytest

from segment_agent.agent.offline.goal_text import annotate, normalize
from segment_agent.agent.offline.marks import Comparison, Window

AS_OF = dt.date(2026, 11, 23)


def marks(text: str) -> list[Comparison | Window]:
    return list(annotate(normalize(text), AS_OF).marks.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than 5 orders", Comparison(">", (5.0,))),
        ("at least $500", Comparison(">=", (500.0,), "money")),
        ("under 20%", Comparison("<", (20.0,), "percent")),
        ("between 25 and 34 years old", Comparison("between", (25.0, 34.0), "age")),
        ("$1.5k or more", Comparison(">=", (1500.0,), "money")),
        ("1,000 dollars", Comparison("=", (1000.0,), "money")),
        ("no more than three purchases", Comparison("<=", (3.0,))),
        ("scores 0 to 6", Comparison("between", (0.0, 6.0))),
        ("rated 1 or 2 out of 5", Comparison("in", (1.0, 2.0))),
        ("bought at least twice", Comparison(">=", (2.0,), "times")),
        ("10+ sessions", Comparison(">=", (10.0,))),
        ("aged 65 or older", Comparison(">=", (65.0,), "age")),
        ("a household income of exactly $2M", Comparison("=", (2_000_000.0,), "money")),
        ("the top 5% by spend", Comparison(">=", (0.95,), "percentile")),
    ],
)
def test_comparisons(text: str, expected: Comparison) -> None:
    assert marks(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the last 30 days", Window(30, "within")),
        ("within the past 3 months", Window(90, "within")),
        ("in the last 12 months", Window(365, "within")),
        ("during the past year", Window(365, "within")),
        ("in the last week", Window(7, "within")),
        ("more than 180 days ago", Window(180, "older")),
        ("over a year ago", Window(365, "older")),
        ("for 60 days", Window(60, "duration")),
        ("this year", Window(326, "within")),
        ("since March", Window(267, "within")),
        ("in 2 quarters", Window(180, "within")),
    ],
)
def test_windows(text: str, expected: Window) -> None:
    assert marks(text) == [expected]


def test_a_comparison_and_a_window_in_one_clause() -> None:
    assert marks("2 or more in-store purchases in the last 90 days") == [
        Window(90, "within"),
        Comparison(">=", (2.0,)),
    ]


def test_the_window_before_another_is_the_previous_one() -> None:
    found = marks("fewer sessions in the last 30 days than in the 30 days before that")
    assert found == [Window(30, "previous"), Window(30, "within")]


@pytest.mark.parametrize(
    "text",
    ["a predicted 12-month value", "value over the next 12 months", "one-time buyers", "last month"],
)
def test_names_and_horizons_are_not_windows_or_numbers(text: str) -> None:
    assert marks(text) == []


def test_calendar_months_are_spelled_out_for_search() -> None:
    text = normalize("spent more last month than the month before")
    assert "last full calendar month" in text and "two months before the current one" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("born before 1970", Comparison("<", (1970.0,), "year")),
        ("released after 2015", Comparison(">", (2015.0,), "year")),
        ("watched more than 10 hours", Comparison(">", (600.0,), "minutes")),
        ("under 90 minutes", Comparison("<", (90.0,), "minutes")),
        ("a better than 60% chance", Comparison(">", (60.0,), "percent")),
    ],
)
def test_years_and_durations(text: str, expected: Comparison) -> None:
    assert marks(text) == [expected]


def test_all_time_phrases_are_dropped_but_year_to_date_is_a_window() -> None:
    assert normalize("spent $500 with us since they signed up") == "spent $500 with us"
    assert marks("revenue year to date") == [Window((AS_OF - dt.date(2026, 1, 1)).days, "within")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("with 4 to 9 hours of listening", Comparison("between", (240.0, 540.0), "minutes")),
        ("at least a 30% chance of leaving", Comparison(">=", (30.0,), "percent")),
        ("customers born in the 1990s", Comparison("between", (1990.0, 1999.0), "year")),
        ("people aged 70 or older", Comparison(">=", (70.0,), "age")),
        ("shoppers younger than 21", Comparison("<", (21.0,), "age")),
        ("accounts with just a single device", Comparison("=", (1.0,))),
    ],
)
def test_units_ranges_and_ages_said_once(text: str, expected: Comparison) -> None:
    assert marks(text) == [expected]


def test_a_format_after_a_preposition_is_no_amount() -> None:
    assert marks("viewers who watched in 8K") == []


def test_not_a_single_one_is_none_and_that_time_is_the_window_before() -> None:
    found = annotate(
        normalize("people we emailed in the last 14 days who did not click a single link in that time")
    )
    assert found.text.count("⟦w0⟧") == 2 and "any link" in found.text
    assert list(found.marks.values()) == [Window(14, "within")]


def test_a_gap_from_another_date_is_no_look_back() -> None:
    assert not any(isinstance(m, Window) for m in marks("cancelled within 10 days of joining"))
    assert marks("bought within the last 10 days") == [Window(10, "within")]


def test_repeat_customers_bought_more_than_once() -> None:
    annotated = annotate(normalize("Repeat buyers who are likely to churn"))
    assert "purchased" in annotated.text
    assert list(annotated.marks.values()) == [Comparison(op=">=", values=(2.0,), unit="times")]
