"""The segment registry: idempotent publication, snapshots with drift, lookups, and a busy file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.registry import Registry, registry_path
from segment_agent.tools.registry_model import SegmentRecord, segment_key

SQL = "SELECT customer_id FROM customers WHERE score >= 50"


def record(name: str = "High scorers", hash_: str = "ab12cd34" * 4, **extra: object) -> SegmentRecord:
    values = {"id": segment_key(name, hash_), "name": name, "sql": SQL, "entity": "customers.customer_id",
              "database": "/data/shop.duckdb", "proposal_hash": hash_, "owner": "ana", "approver": "bob",
              "approved_at": "2026-11-01T10:00:00+00:00", "goal": "people who score high"}  # fmt: skip
    return SegmentRecord.model_validate({**values, **extra})


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    return Registry(tmp_path / "registry.duckdb")


def test_segment_ids_are_readable_and_bound_to_the_proposal() -> None:
    assert segment_key("High-value churners (Q3)!", "0123456789abcdef") == "high-value-churners-q3-01234567"
    assert segment_key("???", "ffffffff00") == "segment-ffffffff"
    assert segment_key("x" * 80, "aa" * 8).startswith("x" * 40 + "-")


def test_registry_lives_in_the_data_home(data_home: Path) -> None:
    assert registry_path(get_settings()) == data_home / "registry.duckdb"


def test_publish_stores_definition_and_members(registry: Registry) -> None:
    drift = registry.publish(record(), [3, 1, 2, 2])
    assert (drift.before, drift.after, drift.added, drift.removed, drift.net, drift.version) == (
        0,
        3,
        3,
        0,
        3,
        1,
    )
    [stored] = registry.list()
    assert stored.id == "high-scorers-ab12cd34" and stored.size == 3 and stored.version == 1
    assert (stored.owner, stored.approver, stored.sql, stored.dynamic) == ("ana", "bob", SQL, True)
    assert stored.created_at and stored.refreshed_at
    assert registry.members(stored.id) == [1, 2, 3]


def test_publishing_again_is_harmless(registry: Registry) -> None:
    registry.publish(record(), [1, 2, 3])
    again = registry.publish(record(approver="carol"), [1, 2, 3])
    assert again.version == 1 and again.net == 0
    [stored] = registry.list()
    assert stored.approver == "carol" and len(registry.history(stored.id)) == 1


def test_refresh_reports_drift_and_keeps_history(registry: Registry) -> None:
    seg = record()
    registry.publish(seg, [1, 2, 3, 4])
    drift = registry.refresh(seg.id, [3, 4, 5, 6, 7])
    assert (drift.before, drift.after, drift.added, drift.removed, drift.net, drift.version) == (
        4,
        5,
        3,
        2,
        1,
        2,
    )
    assert registry.members(seg.id) == [3, 4, 5, 6, 7]
    same = registry.refresh(seg.id, [7, 6, 5, 4, 3])
    assert same.version == 2 and (same.added, same.removed, same.net) == (0, 0, 0)
    history = registry.history(seg.id)
    assert [(h.version, h.before, h.after, h.added, h.removed, h.net) for h in history] == [
        (2, 4, 5, 3, 2, 1), (1, 0, 4, 4, 0, 4)]  # fmt: skip


def test_static_segments_are_not_refreshed(registry: Registry) -> None:
    registry.publish(record(dynamic=False), [1])
    with pytest.raises(UserError, match="static"):
        registry.refresh(record().id, [1, 2])


def test_lookup_by_id_or_unique_prefix(registry: Registry) -> None:
    registry.publish(record("High scorers", "aa" * 16), [1])
    registry.publish(record("High spenders", "bb" * 16), [2])
    assert registry.get("high-sp").name == "High spenders"
    assert registry.get("high-scorers-aaaaaaaa").name == "High scorers"
    with pytest.raises(UserError, match="matches 2 segments"):
        registry.get("high-s")
    with pytest.raises(UserError, match="no segment 'nope'"):
        registry.get("nope")


def test_published_members_by_database(registry: Registry) -> None:
    registry.publish(record("A", "aa" * 16), [1, 2])
    registry.publish(record("B", "bb" * 16, database="/other.duckdb"), [3])
    assert registry.published_members("/data/shop.duckdb") == {"a-aaaaaaaa": [1, 2]}


def test_membership_is_computed_through_the_warehouse(tmp_path: Path, registry: Registry) -> None:
    db = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE customers AS SELECT i AS customer_id, i AS score FROM range(100) t(i)")
    con.close()
    seg = record(database=str(db))
    with DuckDBWarehouse.from_settings(db, get_settings()) as warehouse:
        registry.publish(seg, warehouse.member_ids(seg.sql))
    con = duckdb.connect(str(db))
    con.execute("UPDATE customers SET score = 99 - score")
    con.execute("INSERT INTO customers VALUES (100, 100), (101, 0)")
    con.close()
    with DuckDBWarehouse.from_settings(db, get_settings()) as warehouse:
        drift = registry.refresh(seg.id, warehouse.member_ids(seg.sql))
    assert (drift.before, drift.after, drift.added, drift.removed) == (50, 51, 51, 50)
    assert registry.members(seg.id) == [*range(50), 100]


def test_a_writer_in_another_process_is_waited_for(registry: Registry) -> None:
    script = (
        "import sys, time; from segment_agent.tools.sandbox import open_writer; from pathlib import Path;"
        "con = open_writer(Path(sys.argv[1])); print('locked', flush=True); time.sleep(1.0); con.close()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(registry.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        registry.publish(record(), [1, 2])
    finally:
        holder.wait()
    assert registry.get(record().id).size == 2
