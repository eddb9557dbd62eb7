"""Clauses about events: 'bought camping gear in the last 30 days', 'but never any camping gear'
(the verb carries over), 'opened an email (machine opens don't count)' (an exclusion narrows it)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from segment_agent.agent.offline.catalog_words import bare, set_aside
from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.event_frames import Frame, event_frame, family
from segment_agent.agent.offline.events import event_condition
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import expansions, explained, field_words, kind, usable, value_words
from segment_agent.agent.offline.outcome import Outcome
from segment_agent.agent.offline.profile_fit import verb_words
from segment_agent.agent.offline.vocabulary import vocabulary, words_of
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.lexical import stem
from segment_agent.tools.segment_spec import EventCondition, FieldCondition

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
    return frame_outcome(clause, frame, ev, catalog, hits, amount)


def catalog_event_outcome(
    clause: Clause, ev: Evidence, catalog: Catalog, hits: list[dict[str, Any]]
) -> Outcome | None:
    """'a failed payment in the last 30 days': rows of an event table that search found for the clause's
    own words (payments where outcome = failed), when no verb of the vocabulary frames the event. Every
    word must be explained by that table, the tables it joins, or their values."""
    if not clause.words:
        return None
    for table in event_tables(hits, catalog)[:2]:
        frame = Frame(table)
        _, unexplained = event_condition(clause, frame, hits, hits, catalog)
        if len(unexplained) == len([w for w in clause.words if w not in verb_words(clause)]):
            continue  # the table explains none of the clause: search only brushed it
        found = frame_outcome(clause, frame, ev, catalog, hits, hits)
        if found is not None and isinstance(found.criterion, EventCondition):
            _plain_state(found.criterion, frame.table, catalog)
        if found is not None:
            return found
    return None


def event_tables(hits: list[dict[str, Any]], catalog: Catalog) -> list[str]:
    """Event tables of the hits, best first; a hit on a lookup table (titles) stands for the event
    tables it describes (plays)."""
    out: list[str] = []
    paths = {t: p for t in catalog.tables() if (p := event_path(catalog, t)) is not None}
    for hit in hits:
        info = usable(catalog, hit["field"])
        if info is None or info.table == catalog.entity_table:
            continue
        tables = (
            [info.table] if info.table in paths else [t for t, p in paths.items() if info.table in p.tables]
        )
        out += [t for t in tables if t not in out]
    return out


def frame_outcome(
    clause: Clause,
    frame: Frame,
    ev: Evidence,
    catalog: Catalog,
    hits: list[dict[str, Any]],
    amount: list[dict[str, Any]],
) -> Outcome | None:
    """`clause` as rows of `frame`'s table; words nothing explains are looked up on their own first."""
    condition, unexplained = event_condition(clause, frame, hits, amount, catalog)
    if unexplained:  # look each word up on its own ('on mobile'), and what it stands for ('online': web, app)
        table = frame.table.replace("_", " ")
        queries = [q for w in unexplained for q in dict.fromkeys([w, *expansions(w), f"{table} {w}"])]
        pending = [q for q in queries if ev.search(q) is None]
        if pending:
            return Outcome(clause, needs=pending)
        more = [h for q in queries for h in ev.search(q) or []]
        condition, unexplained = event_condition(clause, frame, hits + more, amount, catalog)
    success = [w for w in unexplained if _success_word(w)]
    if success and _plain_state(condition, frame.table, catalog):  # 'paid successfully': the success state
        unexplained = [w for w in unexplained if w not in success]
    if unexplained and not _unnamed(clause, unexplained, condition.where, frame, catalog):
        return None
    return Outcome(clause, criterion=condition, event=clause.event or frame.table)


def _success_word(word: str) -> bool:
    """'successful', 'successfully', 'completed': a word saying the event went through."""
    low = word.lower()
    return any(low.startswith(s) or stem(low) == stem(s) for s in words_of("success_states"))


def _unnamed(
    clause: Clause, words: list[str], where: list[FieldCondition], frame: Frame, catalog: Catalog
) -> bool:
    """Words that only name the kind of a value the event's conditions already hold ('browser' in 'web
    browser' beside device = web), on undocumented event tables (catalog_words.set_aside)."""
    fields = [f for f in catalog.fields if f.table in family(catalog, frame.table)]
    if not all(bare(f) for f in fields):
        return False
    said: frozenset[str] = frozenset()
    for cond in where[len(frame.where) :]:
        info = catalog.field(cond.field)
        values = cond.value if isinstance(cond.value, list) else [cond.value]
        if info is not None and cond.op in ("=", "in"):
            said |= frozenset().union(*(value_words(info, str(v)) for v in values))
        elif info is not None and cond.op == "is_true":
            said |= field_words(info, name_only=True)
    return set_aside(clause, words, said, catalog)


def _plain_state(condition: EventCondition, table: str, catalog: Catalog) -> bool:
    """A payment said plainly ('paid with a gift card') is one that went through: when the table has a
    state column with a success value ('succeeded') and the clause names no state, that one."""
    success = words_of("success_states")
    named = {c.field for c in condition.where}
    for info in catalog.fields:
        if (
            info.table != table
            or kind(info) != "string"
            or info.name in named
            or not usable(catalog, info.name)
        ):
            continue
        values = info.allowed_values or [str(v) for v, _ in info.profile.top_values]
        if any(str(v).lower() in success for v in values) and len(values) <= 12:
            state = next(str(v) for v in values if str(v).lower() in success)
            condition.where.append(FieldCondition(field=info.name, op="=", value=state))
            return True
    return False
