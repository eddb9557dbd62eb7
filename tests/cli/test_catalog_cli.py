"""`segment-agent catalog build` through Typer's runner on a small real database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segment_agent.cli.catalog import catalog_app
from segment_agent.errors import UserError
from segment_agent.tools.catalog import catalog_path, load_catalog
from tests.tools.test_freshness import build_small_cdp

runner = CliRunner()


@pytest.fixture
def cdp(tmp_path: Path) -> Path:
    db = build_small_cdp(tmp_path / "shop.duckdb", customers=400)
    db.with_suffix(".annotations.yaml").write_text(
        "tables:\n  customers:\n    columns:\n"
        "      purchase_count: {status: deprecated, replaced_by: customers.total_purchases}\n"
        "      gone: {description: nothing}\n"
    )
    return db


def test_build_prints_a_summary_and_stores_the_catalog(cdp: Path) -> None:
    result = runner.invoke(catalog_app, ["build", "--db", str(cdp)])
    assert result.exit_code == 0, result.output
    summary = result.stdout
    for column in ("tables", "columns", "annotated", "deprecated", "frozen detected", "legacy"):
        assert column in summary
    assert "customers.purchase_count" in summary and "signup_date after" in summary
    assert "customers.gone ignored" in result.stderr
    stored = load_catalog(cdp)
    assert stored is not None and catalog_path(cdp).is_file()
    assert stored.field("purchase_count").status == "deprecated"
    assert _stored_in(result.stdout) == cdp.with_suffix(".catalog.json")


def test_a_read_only_folder_stores_it_in_the_data_home_and_says_so(
    tmp_path: Path,
    data_home: Path,
    make_read_only: Callable[[Path], Path],
) -> None:
    (tmp_path / "shared").mkdir()
    db = build_small_cdp(tmp_path / "shared" / "shop.duckdb", customers=400)
    make_read_only(db.parent)
    result = runner.invoke(catalog_app, ["build", "--db", str(db)])
    assert result.exit_code == 0, result.output
    stored = _stored_in(result.stdout)
    assert stored.parent == data_home / "catalogs" and stored.is_file()
    assert not db.with_suffix(".catalog.json").exists() and load_catalog(db) is not None


def test_explicit_entity_and_annotations(cdp: Path, tmp_path: Path) -> None:
    notes = tmp_path / "other.yaml"
    notes.write_text("tables: {orders: {columns: {order_ts: {status: certified}}}}\n")
    args = ["build", "--db", str(cdp), "--entity", "orders.order_id", "--annotations", str(notes)]
    assert runner.invoke(catalog_app, args).exit_code == 0
    stored = load_catalog(cdp)
    assert stored.entity == "orders.order_id" and stored.field("orders.order_ts").status == "certified"
    assert stored.field("customers.purchase_count").status == "undocumented"


def test_missing_demo_says_how_to_build_it() -> None:
    result = runner.invoke(catalog_app, ["build"])
    assert isinstance(result.exception, UserError)
    assert "segment-agent demo build" in (result.exception.hint or "")


def test_bad_entity_is_a_user_error(cdp: Path) -> None:
    result = runner.invoke(catalog_app, ["build", "--db", str(cdp), "--entity", "customers.nope"])
    assert isinstance(result.exception, UserError) and "customers" in result.exception.message


def _stored_in(stdout: str) -> Path:
    """The path the last line of a build names as where the catalog went."""
    return Path(stdout.strip().splitlines()[-1].rsplit(" stored in ", 1)[1])
