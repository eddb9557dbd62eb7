"""Transpiling guarded segment SQL to other warehouses: round trips, semantics, refusals."""

from __future__ import annotations

import datetime as dt
import doctest
import random

import duckdb
import pytest
import sqlglot

from segment_agent.errors import UserError
from segment_agent.tools import dialects
from segment_agent.tools.dialects import TARGETS, DialectError, round_trip, transpile, transpile_all
from tests.tools.test_sql_guard import ACCEPTED, SCHEMA, guard

GUARDED = {case["id"]: guard(case["sql"]).sql for case in ACCEPTED}
# Exact percentiles have no faithful aggregate form on BigQuery (analytic only) or Trino.
REFUSED = {
    (name, target)
    for name in ("high-value-percentile", "high-value-percentile-within-group", "cte-threshold")
    for target in ("bigquery", "trino")
}
# Postgres has no approximate quantile: the exact one replaces it, so members may differ slightly.
APPROXIMATE = {("low-value-approx", "postgres")}
PICKS = {
    "state": ["CA", "NY", "TX", "WA"], "country": ["US", "DE"], "loyalty_tier": ["none", "gold", "platinum"],
    "engagement_trend": ["declining", "stable"], "risk_level": ["low", "high"],
    "status": ["completed", "returned"], "channel": ["web", "app", "store"], "event_type": ["open", "click"],
    "category": ["camping", "cycling", "books"], "campaign_type": ["promo", "winback"],
    "topic": ["returns", "billing"], "subscription_status": ["active", "paused"],
    "city": ["San Jose", "New York", "san diego", "Austin"],
}  # fmt: skip
SIZES = {"customers": 150, "campaigns": 60, "_meta": 2}


def _value(rng: random.Random, column: str, kind: str, today: dt.date) -> object:
    if column == "customer_id":
        return rng.randint(1, SIZES["customers"])
    if column in ("order_id", "campaign_id"):
        return rng.randint(1, SIZES["campaigns"])
    if rng.random() < 0.08:
        return None
    if kind.startswith(("BIGINT", "INTEGER")):
        return rng.randint(0, 12)
    if kind.startswith(("DECIMAL", "DOUBLE")):
        return round(rng.random() * (1 if kind == "DOUBLE" else 2000), 2)
    if kind == "BOOLEAN":
        return rng.random() < 0.5
    if kind == "DATE":
        return today - dt.timedelta(days=rng.randint(-5, 500))
    if kind == "TIMESTAMP":
        return dt.datetime.combine(today, dt.time()) - dt.timedelta(hours=rng.randint(-48, 12_000))
    return rng.choice(PICKS.get(column, ["a", "b"]))


@pytest.fixture(scope="module")
def warehouse() -> duckdb.DuckDBPyConnection:
    """The fixture schema filled with seeded random rows (NULLs included), dates around today."""
    rng, today, con = random.Random(3), dt.date.today(), duckdb.connect()
    for table, columns in SCHEMA.items():
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
        rows = [[_value(rng, c, t, today) for c, t in columns.items()] for _ in range(SIZES.get(table, 400))]
        if table in SIZES:  # key tables: unique ids 1..n
            for i, row in enumerate(rows, start=1):
                row[0] = i
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})", rows)
    return con


def members(con: duckdb.DuckDBPyConnection, sql: str) -> list[int]:
    return sorted(row[0] for row in con.execute(sql).fetchall())


@pytest.mark.parametrize("target", TARGETS)
def test_every_accepted_query_round_trips(target: str) -> None:
    for name, sql in GUARDED.items():
        if (name, target) in REFUSED:
            with pytest.raises(DialectError):
                transpile(sql, target)
            continue
        out = transpile(sql, target)
        sqlglot.parse_one(out, read=target)
        assert round_trip(out, target) == out, name


