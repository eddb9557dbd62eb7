"""The bring-your-own eval database: shape, determinism, consistency, traps, and its goal sets' gold."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from segment_agent.eval.byo_data import FREEZE_DAYS, build_byo, byo_db_path, ensure_byo
from segment_agent.eval.goal_file import load_goal_file
from segment_agent.settings import get_settings
from segment_agent.tools.catalog import build_catalog

AS_OF = dt.date(2026, 3, 1)
GOAL_FILES = ("byo_dev.yaml", "byo_heldout.yaml")


@pytest.fixture(scope="module")
def byo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_byo(tmp_path_factory.mktemp("byo") / "byo.duckdb", members=3000, seed=3)


@pytest.fixture
def con(byo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(byo_db), read_only=True)
    yield connection
    connection.close()


def _digest(path: Path) -> str:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        parts = [
            str(connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall())
            for t in ("members", "titles", "plays", "payments")
        ]
    finally:
        connection.close()
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def test_same_seed_and_day_give_the_same_data_and_another_seed_does_not(tmp_path: Path) -> None:
    a = build_byo(tmp_path / "a.duckdb", members=300, seed=5, as_of=AS_OF)
    b = build_byo(tmp_path / "b.duckdb", members=300, seed=5, as_of=AS_OF)
    c = build_byo(tmp_path / "c.duckdb", members=300, seed=6, as_of=AS_OF)
    assert _digest(a) == _digest(b) != _digest(c)


def test_tables_are_not_the_demo_and_carry_no_comments(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"members", "titles", "plays", "payments"}
    comments = con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL").fetchone()[0]
    assert comments == 0
    assert con.execute("SELECT count(*), count(DISTINCT member_id) FROM members").fetchone() == (3000, 3000)


def test_profile_aggregates_agree_with_the_events(con: duckdb.DuckDBPyConnection) -> None:
    mismatches = con.execute("""
        WITH p AS (
            SELECT member_id, max(started_at) AS last_at,
                sum(CASE WHEN started_at >= current_date - INTERVAL 30 DAY THEN minutes_watched ELSE 0 END)
                    AS w30
            FROM plays GROUP BY member_id
        ), pay AS (
            SELECT member_id,
                sum(CASE outcome WHEN 'succeeded' THEN amount_usd WHEN 'refunded' THEN -amount_usd ELSE 0 END)
                    AS paid
            FROM payments GROUP BY member_id
        )
        SELECT count(*) FILTER (WHERE m.last_watched_at IS DISTINCT FROM p.last_at),
               count(*) FILTER (WHERE m.watch_minutes_30d <> coalesce(p.w30, 0)),
               count(*) FILTER (WHERE m.total_paid_usd <> coalesce(pay.paid, 0))
        FROM members m LEFT JOIN p USING (member_id) LEFT JOIN pay USING (member_id)
    """).fetchone()
    assert mismatches == (0, 0, 0)


def test_the_look_alikes_are_traps(con: duckdb.DuckDBPyConnection) -> None:
    recent, stale_max, tv_over_all = con.execute(f"""
        SELECT count(*) FILTER (WHERE joined_on >= current_date - INTERVAL {FREEZE_DAYS} DAY
                                AND lifetime_paid IS NOT NULL),
               max(last_seen_on), count(*) FILTER (WHERE tv_minutes_30d > watch_minutes_30d)
        FROM members
    """).fetchone()
    assert recent == 0 and tv_over_all == 0
    assert stale_max < dt.date.today() - dt.timedelta(days=FREEZE_DAYS - 1)
    differ = con.execute(
        "SELECT count(*) FROM members WHERE total_paid_usd IS DISTINCT FROM lifetime_paid"
    ).fetchone()
    assert differ[0] > 300


def test_the_catalog_builds_on_it_without_annotations(byo_db: Path) -> None:
    catalog = build_catalog(byo_db)
    assert catalog.entity == "members.member_id"
    assert all(f.description is None for f in catalog.fields)


@pytest.mark.parametrize("name", GOAL_FILES)
def test_every_gold_query_runs_and_selects_a_plausible_set(name: str, con: duckdb.DuckDBPyConnection) -> None:
    path = Path(str(resources.files("segment_agent.eval").joinpath("goals", name)))
    goal_file = load_goal_file(path)
    assert goal_file.database == "byo" and goal_file.entity == "members.member_id"
    members = con.execute("SELECT count(*) FROM members").fetchone()[0]
    for goal in goal_file.goals:
        for gold in goal.gold:
            ids = [r[0] for r in con.execute(gold.sql).fetchall()]
            assert len(ids) == len(set(ids)), goal.id
            assert 0 < len(ids) < 0.9 * members, (goal.id, len(ids))


def test_both_byo_sets_hold_at_least_15_goals_with_every_kind() -> None:
    goals = [
        g
        for name in GOAL_FILES
        for g in load_goal_file(
            Path(str(resources.files("segment_agent.eval").joinpath("goals", name)))
        ).goals
    ]
    assert len(goals) >= 15
    tags = {t for g in goals for t in g.tags}
    assert {"trap", "inverse_trap", "event", "missing_data", "unsafe", "split", "negation"} <= tags
    assert all(g.id.startswith(("bd-", "bh-")) for g in goals)


def test_ensure_byo_builds_once_in_the_data_home(data_home: Path) -> None:
    settings = get_settings()
    path = ensure_byo(settings, members=200)
    assert path == byo_db_path(settings) and path.is_relative_to(data_home)
    stamp = path.stat().st_mtime_ns
    assert ensure_byo(settings, members=200) == path and path.stat().st_mtime_ns == stamp
