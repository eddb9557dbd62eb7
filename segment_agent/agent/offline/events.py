"""Clauses about things that happened, as EXISTS conditions over event tables.

The event's table and state come from searching the catalog for the verb's phrase (the
vocabulary says 'bought' is about 'completed orders'); the clause's other words become
conditions on that table or on a table joined to it ('camping gear' -> order_items.category).
"""

from __future__ import annotations

import re
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.event_frames import Frame, family
from segment_agent.agent.offline.fields import (
    expansions,
    explained,
    field_words,
    field_words_of_text,
    is_money,
    kind,
    minutes_per_unit,
    usable,
    value_words,
)
from segment_agent.agent.offline.forms import compare
from segment_agent.agent.offline.profile_fit import verb_words
from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.segment_spec import EventCondition, FieldCondition

_INVERSE = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "!=", "!=": "="}


def event_condition(
    clause: Clause, frame: Frame, hits: list[dict[str, Any]], amount: list[dict[str, Any]], catalog: Catalog
) -> tuple[EventCondition, list[str]]:
    """The EXISTS (or count/sum) condition of `clause` in `frame`, and the words nothing explained."""
    tables = family(catalog, frame.table)
    where, target, unexplained = list(frame.where), frame.table, []
    used_comparison = False
    framed = _frame_words(frame, catalog)
    for word in [w for w in clause.words if w not in verb_words(clause) and not explained(w, framed)]:
        found = _explaining(word, hits, tables, catalog, clause, used_comparison) or _listed(
            word, hits, tables, catalog
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
    if cmp is not None and cmp.op in (">", ">=", "<", "<=", "="):
        _aggregate(event, clause, cmp, amount, tables, catalog)
    elif clause.negated:
        event.exists = False
    return event, unexplained


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


def _aggregate(
    event: EventCondition,
    clause: Clause,
    cmp: Any,
    amount: list[dict[str, Any]],
    tables: set[str],
    catalog: Catalog,
) -> None:
    """'more than 3 orders' counts events; '$500 spent' sums amounts; 'an order over $100' filters rows."""
    op = _INVERSE[cmp.op] if clause.negated else cmp.op
    money_verb = any(w in vocabulary()["money_verbs"] for w in clause.words)
    if cmp.unit == "minutes":  # 'watched more than 10 hours': the time spent, summed
        order = [event.table, *sorted(tables - {event.table})]
        timed = next(
            (i for t in order for i in catalog.fields
             if i.table == t and kind(i) == "number" and minutes_per_unit(i) and usable(catalog, i.name)),
            None,
        )  # fmt: skip
        if timed is None:
            return
        per = minutes_per_unit(timed) or 1.0
        event.aggregate, event.aggregate_field = "sum", timed.name
        event.aggregate_op, event.aggregate_value = op, round(float(cmp.values[0]) / per, 6)
        return
    if cmp.unit == "money" or money_verb:
        info = next(
            (
                i
                for h in amount
                if (i := usable(catalog, h["field"])) and i.table in tables and kind(i) == "number"
            ),
            None,
        )
        if info is None:
            return
        if not money_verb:  # 'never placed an order over $100': no such order
            event.where.append(FieldCondition(field=info.name, op=cmp.op, value=cmp.values[0]))
            event.exists = not clause.negated
            return
        event.aggregate, event.aggregate_field = "sum", info.name
    else:
        event.aggregate = "count"
        path = event_path(catalog, event.table)
        if path is not None and path.via and path.join_on:  # items of one order count once
            event.aggregate_field = f"{event.table}.{path.join_on}"
    event.aggregate_op, event.aggregate_value = op, float(cmp.values[0])
