"""compile_spec: member sets on a hand-made DuckDB equal hand-written SQL and the expected ids."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import duckdb
import pytest
import sqlglot

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)
from segment_agent.tools.spec_compiler import compile_spec
from segment_agent.tools.spec_validate import SpecError
from tests.tools.spec_db import DEMO_HAND, DEMO_SPEC, build_spec_db

F, E, G = FieldCondition, EventCondition, Group
CHECKOUT = E(table="sessions", where=[F(field="checkout_started", op="is_true")], within_days=30)
DAYS_100 = (dt.date.today() - dt.timedelta(days=100)).isoformat()
CAMPING = F(field="category", op="=", value="camping")
COMPLETED = F(field="status", op="=", value="completed")
HOP = "SELECT o.customer_id FROM orders o JOIN order_items i USING (order_id)"


def one(item: object) -> Group:
    return G(items=[item])


def agg(table: str, kind: str, op: str, value: float, field: str | None = None, **kw: object) -> Group:
    return one(E(table=table, aggregate=kind, aggregate_field=field, aggregate_op=op, aggregate_value=value,
                 **kw))  # fmt: skip


# (id, criteria, hand-written WHERE over customers, expected members)
CASES: list[tuple[str, Group, str, set[int]]] = [
    ("threshold", one(F(field="churn_score", op=">=", value=0.7)), "churn_score >= 0.7", {1, 3, 6}),
    ("money", one(F(field="customers.lifetime_value", op=">", value="999.99")),
     "lifetime_value > 999.99", {1, 5}),
    ("between", one(F(field="lifetime_value", op="between", value=[200, 1000])),
     "lifetime_value BETWEEN 200 AND 1000", {2, 4}),
    ("in", one(F(field="state", op="in", value=["CA", "NY"])), "state IN ('CA', 'NY')", {1, 2, 3, 6}),
    ("not_in drops NULL", one(F(field="state", op="not_in", value=["CA", "NY"])),
     "state NOT IN ('CA', 'NY')", {4, 7, 8}),
    ("!= drops NULL", one(F(field="state", op="!=", value="CA")), "state <> 'CA'", {2, 4, 6, 7, 8}),
    ("!= or_null", one(F(field="state", op="!=", value="CA", or_null=True)),
     "state <> 'CA' OR state IS NULL", {2, 4, 5, 6, 7, 8}),
    ("is_null", one(F(field="churn_score", op="is_null")), "churn_score IS NULL", {5}),
    ("is_not_null", one(F(field="return_rate", op="is_not_null")), "return_rate IS NOT NULL", {1, 2, 4, 5}),
    ("is_true", one(F(field="vip_flag", op="is_true")), "vip_flag", {1, 5}),
    ("is_false skips NULL", one(F(field="vip_flag", op="is_false")), "NOT vip_flag", {2, 4, 6, 7, 8}),
    ("within_last_days", one(F(field="last_active_date", op="within_last_days", value=30)),
     "last_active_date >= CURRENT_DATE - 30", {1, 5, 7}),
    ("older_than_days or_null", one(F(field="last_active_date", op="older_than_days", value=90,
                                      or_null=True)),
     "last_active_date < CURRENT_DATE - 90 OR last_active_date IS NULL", {2, 3, 6}),
    ("date literal", one(F(field="signup_date", op="<", value=DAYS_100)),
     "signup_date < CURRENT_DATE - 100", {1, 4, 6, 8}),
    ("and/or nesting", G(items=[
        F(field="churn_score", op=">=", value=0.5),
        G(op="or", items=[F(field="state", op="=", value="CA"),
                          F(field="lifetime_value", op=">", value=900)]),
    ]), "churn_score >= 0.5 AND (state = 'CA' OR lifetime_value > 900)", {1, 3, 4}),
    ("negated group is the complement",
     one(G(negate=True, items=[F(field="lifetime_value", op=">=", value=1000)])),
     "NOT coalesce(lifetime_value >= 1000, false)", {2, 3, 4, 6, 7, 8}),
    ("negated or", one(G(op="or", negate=True, items=[F(field="state", op="=", value="CA"),
                                                      F(field="vip_flag", op="is_true")])),
     "NOT coalesce(state = 'CA' OR vip_flag, false)", {2, 4, 6, 7, 8}),
    ("exists in window", one(E(table="orders", within_days=30)),
     "customer_id IN (SELECT customer_id FROM orders WHERE order_ts >= CURRENT_DATE - 30)", {1, 4, 5}),
    ("not exists", one(E(table="orders", exists=False)),
     "customer_id NOT IN (SELECT customer_id FROM orders)", {3, 6, 7, 8}),
    ("category via order_items->orders", one(E(table="order_items", where=[CAMPING], within_days=30)),
     f"customer_id IN ({HOP} WHERE i.category = 'camping' AND o.order_ts >= CURRENT_DATE - 30)", {1}),
    ("where on the hop table", one(E(table="order_items", where=[CAMPING, F(field="orders.status", op="=",
                                                                           value="completed")])),
     f"customer_id IN ({HOP} WHERE i.category = 'camping' AND o.status = 'completed')", {1, 2}),
    ("count >= 2", agg("orders", "count", ">=", 2),
     "customer_id IN (SELECT customer_id FROM orders GROUP BY 1 HAVING count(*) >= 2)", {1, 4}),
    ("count = 0 includes no-order customers",
     agg("orders", "count", "=", 0, where=[COMPLETED], within_days=30),
     "customer_id NOT IN (SELECT customer_id FROM orders WHERE status = 'completed' "
     "AND order_ts >= CURRENT_DATE - 30)", {2, 3, 6, 7, 8}),
    ("count < 2 includes zero", agg("orders", "count", "<", 2),
     "customer_id NOT IN (SELECT customer_id FROM orders GROUP BY 1 HAVING count(*) >= 2)",
     {2, 3, 5, 6, 7, 8}),
    ("count distinct orders over items", agg("order_items", "count", ">=", 2, "order_id", where=[CAMPING]),
     f"customer_id IN ({HOP} WHERE category = 'camping' GROUP BY 1 HAVING count(DISTINCT order_id) >= 2)",
     {1}),
    ("sum >= 1000", agg("orders", "sum", ">=", 1000, "net_amount"),
     "customer_id IN (SELECT customer_id FROM orders GROUP BY 1 HAVING sum(net_amount) >= 1000)", {1, 5}),
    ("sum < 100 includes zero", agg("orders", "sum", "<", 100, "net_amount"),
     "customer_id NOT IN (SELECT customer_id FROM orders GROUP BY 1 HAVING sum(net_amount) >= 100)",
     {3, 6, 7, 8}),
    ("avg skips no-order customers", agg("orders", "avg", "<", 450, "net_amount"),
     "customer_id IN (SELECT customer_id FROM orders GROUP BY 1 HAVING avg(net_amount) < 450)", {2}),
    ("negated aggregate", agg("orders", "max", ">", 550, "net_amount", exists=False),
     "customer_id NOT IN (SELECT customer_id FROM orders GROUP BY 1 HAVING max(net_amount) > 550)",
     {2, 3, 6, 7, 8}),
    ("sequence: checkout, no order since", one(SequenceCondition(first=CHECKOUT, then_not=E(table="orders"))),
     "customer_id IN (SELECT s.customer_id FROM sessions s WHERE s.checkout_started "
     "AND s.started_at >= CURRENT_DATE - 30 AND NOT EXISTS (SELECT 1 FROM orders o "
     "WHERE o.customer_id = s.customer_id AND o.order_ts > s.started_at))", {1, 7}),
    ("sequence: no completed order since", one(SequenceCondition(
        first=E(table="sessions", where=[F(field="checkout_started", op="is_true")]),
        then_not=E(table="orders", where=[COMPLETED]))),
     "customer_id IN (SELECT s.customer_id FROM sessions s WHERE s.checkout_started AND NOT EXISTS ("
     "SELECT 1 FROM orders o WHERE o.customer_id = s.customer_id AND o.status = 'completed' "
     "AND o.order_ts > s.started_at))", {1, 7, 8}),
]  # fmt: skip
IDS = [case[0] for case in CASES]


@pytest.fixture(scope="module")
def spec_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    path = tmp_path_factory.mktemp("spec") / "spec.duckdb"
    return path, build_spec_db(path)


def members(path: Path, sql: str) -> set[int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {row[0] for row in con.execute(sql).fetchall()}


@pytest.mark.parametrize(("criteria", "hand_where", "expected"), [c[1:] for c in CASES], ids=IDS)
def test_compiled_members_match_hand_written_sql(
    spec_db: tuple[Path, Catalog], criteria: Group, hand_where: str, expected: set[int]
) -> None:
    path, catalog = spec_db
    sql = compile_spec(SegmentSpec(name="t", criteria=criteria), catalog)
    assert sql.startswith("SELECT c.customer_id FROM customers AS c WHERE ")
    assert members(path, sql) == expected
    assert members(path, f"SELECT customer_id FROM customers WHERE {hand_where}") == expected


def test_user_values_are_literals_not_sql(spec_db: tuple[Path, Catalog]) -> None:
    path, catalog = spec_db
    evil = "CA' OR 1=1 --"
    sql = compile_spec(SegmentSpec(name="t", criteria=one(F(field="state", op="=", value=evil))), catalog)
    assert members(path, sql) == set()
    where = sqlglot.parse_one(sql, dialect="duckdb").args["where"].this
    assert where.expression.this == evil


def test_typed_literals(spec_db: tuple[Path, Catalog]) -> None:
    _, catalog = spec_db
    items = [
        F(field="signup_date", op=">=", value="2024-01-31"),
        F(field="vip_flag", op="=", value="true"),
        F(field="total_purchases", op="in", value=[1, "2"]),
    ]
    sql = compile_spec(SegmentSpec(name="t", criteria=Group(items=items)), catalog)
    assert "c.signup_date >= CAST('2024-01-31' AS DATE)" in sql
    assert "c.vip_flag = TRUE" in sql
    assert "c.total_purchases IN (1, 2)" in sql


@pytest.mark.parametrize("dialect", ["postgres", "snowflake", "bigquery", "databricks", "trino"])
def test_compiled_sql_transpiles_to_every_target(spec_db: tuple[Path, Catalog], dialect: str) -> None:
    _, catalog = spec_db
    for _, criteria, _, _ in CASES:
        sql = compile_spec(SegmentSpec(name="t", criteria=criteria), catalog)
        out = sqlglot.transpile(sql, read="duckdb", write=dialect)[0]
        sqlglot.parse_one(out, dialect=dialect)
        assert "GROUP BY ALL" not in out and "QUALIFY" not in out and "EXCLUDE" not in out


def test_invalid_spec_raises_structured_spec_error(spec_db: tuple[Path, Catalog]) -> None:
    _, catalog = spec_db
    items = [TermCondition(term="high-value"), F(field="ltv2", op=">")]
    spec = SegmentSpec(name="t", criteria=G(items=items))
    with pytest.raises(SpecError) as info:
        compile_spec(spec, catalog)
    assert [e["where"] for e in info.value.errors] == ["criteria.items[0]", "criteria.items[1]"]
    assert info.value.hint


@pytest.mark.skipif(importlib.util.find_spec("segment_agent.tools.sql_guard") is None, reason="no SQL guard")
def test_every_compiled_spec_passes_the_sql_guard_and_transpiles(spec_db: tuple[Path, Catalog]) -> None:
    from segment_agent.tools.dialects import transpile_all
    from segment_agent.tools.sql_guard import guard_sql

    _, catalog = spec_db
    for name, criteria, _, _ in CASES:
        sql = compile_spec(SegmentSpec(name="t", criteria=criteria), catalog)
        verdict = guard_sql(sql, catalog.schema(), catalog.entity)
        assert verdict.ok, (name, sql, verdict.errors)
        unavailable = {d: out for d, out in transpile_all(verdict.sql or "").items() if out.startswith("--")}
        assert unavailable == {}, name


def test_a_realistic_spec_on_the_demo(demo_db: Path) -> None:
    from segment_agent.tools.catalog import ensure_catalog
    from segment_agent.tools.spec_render import render_spec

    catalog = ensure_catalog(demo_db)
    sql = compile_spec(DEMO_SPEC, catalog)
    expected = members(demo_db, DEMO_HAND)
    assert len(expected) > 10
    assert members(demo_db, sql) == expected
    lines = render_spec(DEMO_SPEC, catalog)
    assert lines[0].startswith("lifetime value is at least $300 (")
    assert lines[3:6] == [
        "any of:",
        "  has at least one order item where category is one of camping or outdoor_gear in the last 365 days",
        "  total net amount of orders in the last 365 days is at least $1,000",
    ]
    assert lines[6] == "has no orders in the last 30 days"
