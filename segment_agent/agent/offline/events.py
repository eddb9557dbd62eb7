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
    for word in [w for w in clause.words if w not in verb_words(clause) | measure_words(clause)]:
        named = _named_value(word, hits, tables, catalog, frame)  # 'a newsletter email': that campaign type
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
    event = EventCondition(table=target, where=where)
    if clause.window is not None and clause.window.relation in ("within", "duration"):
        event.within_days = clause.window.days
    cmp = clause.comparison if not used_comparison else None
    if (
        cmp is not None
        and cmp.op in (">", ">=", "<", "<=", "=")
        and not aggregate(event, clause, cmp, amount, tables, catalog)
    ):
        unexplained.append("amount")  # the amount asked has no column to be summed or compared on
    elif clause.negated:
        event.exists = False
    return event, unexplained


def _named_value(
    word: str, hits: list[dict[str, Any]], tables: set[str], catalog: Catalog, frame: Frame
) -> tuple[FieldCondition, str, bool] | None:
    """A value of a field of the event's tables that the word says exactly, outside the frame's own
    conditions: it narrows the event even when the event's words also cover it."""
    framed = {c.field for c in frame.where}
    for hit in hits:
        info = usable(catalog, hit["field"])
        value = hit.get("value") if hit.get("kind") == "value" else None
        if info is None or value is None or info.table not in tables or info.name in framed:
            continue
        if stem(str(value).lower()) == stem(word.lower()):
            return FieldCondition(field=info.name, op="=", value=value), info.table, False
    return None


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
        if k == "time" and value is None and _null_means(info, word):
            return FieldCondition(field=info.name, op="is_null"), info.table, False
        # A flag or an amount must be named by its column ('machine opens' -> machine_open).
        said = value_words(info, value) if value is not None else field_words(info, name_only=True)
        if not explained(word, said):
            continue
        if value is not None:
            return FieldCondition(field=info.name, op="=", value=value), info.table, False
        if k == "boolean":
            return FieldCondition(field=info.name, op="is_true"), info.table, False
        if k == "number" and clause.comparison is not None and not used and not is_money(info):
            cond = compare(info, clause.comparison)
            if isinstance(cond, FieldCondition):
                return cond, info.table, True
        if k == "string":
            return FieldCondition(field=info.name, op="is_not_null"), info.table, False
    return None


def _null_means(info: FieldInfo, word: str) -> bool:
    """A date whose description says what a missing value means: 'NULL while still open'."""
    said = re.search(r"\bnull\s+(?:while|until|when|as long as)\s+([^.;]+)", info.description or "", re.I)
    return bool(said) and explained(word, field_words_of_text(said.group(1)))


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
