"""Score one goal: gold and proposed SQL run on the same sandboxed warehouse, member sets compared.

A goal is right when the proposed segments equal the gold member sets exactly, in order; with
`gold: []`, proposing nothing is right. Jaccard gives partial credit, position by position.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from segment_agent.errors import UserError
from segment_agent.eval.goal_file import Goal
from segment_agent.tools.warehouse import Warehouse


class GoalScore(BaseModel):
    """How one goal's proposals compare with its gold."""

    match: bool
    jaccard: float
    field_recall: float | None = Field(None, description="Share of expect_fields used; None without any.")
    trap: bool = Field(False, description="A forbidden field was used.")
    forbidden_used: list[str] = Field(default_factory=list)
    gold_sizes: list[int] = Field(default_factory=list)
    proposed_sizes: list[int] = Field(default_factory=list)
    error: str | None = None


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|; two empty sets agree completely.

    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    """
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def segments_jaccard(gold: list[set[int]], proposed: list[set[int]]) -> float:
    """Mean Jaccard position by position over the longer list (a missing or extra segment scores 0)."""
    width = max(len(gold), len(proposed))
    if width == 0:
        return 1.0
    return sum(jaccard(g, p) for g, p in zip(gold, proposed, strict=False)) / width


def field_recall(expect: list[str], fields: list[str]) -> float | None:
    """Share of the expected fields found among the fields the proposals use."""
    if not expect:
        return None
    used = {f.lower() for f in fields}
    return sum(f in used for f in expect) / len(expect)


def forbidden_used(forbid: list[str], fields: list[str]) -> list[str]:
    """The forbidden fields (look-alike traps, injected fields) the proposals use."""
    used = {f.lower() for f in fields}
    return [f for f in forbid if f in used]


def member_sets(sqls: list[str], warehouse: Warehouse) -> list[set[int]]:
    """The distinct entity keys of each segment SQL."""
    return [set(warehouse.member_ids(sql)) for sql in sqls]


def score_goal(goal: Goal, sqls: list[str], fields: list[str], warehouse: Warehouse) -> GoalScore:
    """Compare proposals (SQL per segment, fields used) with the goal's gold on `warehouse`."""
    recall = field_recall(goal.expect_fields, fields) if goal.gold else None
    traps = forbidden_used(goal.forbid_fields, fields)
    base = {"field_recall": recall, "trap": bool(traps), "forbidden_used": traps}
    try:
        gold = member_sets([g.sql for g in goal.gold], warehouse)
    except UserError as err:
        return GoalScore(match=False, jaccard=0.0, error=f"gold SQL failed: {err}", **base)
    try:
        proposed = member_sets(sqls, warehouse)
    except UserError as err:
        return GoalScore(
            match=False,
            jaccard=0.0,
            gold_sizes=[len(s) for s in gold],
            error=f"proposed SQL failed: {err}",
            **base,
        )
    return GoalScore(
        match=len(gold) == len(proposed) and all(g == p for g, p in zip(gold, proposed, strict=False)),
        jaccard=round(segments_jaccard(gold, proposed), 4),
        gold_sizes=[len(s) for s in gold],
        proposed_sizes=[len(s) for s in proposed],
        **base,
    )
