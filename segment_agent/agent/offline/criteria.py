"""One clause -> one criterion: a glossary term, a profile field, an event, or two measures compared.

Also says when the catalog lacks the data (missing.py words it) and which look-alike fields
need resolve_fields before the criterion is final.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from segment_agent.agent.offline.clause_spec import MIN_SCORE, Choice, all_verbs, profile_choice, verb_words
from segment_agent.agent.offline.clauses import Clause
from segment_agent.agent.offline.events import event_condition, event_frame, family
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import coverage, field_words, generic, is_money, kind, usable
from segment_agent.agent.offline.forms import field_form
from segment_agent.agent.offline.missing import missing_reason
from segment_agent.agent.offline.vocabulary import phrase_regex, vocabulary
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import FieldCondition, Group, TermCondition

MIN_NAMED_SCORE = 0.2
MIN_COVER = 0.6  # the chosen field must explain most of what the clause says
GAP = 0.15  # a far better-named field that cannot express the clause means the data is missing


@dataclass
class Outcome:
    """A clause's criterion, or why there is none; `attach` is a condition for the event before it."""

    clause: Clause
    criterion: Any = None
    missing: str | None = None
    attach: FieldCondition | None = None
    event: str | None = None
    resolve: tuple[str, list[str]] | None = None
    field: str | None = None
    question: str | None = None


def concept(clause: Clause) -> str:
    """The clause's concept as the marketer said it, for resolve_fields."""
    return " ".join(clause.words)


def event_queries(clause: Clause) -> list[str]:
    """Extra searches an event clause needs: its verb's phrase and, for money, the amount."""
    if clause.event is None:
        return []
    spec = vocabulary()["events"][clause.event]
    return [spec["query"], *([spec["amount"]] if spec.get("amount") and clause.comparison else [])]


def outcome(clause: Clause, ev: Evidence, catalog: Catalog, previous_event: str | None,
            prefer: set[str] | None = None, lean: set[str] | None = None) -> Outcome:
    """What `clause` becomes, given the tool results so far (searches must be in `ev`)."""
    if clause.term:
        return Outcome(clause, criterion=_term(clause, ev))
    if clause.versus is not None:
        return _versus(clause, ev, catalog)
    hits = clause_hits(clause, ev)
    if clause.event is None and previous_event is not None:
        inherited = _inherited(clause, ev, catalog, previous_event, hits)
        if inherited is not None:
            return inherited
    if clause.since and clause.event is not None:  # 'has not ordered since': an event, after the one before
        found = _event(clause, clause.event, ev, catalog, hits)
        if found is not None:
            return found
    choice = profile_choice(clause, hits, catalog, lean or set())
    profile = _from_choice(clause, choice, ev, catalog, prefer or set()) if choice.criterion is not None else None
    if profile is not None and profile.missing is None:
        return profile
    if clause.event is not None:
        found = _event(clause, clause.event, ev, catalog, hits)
        if found is not None:
            return found
    return profile or Outcome(clause, missing=missing_reason(clause, hits, choice, catalog))


def clause_hits(clause: Clause, ev: Evidence) -> list[dict[str, Any]]:
    """Hits of all the clause's queries, best score per field or value, best first."""
    best: dict[tuple[str, str | None], dict[str, Any]] = {}
    for query in clause.queries:
        for hit in ev.search(query) or []:
            key = (hit["field"], hit.get("value") if hit.get("kind") == "value" else None)
            if key not in best or hit["score"] > best[key]["score"]:
                best[key] = hit
    return sorted(best.values(), key=lambda h: -float(h["score"]))


