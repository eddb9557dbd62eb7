"""How an event table reaches the entity, and which of its columns dates an event.

An event table either carries the entity key itself (orders.customer_id) or reaches it in one
hop through a table that does (order_items -> orders via order_id). Both facts are inferred
from the catalog's column names and types, so any annotated or bare database works.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from segment_agent.tools.catalog_model import Catalog, FieldInfo

# Preference tiers for the column that dates an event: *_ts/*_at/*_time, then *date.
_TIME_SUFFIXES = (("_ts", "_at", "_time"), ("date",))


@dataclass(frozen=True)
class EventPath:
    """`table` joined (optionally through `via` on `join_on`) to the entity key column `key`."""

    table: str
    key: str
    via: str | None = None
    join_on: str | None = None
    time_table: str | None = None
    time_column: str | None = None
    # (table, column) of tables describing one event row (plays -> titles); not part of the path's identity
    lookups: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def key_table(self) -> str:
        """The table whose `key` column holds the entity key."""
        return self.via or self.table

    @property
    def tables(self) -> list[str]:
        """Every table an event condition may filter on: the event table, its hop and its lookups."""
        return [t for t in (self.table, self.via, *(name for name, _ in self.lookups)) if t]


def type_kind(type_name: str) -> str:
    """Coarse kind of a SQL type: number, string, boolean, date, timestamp or other."""
    t = type_name.upper().strip()
    if t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION", "LIST")):
        return "other"
    if t.startswith("TIMESTAMP") or t == "DATETIME":
        return "timestamp"
    if t == "DATE":
        return "date"
    if t in ("BOOLEAN", "BOOL"):
        return "boolean"
    if t.startswith(("VARCHAR", "TEXT", "STRING", "CHAR")) or t == "UUID":
        return "string"
    numbers = ("INT", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT")
    if t.startswith(("DECIMAL", "NUMERIC", "DOUBLE", "FLOAT", "REAL", "INTEGER")) or t in numbers:
        return "number"
    return "other"


def columns(catalog: Catalog, table: str) -> list[FieldInfo]:
    """The catalog's fields of one table, in catalog order."""
    return [f for f in catalog.fields if f.table == table]


def time_column(catalog: Catalog, table: str) -> str | None:
    """The column that dates a row: the first DATE/TIMESTAMP, preferring *_ts/*_at, then *date names."""
    dated = [f.column for f in columns(catalog, table) if type_kind(f.type) in ("date", "timestamp")]
    tiers = [[c for c in dated if c.lower().endswith(suffixes)] for suffixes in _TIME_SUFFIXES]
    return next((tier[0] for tier in [*tiers, dated] if tier), None)


def _singular(table: str) -> str:
    return table[:-1] if table.endswith("s") else table


def _identifies(catalog: Catalog, table: str, column: FieldInfo) -> bool:
    """True if `column` is `table`'s row identifier: named '<table>_id', or unique per the profile."""
    rows = catalog.row_counts.get(table, 0)
    return column.column == f"{_singular(table)}_id" or 0 < rows == column.profile.distinct


def _hop(catalog: Catalog, table: str) -> tuple[str, str] | None:
    """(via table, shared column) where each `table` row belongs to one `via` row holding the entity key.

    Only many-to-one hops count (order_items -> orders by order_id), so one event row never
    stands for several customers and counts stay counts.
    """
    key, own = catalog.entity_key, {f.column for f in columns(catalog, table)}
    for via in catalog.tables():
        via_cols = {f.column: f for f in columns(catalog, via)}
        if via in (table, catalog.entity_table) or key not in via_cols:
            continue
        for col in sorted((own & set(via_cols)) - {key}):
            if _identifies(catalog, via, via_cols[col]):
                return via, col
    return None


def lookups(catalog: Catalog, table: str) -> tuple[tuple[str, str], ...]:
    """Tables describing one row of `table` (titles of plays, by title_id): many-to-one, no entity key."""
    key, own = catalog.entity_key, {f.column for f in columns(catalog, table)}
    found = []
    for other in catalog.tables():
        other_cols = {f.column: f for f in columns(catalog, other)}
        if other in (table, catalog.entity_table) or key in other_cols:
            continue
        shared = sorted((own & set(other_cols)) - {key})
        column = next((c for c in shared if _identifies(catalog, other, other_cols[c])), None)
        if column is not None:
            found.append((other, column))
    return tuple(found)


def event_path(catalog: Catalog, table: str) -> EventPath | None:
    """How `table` reaches the entity, or None when it is unknown, the entity itself, or unreachable."""
    key = catalog.entity_key
    cols = {f.column for f in columns(catalog, table)}
    if not cols or table == catalog.entity_table:
        return None
    if key in cols:
        own_time = time_column(catalog, table)
        dated = table if own_time else None
        return EventPath(table, key, time_table=dated, time_column=own_time, lookups=lookups(catalog, table))
    hop = _hop(catalog, table)
    if hop is None:
        return None
    via, join_on = hop
    own_time = time_column(catalog, table)
    time_table, time_col = (table, own_time) if own_time else (via, time_column(catalog, via))
    dated = time_table if time_col else None
    return EventPath(table, key, via, join_on, dated, time_col, lookups(catalog, table))
