"""Check a segment spec against the catalog before compiling it.

Every problem becomes a structured error {what, where, hint} so the planner can redraft:
unknown fields (with the closest names), operators that do not fit the column type, values
that do not parse, unreachable event tables, and unresolved glossary terms or percentiles.
"""

from __future__ import annotations

import difflib

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import EventPath, columns, event_path, type_kind
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)
from segment_agent.tools.spec_fields import coerce_scalar, resolve_field

__all__ = ["OPS_BY_KIND", "SpecError", "resolve_field", "validate_spec"]

_ORDERED = {"=", "!=", ">", ">=", "<", "<=", "in", "not_in", "between"}
_DATED = {"=", "!=", ">", ">=", "<", "<=", "between", "within_last_days", "older_than_days"}
OPS_BY_KIND: dict[str, set[str]] = {
    "number": _ORDERED,
    "string": {"=", "!=", "in", "not_in"},
    "boolean": {"is_true", "is_false", "=", "!="},
    "date": _DATED,
    "timestamp": _DATED,
    "other": {"=", "!="},
}
NULLARY = {"is_null", "is_not_null", "is_true", "is_false"}
_COMPARABLE = {"=", "!=", ">", ">=", "<", "<="}


class SpecError(UserError):
    """A spec that cannot be compiled; `.errors` lists {what, where, hint} for a redraft."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"Invalid segment spec at {first['where']}: {first['what']}{more}", first["hint"])
        self.errors = errors


def validate_spec(spec: SegmentSpec, catalog: Catalog) -> list[dict[str, str]]:
    """All problems that stop `spec` from compiling on `catalog`; an empty list means valid."""
    return _Checker(catalog).group(spec.criteria, "criteria")


class _Checker:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.errors: list[dict[str, str]] = []

    def err(self, what: str, where: str, hint: str) -> None:
        self.errors.append({"what": what, "where": where, "hint": hint})

    def group(self, group: Group, where: str) -> list[dict[str, str]]:
        if not group.items:
            self.err("empty group", where, "add at least one criterion or remove the group")
        for i, item in enumerate(group.items):
            at = f"{where}.items[{i}]"
            if isinstance(item, Group):
                self.group(item, at)
            elif isinstance(item, FieldCondition):
                self.field(item, at, [self.catalog.entity_table])
            elif isinstance(item, TermCondition):
                hint = "expand the term with the business glossary into field conditions before compiling"
                self.err(f"unresolved glossary term '{item.term}'", at, hint)
            elif isinstance(item, EventCondition):
                self.event(item, at)
            else:
                self.sequence(item, at)
        return self.errors

    def field(self, cond: FieldCondition, where: str, tables: list[str]) -> None:
        info = resolve_field(self.catalog, cond.field, tables)
        if info is None:
            self.err(f"unknown field '{cond.field}'", where, self._field_hint(cond.field, tables))
            return
        kind = type_kind(info.type)
        allowed_ops = OPS_BY_KIND[kind] | {"is_null", "is_not_null"}
        if cond.op not in allowed_ops:
            what = f"operator '{cond.op}' does not fit {info.name} ({info.type})"
            self.err(what, where, f"use one of: {', '.join(sorted(allowed_ops))}")
            return
        if cond.value_field is not None:
            self._value_field(cond, info, kind, where, tables)
            return
        arithmetic = [cond.value_factor, cond.value_offset, cond.value_offset_days]
        if cond.value_plus or any(a is not None for a in arithmetic):
            hint = "name the field to compare with in value_field, or drop value_plus/factor/offset"
            self.err("value_plus, value_factor and the offsets need a value_field", where, hint)
            return
        if cond.percentile is not None:
            hint = "resolve the percentile on the data and put the number in 'value'"
            self.err(f"unresolved percentile {cond.percentile} on {info.name}", where, hint)
            return
        self._value(cond, info, kind, where)

    def _value(self, cond: FieldCondition, info: FieldInfo, kind: str, where: str) -> None:
        if cond.op in NULLARY:
            return
        if cond.op in ("within_last_days", "older_than_days"):
            ok = isinstance(cond.value, int) and not isinstance(cond.value, bool) and cond.value >= 1
            if not ok:
                self.err(f"'{cond.op}' needs a whole number of days, got {cond.value!r}", where, "e.g. 30")
            return
        values = cond.value if isinstance(cond.value, list | tuple) else [cond.value]
        if cond.op in ("in", "not_in") and not (isinstance(cond.value, list | tuple) and values):
            self.err(f"'{cond.op}' needs a non-empty list of values", where, "e.g. ['CA', 'NY']")
            return
        if cond.op == "between" and not (isinstance(cond.value, list | tuple) and len(values) == 2):
            self.err("'between' needs [low, high]", where, "e.g. [18, 34]")
            return
        if cond.op not in ("in", "not_in", "between") and isinstance(cond.value, list | tuple):
            self.err(
                f"'{cond.op}' compares with one value, got a list", where, "use 'in' for a list of values"
            )
            return
        try:
            coerced = [coerce_scalar(kind, v) for v in values]
        except (ValueError, TypeError) as exc:
            self.err(f"bad value for {info.name} ({info.type}): {exc}", where, _value_hint(kind))
            return
        if cond.op == "between" and coerced[0] > coerced[1]:
            self.err(f"'between' bounds are reversed: {coerced[0]} > {coerced[1]}", where, "give [low, high]")
        allowed = info.allowed_values
        for v in coerced if kind == "string" and allowed else []:
            if v not in allowed:
                close = difflib.get_close_matches(v, allowed, n=3, cutoff=0.3) or allowed[:8]
                self.err(f"'{v}' is not a value of {info.name}", where, f"allowed values include: {close}")

    def _value_field(
        self, cond: FieldCondition, info: FieldInfo, kind: str, where: str, tables: list[str]
    ) -> None:
        others = [cond.value_field or "", *(cond.value_plus or [])]
        resolved = [resolve_field(self.catalog, name, tables) for name in others]
        for name, other in zip(others, resolved, strict=True):
            if other is None:
                self.err(f"unknown field '{name}'", where, self._field_hint(name, tables))
        found = [o for o in resolved if o is not None]
        if len(found) < len(others):
            return
        dated = {"date", "timestamp"}
        first = found[0]
        same = type_kind(first.type) == kind or {type_kind(first.type), kind} <= dated
        if cond.op not in _COMPARABLE or not same or cond.value is not None or cond.percentile is not None:
            hint = "compare two fields of the same kind with =, !=, <, <=, > or >=, and give no value"
            self.err(f"cannot compare {info.name} '{cond.op}' {first.name}", where, hint)
            return
        self._arithmetic(cond, [info, *found], kind, where)

    def _arithmetic(self, cond: FieldCondition, fields: list[FieldInfo], kind: str, where: str) -> None:
        """A sum, factor or number offset needs numbers on both sides; a day offset needs dates."""
        names = ", ".join(f"{f.name} ({f.type})" for f in fields if type_kind(f.type) != "number")
        if (cond.value_plus or cond.value_factor is not None or cond.value_offset is not None) and names:
            hint = "add to or scale numeric fields only; shift dates with value_offset_days"
            self.err(f"cannot add to or scale {names}", where, hint)
        if cond.value_offset is not None and not abs(cond.value_offset) < float("inf"):
            self.err(f"value_offset must be a finite number, got {cond.value_offset}", where, "e.g. 5 or -10")
        if cond.value_factor is not None and not (0 < cond.value_factor < float("inf")):
            what = f"value_factor must be a positive number, got {cond.value_factor}"
            self.err(what, where, "e.g. 2 or 0.5")
        if cond.value_offset_days is not None and kind not in ("date", "timestamp"):
            hint = "day offsets shift a date: use value_offset, value_factor or value_plus for numbers"
            self.err(f"cannot add days to {fields[1].name} ({fields[1].type})", where, hint)
        elif cond.value_offset_days == 0:
            self.err("value_offset_days is 0", where, "drop it, or give the days (negative for before)")

    def _field_hint(self, name: str, tables: list[str]) -> str:
        column = name.rpartition(".")[2]
        names = {f.column: f.name for t in tables for f in columns(self.catalog, t)}
        close = [names[c] for c in difflib.get_close_matches(column, list(names), n=3, cutoff=0.6)]
        table = name.rpartition(".")[0]
        if table and table not in tables and event_path(self.catalog, table):
            return f"{table} is an event table: state it as an event condition over {table}"
        return f"did you mean {', '.join(close)}?" if close else "search the catalog for the right field"

    def event(self, cond: EventCondition, where: str) -> EventPath | None:
        path = event_path(self.catalog, cond.table)
        if path is None:
            key, entity, tables = self.catalog.entity_key, self.catalog.entity_table, self.catalog.tables()
            close = difflib.get_close_matches(cond.table, tables, n=3, cutoff=0.5)
            if cond.table == entity:
                hint = f"{entity} is the profile table: use field conditions on its columns"
            elif cond.table in tables or not close:
                hint = f"event tables need a {key} column, or one join to a table that has it"
            else:
                hint = f"did you mean {', '.join(close)}?"
            self.err(f"'{cond.table}' is not an event table linked to {entity}", where, hint)
            return None
        if cond.within_days is not None and path.time_column is None:
            self.err(f"{cond.table} has no date or timestamp column", where, "drop 'within_days'")
        tables = path.tables
        for i, sub in enumerate(cond.where):
            self.field(sub, f"{where}.where[{i}]", tables)
        self._aggregate(cond, where, tables)
        return path

    def _aggregate(self, cond: EventCondition, where: str, tables: list[str]) -> None:
        has_threshold = cond.aggregate_op is not None and cond.aggregate_value is not None
        if cond.aggregate is None:
            if cond.aggregate_op is not None or cond.aggregate_value is not None:
                self.err("threshold without an aggregate", where, "set aggregate: count/sum/avg/max/min")
            return
        if not has_threshold:
            self.err(f"'{cond.aggregate}' needs aggregate_op and aggregate_value", where, "e.g. '>=' and 3")
        if cond.aggregate_field is None:
            if cond.aggregate != "count":
                self.err(f"'{cond.aggregate}' needs aggregate_field", where, "e.g. net_amount")
            return
        name = cond.aggregate_field
        info = resolve_field(self.catalog, name, tables)
        if info is None:
            self.err(f"unknown field '{name}'", where, self._field_hint(name, tables))
        elif cond.aggregate != "count" and type_kind(info.type) != "number":
            self.err(f"cannot {cond.aggregate} {info.name} ({info.type})", where, "use a numeric column")

    def sequence(self, cond: SequenceCondition, where: str) -> None:
        if not cond.first.exists:
            self.err("the first event of a sequence must happen", f"{where}.first", "set exists to true")
        for part in ("first", "then_not"):
            event: EventCondition = getattr(cond, part)
            at = f"{where}.{part}"
            path = self.event(event, at)
            if event.aggregate is not None:
                self.err("aggregates are not allowed in a sequence", at, "drop the aggregate")
            if path is not None and path.time_column is None:
                self.err(f"{event.table} has no date or timestamp column", at, "pick a dated event table")


def _value_hint(kind: str) -> str:
    return {
        "number": "give a number, e.g. 100 or 0.25",
        "boolean": "use is_true / is_false",
        "date": "give an ISO date, e.g. '2025-01-31'",
        "timestamp": "give an ISO date or timestamp, e.g. '2025-01-31'",
    }.get(kind, "give a plain text value")
