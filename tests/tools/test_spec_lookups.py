"""Event conditions on a lookup table (the genre of the titles a member played): found, joined, counted."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path, lookups
from segment_agent.tools.segment_spec import EventCondition, FieldCondition, Group, SegmentSpec
from segment_agent.tools.spec_compiler import compile_spec
from segment_agent.tools.spec_fields import spec_fields
from segment_agent.tools.spec_render import render_spec
from segment_agent.tools.spec_validate import validate_spec

SCHEMA = """
CREATE TABLE members (member_id BIGINT, plan VARCHAR);
CREATE TABLE titles (title_id INTEGER, genre VARCHAR);
CREATE TABLE plays (play_id BIGINT, member_id BIGINT, title_id INTEGER, started_at TIMESTAMP);
INSERT INTO members VALUES (1, 'basic'), (2, 'family'), (3, 'basic');
INSERT INTO titles VALUES (10, 'documentary'), (11, 'comedy');
INSERT INTO plays VALUES (100, 1, 10, CURRENT_DATE - INTERVAL 3 DAY),
  (101, 2, 11, CURRENT_DATE - INTERVAL 3 DAY), (102, 3, 10, CURRENT_DATE - INTERVAL 40 DAY),
  (103, 1, 10, CURRENT_DATE - INTERVAL 5 DAY);
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    path = tmp_path_factory.mktemp("lookups") / "media.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        columns = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY ALL"
        ).fetchall()
    fields = [FieldInfo(table=t, column=c, type=ty) for t, c, ty in columns]
    counts = {"members": 3, "titles": 2, "plays": 4}
    return path, Catalog(database=str(path), entity="members.member_id", row_counts=counts, fields=fields)


def _members(path: Path, sql: str) -> set[int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {row[0] for row in con.execute(sql).fetchall()}


def test_a_table_named_by_an_id_of_the_event_table_is_its_lookup(db: tuple[Path, Catalog]) -> None:
    catalog = db[1]
    assert lookups(catalog, "plays") == (("titles", "title_id"),)
    path = event_path(catalog, "plays")
    assert path is not None and path.tables == ["plays", "titles"]
    assert event_path(catalog, "titles") is None  # a lookup is not an event table of its own


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            EventCondition(
                table="plays",
                where=[FieldCondition(field="titles.genre", op="=", value="documentary")],
                within_days=14,
            ),
            {1},
        ),  # fmt: skip
        (
            EventCondition(
                table="plays",
                where=[FieldCondition(field="titles.genre", op="=", value="documentary")],
                aggregate="count",
                aggregate_op=">=",
                aggregate_value=2,
            ),
            {1},
        ),  # fmt: skip
        (
            EventCondition(
                table="plays",
                where=[FieldCondition(field="titles.genre", op="=", value="documentary")],
                exists=False,
            ),
            {2},
        ),  # fmt: skip
    ],
)
def test_conditions_on_the_lookup_join_it(
    db: tuple[Path, Catalog], event: EventCondition, expected: set[int]
) -> None:
    path, catalog = db
    spec = SegmentSpec(name="docs", criteria=Group(items=[event]))
    assert validate_spec(spec, catalog) == []
    sql = compile_spec(spec, catalog)
    assert "JOIN titles" in sql
    assert _members(path, sql) == expected
    assert "titles.genre" in spec_fields(spec, catalog)
    assert "genre is documentary" in render_spec(spec, catalog)[0]


def test_no_join_when_no_condition_needs_the_lookup(db: tuple[Path, Catalog]) -> None:
    path, catalog = db
    spec = SegmentSpec(name="any", criteria=Group(items=[EventCondition(table="plays", within_days=14)]))
    sql = compile_spec(spec, catalog)
    assert "titles" not in sql and _members(path, sql) == {1, 2}
