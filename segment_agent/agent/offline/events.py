"""Clauses about things that happened, as EXISTS conditions over event tables.

The event's table and state come from searching the catalog for the verb's phrase (the
vocabulary says 'bought' is about 'completed orders'); the clause's other words become
conditions on that table or on a table joined to it ('camping gear' -> order_items.category).
"""

from __future__ import annotations

import re
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.event_amounts import aggregate, measure_words
from segment_agent.agent.offline.event_frames import Frame, family
from segment_agent.agent.offline.fields import (
    expansions,
    explained,
    field_words,
    field_words_of_text,
    is_money,
    kind,
    usable,
    value_words,
)
from segment_agent.agent.offline.forms import compare
from segment_agent.agent.offline.profile_fit import verb_words
from segment_agent.agent.offline.vocabulary import vocabulary, words_of
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.lexical import stem
from segment_agent.tools.segment_spec import EventCondition, FieldCondition


def event_condition(
    clause: Clause, frame: Frame, hits: list[dict[str, Any]], amount: list[dict[str, Any]], catalog: Catalog
) -> tuple[EventCondition, list[str]]:
    """The EXISTS (or count/sum) condition of `clause` in `frame`, and the words nothing explained."""
    tables = family(catalog, frame.table)
    where, target, unexplained = list(frame.where), frame.table, []
    used_comparison = False
    framed = _frame_words(frame, catalog)
    own = [w for w in clause.words if w not in verb_words(clause) | measure_words(clause)]
    for word in _compounds(own, hits, tables, catalog):
        named = _named_value(word, hits, tables, catalog, frame)  # 'a newsletter email': that campaign type
        named = named or _null_state(word, hits, tables, catalog)  # 'unresolved' is not 'opened_at'
        if named is None and explained(word, framed):
            continue
        found = (
            named
            or _explaining(word, hits, tables, catalog, clause, used_comparison)
            or _listed(word, hits, tables, catalog)
        )
        if found is None:
            unexplained.append(word)
            continue
        cond, table, used = found
        used_comparison |= used
        if all(c.field != cond.field for c in where):
            where.append(cond)
        path = event_path(catalog, table)
        if path is not None and path.via == frame.table:
            target = table
    for word in _topic(clause):  # 'a ticket about a product issue': what it is about, said plainly
        named = _named_value(word, hits, tables, catalog, frame)
        if named is not None and all(c.field != named[0].field for c in where):
            where.append(named[0])
    event = EventCondition(table=target, where=where)
    if clause.window is not None and clause.window.relation in ("within", "duration"):
        event.within_days = clause.window.days
    path = event_path(catalog, target)
    older = clause.window is not None and clause.window.relation == "older"
    if older and clause.window is not None and path is not None and path.time_column:
        when = f"{target}.{path.time_column}"  # 'tickets opened more than 2 weeks ago': each row's own date
        if all(c.field != when for c in where):
            event.where.append(FieldCondition(field=when, op="older_than_days", value=clause.window.days))
    cmp = clause.comparison if not used_comparison else None
    if cmp is not None and cmp.unit == "percentile":
        unexplained.append("rank")  # 'top 10% by minutes watched' ranks customers, no row of an event
    elif (
        cmp is not None
        and cmp.op in (">", ">=", "<", "<=", "=")
        and not aggregate(event, clause, cmp, amount, tables, catalog)
    ):
        unexplained.append("amount")  # the amount asked has no column to be summed or compared on
    elif clause.negated:
        event.exists = False
    return event, unexplained


def _topic(clause: Clause) -> list[str]:
    """Plain words after 'about' ('about a product issue') that search was not given: one may be exactly a
    value of the event ('product' topic) though it says nothing elsewhere ('camping products')."""
    low = [t.lower() for t in clause.tokens]
    at = next((i for i, t in enumerate(low) if t in words_of("topic_markers")), None)
    said = {w.lower() for w in clause.words}
    return [] if at is None else [t for t in low[at + 1 :] if t.isalpha() and t not in said]


def _compounds(words: list[str], hits: list[dict[str, Any]], tables: set[str], catalog: Catalog) -> list[str]:
    """'win back' (or 'win-back') said of a value written as one word ('winback'): the two words are one."""
    out: list[str] = []
    for word in words:
        joined = f"{out[-1]}{word}" if out else ""
        if joined and _named_value(joined, hits, tables, catalog, Frame("")) is not None:
            out[-1] = joined
        else:
            out.append(word)
    return out


def _named_value(
    word: str, hits: list[dict[str, Any]], tables: set[str], catalog: Catalog, frame: Frame
) -> tuple[FieldCondition, str, bool] | None:
    """A value of a field of the event's tables that the word says exactly, outside the frame's own
    conditions: it narrows the event even when the event's words also cover it. A field hit offers the
    values on record ('TV' is plays.device = 'tv' even when search ranked only the column)."""
    framed = {c.field for c in frame.where}
    for hit in hits:
        info = usable(catalog, hit["field"])
        if info is None or info.table not in tables or info.name in framed:
            continue
        values = [hit["value"]] if hit.get("kind") == "value" else _recorded(info)
        for value in values:
            if _says(word, str(value)):
                return FieldCondition(field=info.name, op="=", value=value), info.table, False
    return None


