"""`segment-agent segments list|show|refresh|export` through Typer's runner on a real registry."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from typer.testing import CliRunner

from segment_agent.cli.segments import segments_app
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.registry import Registry, registry_path
from segment_agent.tools.registry_model import SegmentRecord, segment_key

runner = CliRunner()
HIGH = "SELECT customer_id FROM customers WHERE score >= 70"
LOW = "SELECT customer_id FROM customers WHERE score < 10"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """customers 0..99 with score = id; 'High scorers' (dynamic) and 'Low scorers' (static) published."""
    db = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE customers AS SELECT i AS customer_id, i AS score FROM range(100) t(i)")
    con.close()
    registry = Registry(registry_path(get_settings()))
    with DuckDBWarehouse.from_settings(db, get_settings()) as warehouse:
        for name, sql, dynamic in (("High scorers", HIGH, True), ("Low scorers", LOW, False)):
            hash_ = ("a" if dynamic else "b") * 32
            record = SegmentRecord(
                id=segment_key(name, hash_),
                name=name,
                sql=sql,
                dynamic=dynamic,
                entity="customers.customer_id",
                database=str(db),
                proposal_hash=hash_,
                owner="ana",
                approver="bob",
                approved_at="2026-11-01",
            )
            registry.publish(record, warehouse.member_ids(sql))
    return db


def run(*args: str) -> Result:
    return runner.invoke(segments_app, list(args), env={"COLUMNS": "160"})


def test_list_json_prints_a_json_list_of_segments(shop: Path) -> None:
    result = run("list", "--json")
    assert result.exit_code == 0, result.output
    segments = json.loads(result.stdout)
    assert isinstance(segments, list) and {s["name"]: s["size"] for s in segments} == {
        "High scorers": 30, "Low scorers": 10}  # fmt: skip
    assert {"id", "sql", "owner", "approver", "version", "refreshed_at"} <= set(segments[0])


def test_list_json_of_an_empty_registry_is_an_empty_list() -> None:
    result = run("list", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No segments published yet" in run("list").stdout


def test_list_shows_a_table(shop: Path) -> None:
    out = run("list").stdout
    assert "High scorers" in out and "high-scorers-aaaaaaaa" in out and "30" in out


def test_show_prints_definition_and_history(shop: Path) -> None:
    out = run("show", "high-sc").stdout
    assert "High scorers" in out and "score >= 70" in out and "by bob" in out and "dynamic" in out
    data = json.loads(run("show", "low", "--json").stdout)
    assert data["dynamic"] is False and [h["added"] for h in data["history"]] == [10]


def test_refresh_reports_the_drift(shop: Path) -> None:
    con = duckdb.connect(str(shop))
    con.execute("UPDATE customers SET score = score + 5")
    con.close()
    result = run("refresh", "high-scorers", "--json")
    assert result.exit_code == 0, result.output
    [drift] = json.loads(result.stdout)
    assert (drift["before"], drift["after"], drift["added"], drift["removed"], drift["net"]) == (
        30,
        35,
        5,
        0,
        5,
    )
    table = run("refresh", "--all").stdout
    assert "high-scorers-aaaaaaaa" in table and "low-scorers" not in table, (
        "static segments are not refreshed"
    )
    assert Registry(registry_path(get_settings())).get("high").size == 35


def test_refresh_needs_one_segment_or_all(shop: Path) -> None:
    for args in (["refresh"], ["refresh", "high", "--all"]):
        result = run(*args)
        assert isinstance(result.exception, UserError) and "--all" in result.exception.message


def test_refresh_of_a_missing_database_is_a_clear_error(shop: Path) -> None:
    shop.unlink()
    result = run("refresh", "high")
    assert isinstance(result.exception, UserError) and "not found" in result.exception.message


def test_export_csv_into_the_exports_directory(shop: Path) -> None:
    result = run("export", "high")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path == get_settings().exports_dir / "high-scorers-aaaaaaaa.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == "customer_id" and [int(x) for x in lines[1:]] == list(range(70, 100))


def test_export_parquet_to_a_chosen_file(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out dir" / "low's.parquet"
    result = run("export", "low", "--format", "parquet", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(
        f"SELECT customer_id FROM read_parquet('{str(out).replace(chr(39), chr(39) * 2)}')"
    ).fetchall()
    assert [r[0] for r in rows] == list(range(10))
    assert [p.name for p in out.parent.iterdir()] == ["low's.parquet"], "no partial files left behind"


def test_an_unknown_segment_is_a_clear_error(shop: Path) -> None:
    result = run("show", "nope")
    assert isinstance(result.exception, UserError) and "no segment 'nope'" in result.exception.message
    assert run("export", "high", "--format", "xlsx").exit_code == 2
