"""PublishedMembers follows the registry: publications after it was created are seen, nothing else re-read."""

from __future__ import annotations

from pathlib import Path

from segment_agent.tools.published_members import PublishedMembers, file_stamp
from segment_agent.tools.registry import Registry
from segment_agent.tools.registry_model import SegmentRecord, segment_key

DB = "/data/shop.duckdb"


def record(name: str, hash_: str, database: str = DB) -> SegmentRecord:
    values = {"id": segment_key(name, hash_), "name": name, "sql": "SELECT customer_id FROM customers",
              "entity": "customers.customer_id", "database": database, "proposal_hash": hash_, "owner": "ana",
              "approver": "bob", "approved_at": "2026-11-01T10:00:00+00:00", "goal": "everyone"}  # fmt: skip
    return SegmentRecord.model_validate(values)


def as_lists(published: PublishedMembers) -> dict[str, list[int]]:
    return {name: ids.tolist() for name, ids in published.items()}


def test_no_registry_means_nothing_published(tmp_path: Path) -> None:
    published = PublishedMembers(tmp_path / "registry.duckdb", DB)
    assert (len(published), dict(published)) == (0, {})
    assert not (tmp_path / "registry.duckdb").exists()  # reading does not create it


def test_publications_after_creation_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "registry.duckdb"
    published = PublishedMembers(path, DB)
    assert as_lists(published) == {}
    registry = Registry(path)
    registry.publish(record("A", "aa" * 16), [3, 1, 2])
    registry.publish(record("Other", "cc" * 16, database="/other.duckdb"), [9])
    assert as_lists(published) == {"a-aaaaaaaa": [1, 2, 3]}
    registry.publish(record("B", "bb" * 16), [2, 5])
    assert as_lists(published) == {"a-aaaaaaaa": [1, 2, 3], "b-bbbbbbbb": [2, 5]}
    assert published["b-bbbbbbbb"].dtype.kind == "i" and "a-aaaaaaaa" in published


def test_an_unchanged_registry_is_not_read_again(tmp_path: Path) -> None:
    path = tmp_path / "registry.duckdb"
    Registry(path).publish(record("A", "aa" * 16), [1])
    published = PublishedMembers(path, DB)
    first = published.current()
    assert file_stamp(path) and published.current() is first
