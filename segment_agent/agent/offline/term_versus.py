"""Glossary-term clauses (a window said with a term replaces its own) and comparisons of two measures."""

from __future__ import annotations

from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_spec import MIN_SCORE, Choice
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import kind, usable
from segment_agent.agent.offline.missing import missing_reason
from segment_agent.agent.offline.outcome import Outcome, clause_hits
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import FieldCondition, Group, TermCondition


def term_criterion(clause: Clause, ev: Evidence) -> Any:
    """The glossary term; a window stated with it ('active in the last 7 days') replaces the term's own."""
    criterion: Any = TermCondition(term=clause.term or "")
    resolved = ev.term(clause.term or "") or {}
    conditions = [FieldCondition.model_validate(c) for c in resolved.get("criteria", [])]
    dated = [c for c in conditions if c.op in ("within_last_days", "older_than_days")]
    if clause.window is not None and len(dated) == 1:
        items = [
            c.model_copy(update={"value": clause.window.days}) if c is dated[0] else c for c in conditions
        ]
        criterion = items[0] if len(items) == 1 else Group(items=items)
    return Group(negate=True, items=[criterion]) if clause.negated else criterion


def versus_outcome(clause: Clause, ev: Evidence, catalog: Catalog) -> Outcome:
    """'fewer sessions in the last 30 days than in the 30 days before': field < other field."""
    assert clause.versus is not None
    first = _measure(clause_hits(clause, ev), catalog, None, MIN_SCORE)
    # The second measure must be of the same kind as the first, so a weaker match is enough.
    second = _measure(clause_hits(clause.versus, ev), catalog, first, MIN_SCORE / 2)
    if first is None or second is None:
        return Outcome(clause, missing=missing_reason(clause, clause_hits(clause, ev), Choice(), catalog))
    op = clause.versus_op or ">"
    return Outcome(clause, criterion=FieldCondition(field=first, op=op, value_field=second), field=first)


def _measure(hits: list[dict[str, Any]], catalog: Catalog, like: str | None, floor: float) -> str | None:
    """The best numeric profile field (other than `like`, and with its unit when given)."""
    other = catalog.field(like) if like else None
    for hit in hits:
        info = usable(catalog, hit["field"])
        if (
            info is not None
            and info.table == catalog.entity_table
            and kind(info) == "number"
            and hit.get("kind") != "value"
            and hit["score"] >= floor
            and info.status != "deprecated"
            and (other is None or (info.name != other.name and info.unit == other.unit))
        ):
            return info.name
    return None
