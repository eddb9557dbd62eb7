"""`catalog linking` through the Typer runner: recall per tag, misses, JSON report, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from segment_agent.cli.catalog_linking import linking_command
from segment_agent.errors import UserError

CASES = """
cases:
  - {id: c-1, phrase: "net revenue to date", field: customers.lifetime_value, tags: [plain]}
  - {id: c-2, phrase: "customers in Texas", field: customers.state, value: TX, tags: [categorical]}
  - {id: c-3, phrase: "shoe size", field: customers.state, value: ON, tags: [categorical]}
"""


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("linking")(linking_command)
    return app


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(CASES)
    return path


def test_summary_and_json_report_score_every_case(
    app: typer.Typer, small_db: Path, cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["linking", str(cases), "--db", str(small_db), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["cases"] == 3
    assert report["recall_at_1"] == pytest.approx(2 / 3, abs=0.001)
    assert report["per_tag"]["plain"]["recall_at_1"] == 1.0
    assert [m["id"] for m in report["misses"]] == ["c-3"]
    assert "categorical" in result.stdout and "0.667" in result.stdout
    assert "c-3" not in result.stdout  # misses only on request: held-out files stay unread


def test_misses_are_listed_on_request(
    app: typer.Typer, small_db: Path, cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, ["linking", str(cases), "--db", str(small_db), "--misses"])
    assert result.exit_code == 0, result.output
    assert "c-3" in result.stdout and "shoe size" in result.stdout


def test_bad_cases_file_and_missing_database_are_user_errors(
    app: typer.Typer, small_db: Path, tmp_path: Path, cases: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases: [{phrase: no id}]")
    result = CliRunner().invoke(app, ["linking", str(bad), "--db", str(small_db)])
    assert isinstance(result.exception, UserError)
    assert "not a valid schema-linking file" in result.exception.message
    missing = CliRunner().invoke(app, ["linking", str(cases), "--db", str(tmp_path / "nope.duckdb")])
    assert isinstance(missing.exception, UserError) and "nope.duckdb" in missing.exception.message
