"""The shared text analyser: folding, stemming, time windows, lexicon phrases and concepts."""

from __future__ import annotations

import pytest
import yaml

from segment_agent.tools.lexical import (
    LEXICON_PATH,
    concepts,
    content_words,
    fold,
    load_lexicon,
    stem,
    terms,
    words,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("purchases", "purchas"), ("purchased", "purchas"), ("shipping", "ship"), ("cancelled", "cancel"),
        ("retirees", "retir"), ("retired", "retir"), ("activity", "activ"), ("active", "activ"),
        ("status", "status"), ("sms", "sms"), ("30d", "30d"),
    ],
)  # fmt: skip
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_fold_strips_accents_and_names_symbols() -> None:
    assert fold("México +10%") == "mexico  10 percent "
    assert words("$500 in the past 12 months") == ["dollar", "500", "in", "the", "past", "365d"]


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("last 30 days", "30d"),
        ("purchases_12m", "365d"),
        ("two weeks", "14d"),
        ("3 months", "90d"),
        ("past year", "365d"),
        ("orders L90D", "90d"),
        ("spend l12m", "365d"),
    ],
)
def test_time_windows_are_canonical(text: str, window: str) -> None:
    assert window in words(text)


def test_long_spans_are_not_windows() -> None:
    assert words("over 50 years old") == ["over", "50", "years", "old"]


def test_thousands_are_written_as_bands_write_them() -> None:
    assert words("50 to 100 thousand") == ["50", "to", "100k"]
    assert words("5 grand") == ["5k"]
    assert words("thousand lakes") == ["thousand", "lakes"]


def test_kinds_of_person_and_ends_of_a_scale() -> None:
    lexicon = load_lexicon()
    assert {stem("women"), stem("guys")} <= lexicon.people and stem("apparel") not in lexicon.people
    assert lexicon.extremes[stem("highest")] == "top" and lexicon.extremes[stem("lowest")] == "bottom"


def test_phrases_and_expansions() -> None:
    assert content_words("signed up via e-mail") == ["signup", "email"]
    assert content_words("LTV") == ["ltv", "lifetime", "value"]
    assert content_words("LTV", expand=False) == ["ltv"]
    assert terms("opted in to texts") == ["optin", "text"]


def test_synonyms_share_a_concept() -> None:
    assert set(concepts(["bought"])) & set(concepts(["order"]))
    assert set(concepts(terms("women"))) == set(concepts(terms("female")))
    assert not set(concepts(["email"])) & set(concepts(["purchas"]))


def test_lexicon_data_is_all_text() -> None:
    """YAML reads bare no/on/yes as booleans: every entry must stay a string."""

    def strings(node: object) -> bool:
        if isinstance(node, dict):
            return all(isinstance(k, str) and strings(v) for k, v in node.items())
        if isinstance(node, list):
            return all(strings(v) for v in node)
        return isinstance(node, str)

    assert strings(yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")))
    lexicon = load_lexicon()
    assert "~non" in lexicon.concepts["no"] and "last" in lexicon.time and "high" in lexicon.qualifiers


@pytest.mark.parametrize(
    ("word", "expected"),
    [("exceeds", "exceed"), ("needed", "need"), ("aussies", stem("aussie")), ("movies", stem("movie"))],
)
def test_stem_keeps_eed_and_treats_ie_plurals_alike(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_amounts_and_decades() -> None:
    assert content_words("LTV above 2k or $1,500") == ["ltv", "dollar", "lifetime", "value"]
    assert "age" in content_words("shoppers in their 30s")
    assert "age" in content_words("shoppers in their fifties")
    assert "m03" in words("orders 3 months back") and "m02" in words("spend the month before last")


def test_phrases_match_run_together_and_plural() -> None:
    assert content_words("zipcode") == content_words("zip code")
    assert content_words("birthdays") == content_words("birthday")


def test_a_phrase_matches_across_determiners_and_rewrites_compose() -> None:
    from segment_agent.tools.lexical import words

    assert words("opened our app", expand=False) == ["app", "login"]
    assert words("haven't opened our mobile app", expand=False) == ["last", "date", "app", "login"]


def test_over_n_months_ago_is_a_window_and_n_months_ago_a_month() -> None:
    from segment_agent.tools.lexical import words

    assert words("spend 3 months ago", expand=False) == ["spend", "m03"]
    assert words("orders 2 years ago", expand=False) == ["orders", "m24"]  # a month two years back
    assert words("spend a year ago", expand=False) == ["spend", "m12"]
    said = words("last order more than 6 months ago", expand=False)
    assert said == ["last", "order", "over", "180d", "ago"]
