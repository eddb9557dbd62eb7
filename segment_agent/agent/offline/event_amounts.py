"""The amount an event clause asks for: a count, a distinct count, a sum of money or time, or a row filter.

'more than 3 orders' counts rows, 'three different titles' counts titles once, '$500 spent' and
'charges adding up to $100' sum the money column, '10 hours watched' sums the duration column, and
'an order over $100' filters rows. With no column to hold the amount, the clause is not answerable.
"""

from __future__ import annotations

from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.fields import (
    explained,
    field_words_of_text,
    is_money,
    kind,
    minutes_per_unit,
    usable,
)
from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.segment_spec import EventCondition, FieldCondition

_INVERSE = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "!=", "!=": "="}


def aggregate(
    event: EventCondition,
    clause: Clause,
    cmp: Any,
    amount: list[dict[str, Any]],
    tables: set[str],
    catalog: Catalog,
) -> bool:
    """'more than 3 orders' counts events; '$500 spent' sums amounts; 'an order over $100' filters rows.
    False when no column of the event can hold the amount asked."""
    op = _INVERSE[cmp.op] if clause.negated else cmp.op
    summed = {str(v) for v in vocabulary()["money_verbs"]} | _TOTALS  # 'charges adding up to $100'
    money_verb = any(w.lower() in summed for w in clause.words)
    if cmp.unit == "minutes":  # 'watched more than 10 hours': the time spent, summed
        order = [event.table, *sorted(tables - {event.table})]
        timed = next(
            (i for t in order for i in catalog.fields
             if i.table == t and kind(i) == "number" and minutes_per_unit(i) and usable(catalog, i.name)),
            None,
        )  # fmt: skip
        if timed is None:
            return False
        per = minutes_per_unit(timed) or 1.0
        event.aggregate, event.aggregate_field = "sum", timed.name
        event.aggregate_op, event.aggregate_value = op, round(float(cmp.values[0]) / per, 6)
        return True
    if cmp.unit == "money" or money_verb and cmp.unit != "times":  # "paid at least once" counts
        info = next(
            (
                i
                for h in amount
                if (i := usable(catalog, h["field"]))
                and i.table in tables
                and kind(i) == "number"
                and (is_money(i) or cmp.unit != "money")  # '$50' is no id or count
            ),
            None,
        ) or next(
            (i for t in [event.table, *sorted(tables)] for i in catalog.fields
             if i.table == t and is_money(i) and usable(catalog, i.name)),
            None,
        )  # fmt: skip
        if info is None:
            return False
        if not money_verb:  # 'never placed an order over $100': no such order
            event.where.append(FieldCondition(field=info.name, op=cmp.op, value=cmp.values[0]))
            event.exists = not clause.negated
            return True
        event.aggregate, event.aggregate_field = "sum", info.name
    else:
        event.aggregate = "count"
        path = event_path(catalog, event.table)
        if path is not None and path.via and path.join_on:  # items of one order count once
            event.aggregate_field = f"{event.table}.{path.join_on}"
        distinct = _distinct_key(clause, path)
        if distinct:  # 'three different titles': each title once
            event.aggregate_field = f"{event.table}.{distinct}"
    event.aggregate_op, event.aggregate_value = op, float(cmp.values[0])
    return True


def _distinct_key(clause: Clause, path: Any) -> str | None:
    """'at least 3 different titles': the column joining the event to the lookup table named after a
    word of distinctness (different, distinct, unique), counted once per value."""
    low = [w.lower() for w in clause.words]
    if path is None or not {"different", "distinct", "unique"} & set(low):
        return None
    for table, column in path.lookups:
        named = field_words_of_text(table.replace("_", " "))
        if any(explained(w, named) for w in low):
            return column
    return None


_TOTALS = {"total", "combined", "overall", "altogether"}


def measure_words(clause: Clause) -> set[str]:
    """Words that only say how an amount is measured: 'in total', and 'spent' before a duration
    ('spent 10 hours watching' is time, not money)."""
    if clause.comparison is None:
        return set()
    said = {w for w in clause.words if w.lower() in _TOTALS}
    if clause.comparison.unit == "minutes":
        said |= {w for w in clause.words if w.lower() in {str(v) for v in vocabulary()["money_verbs"]}}
    return said
