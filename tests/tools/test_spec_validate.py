"""validate_spec: structured {what, where, hint} errors a planner can redraft from."""

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
from segment_agent.tools.spec_fields import spec_fields
from segment_agent.tools.spec_validate import SpecError, validate_spec
from tests.tools.spec_db import build_spec_db

F, E, G = FieldCondition, EventCondition, Group


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    built = build_spec_db(tmp_path_factory.mktemp("validate") / "spec.duckdb")
    # A dated-less event table, known to the catalog only.
    extra = [FieldInfo(table="wishlists", column=c, type="VARCHAR") for c in ("customer_id", "sku")]
    return built.model_copy(update={"fields": built.fields + extra})


def errors(catalog: Catalog, *items: object) -> list[dict[str, str]]:
    return validate_spec(SegmentSpec(name="t", criteria=G(items=list(items))), catalog)


def only(catalog: Catalog, *items: object) -> dict[str, str]:
    found = errors(catalog, *items)
    assert len(found) == 1, found
    assert set(found[0]) == {"what", "where", "hint"}
    return found[0]


def test_a_valid_spec_has_no_errors(catalog: Catalog) -> None:
    items = [
        F(field="lifetime_value", op=">=", value=1000),
        G(op="or", negate=True, items=[F(field="customers.state", op="in", value=["CA", "NY"])]),
        E(table="order_items", where=[F(field="category", op="=", value="camping")], within_days=90),
        SequenceCondition(first=E(table="sessions"), then_not=E(table="orders")),
    ]
    assert errors(catalog, *items) == []


def test_unknown_field_hints_the_closest_names(catalog: Catalog) -> None:
    err = only(catalog, F(field="lifetime_valu", op=">", value=1))
    assert err["what"] == "unknown field 'lifetime_valu'"
    assert err["where"] == "criteria.items[0]"
    assert "customers.lifetime_value" in err["hint"]


def test_event_table_field_at_profile_level_points_to_an_event_condition(catalog: Catalog) -> None:
    err = only(catalog, F(field="orders.net_amount", op=">", value=1))
    assert "event condition over orders" in err["hint"]


def test_unknown_field_inside_an_event_names_its_path(catalog: Catalog) -> None:
    event = E(table="order_items", where=[F(field="catgory", op="=", value="camping")])
    err = only(catalog, G(op="or", items=[F(field="vip_flag", op="is_true"), event]))
    assert err["where"] == "criteria.items[0].items[1].where[0]"
    assert "order_items.category" in err["hint"]


@pytest.mark.parametrize(
    ("cond", "what"),
    [
        (F(field="state", op=">", value="CA"), "operator '>' does not fit customers.state (VARCHAR)"),
        (F(field="vip_flag", op="between", value=[0, 1]), "operator 'between' does not fit"),
        (F(field="lifetime_value", op="within_last_days", value=30), "operator 'within_last_days'"),
        (F(field="signup_date", op="is_true"), "operator 'is_true' does not fit customers.signup_date"),
    ],
)
def test_operator_must_fit_the_column_type(catalog: Catalog, cond: FieldCondition, what: str) -> None:
    err = only(catalog, cond)
    assert err["what"].startswith(what)
    assert err["hint"].startswith("use one of: ")


def test_operator_hint_lists_the_allowed_operators(catalog: Catalog) -> None:
    hint = only(catalog, F(field="state", op=">", value="CA"))["hint"]
    assert hint == "use one of: !=, =, in, is_not_null, is_null, not_in"


@pytest.mark.parametrize(
    ("cond", "what"),
    [
        (F(field="lifetime_value", op=">", value="lots"), "bad value for customers.lifetime_value"),
        (F(field="lifetime_value", op=">", value=True), "bad value"),
        (F(field="lifetime_value", op=">", value="inf"), "bad value"),
        (F(field="signup_date", op=">", value="yesterday"), "bad value for customers.signup_date (DATE)"),
        (F(field="state", op="in", value=[]), "'in' needs a non-empty list"),
        (F(field="state", op="in", value="CA"), "'in' needs a non-empty list"),
        (F(field="lifetime_value", op="between", value=[5]), "'between' needs [low, high]"),
        (F(field="lifetime_value", op="between", value=[10, 5]), "'between' bounds are reversed"),
        (F(field="last_active_date", op="within_last_days", value=0), "'within_last_days' needs a whole"),
        (F(field="last_active_date", op="older_than_days", value="90"), "'older_than_days' needs a whole"),
    ],
)
def test_values_must_parse_for_the_column(catalog: Catalog, cond: FieldCondition, what: str) -> None:
    assert only(catalog, cond)["what"].startswith(what)


