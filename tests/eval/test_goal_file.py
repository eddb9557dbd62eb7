"""Goal files: the architecture.md shape is accepted, mistakes are named, databases are found."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.eval.goal_file import default_entity, load_goal_file, resolve_database
from segment_agent.settings import get_settings
from segment_agent.tools.demo import annotations_path

CONTRACT_EXAMPLE = """
database: demo                         # "demo" or a DuckDB path (relative to the file)
entity: customers.customer_id          # optional; default for the demo
goals:
  - id: hv-churn
    goal: High-value customers who are likely to churn
    gold:                              # one entry per expected segment; [] = none expected
      - sql: SELECT customer_id FROM customers WHERE churn_score >= 0.7
    expect_fields: [customers.lifetime_value, customers.churn_score]   # optional
    forbid_fields: [customers.ltv]                                      # optional
    tags: [glossary, synonym]                                           # optional
  - id: nothing
    goal: Delete every customer
    gold: []
"""


def _write(tmp_path: Path, text: str, name: str = "goals.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _shipped(name: str) -> Path:
    return Path(str(resources.files("segment_agent.eval").joinpath("goals", name)))


def test_the_contract_example_loads(tmp_path: Path) -> None:
    goal_file = load_goal_file(_write(tmp_path, CONTRACT_EXAMPLE))
    first, second = goal_file.goals
    assert goal_file.database == "demo" and goal_file.entity == "customers.customer_id"
    assert first.id == "hv-churn" and len(first.gold) == 1 and first.forbid_fields == ["customers.ltv"]
    assert first.tags == ["glossary", "synonym"]
    assert second.gold == [] and second.expect_fields == [] and second.tags == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("goals:\n  - id: a\n    goal: x\n", "goal 1 (id a), field gold"),
        ("goals:\n  - id: a\n    goal: x\n    gold: []\n    colour: red\n", "field colour"),
        ("goals:\n  - {id: a, goal: x, gold: []}\n  - {id: a, goal: y, gold: []}\n", "repeated: a"),
        ("goals:\n  - {id: a, goal: x, gold: [], expect_fields: [lifetime_value]}\n", "table.column"),
        ("goals:\n  - {id: a, goal: x, gold: [{query: SELECT 1}]}\n", "gold.0.sql: Field required"),
        ("goals: []\n", "field goals"),
        ("goals: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(UserError) as err:
        load_goal_file(_write(tmp_path, text))
    assert expected in str(err.value)


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="No goal file"):
        load_goal_file(tmp_path / "absent.yaml")


def test_select_keeps_file_order_and_refuses_unknown_ids(tmp_path: Path) -> None:
    goal_file = load_goal_file(_write(tmp_path, CONTRACT_EXAMPLE))
    assert [g.id for g in goal_file.select(["nothing", "hv-churn"])] == ["hv-churn", "nothing"]
    assert len(goal_file.select(None)) == 2
    with pytest.raises(UserError, match="No goal with id typo"):
        goal_file.select(["typo"])


def test_a_database_path_is_relative_to_the_goal_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "shop.duckdb").write_bytes(b"")
    path = _write(tmp_path / "sub", "database: shop.duckdb\ngoals: [{id: a, goal: x, gold: []}]\n")
    goal_file = load_goal_file(path)
    assert resolve_database(goal_file, path, get_settings()) == (tmp_path / "sub" / "shop.duckdb").resolve()
    assert default_entity(goal_file) is None
    assert (
        resolve_database(goal_file, path, get_settings(), db=tmp_path / "x.duckdb") == tmp_path / "x.duckdb"
    )
    missing = _write(tmp_path, "database: nope.duckdb\ngoals: [{id: a, goal: x, gold: []}]\n", "m.yaml")
    with pytest.raises(UserError, match="nope.duckdb"):
        resolve_database(load_goal_file(missing), missing, get_settings())


def test_demo_means_the_data_home_demo(tmp_path: Path, demo_db: Path) -> None:
    settings = get_settings()
    settings.demo_dir.mkdir(parents=True)
    shutil.copy(demo_db, settings.demo_db_path)
    shutil.copy(annotations_path(demo_db), annotations_path(settings.demo_db_path))
    path = _write(tmp_path, CONTRACT_EXAMPLE)
    goal_file = load_goal_file(path)
    assert resolve_database(goal_file, path, settings) == settings.demo_db_path
    assert default_entity(goal_file.model_copy(update={"entity": None})) == "customers.customer_id"


def test_the_shipped_demo_sets_hold_at_least_80_goals_with_unique_ids() -> None:
    files = [load_goal_file(_shipped(n)) for n in ("demo_dev.yaml", "demo_heldout.yaml")]
    ids = [g.id for f in files for g in f.goals]
    assert len(ids) >= 80 and len(set(ids)) == len(ids)
    assert all(f.database == "demo" for f in files)
