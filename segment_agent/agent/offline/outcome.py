"""What one clause became: a criterion, a missing-data reason, or lookups still needed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.segment_spec import FieldCondition


@dataclass
class Outcome:
    """A clause's criterion, or why there is none; `attach` is a condition for the event before it."""

    clause: Clause
    criterion: Any = None
    missing: str | None = None
    attach: FieldCondition | None = None
    event: str | None = None
    resolve: list[tuple[str, list[str]]] = dataclasses.field(default_factory=list)
    field: str | None = None
    question: str | None = None
    needs: list[str] | None = None  # searches still to make before the clause can be decided


def concept(clause: Clause) -> str:
    """The clause's concept as the marketer said it, for resolve_fields."""
    return " ".join(clause.words)


def event_queries(clause: Clause) -> list[str]:
    """Extra searches an event clause needs: its verb's phrase and, for money, the amount."""
    if clause.event is None:
        return []
    spec = vocabulary()["events"][clause.event]
    return [spec["query"], *([spec["amount"]] if spec.get("amount") and clause.comparison else [])]


def clause_hits(clause: Clause, ev: Evidence) -> list[dict[str, Any]]:
    """Hits of all the clause's queries, best score per field or value, best first."""
    best: dict[tuple[str, str | None], dict[str, Any]] = {}
    for query in clause.queries:
        for hit in ev.search(query) or []:
            key = (hit["field"], hit.get("value") if hit.get("kind") == "value" else None)
            if key not in best or hit["score"] > best[key]["score"]:
                best[key] = hit
    return sorted(best.values(), key=lambda h: -float(h["score"]))
