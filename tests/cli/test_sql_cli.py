"""`segment-agent sql check` through Typer's runner on a tiny real DuckDB database."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from typer.testing import CliRunner

from segment_agent.cli.sql import sql_app
from segment_agent.errors import UserError

runner = CliRunner()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A customers table and one event table."""
    path = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE customers AS SELECT i AS customer_id, i * 10.5 AS lifetime_value,"
        " CASE WHEN i % 3 = 0 THEN 'CA' ELSE 'NY' END AS state FROM range(1, 61) t(i)"
    )
    con.execute(
        "CREATE TABLE orders AS SELECT i AS order_id, i % 60 + 1 AS customer_id, i * 1.5 AS net_amount,"
        " TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS order_ts FROM range(1, 301) t(i)"
    )
    con.close()
    return path


def check(shop: Path, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(sql_app, ["check", "--db", str(shop), *args], input=stdin)


def test_accepted_sql_prints_the_normalized_query(shop: Path) -> None:
    result = check(shop, "select customer_id from customers where state = 'CA' -- comment")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "SELECT customer_id FROM customers WHERE state = 'CA'"


def test_rejected_sql_exits_2_with_what_where_and_hint(shop: Path) -> None:
    result = check(shop, "SELECT customer_id FROM customers WHERE stat = 'CA'")
    assert result.exit_code == 2
    out = result.stdout
    assert "Rejected" in out and "unknown_column" in out and "column stat does not exist" in out
    assert "where: stat (line 1, col 44)" in out and "Did you mean state?" in out


def test_attacks_are_rejected(shop: Path) -> None:
    for sql in (
        "SELECT customer_id FROM customers; DROP TABLE customers",
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY customers TO 'leak.csv'",
    ):
        assert check(shop, sql).exit_code == 2, sql
    con = duckdb.connect(str(shop), read_only=True)
    assert con.execute("SELECT count(*) FROM customers").fetchone() == (60,)
    con.close()


@pytest.mark.parametrize("args", [[], ["-"]])
def test_sql_from_stdin(shop: Path, args: list[str]) -> None:
    result = check(
        shop, *args, stdin="SELECT DISTINCT o.customer_id FROM orders o WHERE o.net_amount > 100\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "SELECT DISTINCT o.customer_id FROM orders AS o WHERE o.net_amount > 100"


def test_jsonl_prints_one_verdict_per_line_and_exits_0(shop: Path, tmp_path: Path) -> None:
    lines = [
        json.dumps({"sql": "SELECT customer_id FROM orders WHERE net_amount > 10"}),
        json.dumps({"sql": "SELECT * FROM customers"}),
        "{not json",
        json.dumps({"query": "SELECT 1"}),
        "",
        json.dumps({"sql": "SELECT customer_id FROM '/etc/passwd'"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = check(shop, "--jsonl", str(path))
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [v["ok"] for v in verdicts] == [True, False, False, False, False]
    codes = [v["errors"][0]["code"] if v["errors"] else None for v in verdicts]
    assert codes == [None, "wrong_output", "bad_input", "bad_input", "file_access"]
    assert verdicts[0]["sql"] == "SELECT customer_id FROM orders WHERE net_amount > 10"
    assert set(verdicts[1]["errors"][0]) == {"code", "message", "where", "hint"}


def test_jsonl_from_stdin(shop: Path) -> None:
    result = check(shop, "--jsonl", "-", stdin='{"sql": "SELECT customer_id FROM customers"}\n')
    assert result.exit_code == 0 and json.loads(result.stdout)["ok"] is True


def test_missing_demo_database_says_how_to_build_it() -> None:
    result = runner.invoke(sql_app, ["check", "SELECT customer_id FROM customers"])
    assert isinstance(result.exception, UserError)
    assert "segment-agent demo build" in (result.exception.hint or "")


def test_missing_jsonl_file_is_a_user_error(shop: Path, tmp_path: Path) -> None:
    result = check(shop, "--jsonl", str(tmp_path / "nope.jsonl"))
    assert isinstance(result.exception, UserError)