def _says(word: str, value: str) -> bool:
    """The word is the value ('TV' for 'tv'), or stands for it alone ('website' for 'web')."""
    low = value.lower()
    return stem(low) == stem(word.lower()) or expansions(word) == [low]


def _recorded(info: FieldInfo) -> list[str]:
    """The values a text field holds (declared, or the most frequent on record)."""
    if kind(info) != "string":
        return []
    return [str(v) for v in info.allowed_values or [v for v, _ in info.profile.top_values[:50]]]


def _frame_words(frame: Frame, catalog: Catalog) -> frozenset[str]:
    """What the event itself says: its table's name ('email events') and its state ('open')."""
    words = field_words_of_text(" ".join(t.replace("_", " ") for t in sorted(family(catalog, frame.table))))
    path = event_path(catalog, frame.table)
    if path is not None and path.time_column:  # what dates the event says what happened: 'paid_at'
        words |= field_words_of_text(path.time_column.replace("_", " "))
    for cond in frame.where:
        info = catalog.field(cond.field)
        if info is not None:
            words |= (
                value_words(info, str(cond.value))
                if cond.value is not None
                else field_words(info, None, True)
            )
    return words


def _explaining(
    word: str, hits: list[dict[str, Any]], tables: set[str], catalog: Catalog, clause: Clause, used: bool
) -> tuple[FieldCondition, str, bool] | None:
    """The first hit on the event's tables that explains `word`, as a condition on that table."""
    for hit in hits:
        info = usable(catalog, hit["field"])
        if info is None or info.table not in tables:
            continue
        value = hit.get("value") if hit.get("kind") == "value" else None
        k = kind(info)
        # A flag or an amount must be named by its column ('machine opens' -> machine_open).
        said = value_words(info, value) if value is not None else field_words(info, name_only=True)
        if not explained(word, said):
            continue
        if value is not None:
            return FieldCondition(field=info.name, op="=", value=value), info.table, False
        if k == "boolean":
            return FieldCondition(field=info.name, op="is_true"), info.table, False
        ranked = clause.comparison is not None and clause.comparison.unit == "percentile"
        if (
            k == "number"
            and clause.comparison is not None
            and not used
            and not ranked
            and _compared_here(info, clause)
        ):
            cond = compare(info, clause.comparison)
            if isinstance(cond, FieldCondition):
                return cond, info.table, True
        if k == "string":
            return FieldCondition(field=info.name, op="is_not_null"), info.table, False
        if k == "number" and clause.comparison is None and not is_money(info):
            return FieldCondition(field=info.name, op=">", value=0), info.table, False  # 'added to cart'
    return None


def _compared_here(info: FieldInfo, clause: Clause) -> bool:
    """A number column named by a word of the clause takes its comparison; a money column only when the
    amount is one row's ('orders with over $20 of discount'), not a sum of what was spent or paid."""
    if not is_money(info):
        return True
    summed = {str(v) for v in vocabulary()["money_verbs"]}
    cmp = clause.comparison
    return cmp is not None and cmp.unit == "money" and not any(w.lower() in summed for w in clause.words)


def _null_state(
    word: str, hits: list[dict[str, Any]], tables: set[str], catalog: Catalog
) -> tuple[FieldCondition, str, bool] | None:
    """A date of the event's tables whose missing value means the state the word says ('closed_at: NULL
    while still open' for 'unresolved'): that state, before the event's own words can absorb the word."""
    for hit in hits:
        info = usable(catalog, hit["field"])
        if info is not None and info.table in tables and kind(info) == "time" and _null_means(info, word):
            return FieldCondition(field=info.name, op="is_null"), info.table, False
    return None


def _null_means(info: FieldInfo, word: str) -> bool:
    """A date whose description says what a missing value means: 'NULL while still open'."""
    said = re.search(r"\bnull\s+(?:while|until|when|as long as)\s+([^.;]+)", info.description or "", re.I)
    if said is None:
        return False
    opened = word.lower() in words_of("still_open") and re.search(r"\bopen\b", said.group(1), re.I)
    return bool(opened) or explained(word, field_words_of_text(said.group(1)))


def _listed(
    word: str, hits: list[dict[str, Any]], tables: set[str], catalog: Catalog
) -> tuple[FieldCondition, str, bool] | None:
    """An umbrella word that names several values of one field: 'online' -> channel in (web, app)."""
    parts = expansions(word)
    if len(parts) < 2:
        return None
    values: dict[str, list[str]] = {}
    for hit in hits:
        info = usable(catalog, hit["field"])
        if info is None or info.table not in tables or hit.get("kind") != "value":
            continue
        if any(explained(p, value_words(info, hit["value"])) for p in parts):
            values.setdefault(info.name, []).append(hit["value"])
    for name, found in values.items():
        found = list(dict.fromkeys(found))
        if len(found) == len(parts):
            return FieldCondition(field=name, op="in", value=found), name.split(".")[0], False
    return None
