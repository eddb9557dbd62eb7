"""The offline planner's vocabulary (data/planner_vocabulary.yaml), read once, with phrase regexes.

General English and marketing words only: comparisons, time units, negations, event verbs,
split requests and unsafe requests. Schema knowledge comes from search and the catalog.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from segment_agent.tools.shipped_data import shipped_yaml


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The parsed YAML (shared, read-only)."""
    return dict(shipped_yaml("planner_vocabulary.yaml"))


def alternation(phrases: list[str] | dict[str, Any]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any run of spaces or hyphens."""
    ordered = sorted({str(p) for p in phrases}, key=len, reverse=True)
    return "|".join(r"[\s\-]+".join(re.escape(w) for w in p.split()) for p in ordered)


@lru_cache(maxsize=64)
def phrase_regex(key: str, *path: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive regex of the phrases at vocabulary()[key][path...]."""
    node: Any = vocabulary()[key]
    for part in path:
        node = node[part]
    return re.compile(rf"(?<![\w'])(?:{alternation(node)})(?![\w'])", re.IGNORECASE)


def words_of(key: str, *path: str) -> frozenset[str]:
    """A vocabulary list as a set of lower-case phrases."""
    node: Any = vocabulary()[key]
    for part in path:
        node = node[part]
    return frozenset(str(w).lower() for w in node)
