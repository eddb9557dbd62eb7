"""Segment versus the whole base on its key fields: the numbers behind the page's small chart.

For each field of the entity table the segment uses: numbers and dates are cut at the base's
quintiles, categories keep their most common values; each bucket gets its share of the
segment and its share of the base, so a marketer sees at a glance how the segment differs.
"""

from __future__ import annotations

from datetime import date
from numbers import Number
from typing import Any

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.duckdb_statements import members_subquery, quote_ident
from segment_agent.tools.sql_guard import guard_sql
from segment_agent.tools.warehouse import Warehouse

MAX_FIELDS = 4
TOP_VALUES = 5
OTHER = "(other values)"
ORDERED = ("INT", "DECIMAL", "DOUBLE", "FLOAT", "REAL", "NUMERIC", "DATE", "TIMESTAMP")  # any *INT* too


def compare_fields(
    warehouse: Warehouse, catalog: Catalog, segment_sql: str, fields: list[str] | None = None
) -> list[dict[str, Any]]:
    """Per field (the SQL's own when `fields` is None): {field, description, unit, buckets: [{label, segment,
    base}]}, shares in 0..1. The SQL passes the guard again before it is embedded in these queries."""
    verdict = guard_sql(segment_sql, catalog.schema(), catalog.entity)
    if not verdict.ok or not verdict.sql:
        raise UserError(
            "This segment's SQL does not pass the SQL guard on the current catalog.",
            verdict.errors[0].message if verdict.errors else None,
        )
    chosen = key_fields(catalog, verdict.columns if fields is None else fields)
    members = members_subquery(verdict.sql)
    return [_compare(warehouse, catalog, members, info) for info in chosen]


def key_fields(catalog: Catalog, fields: list[str]) -> list[FieldInfo]:
    """The segment's fields on the entity table, key and PII left out, at most MAX_FIELDS."""
    out: list[FieldInfo] = []
    for name in fields:
        info = catalog.field(name)
        if (
            info
            and info.table == catalog.entity_table
            and info.column != catalog.entity_key
            and not info.pii
            and info not in out
        ):
            out.append(info)
    return out[:MAX_FIELDS]


def _compare(warehouse: Warehouse, catalog: Catalog, members: str, info: FieldInfo) -> dict[str, Any]:
    """One field's buckets with the segment's and the base's share of each."""
    column, table = quote_ident(info.column), quote_ident(catalog.entity_table)
    ordered = any(word in info.type.upper() for word in ORDERED)
    edges = _edges(warehouse, table, column) if ordered else []
    bucket = _bucket_sql(column, edges) if ordered else f"CAST({column} AS VARCHAR)"
    rows = warehouse.rows(
        f"WITH m AS {members} SELECT {bucket} AS bucket, m._member IS NOT NULL AS inside, count(*) AS n"
        f" FROM {table} AS t LEFT JOIN m ON t.{quote_ident(catalog.entity_key)} = m._member GROUP BY ALL"
    )
    counts: dict[Any, list[int]] = {}  # bucket -> [members in the segment, customers in the base]
    for value, inside, n in rows:
        pair = counts.setdefault(value, [0, 0])
        pair[0] += n if inside else 0
        pair[1] += n
    totals = [sum(pair[i] for pair in counts.values()) or 1 for i in (0, 1)]
    if ordered:
        labels = {
            k: _range_label(int(k), edges, info)
            for k in sorted((k for k in counts if k is not None), key=int)
        }
    else:
        labels = _top_values(counts, totals)
    if None in counts:
        labels[None] = "not set"
    buckets = [
        {"label": label, "segment": counts[k][0] / totals[0], "base": counts[k][1] / totals[1]}
        for k, label in labels.items()
    ]
    return {
        "field": info.name,
        "description": info.description or "",
        "unit": info.unit or "",
        "buckets": buckets,
    }


def _top_values(counts: dict[Any, list[int]], totals: list[int]) -> dict[Any, str]:
    """The values most common in the segment or the base, the others merged into OTHER (in `counts`)."""
    share = {k: max(seg / totals[0], base / totals[1]) for k, (seg, base) in counts.items() if k is not None}
    top = sorted(share, key=lambda k: (-share[k], str(k)))[:TOP_VALUES]
    rest = [k for k in share if k not in top]
    labels = {k: str(k) for k in top}
    if rest:
        counts[OTHER] = [sum(counts[k][i] for k in rest) for i in (0, 1)]
        labels[OTHER] = OTHER
    return labels


def _edges(warehouse: Warehouse, table: str, column: str) -> list[Any]:
    """The base's quintile cut points, without repeats (a skewed field may have fewer buckets)."""
    row = warehouse.rows(f"SELECT quantile_disc({column}, [0.2, 0.4, 0.6, 0.8]) FROM {table}")[0][0] or []
    return sorted({v for v in row if v is not None})


def _bucket_sql(column: str, edges: list[Any]) -> str:
    """The bucket number of a value: 0 below the first edge, len(edges) from the last one on."""
    if not edges:
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE 0 END"
    cases = " ".join(f"WHEN {column} < {_literal(edge)} THEN {i}" for i, edge in enumerate(edges))
    return f"CASE WHEN {column} IS NULL THEN NULL {cases} ELSE {len(edges)} END"


def _range_label(index: int, edges: list[Any], info: FieldInfo) -> str:
    """'< a', 'a – b' (whole numbers: 'a – b-1', or just 'a'), '≥ z'; buckets include their lower edge."""
    if not edges:
        return "all"
    shown = _edge_labels(edges, info)
    if index == 0:
        return f"< {shown[0]}"
    if index == len(edges):
        return f"≥ {shown[-1]}"
    low, high = edges[index - 1], edges[index]
    if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool):
        return shown[index - 1] if high - 1 == low else f"{shown[index - 1]} – {_number(high - 1, info)}"
    return f"{shown[index - 1]} – {shown[index]}"


def _edge_labels(edges: list[Any], info: FieldInfo) -> list[str]:
    """Numbers with separators (dollars for USD); dates as 'Nov 2024', or 'Nov 19, 2024' if months repeat."""
    if all(isinstance(e, date) for e in edges):
        months = [e.strftime("%b %Y") for e in edges]
        return months if len(set(months)) == len(months) else [e.strftime("%b %-d, %Y") for e in edges]
    return [_number(e, info) if isinstance(e, Number) and not isinstance(e, bool) else str(e) for e in edges]


def _number(value: Any, info: FieldInfo) -> str:
    text = f"{value:,}" if isinstance(value, int) else f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return f"${text}" if (info.unit or "").upper() == "USD" else text


def _literal(value: Any) -> str:
    if isinstance(value, Number) and not isinstance(value, bool):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
