"""`segment-agent demo build` through Typer's runner."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from segment_agent.cli.demo import demo_app
from segment_agent.errors import UserError
from segment_agent.settings import get_settings


def test_build_writes_the_database_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(demo_app, ["build", "--customers", "200", "--seed", "5", "--out", str(out),
                                           "--as-of", "2026-02-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "customers" in result.output and "200" in result.output and "order_items" in result.output
    assert "seed 5" in result.output and "seconds" in result.output
    con = duckdb.connect(str(out), read_only=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM _meta").fetchall())
    finally:
        con.close()
    assert meta["as_of"] == "2026-02-01" and meta["seed"] == "5" and meta["rows.customers"] == "200"
    assert out.with_suffix(".annotations.yaml").exists()


def test_build_defaults_to_the_data_home_and_settings(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEGMENT_AGENT_DEMO_CUSTOMERS", "120")
    get_settings.cache_clear()
    result = CliRunner().invoke(demo_app, ["build"])
    assert result.exit_code == 0, result.output
    assert get_settings().demo_db_path.exists()
    assert "120" in result.output


@pytest.mark.parametrize(
    "args", [["--customers", "10"], ["--as-of", "yesterday"], ["--out", "/proc/no/such/dir/demo.duckdb"]]
)
def test_bad_input_is_a_user_error(args: list[str], tmp_path: Path) -> None:
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "d.duckdb")]
    result = CliRunner().invoke(demo_app, ["build", *args])
    assert result.exit_code != 0
    assert isinstance(result.exception, UserError)
    assert not (tmp_path / "d.duckdb").exists()


def test_demo_without_a_command_shows_help() -> None:
    result = CliRunner().invoke(demo_app, [])
    assert "build" in result.output
