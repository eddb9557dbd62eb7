"""Read column names and descriptions as concepts, so look-alike fields can be compared.

'ltv', 'lifetime_value' and 'total_revenue' all read as {value}; 'purchases_30d' reads as
{purchase} over the window 30d; 'engagement_score_v1' is 'engagement_score' in another version.
The vocabulary (data/field_words.yaml) is general; nothing in it names a column of one database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from segment_agent.tools.lexical import STOPWORDS, stem
from segment_agent.tools.shipped_data import shipped_yaml

_WINDOW = re.compile(r"^(\d{1,3})(d|w|m|y)$")
_MONTH_INDEX = re.compile(r"^m\d{1,2}$")
_VERSION = re.compile(r"^v\d+$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_WORD_UNITS = {"day": "d", "days": "d", "week": "w", "weeks": "w", "month": "m", "months": "m", "year": "y"}


@dataclass(frozen=True)
class Vocabulary:
    """The stemmed vocabulary: abbreviations, synonym heads, generic words and window markers."""

    abbreviations: dict[str, tuple[str, ...]]
    synonyms: dict[str, str]
    generic: frozenset[str]
    all_time: frozenset[str]
    window_modifiers: frozenset[str]
    forecast: frozenset[str]


@dataclass(frozen=True)
class NameParts:
    """What a column name says: its concept words, its time window (empty: all time), a forecast or not.

    A forecast's window is a horizon ahead ('ahead' is in it), never equal to a look-back window.
    `base` is the name's own words without window or version ('email_open_rate_90d' -> email, open, rate).
    """

    concept: frozenset[str]
    window: frozenset[str]
    forecast: bool
    base: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The packaged field vocabulary, read once."""
    data = shipped_yaml("field_words.yaml")
    heads = {stem(w): stem(group[0]) for group in data["synonyms"] for w in group}
    return Vocabulary(
        abbreviations={k: tuple(v) for k, v in data["abbreviations"].items()},
        synonyms=heads,
        generic=frozenset(stem(w) for w in data["generic"]),
        all_time=frozenset(data["all_time"]),
        window_modifiers=frozenset(data["window_modifiers"]),
        forecast=frozenset(heads.get(stem(w), stem(w)) for w in data["forecast"]),
    )


def split_name(name: str) -> list[str]:
    """'lastLogin_TS' -> ['last', 'login', 'ts']."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [t for t in re.split(r"[^a-z0-9]+", spaced.lower()) if t]


def concept_word(word: str, vocab: Vocabulary) -> str | None:
    """A word's canonical stem, or None when it says nothing about what is measured."""
    if word in vocab.all_time or word in STOPWORDS or word.isdigit() or _VERSION.match(word):
        return None
    head = vocab.synonyms.get(stem(word), stem(word))
    return None if head in vocab.generic else head


@lru_cache(maxsize=8192)
def read_name(column: str) -> NameParts:
    """The concept words, time window and forecast flag of a column name."""
    vocab = vocabulary()
    tokens = split_name(column)
    concept: set[str] = set()
    window: set[str] = set()
    base: list[str] = []
    i = 0
    while i < len(tokens):
        token, following = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
        if token.isdigit() and following in _WORD_UNITS:  # purchases_30_days
            token, i = token + _WORD_UNITS[following], i + 1
        if (days := _window_days(token)) is not None:
            window.add(days)
        elif _MONTH_INDEX.match(token) or token in vocab.window_modifiers:
            window.add(token)
        elif not _VERSION.match(token):
            base.append(token)
            for word in vocab.abbreviations.get(token, (token,)):
                if (head := concept_word(word, vocab)) is not None:
                    concept.add(head)
        i += 1
    forecast = bool(concept & vocab.forecast)
    if forecast and window:
        window.add("ahead")
    return NameParts(frozenset(concept), frozenset(window), forecast, tuple(base))


def text_concepts(text: str) -> set[str]:
    """The concept words of free text (a description), read like names."""
    vocab = vocabulary()
    words = re.findall(r"[a-z0-9]+", text.lower())
    expanded = (w for word in words for w in vocab.abbreviations.get(word, (word,)))
    return {head for w in expanded if (head := concept_word(w, vocab)) is not None}


def _window_days(token: str) -> str | None:
    """'12m' -> '365d', '3m' -> '90d', '90d' -> '90d'; None when the token is not a time window."""
    m = _WINDOW.match(token)
    if not m:
        return None
    days = int(m.group(1)) * _UNIT_DAYS[m.group(2)]
    return "365d" if days in (360, 365) else f"{days}d"
