"""Profile every column of one table with a few set-based aggregate queries (no per-column queries)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

import duckdb

from segment_agent.tools.catalog_model import FieldProfile

Kind = Literal["numeric", "temporal", "boolean", "text", "nested"]

# Up to this many distinct values a column is categorical: its values get their own search documents.
LOW_CARDINALITY = 100
QUANTILES = {"p01": 0.01, "p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90, "p99": 0.99}
CHUNK = 50
# Exact quantiles hold every value in memory; above this many rows a sketch is cheaper and close enough.
EXACT_QUANTILE_ROWS = 1_000_000
# approx_count_distinct may be off by a few percent: check exact value counts a little above the limit.
_HISTOGRAM_CANDIDATE = 128

_NUMERIC = {
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
    "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL",
}  # fmt: skip


def column_kind(duck_type: str) -> Kind:
    """Classify a DuckDB type name so each column gets the statistics that mean something for it."""
    t = duck_type.upper()
    if t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION")):
        return "nested"
    if t in _NUMERIC or t.startswith(("DECIMAL", "NUMERIC")):
        return "numeric"
    if t == "DATE" or t.startswith("TIMESTAMP"):
        return "temporal"
    if t == "BOOLEAN":
        return "boolean"
    return "text"


def quote(name: str) -> str:
    """A SQL identifier, safe for any column or table name."""
    return '"' + name.replace('"', '""') + '"'


def format_value(value: Any) -> str:
    """Render a value the way SQL would write it (true, 2024-01-31, 12.5), for top values."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def profile_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str]],
    on_chunk: Callable[[int, int], None] | None = None,
) -> tuple[int, dict[str, FieldProfile]]:
    """Profile `columns` ([(name, type)]) of `table`; returns (row count, {column: profile}).

    One aggregate query per chunk of ~50 columns, then one histogram query per chunk of
    low-cardinality columns, so a 500-column table costs a handful of table scans.
    """
    rows = con.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()[0]
    chunks = [columns[i : i + CHUNK] for i in range(0, len(columns), CHUNK)]
    profiles: dict[str, FieldProfile] = {}
    for done, chunk in enumerate(chunks, start=1):
        profiles.update(_profile_chunk(con, table, chunk, rows))
        if on_chunk:
            on_chunk(done, len(chunks))
    low = [
        (n, t)
        for n, t in columns
        if column_kind(t) != "nested" and profiles[n].distinct <= _HISTOGRAM_CANDIDATE
    ]
    for i in range(0, len(low), CHUNK):
        _add_top_values(con, table, [n for n, _ in low[i : i + CHUNK]], profiles, rows)
    for p in profiles.values():
        # Constant: every row holds the same value (an all-NULL column included).
        p.constant = rows > 0 and (p.null_rate == 1.0 or (p.null_rate == 0.0 and p.distinct == 1))
    return rows, profiles


def _profile_chunk(
    con: duckdb.DuckDBPyConnection, table: str, chunk: list[tuple[str, str]], rows: int
) -> dict[str, FieldProfile]:
    quantile_fn = "quantile_cont" if rows <= EXACT_QUANTILE_ROWS else "approx_quantile"
    levels = "[" + ", ".join(str(q) for q in QUANTILES.values()) + "]"
    exprs: list[str] = []
    for name, duck_type in chunk:
        col, kind = quote(name), column_kind(duck_type)
        exprs.append(f"count({col})")
        if kind == "nested":
            continue
        exprs += [
            f"approx_count_distinct({col})",
            f"CAST(min({col}) AS VARCHAR)",
            f"CAST(max({col}) AS VARCHAR)",
        ]
        if kind == "numeric":
            exprs.append(f"{quantile_fn}(CAST({col} AS DOUBLE), {levels})")
    values = iter(con.execute(f"SELECT {', '.join(exprs)} FROM {quote(table)}").fetchone())
    out: dict[str, FieldProfile] = {}
    for name, duck_type in chunk:
        kind = column_kind(duck_type)
        filled = next(values)
        p = FieldProfile(null_rate=round(1 - filled / rows, 6) if rows else 0.0)
        if kind != "nested":
            p.distinct, p.min, p.max = min(next(values), filled), next(values), next(values)
        if kind == "numeric":
            found = next(values) or []
            p.quantiles = {k: float(v) for k, v in zip(QUANTILES, found, strict=False) if _finite(v)}
        out[name] = p
    return out


def _add_top_values(
    con: duckdb.DuckDBPyConnection, table: str, names: list[str], profiles: dict[str, FieldProfile], rows: int
) -> None:
    """Exact value counts of low-cardinality columns; also corrects their approximate distinct count.

    Values must repeat (at most one distinct value per two rows): a column of unique handles is an
    identifier, not a category, even in a small table.
    """
    exprs = ", ".join(f"histogram({quote(n)})" for n in names)
    for name, hist in zip(names, con.execute(f"SELECT {exprs} FROM {quote(table)}").fetchone(), strict=True):
        counts = hist or {}
        profiles[name].distinct = len(counts)
        if len(counts) <= LOW_CARDINALITY and len(counts) * 2 <= rows:
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], format_value(kv[0])))
            profiles[name].top_values = [(format_value(v), int(c)) for v, c in ranked]


def _finite(value: Any) -> bool:
    return value is not None and math.isfinite(float(value))
