"""Scoring on a real (small) DuckDB through the sandboxed warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from segment_agent.eval.goal_file import Goal
from segment_agent.eval.scoring import field_recall, forbidden_used, jaccard, score_goal, segments_jaccard
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse

TX = "SELECT id FROM people WHERE state = 'TX'"
CA = "SELECT id FROM people WHERE state = 'CA'"


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[DuckDBWarehouse]:
    path = tmp_path / "people.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE people AS SELECT i AS id, CASE WHEN i % 3 = 0 THEN 'TX' ELSE 'CA' END AS state, "
        "i * 10 AS value FROM range(30) r(i)"
    )
    con.close()
    with DuckDBWarehouse(path, timeout_s=5, memory_limit="256MB", threads=1) as wh:
        yield wh


def _goal(*gold: str, **kwargs: list[str]) -> Goal:
    return Goal(id="g", goal="some goal", gold=[{"sql": s} for s in gold], **kwargs)


def test_jaccard_and_its_edges() -> None:
    assert jaccard({1, 2, 3}, {2, 3, 4}) == 0.5
    assert jaccard(set(), set()) == 1.0
    assert jaccard({1}, set()) == 0.0
    assert segments_jaccard([], []) == 1.0
    assert segments_jaccard([{1, 2}], [{1, 2}, {3}]) == 0.5  # an extra segment scores 0


def test_the_same_members_written_differently_match(warehouse: DuckDBWarehouse) -> None:
    score = score_goal(_goal(TX), ["SELECT id FROM people WHERE id % 3 = 0 ORDER BY id DESC"], [], warehouse)
    assert score.match and score.jaccard == 1.0 and score.gold_sizes == [10] and score.proposed_sizes == [10]


def test_different_members_do_not_match_but_earn_partial_credit(warehouse: DuckDBWarehouse) -> None:
    score = score_goal(_goal(TX), ["SELECT id FROM people WHERE state = 'TX' AND id < 15"], [], warehouse)
    assert not score.match and score.jaccard == 0.5 and score.error is None


def test_segments_must_come_in_the_gold_order(warehouse: DuckDBWarehouse) -> None:
    assert score_goal(_goal(TX, CA), [TX, CA], [], warehouse).match
    swapped = score_goal(_goal(TX, CA), [CA, TX], [], warehouse)
    assert not swapped.match and swapped.jaccard == 0.0
    missing = score_goal(_goal(TX, CA), [TX], [], warehouse)
    assert not missing.match and missing.jaccard == 0.5


def test_no_gold_means_proposing_nothing_is_right(warehouse: DuckDBWarehouse) -> None:
    assert score_goal(_goal(), [], [], warehouse).model_dump(include={"match", "jaccard"}) == {
        "match": True,
        "jaccard": 1.0,
    }
    wrong = score_goal(_goal(), [TX], ["people.state"], warehouse)
    assert not wrong.match and wrong.jaccard == 0.0 and wrong.proposed_sizes == [10]


def test_field_recall_and_traps_come_from_the_fields_used(warehouse: DuckDBWarehouse) -> None:
    goal = _goal(TX, expect_fields=["people.state", "people.value"], forbid_fields=["people.legacy_state"])
    score = score_goal(goal, [TX], ["people.id", "people.State"], warehouse)
    assert score.field_recall == 0.5 and not score.trap
    trapped = score_goal(goal, [TX], ["people.legacy_state"], warehouse)
    assert trapped.trap and trapped.forbidden_used == ["people.legacy_state"]
    assert field_recall([], ["people.state"]) is None
    assert forbidden_used(["a.b"], ["A.B"]) == ["a.b"]


def test_failing_sql_is_reported_not_raised(warehouse: DuckDBWarehouse) -> None:
    bad_gold = score_goal(_goal("SELECT id FROM nowhere"), [TX], [], warehouse)
    assert not bad_gold.match and bad_gold.error.startswith("gold SQL failed")
    bad_proposal = score_goal(_goal(TX), ["SELECT nope FROM people"], [], warehouse)
    assert not bad_proposal.match and bad_proposal.error.startswith("proposed SQL failed")
    assert bad_proposal.gold_sizes == [10]
