"""Typo correction against the catalog's vocabulary."""

from __future__ import annotations

from collections import Counter

import pytest

from segment_agent.tools.speller import Speller

VOCABULARY = Counter(
    ["purchases", "value", "california", "engagement", "loyalty", "quiet", "order", "orders"]
)


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("purchses", "purchases"), ("valeu", "value"), ("vaule", "value"), ("califronia", "california"),
     ("engagment", "engagement"), ("loyality", "loyalty")],
)  # fmt: skip
def test_corrects_within_two_edits(typo: str, fixed: str) -> None:
    assert Speller(VOCABULARY)(typo) == fixed


@pytest.mark.parametrize("word", ["quiet", "ordr", "zzzzzzz", "the", "r3", "abc"])
def test_leaves_known_short_and_unknown_words(word: str) -> None:
    assert Speller(VOCABULARY)(word) == word


@pytest.mark.parametrize(
    ("noun", "activity"),
    [("golfers", "golf"), ("returners", "returns"), ("runners", "running"), ("hikers", "hiking")],
)
def test_agent_nouns_read_as_their_activity(noun: str, activity: str) -> None:
    vocabulary = Counter(["golf", "returns", "returns", "returned", "running", "hiking", "order"])
    assert Speller(vocabulary)(noun) == activity
