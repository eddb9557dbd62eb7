"""Clauses about events: 'bought camping gear in the last 30 days', 'but never any camping gear'
(the verb carries over), 'opened an email (machine opens don't count)' (an exclusion narrows it)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.event_frames import event_frame, family
from segment_agent.agent.offline.events import event_condition
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import expansions, explained, field_words, kind, usable, value_words
from segment_agent.agent.offline.outcome import Outcome
from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import FieldCondition

_EVER = re.compile(r"\b(?:never|ever)\b", re.I)


def inherited_event(
    clause: Clause, ev: Evidence, catalog: Catalog, previous: Clause, hits: list[dict[str, Any]]
) -> Outcome | None:
    """'bought something but never any camping gear': the verb (and, unless 'never', the window)
    carries over to a clause without one; 'opened an email (machine opens don't count)': an
    exclusion narrows the event before it."""
    kind_ = previous.event or ""
    query = vocabulary()["events"][kind_]["query"]
    frame = event_frame(query, ev.search(query) or [], catalog)
    if frame is None or not clause.words:
        return None
    if clause.exclusion:
        tables = family(catalog, frame.table)
        for hit in hits:
            info = usable(catalog, hit["field"])
            if info is None or info.table not in tables or not explained_by_name(clause, info, hit):
                continue
            if kind(info) == "boolean":
                return Outcome(clause, attach=FieldCondition(field=info.name, op="is_false"))
            if hit.get("kind") == "value":
                return Outcome(clause, attach=FieldCondition(field=info.name, op="!=", value=hit["value"]))
        return None
    window = clause.window or (None if _EVER.search(clause.text) else previous.window)
    found = event_outcome(replace(clause, event=kind_, window=window), kind_, ev, catalog, hits)
    if found is not None and found.needs:
        return found
    return found if found is not None and len(found.criterion.where) > len(frame.where) else None


def explained_by_name(clause: Clause, info: FieldInfo, hit: dict[str, Any]) -> bool:
    """Whether the clause names this flag ('machine opens') or value ('footwear')."""
    value = hit.get("value") if hit.get("kind") == "value" else None
    said = value_words(info, value) if value is not None else field_words(info, name_only=True)
    return any(explained(w, said) for w in clause.words)


def event_outcome(
    clause: Clause, kind_: str, ev: Evidence, catalog: Catalog, hits: list[dict[str, Any]]
) -> Outcome | None:
    """`clause` as an event of kind `kind_` (None when its words do not all fit the event's tables)."""
    spec = vocabulary()["events"][kind_]
    frame = event_frame(spec["query"], ev.search(spec["query"]) or [], catalog)
    if frame is None:
        return None
    amount = ev.search(spec.get("amount", "")) or [] if spec.get("amount") else []
    condition, unexplained = event_condition(clause, frame, hits, amount, catalog)
    if unexplained:  # look each word up on its own ('on mobile'), and what it stands for ('online': web, app)
        table = frame.table.replace("_", " ")
        queries = [q for w in unexplained for q in dict.fromkeys([w, *expansions(w), f"{table} {w}"])]
        pending = [q for q in queries if ev.search(q) is None]
        if pending:
            return Outcome(clause, needs=pending)
        more = [h for q in queries for h in ev.search(q) or []]
        condition, unexplained = event_condition(clause, frame, hits + more, amount, catalog)
    if unexplained:
        return None
    return Outcome(clause, criterion=condition, event=kind_)
