"""Small query helpers for the demo contract tests."""

from __future__ import annotations

import datetime as dt

import duckdb


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    """All rows of a query."""
    return con.execute(sql).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    """The single value of a query."""
    return con.execute(sql).fetchall()[0][0]


def ts(day: dt.date) -> str:
    """A SQL timestamp literal for midnight of `day`."""
    return f"TIMESTAMP '{day.isoformat()} 00:00:00'"


def mismatches(con: duckdb.DuckDBPyConnection, expected_sql: str, columns: list[str]) -> dict[str, int]:
    """{column: customers whose stored value differs from `expected_sql`'s}, for columns that differ.

    `expected_sql` yields customer_id plus one column per name, for every customer (NULL where
    the contract says NULL); values are compared with IS DISTINCT FROM.
    """
    checks = ", ".join(f"count(*) FILTER (c.{col} IS DISTINCT FROM x.{col}) AS {col}" for col in columns)
    found = con.execute(
        f"SELECT {checks} FROM customers c FULL JOIN ({expected_sql}) x USING (customer_id)"
    ).fetchall()[0]
    return {col: n for col, n in zip(columns, found, strict=True) if n}
