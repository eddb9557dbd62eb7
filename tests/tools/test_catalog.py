"""Catalog build, entity detection, annotations and fingerprint-based reuse on small real databases."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from segment_agent.errors import UserError
from segment_agent.tools.annotations import load_annotations
from segment_agent.tools.catalog import (
    build_catalog,
    catalog_path,
    ensure_catalog,
    load_catalog,
    store_catalog,
    writable_folder,
)
from segment_agent.tools.demo.legacy import legacy_names
from tests.tools.test_freshness import build_small_cdp

ANNOTATIONS = """
tables:
  customers:
    columns:
      total_purchases: {description: "Completed orders.", status: certified, owner: crm, unit: orders}
      purchase_count: {description: "Old count.", status: deprecated, replaced_by: customers.total_purchases}
      state: {description: "Shipping state.", status: certified, allowed_values: [CA, NY, TX, WA], pii: false}
      x_attr_001: {status: legacy}
      no_such_column: {description: "Gone."}
"""


@pytest.fixture
def cdp(tmp_path: Path) -> Path:
    return build_small_cdp(tmp_path / "cdp.duckdb", customers=600)


def run_sql(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    con.execute(sql)
    con.close()


def test_build_profiles_every_table_but_metadata(cdp: Path) -> None:
    catalog = build_catalog(cdp)
    assert catalog.entity == "customers.customer_id" and catalog.as_of == "2026-11-20"
    assert catalog.row_counts == {"customers": 600, "orders": 1799}
    assert catalog.tables() == ["customers", "orders"]
    assert catalog.schema()["orders"] == {
        "order_id": "BIGINT",
        "customer_id": "BIGINT",
        "order_ts": "TIMESTAMP",
    }
    assert catalog.field("state").profile.top_values[0][1] == 150
    assert {f.column for f in catalog.fields if f.status == "legacy"} == {"legacy_seg_code", "tmp_flag_2023"}
    assert (
        catalog.field("src_sys_cd").status == "undocumented" and catalog.field("src_sys_cd").profile.constant
    )
    assert all("legacy" in f.tags for f in catalog.fields if f.status == "legacy")


def test_annotations_are_merged_and_stray_ones_warned(cdp: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(ANNOTATIONS)
    catalog = build_catalog(cdp, annotations=notes)
    total, old = catalog.field("total_purchases"), catalog.field("purchase_count")
    assert (total.status, total.owner, total.unit, total.pii) == ("certified", "crm", "orders", False)
    assert old.status == "deprecated" and old.replaced_by == "customers.total_purchases"
    assert old.profile.frozen and not total.profile.frozen
    assert catalog.field("state").allowed_values == ["CA", "NY", "TX", "WA"]
    assert catalog.field("x_attr_001").tags == ["legacy"]
    # In an annotated database, an undocumented constant is legacy whatever its name.
    assert catalog.field("src_sys_cd").status == "legacy"
    assert catalog.field("signup_date").status == "undocumented"
    assert catalog.warnings == [
        "annotation for customers.no_such_column ignored: no such column in the database"
    ]


def test_annotation_file_next_to_the_database_is_used_by_default(cdp: Path) -> None:
    cdp.with_suffix(".annotations.yaml").write_text(ANNOTATIONS)
    assert build_catalog(cdp).field("total_purchases").status == "certified"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tables: {customers: {columns: {state: {status: golden}}}}", ["customers.state", "golden"]),
        ("tables: {customers: {columns: {state: {pii: sometimes}}}}", ["customers.state", "pii"]),
        ("tables: [customers]", ["tables:"]),
        ("tables: {customers: {columns: [state]}}", ["customers", "columns:"]),
        ("tables: {customers: {columns: {state: {status: [", ["not valid YAML"]),
    ],
)
def test_bad_annotations_are_user_errors_naming_the_problem(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(UserError) as err:
        load_annotations(path)
    assert all(w in str(err.value) for w in words), str(err.value)


def test_as_of_without_meta_is_the_latest_entity_date(cdp: Path) -> None:
    run_sql(cdp, "DROP TABLE _meta")
    assert build_catalog(cdp).as_of == "2026-11-20"


def test_entity_defaults_to_the_most_referenced_unique_key(tmp_path: Path) -> None:
    db = tmp_path / "shop.duckdb"
    run_sql(
        db,
        """
        CREATE TABLE users AS SELECT range AS user_id, range % 3 AS shop_id FROM range(50);
        CREATE TABLE visits AS SELECT range AS visit_id, range % 50 AS user_id FROM range(200);
        CREATE TABLE tickets AS SELECT range AS ticket_id, range % 50 AS user_id FROM range(20);
        CREATE TABLE shops AS SELECT range AS shop_id FROM range(3);
    """,
    )
    assert build_catalog(db).entity == "users.user_id"
    assert build_catalog(db, entity="shops.shop_id").entity == "shops.shop_id"


def test_ambiguous_entity_asks_for_it(tmp_path: Path) -> None:
    db = tmp_path / "two.duckdb"
    run_sql(
        db,
        """
        CREATE TABLE users AS SELECT range AS user_id FROM range(5);
        CREATE TABLE logins AS SELECT range AS login_id, range AS user_id FROM range(5);
        CREATE TABLE login_events AS SELECT range AS login_id FROM range(5);
    """,
    )
    with pytest.raises(UserError) as err:
        build_catalog(db)
    assert "users.user_id" in err.value.message and "--entity" in (err.value.hint or "")


@pytest.mark.parametrize(
    ("entity", "suggestion"),
    [
        ("customer.customer_id", "Did you mean customers"),
        ("customers.customerid", "Did you mean customer_id"),
        ("customers", "is not TABLE.KEY"),
    ],
)
def test_unknown_entity_lists_close_matches(cdp: Path, entity: str, suggestion: str) -> None:
    with pytest.raises(UserError, match=suggestion):
        build_catalog(cdp, entity=entity)


def test_missing_and_non_duckdb_files_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="database file not found"):
        build_catalog(tmp_path / "missing.duckdb")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(UserError, match="Cannot open .* as a DuckDB database"):
        build_catalog(text)
    lite = tmp_path / "shop.sqlite"
    with sqlite3.connect(lite) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    with pytest.raises(UserError, match="is a SQLite database, not DuckDB"):
        build_catalog(lite)


def test_ensure_catalog_reuses_the_stored_catalog_until_something_changes(cdp: Path, tmp_path: Path) -> None:
    first = ensure_catalog(cdp)
    stored = catalog_path(cdp)
    assert stored == cdp.with_name("cdp.catalog.json") and load_catalog(cdp) == first
    written = stored.stat().st_mtime_ns
    assert ensure_catalog(cdp) == first and stored.stat().st_mtime_ns == written

    time.sleep(0.01)
    run_sql(cdp, "INSERT INTO orders VALUES (99999, 1, TIMESTAMP '2026-11-20 10:00:00')")
    assert ensure_catalog(cdp).row_counts["orders"] == 1800

    notes = tmp_path / "notes.yaml"
    notes.write_text(ANNOTATIONS)
    assert ensure_catalog(cdp, annotations=notes).field("total_purchases").status == "certified"
    notes.write_text(ANNOTATIONS.replace("status: certified, owner: crm", "status: experimental"))
    assert ensure_catalog(cdp, annotations=notes).field("total_purchases").status == "experimental"
    assert ensure_catalog(cdp, entity="orders.order_id").entity == "orders.order_id"


def test_a_corrupt_stored_catalog_is_rebuilt(cdp: Path) -> None:
    catalog_path(cdp).write_text("{not json")
    assert load_catalog(cdp) is None
    assert ensure_catalog(cdp).entity == "customers.customer_id"
    assert load_catalog(cdp) is not None


def test_demo_catalog_merges_its_annotations_and_hides_legacy_columns(demo_db: Path) -> None:
    catalog = build_catalog(demo_db)
    assert catalog.entity == "customers.customer_id" and catalog.warnings == []
    assert (
        catalog.field("total_purchases").status == "certified"
        and catalog.field("total_purchases").description
    )
    assert catalog.field(catalog.field("ltv").replaced_by or "").name == "customers.lifetime_value"
    legacy = {f.column for f in catalog.fields if f.status == "legacy"}
    assert legacy == set(legacy_names())
    assert not [f.name for f in catalog.fields if f.status == "undocumented"]


def test_writable_folder_tells_a_read_only_folder_apart(
    tmp_path: Path, make_read_only: Callable[[Path], Path]
) -> None:
    (tmp_path / "shared").mkdir()
    assert not writable_folder(make_read_only(tmp_path / "shared"))
    assert writable_folder(tmp_path) and sorted(p.name for p in tmp_path.iterdir()) == ["shared"]


def test_a_read_only_folder_keeps_the_catalog_in_the_data_home(
    tmp_path: Path, data_home: Path, make_read_only: Callable[[Path], Path]
) -> None:
    (tmp_path / "shared").mkdir()
    db = build_small_cdp(tmp_path / "shared" / "cdp.duckdb", customers=600)
    make_read_only(db.parent)
    first = ensure_catalog(db)
    stored = catalog_path(db)
    assert stored.parent == data_home / "catalogs" and stored.name.startswith("cdp-") and stored.is_file()
    assert not db.with_suffix(".catalog.json").exists() and first.warnings == []
    written = stored.stat().st_mtime_ns
    assert ensure_catalog(db) == first and stored.stat().st_mtime_ns == written


def test_a_catalog_built_next_to_a_database_before_its_folder_went_read_only_is_reused(
    tmp_path: Path, data_home: Path, make_read_only: Callable[[Path], Path]
) -> None:
    (tmp_path / "shared").mkdir()
    db = build_small_cdp(tmp_path / "shared" / "cdp.duckdb", customers=600)
    built = build_catalog(db)
    assert store_catalog(built, db) == db.with_suffix(".catalog.json")
    make_read_only(db.parent)
    assert ensure_catalog(db) == built and not (data_home / "catalogs").exists()
