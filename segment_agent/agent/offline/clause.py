"""A clause: one criterion of a goal as written, with what the goal said around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from segment_agent.agent.offline.marks import Comparison, Window

SINCE = re.compile(r"\b(?:since|since then|after that|afterwards|afterward|thereafter)\b", re.I)


@dataclass
class Clause:
    """One criterion as written: its words for search, and what the goal said around them."""

    tokens: list[str]
    words: list[str] = field(default_factory=list)
    negated: bool = False
    comparison: Comparison | None = None
    window: Window | None = None
    event: str | None = None
    verb: str = ""  # the words that named the event ('bought', 'started a checkout')
    term: str | None = None
    versus: Clause | None = None  # the other side of a comparison between two measures
    versus_op: str | None = None
    context: list[str] = field(default_factory=list)  # words that help search but are not criteria
    phrase: list[str] = field(default_factory=list)  # the words as said, for search (keeps 'logged into')
    measure: bool = False  # one side of a comparison between two measures
    exclusion: bool = False  # 'excluding X', 'X don't count': X narrows what the clause before counts
    relation: Relation | None = None  # 'more than twice their X': this row's fields compared

    @property
    def text(self) -> str:
        """The clause's words as written (numbers and windows are in `comparison` and `window`)."""
        return " ".join(t for t in self.tokens if not t.startswith("⟦"))

    @property
    def query(self) -> str:
        """What to search the catalog for: the clause's words and any context words."""
        said = self.phrase or self.words
        return " ".join([*said, *[w for w in self.context if w not in said]])

    @property
    def queries(self) -> list[str]:
        """The query, and with its window too when a windowed measure may answer it ('purchases 90 days')."""
        plain = self.query
        if self.window is None or not plain:
            return [plain] if plain else []
        days = ("previous " if self.window.relation == "previous" else "") + f"{self.window.days} days"
        if self.comparison is None and self.event is None and not self.measure:
            return [plain]
        return [plain, f"{plain} {days}"]

    @property
    def since(self) -> bool:
        """'has not ordered since': the event is counted after the one before it."""
        return bool(SINCE.search(self.text))

    @property
    def empty(self) -> bool:
        """Nothing to look for: only fillers or a negation ('who are not' before 'in the US')."""
        return not (self.words or self.term or self.comparison)


@dataclass
class Relation:
    """`left op factor * (right[0] + right[1]...) + offset`, or for dates `left op right[0] + offset_days`:
    two sides of a comparison between fields of one row, each side a clause to search for."""

    left: Clause
    right: list[Clause]
    op: str
    factor: float | None = None
    offset: float | None = None  # '5 more sessions than': a number added to the right side
    offset_days: int | None = None
    dated: bool = False  # both sides are dates ('cancelled within 30 days of joining')
    same_unit: bool = True  # False when the sides measure different things ('3 times their sessions')
    unit: str | None = None  # the factor's unit ('200 minutes per profile'), converted to the left field's
