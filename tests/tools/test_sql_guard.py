"""The SQL guard against golden fixtures (accepted / rejected statements) and its error contract."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from segment_agent.tools import sql_guard, sql_guard_rules
from segment_agent.tools.sql_guard import GuardResult, guard_sql

FIXTURES = Path(__file__).parent / "fixtures" / "sql_guard"


def load_fixture(name: str) -> Any:
    """One YAML file of the golden fixtures."""
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


SCHEMA_FILE = load_fixture("schema.yaml")
SCHEMA: dict[str, dict[str, str]] = SCHEMA_FILE["tables"]
ENTITY: str = SCHEMA_FILE["entity"]
ACCEPTED: list[dict[str, str]] = load_fixture("accepted.yaml")
REJECTED: list[dict[str, str]] = load_fixture("rejected.yaml")


def guard(sql: Any) -> GuardResult:
    return guard_sql(sql, SCHEMA, ENTITY)


def test_fixture_sets_are_large_and_distinct() -> None:
    assert len(ACCEPTED) >= 50 and len(REJECTED) >= 100
    assert len({a["id"] for a in ACCEPTED}) == len(ACCEPTED)
    assert len({r["sql"] for r in REJECTED}) == len(REJECTED)


@pytest.mark.parametrize("case", ACCEPTED, ids=[a["id"] for a in ACCEPTED])
def test_accepted(case: dict[str, str]) -> None:
    result = guard(case["sql"])
    assert result.ok, [(e.code, e.message, e.where) for e in result.errors]
    assert result.errors == [] and result.sql
    assert set(result.tables) <= set(SCHEMA) and result.tables
    assert all(c.split(".")[1] in SCHEMA[c.split(".")[0]] for c in result.columns)
    again = guard(result.sql)  # the normalized SQL is itself accepted, unchanged
    assert again.ok and again.sql == result.sql


@pytest.fixture(scope="module")
def empty_warehouse() -> duckdb.DuckDBPyConnection:
    """The fixture schema as empty DuckDB tables."""
    con = duckdb.connect()
    for table, columns in SCHEMA.items():
        con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
    return con


def test_accepted_sql_runs_in_duckdb_and_returns_the_key(empty_warehouse: duckdb.DuckDBPyConnection) -> None:
    for case in ACCEPTED:
        cursor = empty_warehouse.execute(guard(case["sql"]).sql)
        assert [d[0].lower() for d in cursor.description] == ["customer_id"], case["id"]


@pytest.mark.parametrize("case", REJECTED, ids=[f"{i:03d}-{r['code']}" for i, r in enumerate(REJECTED)])
def test_rejected(case: dict[str, str]) -> None:
    result = guard(case["sql"])
    assert not result.ok and result.sql is None
    assert result.errors[0].code == case["code"], [(e.code, e.message) for e in result.errors]
    assert all(e.message and e.hint for e in result.errors)


def test_hints_name_the_closest_column_and_table() -> None:
    column = guard("SELECT customer_id FROM customers WHERE lifetime_valu > 100").errors[0]
    assert column.code == "unknown_column" and "lifetime_value" in column.hint
    assert column.where == "lifetime_valu (line 1, col 53)"
    table = guard("SELECT customer_id FROM custmers").errors[0]
    assert table.code == "unknown_table" and "customers" in table.hint


def test_ambiguous_column_says_how_to_qualify() -> None:
    error = guard(
        "SELECT customer_id FROM customers c JOIN orders o ON c.customer_id = o.customer_id"
    ).errors[0]
    assert error.code == "ambiguous_column" and "c, o" in error.message and "c.customer_id" in error.hint


def test_parse_error_points_at_line_and_column() -> None:
    error = guard("SELECT customer_id\nFROM customers\nWHERE (").errors[0]
    assert error.code == "parse_error" and error.where and error.where.startswith("line 3, col 7")


def test_stacked_statement_is_located() -> None:
    error = guard("SELECT customer_id FROM customers; DROP TABLE customers").errors[0]
    assert error.code == "multiple_statements" and error.where and "DROP TABLE customers" in error.where


def test_all_problems_are_reported_most_severe_first() -> None:
    result = guard("SELECT * FROM read_csv('/etc/passwd') WHERE getenv('HOME') = '/' AND random() < 1")
    codes = [e.code for e in result.errors]
    assert codes == ["forbidden_function"] * 3
    assert {"read_csv", "getenv", "random"} <= {
        w for e in result.errors for w in e.message.replace("()", " ").split()
    }


def test_bad_inputs_never_raise() -> None:
    for value in (None, 42, b"SELECT 1", ["SELECT customer_id FROM customers"]):
        result = guard(value)
        assert not result.ok and result.errors[0].code == "bad_input"
    assert guard("x" * 20_001).errors[0].code == "too_long"
    assert (
        guard_sql("SELECT customer_id FROM customers", SCHEMA, "customers.nope").errors[0].code == "bad_input"
    )
    assert (
        guard_sql("SELECT customer_id FROM customers", SCHEMA, ENTITY, "klingon").errors[0].code
        == "bad_input"
    )


def test_unexpected_failure_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any) -> list[Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(sql_guard, "check_sources", broken)
    result = guard("SELECT customer_id FROM customers")
    assert not result.ok and result.sql is None
    assert [e.code for e in result.errors] == ["internal"] and "boom" not in result.errors[0].message


def test_what_a_query_reads_is_reported() -> None:
    result = guard(
        "WITH x AS (SELECT * FROM customers) "
        "SELECT customer_id FROM x WHERE x.state = 'CA' AND EXISTS "
        "(SELECT 1 FROM orders o WHERE o.customer_id = x.customer_id AND o.order_ts > now() - INTERVAL 7 DAY)"
    )
    assert result.ok
    assert result.tables == ["customers", "orders"]
    assert result.columns == [
        "customers.customer_id",
        "customers.state",
        "orders.customer_id",
        "orders.order_ts",
    ]
    assert result.functions == ["now"]


def test_normalized_sql_drops_comments_and_canonicalizes() -> None:
    result = guard("select customer_id from customers /* ; DROP TABLE customers */ where state = 'CA' -- x")
    assert result.sql == "SELECT customer_id FROM customers WHERE state = 'CA'"
    within = guard(
        "SELECT customer_id FROM customers WHERE lifetime_value >= "
        "(SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY lifetime_value) FROM customers)"
    )
    assert "QUANTILE_CONT(lifetime_value, 0.9)" in (within.sql or "")


def test_other_input_dialects_normalize_to_duckdb() -> None:
    result = guard_sql(
        "SELECT customer_id FROM customers WHERE signup_date > CURRENT_DATE - INTERVAL '30 days'",
        SCHEMA,
        ENTITY,
        dialect="postgres",
    )
    assert result.ok and result.sql == (
        "SELECT customer_id FROM customers WHERE signup_date > CURRENT_DATE - INTERVAL '30' DAYS"
    )


def test_schema_names_are_case_insensitive() -> None:
    schema = {"Customers": {"Customer_ID": "BIGINT", "State": "VARCHAR"}}
    result = guard_sql(
        "SELECT customer_id FROM customers WHERE state = 'CA'", schema, "Customers.Customer_ID"
    )
    assert result.ok and result.columns == ["customers.customer_id", "customers.state"]


def test_cte_is_only_visible_in_its_scope() -> None:
    inner = "SELECT customer_id FROM customers WHERE customer_id IN (WITH hv AS (SELECT 1) SELECT 1)"
    assert guard(inner).ok
    leaked = "SELECT customer_id FROM (WITH hv AS (SELECT customer_id FROM customers) SELECT * FROM hv) x, hv"
    assert guard(leaked).errors[0].code == "unknown_table"


def test_docstring_examples() -> None:
    for module in (sql_guard, sql_guard_rules):
        assert doctest.testmod(module).failed == 0
