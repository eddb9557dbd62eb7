"""Compare two eval reports goal by goal: what got better, what got worse, and the summary deltas."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from rich.table import Table

from segment_agent.eval.results import EvalReport, GoalResult

Change = Literal["fixed", "broken", "better", "worse", "same", "added", "removed"]
JACCARD_EPSILON = 0.005  # smaller moves are noise from rounding, not a change


class GoalChange(BaseModel):
    """One goal in the old and the new run."""

    id: str
    change: Change
    old_match: bool | None
    new_match: bool | None
    old_jaccard: float | None
    new_jaccard: float | None


class Comparison(BaseModel):
    """Every goal's change plus the headline figures old -> new."""

    old: str
    new: str
    goals: list[GoalChange]
    deltas: dict[str, tuple[float | None, float | None]]

    def count(self, change: Change) -> int:
        return sum(g.change == change for g in self.goals)


def classify(old: GoalResult | None, new: GoalResult | None) -> Change:
    """fixed / broken when the exact match flips, better / worse when only Jaccard moves."""
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if old.match != new.match:
        return "fixed" if new.match else "broken"
    if new.jaccard > old.jaccard + JACCARD_EPSILON:
        return "better"
    if new.jaccard < old.jaccard - JACCARD_EPSILON:
        return "worse"
    return "same"


def compare(old: EvalReport, new: EvalReport) -> Comparison:
    """Goal by goal in the new report's order, then goals only the old report had."""
    before = {r.id: r for r in old.results}
    after = {r.id: r for r in new.results}
    ids = [r.id for r in new.results] + [i for i in before if i not in after]
    goals = [
        GoalChange(
            id=i,
            change=classify(before.get(i), after.get(i)),
            old_match=before[i].match if i in before else None,
            new_match=after[i].match if i in after else None,
            old_jaccard=before[i].jaccard if i in before else None,
            new_jaccard=after[i].jaccard if i in after else None,
        )  # fmt: skip
        for i in ids
    ]
    keys = (
        "execution_accuracy",
        "field_recall",
        "trap_rate",
        "mean_jaccard",
        "p50_latency_ms",
        "tool_calls_mean",
    )
    deltas = {k: (getattr(old.summary, k), getattr(new.summary, k)) for k in keys}
    return Comparison(old=old.started_at, new=new.started_at, goals=goals, deltas=deltas)


def comparison_table(comparison: Comparison) -> Table:
    """The goals that changed, and the summary figures old -> new, for the terminal."""
    table = Table(title=f"Changes since {comparison.old}", title_justify="left")
    for name in ("goal / metric", "change", "old", "new"):
        table.add_column(name)
    for key, (old, new) in comparison.deltas.items():
        table.add_row(key, _arrow(old, new), _num(old), _num(new))
    for g in comparison.goals:
        if g.change != "same":
            table.add_row(
                g.id, g.change, _state(g.old_match, g.old_jaccard), _state(g.new_match, g.new_jaccard)
            )
    return table


def comparison_markdown(comparison: Comparison) -> str:
    """The same comparison as a Markdown section."""
    counts = ", ".join(
        f"{comparison.count(c)} {c}" for c in ("fixed", "broken", "better", "worse", "added", "removed")
    )
    lines = [
        f"## Compared with the run of {comparison.old}",
        "",
        counts,
        "",
        "| metric | old | new |",
        "|---|---:|---:|",
    ]
    lines += [f"| {k} | {_num(o)} | {_num(n)} |" for k, (o, n) in comparison.deltas.items()]
    changed = [g for g in comparison.goals if g.change != "same"]
    if changed:
        lines += ["", "| goal | change | old | new |", "|---|---|---|---|"]
        lines += [
            f"| {g.id} | {g.change} | {_state(g.old_match, g.old_jaccard)} | "
            f"{_state(g.new_match, g.new_jaccard)} |"
            for g in changed
        ]
    return "\n".join(lines) + "\n"


def _arrow(old: float | None, new: float | None) -> str:
    if old is None or new is None or old == new:
        return ""
    return "up" if new > old else "down"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:,.4g}"


def _state(match: bool | None, jaccard: float | None) -> str:
    if match is None:
        return "-"
    return f"{'match' if match else 'miss'} ({jaccard:.2f})"
