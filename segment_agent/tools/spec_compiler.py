"""Compile a structured segment spec to SQL with sqlglot's expression builder.

The query selects exactly the entity key: `SELECT c.customer_id FROM customers AS c WHERE ...`.
Values only ever enter the tree as typed literals (never pasted into SQL text), and only
portable constructs are used (EXISTS, IN, COALESCE, scalar subqueries, `CURRENT_DATE - INTERVAL
'N' DAY`) so the same tree transpiles to Postgres, Snowflake, BigQuery, Databricks and Trino.

NULL semantics, chosen to match what a marketer means and stated in the English rendering:
- Comparisons follow SQL: a customer with no value never matches `>`, `=`, `!=` or `not_in`
  ("state is not CA" leaves out customers with no state) unless `or_null` is set.
- A negated group is the exact complement of the group: `NOT COALESCE(<group>, FALSE)`, so
  "not (lifetime value >= 1000)" keeps customers whose lifetime value is unknown.
- Event aggregates count customers with no events: their count is 0 and their sum is 0, so
  "fewer than 2 orders" includes customers who never ordered; avg/max/min of no events is
  unknown and never matches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.event_paths import EventPath, event_path, type_kind
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
)
from segment_agent.tools.spec_fields import coerce_scalar, resolve_field
from segment_agent.tools.spec_validate import SpecError, validate_spec

__all__ = ["SpecError", "build_query", "compile_spec", "days_ago", "literal"]

ENTITY_ALIAS = "c"
_COMPARE: dict[str, type[exp.Binary]] = {
    "=": exp.EQ, "!=": exp.NEQ, ">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE,
}  # fmt: skip
_AGGREGATES: dict[str, type[exp.AggFunc]] = {"sum": exp.Sum, "avg": exp.Avg, "max": exp.Max, "min": exp.Min}


def compile_spec(spec: SegmentSpec, catalog: Catalog, dialect: str = "duckdb") -> str:
    """SQL selecting the members of `spec`; raises SpecError (structured) when the spec is invalid."""
    return build_query(spec, catalog).sql(dialect=dialect)


def build_query(spec: SegmentSpec, catalog: Catalog) -> exp.Select:
    """The sqlglot tree of `compile_spec`, for callers that transpile or inspect it."""
    errors = validate_spec(spec, catalog)
    if errors:
        raise SpecError(errors)
    where = _Compiler(catalog).group(spec.criteria)
    entity = exp.to_table(catalog.entity_table).as_(ENTITY_ALIAS)
    return exp.select(exp.column(catalog.entity_key, ENTITY_ALIAS)).from_(entity).where(where)


def days_ago(days: int) -> exp.Expression:
    """`CURRENT_DATE - INTERVAL 'N' DAY`."""
    interval = exp.Interval(this=exp.Literal.string(str(days)), unit=exp.var("DAY"))
    return exp.Sub(this=exp.CurrentDate(), expression=interval)


def literal(kind: str, value: Any) -> exp.Expression:
    """A typed SQL literal for a column of `kind` (dates and timestamps as casts)."""
    v = coerce_scalar(kind, value)
    if isinstance(v, bool):
        return exp.Boolean(this=v)
    if isinstance(v, int | float):
        return exp.Literal.number(v)
    if isinstance(v, dt.datetime):
        return exp.cast(exp.Literal.string(v.isoformat(sep=" ")), exp.DataType.Type.TIMESTAMP)
    if isinstance(v, dt.date):
        return exp.cast(exp.Literal.string(v.isoformat()), exp.DataType.Type.DATE)
    return exp.Literal.string(str(v))


def _complement(condition: exp.Expression) -> exp.Expression:
    """NOT that treats unknown as not matching, so the result is the exact complement."""
    return exp.not_(exp.Coalesce(this=exp.paren(condition), expressions=[exp.false()]))


@dataclass
class _Scope:
    """One event table's FROM/JOIN, its correlated conditions, time column and table aliases."""

    query: exp.Select
    conds: list[exp.Expression]
    time: exp.Column | None
    aliases: dict[str, str]

    def select(self, projection: exp.Expression) -> exp.Select:
        return self.query.select(projection).where(exp.and_(*self.conds))


