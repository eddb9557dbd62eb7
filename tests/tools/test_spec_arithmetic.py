"""Comparing a field with a factor, a sum, a number offset or a day offset of other fields of the same
row: validated, compiled (run on DuckDB and checked against Python), transpiled and rendered."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.dialects import transpile_all
from segment_agent.tools.segment_spec import FieldCondition, Group, SegmentSpec
from segment_agent.tools.spec_compiler import compile_spec
from segment_agent.tools.spec_fields import spec_fields
from segment_agent.tools.spec_render import render_spec
from segment_agent.tools.spec_validate import validate_spec

Row = dict[str, Any]
COLUMNS = {
    "member_id": "BIGINT",
    "gross": "DECIMAL(12,2)",
    "net": "DOUBLE",
    "m1": "INTEGER",
    "m2": "INTEGER",
    "m3": "INTEGER",
    "profiles": "INTEGER",
    "joined": "DATE",
    "cancelled": "DATE",
    "last_app": "DATE",
    "last_view": "TIMESTAMP",
    "plan": "VARCHAR",
}
START = dt.date(2025, 1, 1)


def _rows() -> list[Row]:
    """Rows with NULLs, ties and exact boundaries (a day offset landing on the same day)."""
    rnd = random.Random(11)
    rows = []
    for i in range(1, 201):
        joined = START + dt.timedelta(days=rnd.randint(0, 300))
        view = dt.datetime.combine(
            START + dt.timedelta(days=rnd.randint(0, 360)), dt.time(rnd.randint(0, 23))
        )
        rows.append({
            "member_id": i,
            "gross": None if i % 17 == 0 else round(rnd.uniform(0, 500), 2),
            "net": None if i % 13 == 0 else round(rnd.choice([rnd.uniform(0, 300), 50.0]), 2),
            "m1": rnd.randint(0, 6),
            "m2": None if i % 11 == 0 else rnd.randint(0, 3),
            "m3": rnd.randint(0, 3),
            "profiles": rnd.randint(1, 5),
            "joined": joined,
            "cancelled": None if i % 3 == 0 else joined + dt.timedelta(days=rnd.choice([10, 30, 31, 90])),
            "last_app": view.date() - dt.timedelta(days=rnd.choice([0, 29, 30, 31, 100])),
            "last_view": view,
            "plan": rnd.choice(["basic", "premium"]),
        })  # fmt: skip
    rows[0]["gross"], rows[0]["net"] = 100.0, 50.0  # exactly twice: not 'more than twice'
    return rows


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog, list[Row]]:
    path = tmp_path_factory.mktemp("arithmetic") / "members.duckdb"
    rows = _rows()
    with duckdb.connect(str(path)) as con:
        con.execute(f"CREATE TABLE members ({', '.join(f'{c} {t}' for c, t in COLUMNS.items())})")
        marks = ", ".join("?" for _ in COLUMNS)
        con.executemany(f"INSERT INTO members VALUES ({marks})", [list(r.values()) for r in rows])
    fields = [FieldInfo(table="members", column=c, type=t) for c, t in COLUMNS.items()]
    return path, Catalog(database=str(path), entity="members.member_id", fields=fields), rows


def _spec(cond: FieldCondition) -> SegmentSpec:
    return SegmentSpec(name="t", criteria=Group(items=[cond]))


def _known(*values: Any) -> bool:
    return all(v is not None for v in values)


CASES: list[tuple[FieldCondition, Callable[[Row], bool]]] = [
    (
        FieldCondition(field="gross", op=">", value_field="net", value_factor=2),
        lambda r: _known(r["gross"], r["net"]) and r["gross"] > 2 * r["net"],
    ),
    (
        FieldCondition(field="m1", op=">", value_field="m2", value_plus=["m3"]),
        lambda r: _known(r["m2"]) and r["m1"] > r["m2"] + r["m3"],
    ),
    (
        FieldCondition(field="m1", op=">=", value_field="m2", value_plus=["m3"], value_factor=0.5),
        lambda r: _known(r["m2"]) and r["m1"] >= 0.5 * (r["m2"] + r["m3"]),
    ),
    (
        FieldCondition(field="gross", op=">", value_field="profiles", value_factor=100),
        lambda r: _known(r["gross"]) and r["gross"] > 100 * r["profiles"],
    ),
    (
        FieldCondition(field="m1", op=">=", value_field="m3", value_offset=2),
        lambda r: r["m1"] >= r["m3"] + 2,
    ),
    (
        FieldCondition(field="m1", op="<=", value_field="m2", value_plus=["m3"], value_offset=-1),
        lambda r: _known(r["m2"]) and r["m1"] <= r["m2"] + r["m3"] - 1,
    ),
    (
        FieldCondition(field="gross", op=">", value_field="net", value_factor=2, value_offset=-20),
        lambda r: _known(r["gross"], r["net"]) and r["gross"] > 2 * r["net"] - 20,
    ),
    (
        FieldCondition(field="cancelled", op="<=", value_field="joined", value_offset_days=30),
        lambda r: _known(r["cancelled"]) and r["cancelled"] <= r["joined"] + dt.timedelta(days=30),
    ),
    (  # a date against a timestamp compares calendar days
        FieldCondition(field="last_app", op="<", value_field="last_view", value_offset_days=-30),
        lambda r: (r["last_view"].date() - r["last_app"]).days > 30,
    ),
    (
        FieldCondition(field="last_view", op=">", value_field="last_app", value_offset_days=30),
        lambda r: (r["last_view"].date() - r["last_app"]).days > 30,
    ),
    (
        FieldCondition(field="cancelled", op=">", value_field="joined", value_offset_days=30, or_null=True),
        lambda r: r["cancelled"] is None or r["cancelled"] > r["joined"] + dt.timedelta(days=30),
    ),
]


@pytest.mark.parametrize(("cond", "want"), CASES)
def test_compiled_sql_selects_the_rows_python_selects(
    db: tuple[Path, Catalog, list[Row]], cond: FieldCondition, want: Callable[[Row], bool]
) -> None:
    path, catalog, rows = db
    with duckdb.connect(str(path), read_only=True) as con:
        got = {r[0] for r in con.execute(compile_spec(_spec(cond), catalog)).fetchall()}
    expected = {r["member_id"] for r in rows if want(r)}
    assert got == expected
    assert 0 < len(expected) < len(rows)


def test_exactly_twice_is_not_more_than_twice(db: tuple[Path, Catalog, list[Row]]) -> None:
    path, catalog, _ = db
    sql = compile_spec(
        _spec(FieldCondition(field="gross", op=">", value_field="net", value_factor=2)), catalog
    )
    assert "c.gross > 2 * c.net" in sql
    with duckdb.connect(str(path), read_only=True) as con:
        assert 1 not in {r[0] for r in con.execute(sql).fetchall()}


@pytest.mark.parametrize(("cond", "want"), CASES)
def test_every_warehouse_gets_the_comparison(
    db: tuple[Path, Catalog, list[Row]], cond: FieldCondition, want: Callable[[Row], bool]
) -> None:
    for target, sql in transpile_all(compile_spec(_spec(cond), db[1])).items():
        assert not sql.startswith("--"), (target, sql)


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        (FieldCondition(field="gross", op=">", value_factor=2), "need a value_field"),
        (FieldCondition(field="gross", op=">", value_offset=5), "need a value_field"),
        (
            FieldCondition(field="joined", op="<", value_field="cancelled", value_offset=5),
            "cannot add to or scale",
        ),
        (
            FieldCondition(field="gross", op=">", value_field="net", value_plus=["nope"]),
            "unknown field 'nope'",
        ),
        (
            FieldCondition(field="gross", op=">", value_field="net", value_plus=["plan"]),
            "cannot add to or scale",
        ),
        (
            FieldCondition(field="joined", op="<", value_field="cancelled", value_factor=2),
            "cannot add to or scale",
        ),
        (FieldCondition(field="gross", op=">", value_field="net", value_factor=-1), "positive"),
        (FieldCondition(field="gross", op=">", value_field="net", value_offset_days=3), "cannot add days"),
        (FieldCondition(field="joined", op="<", value_field="cancelled", value_offset_days=0), "is 0"),
        (FieldCondition(field="gross", op="in", value_field="net", value_factor=2), "cannot compare"),
    ],
)
def test_misuse_is_a_clear_error(
    db: tuple[Path, Catalog, list[Row]], cond: FieldCondition, message: str
) -> None:
    errors = validate_spec(_spec(cond), db[1])
    assert errors and message in errors[0]["what"]


@pytest.mark.parametrize(
    ("cond", "line"),
    [
        (
            FieldCondition(field="gross", op=">", value_field="net", value_factor=2),
            "gross is more than 2 × net",
        ),
        (FieldCondition(field="m1", op=">", value_field="m2", value_plus=["m3"]), "m1 is more than m2 + m3"),
        (
            FieldCondition(field="m1", op="<", value_field="m2", value_plus=["m3"], value_factor=0.5),
            "m1 is less than 0.5 × (m2 + m3)",
        ),
        (
            FieldCondition(field="m1", op=">=", value_field="m2", value_offset=5),
            "m1 is at least m2 + 5",
        ),
        (
            FieldCondition(field="m1", op="<", value_field="m2", value_factor=2, value_offset=-1.5),
            "m1 is less than 2 × m2 - 1.5",
        ),
        (
            FieldCondition(field="cancelled", op="<=", value_field="joined", value_offset_days=30),
            "cancelled is on or before 30 days after joined",
        ),
        (
            FieldCondition(field="last_app", op="<", value_field="last_view", value_offset_days=-1),
            "last app is before 1 day before last view",
        ),
    ],
)
def test_rendered_in_plain_words(
    db: tuple[Path, Catalog, list[Row]], cond: FieldCondition, line: str
) -> None:
    assert render_spec(_spec(cond), db[1]) == [line]


def test_every_summed_field_is_listed(db: tuple[Path, Catalog, list[Row]]) -> None:
    spec = _spec(FieldCondition(field="m1", op=">", value_field="m2", value_plus=["m3"]))
    assert spec_fields(spec, db[1]) == ["members.m1", "members.m2", "members.m3"]
