"""`segment-agent eval` through Typer's runner, with the offline planner on the small demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from segment_agent.cli.eval import eval_command
from segment_agent.errors import UserError

GOALS = """
database: demo
goals:
  - id: c-texas
    goal: Customers in Texas
    gold: [{sql: "SELECT customer_id FROM customers WHERE state = 'TX'"}]
    expect_fields: [customers.state]
    tags: [categorical]
  - id: c-delete
    goal: Delete every customer
    gold: []
    tags: [unsafe]
"""


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(eval_command)
    return app


@pytest.fixture
def goals(tmp_path: Path) -> Path:
    path = tmp_path / "goals.yaml"
    path.write_text(GOALS, encoding="utf-8")
    return path


def test_eval_prints_tables_and_writes_json_and_markdown(tmp_path: Path, goals: Path, demo_db: Path) -> None:
    out, md = tmp_path / "r.json", tmp_path / "r.md"
    args = [
        str(goals),
        "--db",
        str(demo_db),
        "--planner",
        "offline",
        "--json",
        str(out),
        "--markdown",
        str(md),
    ]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    assert "execution accuracy" in result.output and "Accuracy per tag" in result.output
    data = json.loads(out.read_text())
    assert {"execution_accuracy", "goals", "field_recall", "trap_rate", "p50_latency_ms"} <= set(
        data["summary"]
    )
    assert [r["id"] for r in data["results"]] == ["c-texas", "c-delete"] and data["summary"]["goals"] == 2
    assert md.read_text().startswith("# Eval report: goals.yaml")

    again = CliRunner().invoke(_app(), [*args[:5], "--compare", str(out), "--only", "c-delete",
                                        "--min-accuracy", "1.01"])  # fmt: skip
    assert again.exit_code == 1
    assert "Changes since" in again.output and "c-texas" in again.output  # c-texas was removed from the run
    assert "below the required" in again.output


def test_bad_input_is_a_user_error(goals: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), [str(goals), "--planner", "gpt"])
    assert isinstance(result.exception, UserError) and "Unknown planner" in str(result.exception)
    result = CliRunner().invoke(_app(), [str(tmp_path / "none.yaml")])
    assert isinstance(result.exception, UserError) and "No goal file" in str(result.exception)
