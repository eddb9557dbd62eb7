"""The dry run's queries, built with sqlglot from the guarded segment: counts, sample and member ids.

A segment that only filters the entity table (`SELECT key FROM customers [AS c] WHERE ...`) is the
common case. When the entity key is unique and non-NULL its members are exactly the rows that pass
the filter, so count, reach, sample and ids each take one filtered scan, with no set of members to
build and join back. Any other segment is joined to the entity table with `key IN (segment)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from segment_agent.tools.catalog_model import Catalog

# Select clauses an entity scan may have; anything else (joins, GROUP BY, LIMIT, WITH...) is general.
_SCAN_CLAUSES = {"expressions", "from_", "where", "distinct", "order"}
_ORDER_ONLY = {"order"}  # dropped from every rewrite: without a LIMIT it does not change membership


@dataclass(frozen=True)
class EntityScan:
    """A segment that selects the entity key of the entity table rows passing its WHERE (if any)."""

    select: exp.Select
    qualifier: str  # what the segment calls the entity table: its alias, else its name

    def rewrite(self, *projections: exp.Expression) -> exp.Select:
        """The same FROM and WHERE with other projections, without DISTINCT or ORDER BY."""
        query = self.select.copy()
        for clause in ("distinct", *_ORDER_ONLY):
            query.set(clause, None)
        return query.select(*projections, append=False)

    def column(self, name: str) -> exp.Column:
        return exp.column(name, self.qualifier)


def entity_scan(catalog: Catalog, sql: str, dialect: str) -> EntityScan | None:
    """The segment as an EntityScan, or None when it joins, groups, limits or selects anything else."""
    select = sqlglot.parse_one(sql, dialect=dialect)
    if not isinstance(select, exp.Select) or any(v for k, v in select.args.items() if k not in _SCAN_CLAUSES):
        return None
    distinct = select.args.get("distinct")
    source = select.args.get("from_")
    table = source.this if source else None
    if (distinct and distinct.args.get("on")) or not isinstance(table, exp.Table) or len(select.selects) != 1:
        return None
    alias = table.args.get("alias")
    if set(k for k, v in table.args.items() if v) - {"this", "alias"} or (alias and alias.columns):
        return None
    if table.name != catalog.entity_table:
        return None
    output = select.selects[0].unalias()
    qualifier = table.alias_or_name
    if not isinstance(output, exp.Column) or set(k for k, v in output.args.items() if v) - {"this", "table"}:
        return None
    if output.name != catalog.entity_key or output.table not in ("", qualifier):
        return None
    return EntityScan(select=select, qualifier=qualifier)


def counts_sql(
    catalog: Catalog,
    sql: str,
    channels: dict[str, exp.Expression],
    dialect: str,
    *,
    scan: EntityScan | None = None,
) -> str:
    """Base size, members and members reachable per channel, in one query.

    `channels` are conditions on the entity row `c`. Pass `scan` (the segment as an entity scan)
    only when the entity key is unique and non-NULL: the rows its filter passes are then counted
    in a single pass.
    """
    base = exp.Subquery(this=exp.select(exp.Count(this=exp.Star())).from_(exp.to_table(catalog.entity_table)))
    if scan is not None:
        reach = {ch: _requalify(cond, scan.qualifier) for ch, cond in channels.items()}
        return scan.rewrite(*_tallies(base, reach)).sql(dialect=dialect)
    segment = sqlglot.parse_one(sql, dialect=dialect)
    alias = exp.TableAlias(this=exp.to_identifier("seg"), columns=[exp.to_identifier("member")])
    members = exp.select("member").from_(exp.Subquery(this=segment, alias=alias))
    is_member = exp.column(catalog.entity_key, "c").isin(query=members)
    query = exp.select(*_tallies(base, channels)).from_(exp.to_table(catalog.entity_table).as_("c"))
    return query.where(is_member).sql(dialect=dialect)


def sample_sql(scan: EntityScan, key: str, columns: list[str], n: int, dialect: str) -> str:
    """Up to `n` members of an entity scan, `key` then `columns`, ordered by a hash of the key then the key.

    The same rows and order as Warehouse.sample, which joins the distinct members back to the table.
    """
    names = [key, *(c for c in columns if c != key)]
    hashed = exp.Anonymous(this="HASH", expressions=[scan.column(key)])
    query = scan.rewrite(*(scan.column(name) for name in names)).order_by(hashed, scan.column(key))
    return query.limit(n).sql(dialect=dialect)


def members_sql(catalog: Catalog, sql: str, dialect: str, scan: EntityScan | None) -> str:
    """The segment's distinct non-NULL keys: an entity scan over a unique key already selects exactly them."""
    if scan is not None:
        return scan.rewrite(scan.column(catalog.entity_key)).sql(dialect=dialect)
    alias = exp.TableAlias(this=exp.to_identifier("seg"), columns=[exp.to_identifier("member")])
    member = exp.column("member")
    query = (
        exp.select(member)
        .distinct()
        .from_(exp.Subquery(this=sqlglot.parse_one(sql, dialect=dialect), alias=alias))
    )
    return query.where(exp.not_(exp.Is(this=member.copy(), expression=exp.null()))).sql(dialect=dialect)


def _tallies(base: exp.Expression, channels: dict[str, exp.Expression]) -> list[exp.Expression]:
    """base, members (every row of the FROM) and reach_<channel> (rows meeting its condition)."""
    one, zero = exp.Literal.number(1), exp.Literal.number(0)
    projections = [exp.alias_(base, "base"), exp.alias_(exp.Count(this=exp.Star()), "members")]
    for channel, condition in channels.items():
        case = exp.Case(ifs=[exp.If(this=condition, true=one.copy())], default=zero.copy())
        projections.append(exp.alias_(exp.Sum(this=case), f"reach_{channel}"))
    return projections


def _requalify(condition: exp.Expression, qualifier: str) -> exp.Expression:
    """`condition` on the entity row `c` with its columns qualified by `qualifier` instead."""

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and node.table == "c":
            return exp.column(node.name, qualifier)
        return node

    return condition.copy().transform(swap)
