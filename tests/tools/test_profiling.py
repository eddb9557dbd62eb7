"""Column profiling on small real DuckDB tables whose statistics are known."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from segment_agent.tools.profiling import CHUNK, column_kind, format_value, profile_table


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    sql = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index"
    return con.execute(sql, [table]).fetchall()


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute('''
        CREATE TABLE t AS
        SELECT i AS id,
               CASE WHEN i % 4 = 0 THEN NULL ELSE i % 10 END AS score,
               CAST(i * 1.25 AS DECIMAL(12, 2)) AS amount,
               DATE '2024-01-01' + CAST(i AS INTEGER) AS day,
               TIMESTAMP '2024-01-01 08:00:00' + to_hours(CAST(i AS INTEGER)) AS seen_at,
               i % 3 = 0 AS flag,
               ['gold', 'silver', 'silver', 'none'][1 + i % 4] AS tier,
               'user' || i AS handle,
               [i, i + 1] AS pair,
               'US' AS country,
               CAST(NULL AS VARCHAR) AS empty,
               i AS "odd ""name"""
        FROM range(100) r(i)
    ''')
    return con


def test_profiles_each_kind_of_column(con: duckdb.DuckDBPyConnection) -> None:
    rows, p = profile_table(con, "t", columns(con, "t"))
    assert rows == 100
    assert p["score"].null_rate == 0.25 and p["score"].distinct == 10
    assert (p["score"].min, p["score"].max) == ("0", "9")
    assert p["amount"].quantiles["p50"] == pytest.approx(61.875)
    assert set(p["amount"].quantiles) == {"p01", "p10", "p25", "p50", "p75", "p90", "p99"}
    assert (p["day"].min, p["day"].max) == ("2024-01-01", "2024-04-09")
    assert p["seen_at"].max == "2024-01-05 11:00:00" and p["seen_at"].quantiles == {}
    assert p["flag"].top_values == [("false", 66), ("true", 34)]
    assert p["tier"].top_values == [("silver", 50), ("gold", 25), ("none", 25)]
    assert p["handle"].top_values == [] and p["handle"].distinct > 50
    assert p['odd "name"'].max == "99"


def test_constant_and_empty_and_nested_columns(con: duckdb.DuckDBPyConnection) -> None:
    _, p = profile_table(con, "t", columns(con, "t"))
    assert p["country"].constant and p["country"].top_values == [("US", 100)]
    assert p["empty"].constant and p["empty"].null_rate == 1.0 and p["empty"].distinct == 0
    assert not p["tier"].constant and not p["score"].constant
    assert p["pair"].null_rate == 0.0 and p["pair"].min is None and p["pair"].top_values == []


def test_many_columns_are_profiled_in_chunks_without_mixing_them_up() -> None:
    con = duckdb.connect()
    n = CHUNK * 2 + 7
    con.execute(
        "CREATE TABLE w AS SELECT "
        + ", ".join(f"r % 3 + {i} AS c{i}" for i in range(n))
        + " FROM range(6) t(r)"
    )
    chunks: list[tuple[int, int]] = []
    _, p = profile_table(con, "w", columns(con, "w"), on_chunk=lambda i, k: chunks.append((i, k)))
    assert chunks == [(1, 3), (2, 3), (3, 3)]
    assert all(p[f"c{i}"].min == str(i) and p[f"c{i}"].max == str(i + 2) for i in range(n))
    assert p[f"c{n - 1}"].top_values == [(str(n - 1), 2), (str(n), 2), (str(n + 1), 2)]


def test_empty_table() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE e (a INTEGER, b VARCHAR)")
    rows, p = profile_table(con, "e", columns(con, "e"))
    assert rows == 0 and p["a"].null_rate == 0.0 and not p["a"].constant and p["a"].quantiles == {}


@pytest.mark.parametrize(
    ("duck_type", "kind"),
    [
        ("BIGINT", "numeric"),
        ("DECIMAL(12,2)", "numeric"),
        ("DOUBLE", "numeric"),
        ("DATE", "temporal"),
        ("TIMESTAMP WITH TIME ZONE", "temporal"),
        ("BOOLEAN", "boolean"),
        ("VARCHAR", "text"),
        ("ENUM('a', 'b')", "text"),
        ("INTEGER[]", "nested"),
        ("STRUCT(k BIGINT)", "nested"),
        ("MAP(VARCHAR, INTEGER)", "nested"),
    ],
)
def test_column_kind(duck_type: str, kind: str) -> None:
    assert column_kind(duck_type) == kind


def test_format_value_writes_values_like_sql() -> None:
    assert [format_value(v) for v in (True, date(2024, 1, 2), datetime(2024, 1, 2, 3, 4), 2.5)] == [
        "true",
        "2024-01-02",
        "2024-01-02 03:04:00",
        "2.5",
    ]
