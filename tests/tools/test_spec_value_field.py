"""Comparing two fields of the same row (FieldCondition.value_field): validated, compiled, rendered."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import FieldCondition, Group, SegmentSpec
from segment_agent.tools.spec_compiler import compile_spec
from segment_agent.tools.spec_fields import spec_fields
from segment_agent.tools.spec_render import render_spec
from segment_agent.tools.spec_validate import validate_spec
from tests.tools.spec_db import build_spec_db


@pytest.fixture(scope="module")
def spec_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    path = tmp_path_factory.mktemp("value_field") / "spec.duckdb"
    return path, build_spec_db(path)


def _spec(cond: FieldCondition) -> SegmentSpec:
    return SegmentSpec(name="t", criteria=Group(items=[cond]))


def test_field_compared_with_field_selects_the_rows_where_it_holds(spec_db: tuple[Path, Catalog]) -> None:
    path, catalog = spec_db
    spec = _spec(FieldCondition(field="lifetime_value", op=">", value_field="ltv"))
    sql = compile_spec(spec, catalog)
    with duckdb.connect(str(path), read_only=True) as con:
        got = {r[0] for r in con.execute(sql).fetchall()}
        want = {
            r[0]
            for r in con.execute("SELECT customer_id FROM customers WHERE lifetime_value > ltv").fetchall()
        }
    assert got == want == {1, 2, 4, 5, 8}
    assert "c.lifetime_value > c.ltv" in sql


def test_or_null_keeps_rows_with_no_value(spec_db: tuple[Path, Catalog]) -> None:
    path, catalog = spec_db
    spec = _spec(FieldCondition(field="lifetime_value", op=">", value_field="ltv", or_null=True))
    with duckdb.connect(str(path), read_only=True) as con:
        got = {r[0] for r in con.execute(compile_spec(spec, catalog)).fetchall()}
    assert 3 in got  # lifetime_value is NULL


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        (FieldCondition(field="lifetime_value", op=">", value_field="nope"), "unknown field 'nope'"),
        (FieldCondition(field="lifetime_value", op=">", value_field="state"), "cannot compare"),
        (FieldCondition(field="lifetime_value", op="in", value_field="ltv"), "cannot compare"),
        (FieldCondition(field="lifetime_value", op=">", value=3, value_field="ltv"), "cannot compare"),
        (FieldCondition(field="last_active_date", op="<", value_field="signup_date"), None),
    ],
)
def test_validation(spec_db: tuple[Path, Catalog], cond: FieldCondition, message: str | None) -> None:
    errors = validate_spec(_spec(cond), spec_db[1])
    if message is None:
        assert errors == []
    else:
        assert errors and message in errors[0]["what"]


def test_rendered_and_listed_with_both_fields(spec_db: tuple[Path, Catalog]) -> None:
    catalog = spec_db[1]
    spec = _spec(FieldCondition(field="lifetime_value", op="<", value_field="ltv"))
    assert render_spec(spec, catalog)[0].startswith("lifetime value is less than ltv")
    assert spec_fields(spec, catalog) == ["customers.lifetime_value", "customers.ltv"]
