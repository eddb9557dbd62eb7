"""The speller leaves real words alone: a word the catalog lacks is not a typo of a word it has."""

from __future__ import annotations

from collections import Counter

import pytest

from segment_agent.tools.speller import Speller

VOCABULARY = Counter(
    ["match", "hours", "links", "reads", "week", "sum", "renter", "concert", "value", "florida"]
)


@pytest.mark.parametrize("word", ["watch", "house", "likes", "ready", "summer", "center", "convert"])
def test_real_words_are_not_corrected(word: str) -> None:
    assert Speller(VOCABULARY)(word) == word


def test_another_form_of_a_known_word_reads_as_it() -> None:
    assert Speller(VOCABULARY)("weeks") == "week"


@pytest.mark.parametrize(
    ("typo", "fixed"), [("vlaue", "value"), ("florda", "florida"), ("flordia", "florida")]
)
def test_swaps_and_missing_letters_are_corrected(typo: str, fixed: str) -> None:
    assert Speller(VOCABULARY)(typo) == fixed


def test_an_agent_noun_reads_as_the_activity_not_its_past_tense() -> None:
    speller = Speller(Counter({"returned": 5, "returns": 2, "week": 1}))
    assert speller("returners") == "returns"
    assert speller.is_agent("returners")
    assert not speller.is_agent("returns")
    assert not speller.is_agent("summer")
