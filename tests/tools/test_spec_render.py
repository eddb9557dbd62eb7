"""render_spec: the plain-English lines a marketer approves."""

from __future__ import annotations

import pytest

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)
from segment_agent.tools.spec_render import format_value, render_spec
from tests.tools.spec_db import build_spec_db

F, E, G = FieldCondition, EventCondition, Group
LTV_NOTE = "(net revenue to date, all channels)"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return build_spec_db(tmp_path_factory.mktemp("render") / "spec.duckdb")


def agg(table: str, kind: str, op: str, value: float, field: str | None = None, **kw: object) -> E:
    return E(table=table, aggregate=kind, aggregate_field=field, aggregate_op=op, aggregate_value=value, **kw)


def lines(catalog: Catalog, *items: object, op: str = "and", negate: bool = False) -> list[str]:
    return render_spec(SegmentSpec(name="t", criteria=G(op=op, negate=negate, items=list(items))), catalog)


@pytest.mark.parametrize(
    ("cond", "line"),
    [
        (F(field="lifetime_value", op=">=", value=1234567.5),
         f"lifetime value is at least $1,234,567.50 {LTV_NOTE}"),
        (F(field="lifetime_value", op="between", value=[200, 1000]),
         f"lifetime value is between $200 and $1,000 {LTV_NOTE}"),
        (F(field="churn_score", op=">=", value=0.7), "churn score is at least 70%"),
        (F(field="return_rate", op="<", value=0.125), "return rate is less than 12.5%"),
        (F(field="total_purchases", op=">=", value=1200), "total purchases is at least 1,200 orders"),
        (F(field="state", op="in", value=["CA", "NY", "TX"]),
         "state is one of CA, NY or TX (two-letter state of the shipping address)"),
        (F(field="state", op="!=", value="CA"),
         "state is not CA (two-letter state of the shipping address; "
         "customers with no state are not included)"),
        (F(field="state", op="not_in", value=["CA"], or_null=True),
         "state is not CA, or missing (two-letter state of the shipping address)"),
        (F(field="last_active_date", op="within_last_days", value=30),
         "last active date is within the last 30 days"),
        (F(field="last_active_date", op="older_than_days", value=1, or_null=True),
         "last active date is more than 1 day ago, or missing"),
        (F(field="signup_date", op="<", value="2024-01-31"), "signup date is before 2024-01-31"),
        (F(field="vip_flag", op="is_true"), "vip flag is true"),
        (F(field="churn_score", op="is_null"), "churn score is missing"),
        (F(field="lifetime_value", op=">=", percentile=0.9),
         f"lifetime value is at least its 90th percentile (not yet resolved) {LTV_NOTE}"),
        (TermCondition(term="high-value"), "high-value (glossary term, not yet resolved)"),
    ],
)  # fmt: skip
def test_field_lines(catalog: Catalog, cond: object, line: str) -> None:
    assert lines(catalog, cond) == [line]


@pytest.mark.parametrize(
    ("event", "line"),
    [
        (E(table="orders", within_days=30), "has at least one order in the last 30 days"),
        (E(table="orders", exists=False, where=[F(field="status", op="=", value="completed")]),
         "has no orders where status is completed"),
        (E(table="order_items", where=[F(field="category", op="in", value=["camping", "cycling"])],
           within_days=90),
         "has at least one order item where category is one of camping or cycling in the last 90 days"),
        (agg("orders", "count", ">=", 3, within_days=365),
         "has at least 3 orders in the last 365 days"),
        (agg("orders", "count", "<", 2),
         "has fewer than 2 orders (including customers with none)"),
        (agg("orders", "count", "=", 0, within_days=30),
         "has no orders in the last 30 days"),
        (agg("order_items", "count", ">=", 2, "order_id"),
         "has at least 2 distinct orders among order items"),
        (agg("orders", "sum", ">=", 500, "net_amount"),
         "total net amount of orders is at least $500"),
        (agg("orders", "sum", "<", 100, "net_amount"),
         "total net amount of orders is less than $100 (customers with no orders count as 0)"),
        (agg("orders", "avg", ">", 75.5, "net_amount"),
         "average net amount of orders is more than $75.50 (customers with no orders are not included)"),
    ],
)  # fmt: skip
def test_event_lines(catalog: Catalog, event: EventCondition, line: str) -> None:
    assert lines(catalog, event) == [line]


def test_sequence_line(catalog: Catalog) -> None:
    seq = SequenceCondition(
        first=E(table="sessions", where=[F(field="checkout_started", op="is_true")], within_days=30),
        then_not=E(table="orders"),
    )
    assert lines(catalog, seq) == [
        "has at least one session where checkout started is true in the last 30 days, "
        "and has no orders after the latest such session"
    ]


def test_nested_groups_are_headed_and_indented(catalog: Catalog) -> None:
    spec = lines(
        catalog,
        F(field="churn_score", op=">=", value=0.7),
        G(op="or", items=[F(field="vip_flag", op="is_true"), G(negate=True, op="or", items=[
            F(field="state", op="=", value="CA"), E(table="orders", within_days=30)])]),
    )  # fmt: skip
    assert spec == [
        "churn score is at least 70%",
        "any of:",
        "  vip flag is true",
        "  none of:",
        "    state is CA (two-letter state of the shipping address)",
        "    has at least one order in the last 30 days",
    ]


def test_top_level_or_and_not_get_a_header(catalog: Catalog) -> None:
    vip, ca = F(field="vip_flag", op="is_true"), F(field="state", op="=", value="CA")
    assert lines(catalog, vip, ca, op="or")[0] == "any of:"
    assert lines(catalog, vip, ca, negate=True)[:2] == ["not all of:", "  vip flag is true"]
    assert lines(catalog, vip, negate=True) == ["none of:", "  vip flag is true"]


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("USD", -1500, "-$1,500"),
        ("$", 0.5, "$0.50"),
        ("percent", 12.5, "12.5%"),
        ("share 0..1", 1, "100%"),
        ("days", 30, "30 days"),
        ("score", 72, "72"),
        ("score 0-100", 50, "50"),
        ("probability 0..1", 0.7, "70%"),
        ("score 0 to 1", 0.25, "25%"),
        (None, 1234567, "1,234,567"),
    ],
)
def test_format_value_by_unit(unit: str | None, value: float, shown: str) -> None:
    info = FieldInfo(table="t", column="c", type="DOUBLE", unit=unit)
    assert format_value(info, value) == shown


def test_an_unvalidated_draft_still_renders(catalog: Catalog) -> None:
    assert lines(catalog, F(field="nope", op="between", value=3)) == ["nope is between 3"]