class _Compiler:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entity = exp.column(catalog.entity_key, ENTITY_ALIAS)
        self.count = 0

    def alias(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def group(self, group: Group) -> exp.Expression:
        parts = [self.criterion(item) for item in group.items]
        combined = exp.and_(*parts) if group.op == "and" else exp.or_(*parts)
        return _complement(combined) if group.negate else combined

    def criterion(self, item: Any) -> exp.Expression:
        if isinstance(item, Group):
            return self.group(item)
        if isinstance(item, FieldCondition):
            return self.field(item, {self.catalog.entity_table: ENTITY_ALIAS})
        if isinstance(item, EventCondition):
            return self.event(item)
        return self.sequence(item)

    def field(self, cond: FieldCondition, aliases: dict[str, str]) -> exp.Expression:
        info = resolve_field(self.catalog, cond.field, list(aliases))
        assert info is not None  # validate_spec ran first
        col, kind, op = exp.column(info.column, aliases[info.table]), type_kind(info.type), cond.op
        is_null = exp.Is(this=col.copy(), expression=exp.null())
        if op == "is_null":
            return is_null
        if cond.value_field is not None:  # other columns of the same row
            left, right = self.other_side(cond, col, kind, aliases)
            out = _COMPARE[op](this=left, expression=right)
            return exp.or_(out, is_null) if cond.or_null else out
        if op == "is_not_null":
            out: exp.Expression = exp.not_(is_null)
        elif op in ("is_true", "is_false"):
            out = exp.EQ(this=col, expression=exp.Boolean(this=op == "is_true"))
        elif op == "within_last_days":
            out = exp.GTE(this=col, expression=days_ago(cond.value))
        elif op == "older_than_days":
            out = exp.LT(this=col, expression=days_ago(cond.value))
        elif op in ("in", "not_in"):
            out = col.isin(*[literal(kind, v) for v in cond.value])
            out = exp.not_(out) if op == "not_in" else out
        elif op == "between":
            low, high = (literal(kind, v) for v in cond.value)
            out = exp.Between(this=col, low=low, high=high)
        else:
            out = _COMPARE[op](this=col, expression=literal(kind, cond.value))
        return exp.or_(out, is_null) if cond.or_null else out

    def other_side(
        self, cond: FieldCondition, col: exp.Column, kind: str, aliases: dict[str, str]
    ) -> tuple[exp.Expression, exp.Expression]:
        """Both sides of `field op factor * (value_field + value_plus...) + offset` or `op value_field + N
        days`; a date against a timestamp compares calendar days, so the timestamp is cast to a date."""
        names = [cond.value_field or "", *(cond.value_plus or [])]
        infos = [resolve_field(self.catalog, name, list(aliases)) for name in names]
        assert all(infos)  # validate_spec ran first
        parts = [exp.column(i.column, aliases[i.table]) for i in infos if i is not None]
        left: exp.Expression = col.copy()
        right: exp.Expression = parts[0]
        other_kind = type_kind(infos[0].type) if infos[0] else kind
        if kind != other_kind:  # one date, one timestamp
            day = exp.DataType.Type.DATE
            if kind == "timestamp":
                left = exp.cast(left, day)
            else:
                right = exp.cast(right, day)
        for part in parts[1:]:
            right = exp.Add(this=right, expression=part)
        if cond.value_factor is not None:
            factor = literal("number", cond.value_factor)
            right = exp.Mul(this=factor, expression=exp.paren(right) if len(parts) > 1 else right)
        if cond.value_offset:
            shift = exp.Add if cond.value_offset > 0 else exp.Sub
            right = shift(this=right, expression=literal("number", abs(cond.value_offset)))
        if cond.value_offset_days:
            days = abs(cond.value_offset_days)
            interval = exp.Interval(this=exp.Literal.string(str(days)), unit=exp.var("DAY"))
            shift = exp.Add if cond.value_offset_days > 0 else exp.Sub
            right = shift(this=right, expression=interval)
        return left, right

    def scope(self, cond: EventCondition) -> _Scope:
        """FROM/JOIN of an event table, its conditions (key, where, window) and its time column."""
        path = event_path(self.catalog, cond.table)
        assert path is not None  # validate_spec ran first
        aliases = {path.table: self.alias("e")}
        query = exp.select().from_(exp.to_table(path.table).as_(aliases[path.table]))
        if path.via and path.join_on:
            aliases[path.via] = self.alias("v")
            on = exp.EQ(
                this=exp.column(path.join_on, aliases[path.via]),
                expression=exp.column(path.join_on, aliases[path.table]),
            )
            query = query.join(exp.to_table(path.via).as_(aliases[path.via]), on=on)
        query = self._lookups(query, path, cond, aliases)
        key = exp.column(path.key, aliases[path.key_table])
        conds = [exp.EQ(this=key, expression=self.entity.copy())]
        conds += [self.field(w, aliases) for w in cond.where]
        time = None
        if path.time_table and path.time_column:
            time = exp.column(path.time_column, aliases[path.time_table])
        if cond.within_days is not None and time is not None:
            conds.append(exp.GTE(this=time.copy(), expression=days_ago(cond.within_days)))
        return _Scope(query, conds, time, aliases)

    def _lookups(
        self, query: exp.Select, path: EventPath, cond: EventCondition, aliases: dict[str, str]
    ) -> exp.Select:
        """Join the lookup tables the conditions use (titles of plays), each on its identifying column."""
        used = {info.table for w in cond.where if (info := resolve_field(self.catalog, w.field, path.tables))}
        for table, column in path.lookups:
            if table in used and table not in aliases:
                aliases[table] = self.alias("d")
                here, there = exp.column(column, aliases[table]), exp.column(column, aliases[path.table])
                on = exp.EQ(this=here, expression=there)
                query = query.join(exp.to_table(table).as_(aliases[table]), on=on)
        return query

    def event(self, cond: EventCondition) -> exp.Expression:
        scope = self.scope(cond)
        if cond.aggregate is None:
            found = exp.Exists(this=scope.select(exp.Literal.number(1)))
            return found if cond.exists else exp.not_(found)
        measure = None
        if cond.aggregate_field:
            info = resolve_field(self.catalog, cond.aggregate_field, list(scope.aliases))
            assert info is not None  # validate_spec ran first
            measure = exp.column(info.column, scope.aliases[info.table])
        if cond.aggregate == "count":
            counted = exp.Distinct(expressions=[measure]) if measure else exp.Star()
            agg: exp.Expression = exp.Count(this=counted)
        else:
            agg = _AGGREGATES[cond.aggregate](this=measure)
        value: exp.Expression = exp.Subquery(this=scope.select(agg))
        if cond.aggregate == "sum":
            value = exp.Coalesce(this=value, expressions=[exp.Literal.number(0)])
        assert cond.aggregate_op is not None and cond.aggregate_value is not None
        compared = _COMPARE[cond.aggregate_op](this=value, expression=literal("number", cond.aggregate_value))
        return compared if cond.exists else _complement(compared)

    def sequence(self, cond: SequenceCondition) -> exp.Expression:
        happened = self.event(cond.first)
        latest_first = self.scope(cond.first)
        assert latest_first.time is not None  # validate_spec ran first
        latest = exp.Subquery(this=latest_first.select(exp.Max(this=latest_first.time)))
        then = self.scope(cond.then_not)
        assert then.time is not None
        then.conds.append(exp.GT(this=then.time, expression=latest))
        return exp.and_(happened, exp.not_(exp.Exists(this=then.select(exp.Literal.number(1)))))
