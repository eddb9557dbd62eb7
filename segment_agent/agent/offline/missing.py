"""Say, in one sentence a marketer understands, why the catalog cannot answer a clause.

A clause is missing when no field can express it with a search score of at least MIN_SCORE
(clause_spec.py; real concepts of the dev goals score 0.4 and more, absent ones 0.25 and less),
or when the field that best names it cannot take the comparison asked (an exact income asked of
an income band). Nothing is approximated with an unrelated field.
"""

from __future__ import annotations

from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_spec import Choice
from segment_agent.agent.offline.fields import kind, usable
from segment_agent.tools.catalog_model import Catalog


def missing_reason(clause: Clause, hits: list[dict[str, Any]], choice: Choice, catalog: Catalog) -> str:
    """Why `clause` has no criterion: what the closest field is and why it does not fit."""
    asked = described(clause)
    closest = choice.best_other or next((h for h in hits if usable(catalog, h["field"])), None)
    if closest is None:
        return f"the catalog has no data about '{asked}'"
    info = usable(catalog, closest["field"])
    assert info is not None
    if clause.comparison is not None and kind(info) != "number" and float(closest["score"]) >= 0.45:
        values = ", ".join(f"'{v}'" for v in (info.allowed_values or [])[:6])
        shown = f" (values {values})" if values else ""
        return f"the closest field, {info.name}, is {kind(info)}{shown}, so it cannot answer '{asked}'"
    if clause.window is not None and kind(info) not in ("time", "number") and float(closest["score"]) >= 0.45:
        return f"the catalog has no dated data for '{asked}' (closest: {info.name}, which has no date)"
    return (
        f"the catalog has no data about '{asked}' (the closest field, {info.name}, is about something else)"
    )


def described(clause: Clause) -> str:
    """The clause as the goal said it, with its numbers: 'a household income of exactly 1,000,000 (money)'."""
    parts = [clause.text.strip() or " ".join(clause.words)]
    cmp = clause.comparison
    if cmp is not None:
        values = " and ".join(f"{v:,.0f}" if float(v).is_integer() else f"{v:,}" for v in cmp.values)
        parts.append(f"{_OPS.get(cmp.op, cmp.op)} {'$' if cmp.unit == 'money' else ''}{values}")
    if clause.window is not None:
        parts.append(f"({clause.window.days} days)")
    return " ".join(parts)


_OPS = {">": "over", ">=": "at least", "<": "under", "<=": "at most", "=": "exactly", "between": "between",
        "in": "one of"}  # fmt: skip
