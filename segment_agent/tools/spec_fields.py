"""How a spec's names and values meet the catalog: field resolution and typed values.

Shared by the validator, the compiler and the renderer so the three always agree on which
column a name means and which value a literal stands for.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
)


def coerce_scalar(kind: str, value: Any) -> Any:
    """`value` as the Python value a column of `kind` compares with; ValueError when it does not fit."""
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"{value!r} is not a number")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        # Whole numbers print as integers ("3", not "3.0") in SQL and in English.
        return int(number) if number.is_integer() and abs(number) < 2**63 else number
    if kind == "boolean":
        if isinstance(value, bool) or str(value).lower() in ("true", "false"):
            return value if isinstance(value, bool) else str(value).lower() == "true"
        raise ValueError(f"{value!r} is not true or false")
    if kind in ("date", "timestamp"):
        text = str(value)
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{value!r} is not a plain value")
    return str(value) if kind == "string" else value


def resolve_field(catalog: Catalog, name: str, tables: list[str]) -> FieldInfo | None:
    """The field `name` ('table.column' or a bare column) among `tables`, first table first."""
    table, _, column = name.rpartition(".")
    for t in [table] if table else tables:
        info = catalog.field(f"{t}.{column}")
        if info is not None and t in tables:
            return info
    return None


def spec_fields(spec: SegmentSpec, catalog: Catalog) -> list[str]:
    """Every field the spec reads, as 'table.column' (deduplicated, in order of appearance)."""
    found: list[str] = []

    def add(name: str | None, tables: list[str]) -> None:
        info = resolve_field(catalog, name, tables) if name else None
        if name and (full := info.name if info else name) not in found:
            found.append(full)

    def event(e: EventCondition) -> None:
        path = event_path(catalog, e.table)
        tables = path.tables if path else [e.table]
        for cond in e.where:
            add(cond.field, tables)
        add(e.aggregate_field, tables)

    def walk(item: Any) -> None:
        if isinstance(item, Group):
            for child in item.items:
                walk(child)
        elif isinstance(item, FieldCondition):
            add(item.field, [catalog.entity_table])
            for name in [item.value_field, *(item.value_plus or [])]:
                add(name, [catalog.entity_table])
        elif isinstance(item, EventCondition):
            event(item)
        elif isinstance(item, SequenceCondition):
            event(item.first)
            event(item.then_not)

    walk(spec.criteria)
    return found
