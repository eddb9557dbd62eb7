"""`catalog search` through the Typer runner, on a small real DuckDB file with annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from segment_agent.cli.catalog_search import search_command
from segment_agent.errors import UserError


@pytest.fixture
def app() -> typer.Typer:
    """A catalog-like sub-app with `search` registered the way the lead registers it."""
    app = typer.Typer()
    app.callback()(lambda: None)
    app.command("search")(search_command)
    return app


def test_json_is_a_ranked_list_with_field_score_status(app: typer.Typer, small_db: Path) -> None:
    result = CliRunner().invoke(app, ["search", "ltv", "--db", str(small_db), "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert {"field", "score", "status", "kind", "value", "why"} <= set(hits[0])
    assert [h["field"] for h in hits[:2]] == ["customers.lifetime_value", "customers.ltv"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_value_hit_and_pii_option(app: typer.Typer, small_db: Path) -> None:
    out = CliRunner().invoke(app, ["search", "customers in Texas", "--db", str(small_db), "--json"]).stdout
    top = json.loads(out)[0]
    assert (top["field"], top["kind"], top["value"]) == ("customers.state", "value", "TX")
    plain = json.loads(
        CliRunner().invoke(app, ["search", "email address", "--db", str(small_db), "--json"]).stdout
    )
    assert "customers.email" not in [h["field"] for h in plain]
    args = ["search", "email address", "--db", str(small_db), "--json", "--include-pii"]
    assert json.loads(CliRunner().invoke(app, args).stdout)[0]["field"] == "customers.email"


def test_table_output_shows_catalog_text_verbatim(
    app: typer.Typer, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    result = CliRunner().invoke(app, ["search", "state code", "--db", str(small_db)])
    assert result.exit_code == 0, result.output
    assert "customers.state" in result.stdout and "[bold]TX[/bold]" in result.stdout


def test_missing_database_and_empty_query_are_user_errors(
    app: typer.Typer, small_db: Path, tmp_path: Path
) -> None:
    missing = CliRunner().invoke(app, ["search", "ltv", "--db", str(tmp_path / "nope.duckdb")])
    assert isinstance(missing.exception, UserError) and "nope.duckdb" in missing.exception.message
    empty = CliRunner().invoke(app, ["search", "  ", "--db", str(small_db)])
    assert isinstance(empty.exception, UserError) and empty.exception.hint


def test_demo_database_is_the_default(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["search", "ltv"])
    assert isinstance(result.exception, UserError) and "demo build" in (result.exception.hint or "")
