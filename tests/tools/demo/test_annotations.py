"""Contract: the annotation YAML documents every non-legacy column, and no legacy one, for the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from segment_agent.tools.annotations import load_annotations
from segment_agent.tools.demo import annotations_path, legacy_names
from tests.tools.demo.contract import EVENT_TABLES, FROZEN
from tests.tools.demo.queries import rows

STATUSES = {"certified", "deprecated", "experimental"}
REQUIRED = {"description", "status", "owner", "refresh", "pii", "tags"}


@pytest.fixture(scope="module")
def notes(demo_db: Path) -> dict[str, Any]:
    return yaml.safe_load(annotations_path(demo_db).read_text(encoding="utf-8"))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {
        r[0]
        for r in rows(con, f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'")
    }


def test_annotation_file_sits_next_to_the_database(demo_db: Path) -> None:
    assert annotations_path(demo_db) == demo_db.with_suffix(".annotations.yaml")
    assert annotations_path(demo_db).exists()


def test_every_documented_column_is_annotated_and_no_legacy_one(
    notes: dict[str, Any], con: duckdb.DuckDBPyConnection
) -> None:
    customers = set(notes["tables"]["customers"]["columns"])
    legacy = set(legacy_names())
    assert customers == _columns(con, "customers") - legacy
    for table in EVENT_TABLES:
        assert set(notes["tables"][table]["columns"]) == _columns(con, table), table
    assert notes["as_of"] == rows(con, "SELECT value FROM _meta WHERE key = 'as_of'")[0][0]


def test_entries_are_complete_and_well_formed(notes: dict[str, Any]) -> None:
    for table, spec in notes["tables"].items():
        assert spec["description"]
        for col, note in spec["columns"].items():
            where = f"{table}.{col}"
            assert set(note) >= REQUIRED, where
            assert note["status"] in STATUSES, where
            assert isinstance(note["pii"], bool) and isinstance(note["tags"], list), where
            assert note["description"].endswith(".") and len(note["description"]) > 15, where
            if table != "customers":
                assert note["status"] == "certified", where


def test_deprecated_columns_name_a_certified_replacement(notes: dict[str, Any]) -> None:
    cols = notes["tables"]["customers"]["columns"]
    deprecated = {c for c, n in cols.items() if n["status"] == "deprecated"}
    assert set(FROZEN) | {"orders_lifetime"} <= deprecated
    for col in deprecated:
        assert cols[cols[col]["replaced_by"]]["status"] == "certified", col
    assert cols["geo_state_ip"]["status"] == "experimental"


def test_scope_words_separate_the_look_alikes(notes: dict[str, Any]) -> None:
    cols = notes["tables"]["customers"]["columns"]
    expect = {"total_purchases": "all channels", "num_orders": "web and app only", "last_login": "app only",
              "most_recent_session": "web only", "clv_predicted_12m": "predicted", "churn_score": "predicted",
              "email_open_rate_90d": "machine opens", "predicted_ltv_decline": "not churn"}  # fmt: skip
    for col, words in expect.items():
        assert words in cols[col]["description"].lower(), col
    trend = cols["engagement_trend"]["description"]
    assert "sessions_30d" in trend and "sessions_prev_30d" in trend


def test_pii_and_allowed_values_match_the_data(notes: dict[str, Any], con: duckdb.DuckDBPyConnection) -> None:
    for table, spec in notes["tables"].items():
        for col, note in spec["columns"].items():
            if "allowed_values" in note:
                found = {
                    str(r[0])
                    for r in rows(con, f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL")
                }
                assert found <= set(note["allowed_values"]), f"{table}.{col}"
    cols = notes["tables"]["customers"]["columns"]
    pii = {c for c, n in cols.items() if n["pii"]}
    assert pii == {"email", "phone", "first_name", "last_name", "birth_date", "postal_code"}
    assert cols["state"]["value_labels"]["CA"] == "California"


def test_the_catalog_reader_accepts_the_file(demo_db: Path) -> None:
    loaded = load_annotations(annotations_path(demo_db))
    assert loaded[("customers", "ltv")].replaced_by == "lifetime_value"
    assert loaded[("orders", "status")].allowed_values == ["completed", "returned", "cancelled"]
