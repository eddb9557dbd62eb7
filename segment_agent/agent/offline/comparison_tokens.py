"""Token helpers shared by the readers of comparisons between fields of one row (comparison_read,
comparison_than): the marks in a clause's tokens, phrases in them, and each side read as a clause."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.marks import Window
from segment_agent.tools.shipped_data import shipped_yaml

Reader = Callable[[list[str], dict[str, object]], Clause]


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """data/comparison_words.yaml (shared, read-only)."""
    return dict(shipped_yaml("comparison_words.yaml"))


def lowered(tokens: list[str]) -> list[str]:
    return [t.lower() for t in tokens]


def mark_of(token: str, marks: dict[str, object]) -> object | None:
    """What a marker token stands for (a Comparison or a Window); None for a word."""
    return marks.get(token[1:-1]) if token.startswith("⟦") else None


def find(low: list[str], phrase: str) -> int:
    """Index of the phrase's first word in `low`, or -1."""
    said = phrase.split()
    for i in range(len(low) - len(said) + 1):
        if low[i : i + len(said)] == said:
            return i
    return -1


def ends_with(low: list[str], phrase: str) -> bool:
    said = phrase.split()
    return low[-len(said) :] == said


def window_tokens(tokens: list[str], marks: dict[str, object]) -> list[str]:
    """The window markers among the tokens."""
    return [t for t in tokens if isinstance(mark_of(t, marks), Window)]


def read_sides(
    left: list[str], right: list[str], marks: dict[str, object], read: Reader
) -> tuple[Clause, Clause]:
    """Both sides read as clauses, each a measure of a comparison."""
    a, b = read(left, marks), read(right, marks)
    a.measure = b.measure = True
    return a, b