def _from_choice(clause: Clause, choice: Choice, ev: Evidence, catalog: Catalog, prefer: set[str]) -> Outcome:
    """The profile criterion, with the field resolve_fields (or a reviewer) chose among look-alikes."""
    info = catalog.field(choice.field or "")
    verbs = verb_words(clause) | (all_verbs() if clause.event is None else set())
    words = [w for w in clause.words if w not in verbs]
    core = [w for w in words if not generic(w)] or words  # 'credit score': 'score' says nothing
    cover = coverage(core, field_words(info, choice.value), clause.phrase) if info is not None else 0.0
    named = info is not None and coverage(core, field_words(info, choice.value, True), clause.phrase) == 1.0
    better = choice.best_other is not None and float(choice.best_other["score"]) > choice.score + GAP
    # A value or name said exactly ('US', 'joined') is certain even when a short query scores low.
    floor = MIN_NAMED_SCORE if cover == 1.0 and (choice.value is not None or named) else MIN_SCORE
    if choice.score < floor or cover < MIN_COVER or better:
        return Outcome(clause, missing=missing_reason(clause, [], choice, catalog))
    out = Outcome(clause, criterion=choice.criterion, field=choice.field)
    chosen = None
    if choice.candidates:
        out.resolve = (concept(clause), choice.candidates)
        resolution = ev.resolution(concept(clause)) or {}
        chosen = usable(catalog, resolution.get("choice") or "")
        if resolution and not resolution.get("choice") and resolution.get("question"):
            out.question = resolution["question"]
    wanted = [usable(catalog, name) for name in sorted(prefer) if name != choice.field]
    chosen = next((w for w in wanted if w is not None and kind(w) == kind(info) and w.table == info.table
                   and is_money(w) == is_money(info)), chosen) if info is not None else chosen
    if chosen is not None and chosen.name != choice.field:
        form = field_form(chosen, clause, choice.value)
        if form is not None:
            out.criterion, out.field = form, chosen.name
    return out


def _inherited(clause: Clause, ev: Evidence, catalog: Catalog, kind_: str, hits: list[dict[str, Any]]
               ) -> Outcome | None:
    """'bought something but never any camping gear': the verb carries over to a clause without one;
    'opened an email (machine opens don't count)': an exclusion narrows the event before it."""
    query = vocabulary()["events"][kind_]["query"]
    frame = event_frame(query, ev.search(query) or [], catalog)
    if frame is None or not clause.words:
        return None
    if phrase_regex("exclusion_suffixes").search(clause.text):
        tables = family(catalog, frame.table)
        for hit in hits:
            info = usable(catalog, hit["field"])
            if info is not None and info.table in tables and kind(info) == "boolean":
                return Outcome(clause, attach=FieldCondition(field=info.name, op="is_false"))
        return None
    found = _event(replace(clause, event=kind_), kind_, ev, catalog, hits)
    return found if found is not None and len(found.criterion.where) > len(frame.where) else None


def _event(clause: Clause, kind_: str, ev: Evidence, catalog: Catalog, hits: list[dict[str, Any]]
           ) -> Outcome | None:
    spec = vocabulary()["events"][kind_]
    frame = event_frame(spec["query"], ev.search(spec["query"]) or [], catalog)
    if frame is None:
        return None
    amount = ev.search(spec.get("amount", "")) or [] if spec.get("amount") else []
    condition, unexplained = event_condition(clause, frame, hits, amount, catalog)
    if unexplained:
        return None
    return Outcome(clause, criterion=condition, event=kind_)


def _term(clause: Clause, ev: Evidence) -> Any:
    """The glossary term; a window stated with it ('active in the last 7 days') replaces the term's own."""
    criterion: Any = TermCondition(term=clause.term or "")
    resolved = ev.term(clause.term or "") or {}
    conditions = [FieldCondition.model_validate(c) for c in resolved.get("criteria", [])]
    dated = [c for c in conditions if c.op in ("within_last_days", "older_than_days")]
    if clause.window is not None and len(dated) == 1:
        items = [c.model_copy(update={"value": clause.window.days}) if c is dated[0] else c for c in conditions]
        criterion = items[0] if len(items) == 1 else Group(items=items)
    return Group(negate=True, items=[criterion]) if clause.negated else criterion


def _versus(clause: Clause, ev: Evidence, catalog: Catalog) -> Outcome:
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
        if (info is not None and info.table == catalog.entity_table and kind(info) == "number"
                and hit.get("kind") != "value" and hit["score"] >= floor and info.status != "deprecated"
                and (other is None or (info.name != other.name and info.unit == other.unit))):
            return info.name
    return None

