"""Find known phrases in free text: case-insensitive, word-boundary aware, longest match first.

Shared by the glossary (business terms in a goal) and synonym resolution (scope words in a
goal or a field description), so both read text the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

NEGATIONS = ("not", "no", "excludes", "excluding", "except", "without", "never", "non", "ignoring", "ignore")
AFTER_NEGATIONS = ("excluded", "exclusive", "don", "doesn", "aren", "isn")  # 'stores excluded', "don't count"
_SEP = r"[\s\-_]+"
_ANY_WORDS = r"(?:[\w']+[\s\-_]+){0,2}"


class PhraseMatch(NamedTuple):
    """`key` (what the phrase stands for) found as `phrase` at `span` (start, end) of the text."""

    key: str
    phrase: str
    span: tuple[int, int]


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A regex for `phrase`: spaces and hyphens interchangeable, optional plural 's', whole words only.

    A '*' word stands for up to two words: 'predicted * value' matches 'predicted lifetime value'.
    """
    words = [re.escape(w) for w in re.split(_SEP, phrase.strip()) if w]
    body = _SEP.join(words).replace(f"{_SEP}\\*{_SEP}", _SEP + _ANY_WORDS)
    return re.compile(rf"(?<![\w\-]){body}(?:s|es)?(?![\w\-])", re.IGNORECASE)


def find_phrases(text: str, phrases: Iterable[tuple[str, str]]) -> list[PhraseMatch]:
    """Non-overlapping matches of (key, phrase) pairs in `text`, longest first, returned in text order.

    A key starting with '!' is a blocker: it claims its span (so shorter phrases inside it do
    not match) but is not returned.
    """
    found = [
        PhraseMatch(key, phrase, m.span())
        for key, phrase in phrases
        for m in phrase_pattern(phrase).finditer(text)
    ]
    found.sort(key=lambda m: (-(m.span[1] - m.span[0]), m.span[0]))
    taken: list[PhraseMatch] = []
    for match in found:
        start, end = match.span
        if all(end <= s or start >= e for _, _, (s, e) in taken):
            taken.append(match)
    return sorted((m for m in taken if not m.key.startswith("!")), key=lambda m: m.span[0])


def is_negated(text: str, span: tuple[int, int], window: int = 3) -> bool:
    """True if the words around `span` negate it: 'excludes store', 'not in store', 'store excluded'."""
    before = re.findall(r"[a-z]+", text[: span[0]].lower())[-window:]
    after = re.findall(r"[a-z]+", text[span[1] :].lower())[:2]
    return any(w in NEGATIONS for w in before) or any(w in AFTER_NEGATIONS for w in after)
