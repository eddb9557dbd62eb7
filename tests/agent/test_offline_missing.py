"""Missing data never becomes a segment: a goal word nothing in the catalog names is set aside only
when it carries no data of its own (catalog_words.py), on the documented demo and on a bare database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from segment_agent.agent.toolbox import Toolbox
from tests.agent.offline_runs import byo_toolbox, drafted


@pytest.fixture(scope="module")
def demo(base_toolbox: Toolbox) -> Toolbox:
    """The small demo's tools (opened once for the module by conftest)."""
    return base_toolbox


@pytest.fixture(scope="module")
def byo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Toolbox]:
    yield from byo_toolbox(tmp_path_factory, members=1500, seed=11)


@pytest.mark.parametrize(
    "goal",
    [
        "Members who paid with a corporate card",  # 'corporate' narrows the card: no such data
        "Members with a refunded Venmo payment",
        "Members who watched sports on a games console",
        "Members who downgraded to the basic plan",
        "Members on a free trial",  # 'trial' is no kind of plan value
        "Members whose card has expired",
        "Members with a failed SMS charge",
        "Members who streamed in 4K",  # a format, not a count of 4,000
        "Members who left a review of a title",
        "Members on the student plan",
    ],
)
def test_byo_goals_about_absent_data_draft_nothing(byo: Toolbox, goal: str) -> None:
    assert drafted(byo, goal) == []


@pytest.mark.parametrize(
    "goal",
    [
        "Members on the free tier in Brazil",  # 'tier' only names what kind of value 'free' is
        "Members with two or more failed charges",
        "Members who cancelled their membership in the last 3 weeks",
        "Members who played something in a web browser in the last week",
    ],
)
def test_byo_words_that_name_no_data_are_set_aside(byo: Toolbox, goal: str) -> None:
    segments = drafted(byo, goal)
    assert len(segments) == 1 and segments[0]["ok"]


@pytest.mark.parametrize(
    "goal",
    [
        "Customers who paid with Apple Pay",
        "Customers who own an electric car",
        "Customers who bought on a corporate card",
        "Customers who ordered in 4K",
        "Customers with an expired credit card",
        "Customers whose favourite colour is green",
    ],
)
def test_demo_goals_about_absent_data_draft_nothing(demo: Toolbox, goal: str) -> None:
    assert drafted(demo, goal) == []


def test_demo_value_kind_noun_stays_with_its_value(demo: Toolbox) -> None:
    segments = drafted(demo, "Female customers who came to us through affiliate partners")
    assert len(segments) == 1 and segments[0]["ok"]
    assert (
        "acquisition_channel = 'affiliate'" in segments[0]["sql"]
        and "gender = 'female'" in segments[0]["sql"]
    )
