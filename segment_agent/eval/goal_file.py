"""Eval goal files (architecture.md, `segment-agent eval`): the model, a loader with clear errors,
and where a file's database lives.

`database` is "demo" (the data home's demo, built if absent), "byo" (the generated
bring-your-own streaming database of byo_data.py, built if absent) or a DuckDB path relative
to the goal file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.demo import ensure_demo

DEMO_ENTITY = "customers.customer_id"


class GoldSegment(BaseModel):
    """One expected segment: SQL whose first column is the entity key."""

    model_config = ConfigDict(extra="forbid")

    sql: str = Field(min_length=1)


class Goal(BaseModel):
    """One goal and what a right answer looks like; `gold: []` means no segment should be proposed."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    goal: str = Field(min_length=1)
    gold: list[GoldSegment]
    expect_fields: list[str] = Field(default_factory=list)
    forbid_fields: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @field_validator("expect_fields", "forbid_fields")
    @classmethod
    def _qualified(cls, names: list[str]) -> list[str]:
        bad = [n for n in names if n.count(".") != 1]
        if bad:
            raise ValueError(f"fields must be 'table.column', got {', '.join(bad)}")
        return [n.lower() for n in names]


class GoalFile(BaseModel):
    """A whole goal file: which database, which entity, and the goals."""

    model_config = ConfigDict(extra="forbid")

    database: str = "demo"
    entity: str | None = None
    goals: list[Goal] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> GoalFile:
        counts = Counter(g.id for g in self.goals)
        twice = sorted(i for i, n in counts.items() if n > 1)
        if twice:
            raise ValueError(f"goal ids must be unique; repeated: {', '.join(twice)}")
        return self

    def select(self, ids: list[str] | None) -> list[Goal]:
        """The goals with these ids, in the file's order (all when `ids` is empty)."""
        if not ids:
            return list(self.goals)
        missing = sorted(set(ids) - {g.id for g in self.goals})
        if missing:
            raise UserError(
                f"No goal with id {', '.join(missing)} in this goal file.",
                "Check the ids against the file (ids are case-sensitive).",
            )
        return [g for g in self.goals if g.id in set(ids)]


def load_goal_file(path: Path) -> GoalFile:
    """Read and validate a goal file; every problem names the file and the place in it."""
    path = Path(path)
    if not path.is_file():
        raise UserError(
            f"No goal file at {path}.", "Pass the path of a YAML goal file, e.g. eval/goals/demo_dev.yaml."
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise UserError(
            f"{path} is not valid YAML: {err}", "Fix the YAML syntax at the line shown."
        ) from None
    if not isinstance(data, dict):
        raise UserError(
            f"{path} must be a mapping with 'database' and 'goals'.",
            "See the goal-file shape in architecture.md.",
        )
    try:
        return GoalFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = _where(data, first["loc"])
        raise UserError(
            f"{path}: {where}: {first['msg']}.",
            "Goals need id, goal and gold (a list of {sql: ...}, [] for none); "
            "optional: expect_fields, forbid_fields, tags.",
        ) from None


def resolve_database(goal_file: GoalFile, path: Path, settings: Settings, db: Path | None = None) -> Path:
    """The DuckDB file to evaluate on: `db` when given, else the file's database (built if needed)."""
    if db is not None:
        return Path(db)
    if goal_file.database == "demo":
        return ensure_demo(settings)
    if goal_file.database == "byo":
        from segment_agent.eval.byo_data import ensure_byo

        return ensure_byo(settings)
    target = (Path(path).parent / goal_file.database).resolve()
    if not target.is_file():
        raise UserError(
            f"The goal file's database {goal_file.database!r} is not a file ({target}).",
            "Use 'demo', 'byo' or a DuckDB path relative to the goal file, or pass --db.",
        )
    return target


def default_entity(goal_file: GoalFile) -> str | None:
    """The entity to catalog with: the file's, the demo's default, else detected from the data."""
    return goal_file.entity or (DEMO_ENTITY if goal_file.database == "demo" else None)


def _where(data: dict, loc: tuple) -> str:
    """'goal 3 (id d-x), field gold' from a pydantic error location."""
    if len(loc) >= 2 and loc[0] == "goals" and isinstance(loc[1], int):
        goals = data.get("goals") or []
        goal_id = goals[loc[1]].get("id") if loc[1] < len(goals) and isinstance(goals[loc[1]], dict) else None
        name = f"goal {loc[1] + 1}" + (f" (id {goal_id})" if goal_id else "")
        rest = ".".join(str(p) for p in loc[2:])
        return f"{name}, field {rest}" if rest else name
    return "field " + ".".join(str(p) for p in loc) if loc else "top level"
