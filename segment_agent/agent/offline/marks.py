"""What the planner reads out of a goal's text: comparisons and time windows, and the markers for them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Comparison:
    """`op` is one of > >= < <= = between in; unit: money, percent, age, times, percentile, year
    (a calendar year), minutes (a duration, in minutes) or None."""

    op: str
    values: tuple[float, ...]
    unit: str | None = None


@dataclass(frozen=True)
class Window:
    """A look-back of `days`: 'within' (the last N days), 'older' (more than N days ago),
    'duration' ('for N days', the negation of within) or 'previous' (the N days before that)."""

    days: int
    relation: str


@dataclass
class Annotated:
    """Goal text with markers, and what each marker stands for."""

    text: str
    marks: dict[str, Comparison | Window]


class Marker:
    """Replaces matches by markers and remembers what each stands for."""

    def __init__(self) -> None:
        self.marks: dict[str, Comparison | Window] = {}

    def put(self, item: Comparison | Window) -> str:
        """Remember `item` and return the marker that stands for it in the text."""
        key = f"{'c' if isinstance(item, Comparison) else 'w'}{len(self.marks)}"
        self.marks[key] = item
        return f" ⟦{key}⟧ "
