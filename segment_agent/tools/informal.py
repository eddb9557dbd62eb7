"""Write out chat shorthand ('ppl', 'custs', 'w/', 'hi-value') before a goal or query is read.

Marketers type goals the way they type chat messages; every reader after this one (the speller,
search, the planner's missing-data rule) then sees plain words. The table is data/informal_words.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from segment_agent.tools.shipped_data import shipped_yaml

_WITH = re.compile(r"(?<![\w/])w/(o(?:ut)?(?![\w/]))?\s*(?=[a-z0-9]|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    data = shipped_yaml("informal_words.yaml")
    words = {str(k).lower(): str(v) for k, v in data["words"].items()}
    units = {str(k).lower(): str(v) for k, v in data["after_numbers"].items()}
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    unit_alternation = "|".join(re.escape(w) for w in sorted(units, key=len, reverse=True))
    # A word glued to a number ('2wks') is written out too, the number kept; some only after one.
    word_re = re.compile(
        rf"(?:(?<=\d)|(?<![\w]))({alternation})(?!\w)|(?<=\d)\s?({unit_alternation})(?!\w)", re.IGNORECASE
    )
    words |= units
    joiners = "|".join(re.escape(j) for j in data["joiners"])
    joiner_re = re.compile(rf"(?<=[A-Za-z])\s+(?:{joiners})\s+(?=[A-Za-z])")
    prefixes = {str(k).lower(): str(v) for k, v in data["prefixes"].items()}
    prefix_re = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, prefixes))})-(?=[a-z])", re.IGNORECASE)
    return word_re, words, joiner_re, prefix_re, prefixes


def expand_informal(text: str) -> str:
    """`text` with chat shorthand written out; everything else, case included, unchanged."""
    word_re, words, joiner_re, prefix_re, prefixes = _table()
    text = _WITH.sub(lambda m: "without " if m.group(1) else "with ", text)
    text = prefix_re.sub(lambda m: prefixes[m.group(1).lower()] + "-", text)
    text = joiner_re.sub(" and ", text)
    return word_re.sub(lambda m: _spaced(m, words[(m.group(1) or m.group(2)).lower()]), text).strip()


def _spaced(match: re.Match[str], word: str) -> str:
    """The written-out word, apart from a number it was glued to ('2wks' -> '2 weeks'); capitals stay."""
    typed = (match.group(1) or match.group(2)).strip()
    if len(typed) > 1 and typed.isupper():
        return match.group(0)
    start = match.start()
    glued = start > 0 and match.string[start - 1].isdigit()
    return f" {word}" if glued or match.group(0).startswith(" ") else word