def test_allowed_values_are_enforced_with_close_matches(catalog: Catalog) -> None:
    err = only(catalog, E(table="orders", where=[F(field="status", op="=", value="complete")]))
    assert err["what"] == "'complete' is not a value of orders.status"
    assert "completed" in err["hint"]


def test_unresolved_term_and_percentile(catalog: Catalog) -> None:
    percentile = F(field="lifetime_value", op=">=", percentile=0.9)
    found = errors(catalog, TermCondition(term="high-value"), percentile)
    assert [e["what"] for e in found] == [
        "unresolved glossary term 'high-value'",
        "unresolved percentile 0.9 on customers.lifetime_value",
    ]
    assert "glossary" in found[0]["hint"]


@pytest.mark.parametrize(
    ("event", "what", "hint"),
    [
        (E(table="order"), "'order' is not an event table linked to customers", "orders"),
        (E(table="customers"), "'customers' is not an event table", "field conditions"),
        (E(table="nowhere"), "'nowhere' is not an event table", "customer_id column"),
        (E(table="wishlists", within_days=30), "wishlists has no date or timestamp column", "within_days"),
        (E(table="orders", aggregate="sum", aggregate_op=">", aggregate_value=1),
         "'sum' needs aggregate_field", ""),
        (E(table="orders", aggregate="count"), "'count' needs aggregate_op and aggregate_value", ""),
        (E(table="orders", aggregate_op=">", aggregate_value=1), "threshold without an aggregate", "count"),
        (E(table="orders", aggregate="avg", aggregate_field="status", aggregate_op=">", aggregate_value=1),
         "cannot avg orders.status (VARCHAR)", "numeric"),
        (E(table="orders", aggregate="max", aggregate_field="net_amout", aggregate_op=">", aggregate_value=1),
         "unknown field 'net_amout'", "orders.net_amount"),
    ],
)  # fmt: skip
def test_event_conditions(catalog: Catalog, event: EventCondition, what: str, hint: str) -> None:
    err = only(catalog, event)
    assert err["what"].startswith(what)
    assert hint in err["hint"]


def test_sequences_need_dated_tables_no_aggregates_and_a_first_event(catalog: Catalog) -> None:
    seq = SequenceCondition(
        first=E(table="sessions", exists=False),
        then_not=E(table="wishlists", aggregate="count", aggregate_op=">", aggregate_value=0),
    )
    found = errors(catalog, seq)
    assert [(e["where"], e["what"]) for e in found] == [
        ("criteria.items[0].first", "the first event of a sequence must happen"),
        ("criteria.items[0].then_not", "aggregates are not allowed in a sequence"),
        ("criteria.items[0].then_not", "wishlists has no date or timestamp column"),
    ]


def test_empty_groups_are_errors(catalog: Catalog) -> None:
    assert only(catalog, G(items=[]))["what"] == "empty group"


def test_spec_error_carries_every_error(catalog: Catalog) -> None:
    found = errors(catalog, TermCondition(term="lapsed"), F(field="nope", op="=", value=1))
    err = SpecError(found)
    assert err.errors == found
    assert "criteria.items[0]" in err.message and "and 1 more" in err.message
    assert err.hint == found[0]["hint"]


def test_spec_fields_lists_every_field_read(catalog: Catalog) -> None:
    items = [
        F(field="lifetime_value", op=">", value=1),
        E(table="order_items", where=[F(field="category", op="=", value="x"), F(field="orders.status", op="=",
                                                                               value="completed")]),
        E(table="orders", aggregate="sum", aggregate_field="net_amount", aggregate_op=">", aggregate_value=1),
        F(field="customers.lifetime_value", op="<", value=5),
    ]  # fmt: skip
    assert spec_fields(SegmentSpec(name="t", criteria=G(items=items)), catalog) == [
        "customers.lifetime_value",
        "order_items.category",
        "orders.status",
        "orders.net_amount",
    ]