@pytest.mark.parametrize("target", TARGETS)
def test_transpiled_queries_keep_their_members(target: str, warehouse: duckdb.DuckDBPyConnection) -> None:
    """Read back into DuckDB through sqlglot's model of the target, each query selects the same rows."""
    for name, sql in GUARDED.items():
        if (name, target) in REFUSED | APPROXIMATE:
            continue
        back = sqlglot.transpile(transpile(sql, target), read=target, write="duckdb")[0]
        assert members(warehouse, back) == members(warehouse, sql), f"{name}: {back}"


def test_the_warehouse_is_not_trivial(warehouse: duckdb.DuckDBPyConnection) -> None:
    sizes = [len(members(warehouse, sql)) for sql in GUARDED.values()]
    assert sum(0 < n < SIZES["customers"] for n in sizes) >= len(sizes) // 2


@pytest.mark.parametrize(
    ("where", "target", "expected"),
    [
        ("d >= CURRENT_DATE - INTERVAL 30 DAY", "bigquery", "d >= DATE_SUB(CURRENT_DATE, INTERVAL '30' DAY)"),
        ("t >= now() - INTERVAL 3 HOUR", "bigquery",
         "t >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL '3' HOUR)"),
        ("t >= now() - INTERVAL '2 days'", "postgres", "t >= CURRENT_TIMESTAMP - INTERVAL '2 DAY'"),
        ("date_add(d, INTERVAL 30 DAY) > CURRENT_DATE", "databricks", "d + INTERVAL '30' DAY > CURRENT_DATE"),
        ("date_part('year', d) = 2024", "snowflake", "DATE_PART(YEAR, d) = 2024"),
        ("d >= date_trunc('month', CURRENT_DATE)", "bigquery", "d >= DATE_TRUNC(CURRENT_DATE, MONTH)"),
        ("greatest(a, b) > 1", "trino", "GREATEST(COALESCE(a, b), COALESCE(b, a)) > 1"),
        ("v > (SELECT quantile_cont(v, 0.9) FROM c)", "databricks", "v > (SELECT PERCENTILE(v, 0.9) FROM c)"),
        ("v > (SELECT median(v) FROM c)", "snowflake",
         "v > (SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY v) FROM c)"),
        ("v > (SELECT approx_quantile(v, 0.9) FROM c)", "postgres",
         "v > (SELECT PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY v) FROM c)"),
    ],
)  # fmt: skip
def test_constructs_that_need_care(where: str, target: str, expected: str) -> None:
    assert transpile(f"SELECT k FROM c WHERE {where}", target) == f"SELECT k FROM c WHERE {expected}"


@pytest.mark.parametrize(
    ("sql", "target"),
    [
        ("SELECT customer_id FROM orders GROUP BY ALL", "postgres"),
        ("SELECT customer_id FROM orders GROUP BY ALL", "trino"),
        ("SELECT customer_id FROM c WHERE v > (SELECT quantile_cont(v, 0.5) FROM c)", "bigquery"),
        ("SELECT customer_id FROM c WHERE v > (SELECT median(v) FROM c)", "trino"),
        ("SELECT customer_id FROM c WHERE v > (SELECT quantile_disc(v, 0.5) FROM c)", "databricks"),
        ("SELECT customer_id FROM customers WHERE", "postgres"),
        ("SELECT customer_id FROM customers", "oracle"),
    ],
)
def test_unsupported_constructs_raise_a_clear_user_error(sql: str, target: str) -> None:
    with pytest.raises(DialectError) as raised:
        transpile(sql, target)
    assert isinstance(raised.value, UserError) and raised.value.message and raised.value.hint


def test_round_trip_refuses_sql_the_target_cannot_read() -> None:
    with pytest.raises(DialectError):
        round_trip("SELECT customer_id FROM customers WHERE (", "postgres")


def test_transpile_all_covers_every_target_and_explains_gaps() -> None:
    out = transpile_all("SELECT customer_id FROM c WHERE v > (SELECT quantile_cont(v, 0.9) FROM c)")
    assert set(out) == set(TARGETS)
    assert out["bigquery"].startswith("-- not available for bigquery:")
    assert "WITHIN GROUP" in out["postgres"]


def test_docstring_examples() -> None:
    assert doctest.testmod(dialects).failed == 0
