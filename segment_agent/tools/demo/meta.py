"""The `_meta(key, value)` table: how and when the demo database was generated."""

from __future__ import annotations

import datetime as dt

import duckdb

GENERATOR_VERSION = "1.0.0"
TABLES: tuple[str, ...] = (
    "customers",
    "orders",
    "order_items",
    "sessions",
    "email_events",
    "campaigns",
    "support_tickets",
)


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """{table: rows} of the published tables."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def write_meta(con: duckdb.DuckDBPyConnection, as_of: dt.date, freeze: dt.date, seed: int) -> dict[str, int]:
    """Create `_meta` (as_of, freeze_date, seed, generator_version, `rows.<table>`); return the row counts."""
    counts = row_counts(con)
    rows = [
        ("as_of", as_of.isoformat()),
        ("freeze_date", freeze.isoformat()),
        ("seed", str(seed)),
        ("generator_version", GENERATOR_VERSION),
        *((f"rows.{t}", str(n)) for t, n in counts.items()),
    ]
    con.execute("CREATE TABLE _meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.executemany("INSERT INTO _meta VALUES (?, ?)", rows)
    return counts


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The `_meta` table as a dict."""
    return dict(con.execute("SELECT key, value FROM _meta").fetchall())
