"""What the planner knows and still needs for a parsed goal: lookups to make, look-alikes to resolve,
segments to draft, or the data the catalog lacks.

`lookups` and `resolutions` list only calls not yet answered in the conversation, so the
planner calls each tool once per question, in the order an LLM would: glossary and search,
then resolve_fields, then draft_segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from segment_agent.agent.offline.combine import SegmentResult, segment_result
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.naming import segment_name
from segment_agent.agent.offline.outcome import event_queries
from segment_agent.agent.offline.parse import GoalParse
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import SegmentSpec

SEARCH_K = 12


@dataclass
class GoalPlan:
    """Calls still to make, or the segments (or missing data) they led to."""

    lookups: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    resolutions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    specs: list[SegmentSpec] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    results: list[SegmentResult] = field(default_factory=list)


def plan_goal(
    parsed: GoalParse, ev: Evidence, catalog: Catalog, goal_text: str, prefer: set[str] | None = None
) -> GoalPlan:
    """The next calls, or the specs once every lookup and resolution is answered."""
    plan = GoalPlan()
    for term in parsed.terms():
        if ev.term(term) is None:
            plan.lookups.append(("glossary", {"term": term}))
    queries: list[str] = []
    for clause in parsed.clauses():
        if not clause.term and clause.words:
            queries += clause.queries
        queries += event_queries(clause)
        if clause.event is None:  # a clause may inherit the verb before it
            queries += [q for c in parsed.clauses() for q in event_queries(c)]
    for query in dict.fromkeys(q for q in queries if q):
        if ev.search(query) is None:
            plan.lookups.append(("search_schema", {"query": query, "k": SEARCH_K}))
    if plan.lookups:
        return plan
    first = [segment_result(seg, ev, catalog, prefer or set()) for seg in parsed.segments]
    needs = dict.fromkeys(q for r in first for o in r.outcomes for q in o.needs or [])
    if needs:
        plan.lookups = [("search_schema", {"query": q, "k": SEARCH_K}) for q in needs]
        return plan
    chosen = [{o.field for o in r.outcomes if o.field} for r in first]
    for index, seg in enumerate(parsed.segments):
        lean = set().union(*(c for i, c in enumerate(chosen) if i != index)) if len(chosen) > 1 else set()
        result = segment_result(seg, ev, catalog, prefer or set(), lean)
        plan.results.append(result)
        plan.missing += result.missing
        for out in result.outcomes:
            if out.question:
                plan.questions.append(out.question)
            for concept, candidates in out.resolve:
                call = ("resolve_fields", {"concept": concept, "candidates": candidates, "goal": goal_text})
                if ev.resolution(concept) is None and call not in plan.resolutions:
                    plan.resolutions.append(call)
        if result.criteria is not None:
            name = segment_name(seg, result, index, len(parsed.segments))
            plan.specs.append(SegmentSpec(name=name, description=seg.text, criteria=result.criteria))
    return plan
