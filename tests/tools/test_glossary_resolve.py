"""Glossary terms and percentiles become plain conditions with thresholds computed on real data."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from segment_agent.errors import UserError
from segment_agent.tools.catalog import ensure_catalog
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.glossary import Glossary, GlossaryTerm, load_glossary
from segment_agent.tools.glossary_resolve import expand_terms, resolve_term
from segment_agent.tools.percentiles import ordinal
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)

N = 997

COLUMNS = {
    "customer_id": "BIGINT", "lifetime_value": "DECIMAL(12,2)", "total_purchases": "INTEGER",
    "churn_score": "DOUBLE", "last_active_date": "DATE", "last_purchase_date": "DATE",
    "engagement_trend": "VARCHAR", "email_opt_in": "BOOLEAN", "do_not_contact": "BOOLEAN",
    "empty_col": "DOUBLE",
}  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "small.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        f"""CREATE TABLE customers AS SELECT i AS customer_id,
            CAST(round(pow(i, 1.7) / 7.3, 2) AS DECIMAL(12,2)) AS lifetime_value,
            CAST(CASE WHEN i <= 300 THEN 0 ELSE i % 23 + 1 END AS INTEGER) AS total_purchases,
            (i * 7919 % 1000) / 1000.0 + 0.0003 AS churn_score,
            DATE '2026-01-01' - CAST(i % 200 AS INTEGER) AS last_active_date,
            DATE '2026-01-01' - CAST(i % 300 AS INTEGER) AS last_purchase_date,
            CASE WHEN i % 3 = 0 THEN 'declining' ELSE 'stable' END AS engagement_trend,
            i % 2 = 0 AS email_opt_in, i % 10 = 0 AS do_not_contact, CAST(NULL AS DOUBLE) AS empty_col
        FROM range(1, {N + 1}) t(i)"""
    )
    con.execute(
        "CREATE TABLE orders AS SELECT i AS order_id, i % 50 + 1 AS customer_id, "
        "CAST(i * 1.37 AS DECIMAL(12,2)) AS net_amount FROM range(1, 401) t(i)"
    )
    con.close()
    return path


@pytest.fixture(scope="module")
def warehouse(db: Path) -> DuckDBWarehouse:
    wh = DuckDBWarehouse(db, timeout_s=10, memory_limit="256MB", threads=1)
    yield wh
    wh.close()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    units = {"lifetime_value": "USD"}
    fields = [FieldInfo(table="customers", column=c, type=t, unit=units.get(c)) for c, t in COLUMNS.items()]
    fields += [
        FieldInfo(table="orders", column=c, type=t)
        for c, t in (("order_id", "BIGINT"), ("customer_id", "BIGINT"), ("net_amount", "DECIMAL(12,2)"))
    ]
    return Catalog(database="small", entity="customers.customer_id", fields=fields)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _count(warehouse: DuckDBWarehouse, where: str) -> int:
    return warehouse.rows(f"SELECT count(*) FROM customers WHERE {where}")[0][0]


def test_high_value_threshold_is_the_90th_percentile_shown_as_money(warehouse, catalog, glossary) -> None:
    raw = warehouse.rows("SELECT quantile_cont(lifetime_value, 0.9) FROM customers")[0][0]
    resolved = resolve_term("High value", glossary, catalog, warehouse)
    cond = resolved.criteria[0]
    assert (resolved.term, cond.field, cond.op, cond.percentile) == (
        "high-value",
        "customers.lifetime_value",
        ">=",
        None,
    )
    assert cond.value == pytest.approx(float(raw), abs=0.01)
    assert round(cond.value, 2) == cond.value
    # Rounded up for '>=': exactly the same customers as the unrounded percentile.
    assert _count(warehouse, f"lifetime_value >= {cond.value}") == _count(
        warehouse, f"lifetime_value >= {raw}"
    )
    assert resolved.assumption == f"high-value = lifetime_value >= ${cond.value:,.2f} (the 90th percentile)"


def test_a_percentile_ranks_only_those_meeting_the_other_criteria(warehouse, catalog) -> None:
    buyers = FieldCondition(field="total_purchases", op=">=", value=1)
    low = FieldCondition(field="lifetime_value", op="<", percentile=0.25)
    glossary = Glossary(terms=[GlossaryTerm(name="small buyers", definition="d", criteria=[buyers, low])])
    among = "total_purchases >= 1"
    raw = warehouse.rows(f"SELECT quantile_cont(lifetime_value, 0.25) FROM customers WHERE {among}")[0][0]
    everyone = warehouse.rows("SELECT quantile_cont(lifetime_value, 0.25) FROM customers")[0][0]
    resolved = resolve_term("small buyers", glossary, catalog, warehouse)
    cond = resolved.criteria[1]
    assert cond.value != pytest.approx(float(everyone), abs=0.01)
    assert _count(warehouse, f"{among} AND lifetime_value < {cond.value}") == _count(
        warehouse, f"{among} AND lifetime_value < {raw}"
    )
    assert resolved.assumption == (
        f"small buyers = total_purchases >= 1 AND lifetime_value < ${cond.value:,.2f} "
        "(the 25th percentile among total_purchases >= 1)"
    )


@pytest.mark.parametrize(("op", "kind"), [(">=", int), (">", int), ("<", int), ("<=", int)])
def test_integer_thresholds_are_whole_numbers_with_the_same_members(warehouse, catalog, op, kind) -> None:
    cond = FieldCondition(field="total_purchases", op=op, percentile=0.63)
    glossary = Glossary(terms=[GlossaryTerm(name="t", definition="d", criteria=[cond])])
    raw = warehouse.rows("SELECT quantile_cont(total_purchases, 0.63) FROM customers")[0][0]
    value = resolve_term("t", glossary, catalog, warehouse).criteria[0].value
    assert isinstance(value, kind)
    assert _count(warehouse, f"total_purchases {op} {value}") == _count(
        warehouse, f"total_purchases {op} {raw}"
    )


def test_double_thresholds_keep_three_significant_digits(warehouse, catalog) -> None:
    cond = FieldCondition(field="customers.churn_score", op=">=", percentile=0.8)
    glossary = Glossary(terms=[GlossaryTerm(name="t", definition="d", criteria=[cond])])
    raw = warehouse.rows("SELECT quantile_cont(churn_score, 0.8) FROM customers")[0][0]
    value = resolve_term("t", glossary, catalog, warehouse).criteria[0].value
    assert value >= raw and value - raw < 0.001
    assert len(f"{value}".split(".")[1]) <= 3


def test_fixed_terms_state_their_criteria_in_plain_words(warehouse, catalog, glossary) -> None:
    assert resolve_term("dormant", glossary, catalog, warehouse).assumption == (
        "inactive = last_active_date older than 90 days or missing"
    )
    assert resolve_term("reachable by email", glossary, catalog, warehouse).assumption == (
        "reachable by email = email_opt_in is true AND do_not_contact is false"
    )
    lapsed = resolve_term("lapsed", glossary, catalog, warehouse)
    assert [c.field for c in lapsed.criteria] == ["customers.total_purchases", "customers.last_purchase_date"]
    assert lapsed.assumption == "lapsed = total_purchases >= 1 AND last_purchase_date older than 90 days"


def test_expand_terms_removes_every_term_and_percentile(warehouse, catalog, glossary) -> None:
    spec = SegmentSpec(
        name="hv at risk",
        criteria=Group(
            items=[
                TermCondition(term="high-value"),
                TermCondition(term="at risk"),
                Group(negate=True, items=[TermCondition(term="reachable by email")]),
                FieldCondition(field="churn_score", op="<", percentile=0.5),
                TermCondition(term="likely to churn"),
            ]
        ),
    )
    expanded, assumptions = expand_terms(spec, glossary, catalog, warehouse)
    dumped = expanded.model_dump_json()
    assert '"term"' not in dumped and '"percentile":0' not in dumped
    items = expanded.criteria.items
    assert items[0].field == "customers.lifetime_value" and items[0].percentile is None
    assert (items[1].field, items[1].value) == ("customers.churn_score", 0.7)
    assert items[2].negate and [c.op for c in items[2].items[0].items] == ["is_true", "is_false"]
    assert items[3].value is not None and items[3].percentile is None
    assert assumptions[0].startswith("high-value = lifetime_value >= $")
    assert assumptions[1] == "likely to churn = churn_score >= 0.7"
    assert len(assumptions) == 4  # the repeated churn term is stated once
    assert assumptions[3].startswith("churn_score < 0.") and assumptions[3].endswith("(the 50th percentile)")
    assert spec.criteria.items[0].kind == "term"  # the input is left untouched


def test_percentiles_inside_event_conditions_use_the_event_table(warehouse, catalog, glossary) -> None:
    big = EventCondition(table="orders", where=[FieldCondition(field="net_amount", op=">=", percentile=0.9)])
    spec = SegmentSpec(name="s", criteria=Group(items=[SequenceCondition(first=big, then_not=big)]))
    expanded, assumptions = expand_terms(spec, glossary, catalog, warehouse)
    raw = warehouse.rows("SELECT quantile_cont(net_amount, 0.9) FROM orders")[0][0]
    cond = expanded.criteria.items[0].first.where[0]
    assert (cond.field, cond.value) == ("orders.net_amount", pytest.approx(float(raw), abs=0.01))
    assert assumptions == [f"orders.net_amount >= {cond.value:,} (the 90th percentile)"]


def test_unknown_term_lists_the_known_ones(warehouse, catalog, glossary) -> None:
    with pytest.raises(UserError) as err:
        resolve_term("whales", glossary, catalog, warehouse)
    assert "whales" in err.value.message
    assert "high-value" in err.value.hint and "reachable by push" in err.value.hint


def test_a_term_whose_field_is_missing_says_which_and_to_edit_the_glossary(
    warehouse, catalog, glossary
) -> None:
    with pytest.raises(UserError) as err:
        resolve_term("frequent buyers", glossary, catalog, warehouse)
    assert "customers.purchases_12m" in err.value.message and "frequent buyers" in err.value.message
    assert "glossary" in err.value.hint.lower()


def test_percentile_errors_are_user_errors(warehouse, catalog) -> None:
    for field in ("engagement_trend", "empty_col", "no_such"):
        spec = SegmentSpec(
            name="s", criteria=Group(items=[FieldCondition(field=field, op=">", percentile=0.5)])
        )
        with pytest.raises(UserError, match=field):
            expand_terms(spec, Glossary(), catalog, warehouse)


ORDINALS = [(0.9, "90th"), (0.25, "25th"), (0.01, "1st"), (0.22, "22nd"), (0.12, "12th"), (0.995, "99.5th")]


@pytest.mark.parametrize(("p", "text"), ORDINALS)
def test_ordinals(p: float, text: str) -> None:
    assert ordinal(p) == text


def test_every_default_term_resolves_on_the_demo(demo_db: Path) -> None:
    catalog = ensure_catalog(demo_db)
    glossary = load_glossary()
    with DuckDBWarehouse(demo_db, timeout_s=10, memory_limit="256MB", threads=1) as wh:
        resolved = {t: resolve_term(t, glossary, catalog, wh) for t in glossary.names()}
        total = wh.rows("SELECT count(*) FROM customers")[0][0]
        high = resolved["high-value"].criteria[0].value
        low = resolved["low-value"].criteria[0].value
        assert _count(wh, f"lifetime_value >= {high}") == pytest.approx(total * 0.1, rel=0.05)
        assert _count(wh, f"lifetime_value < {low}") == pytest.approx(total * 0.25, rel=0.05)
    assert all(c.percentile is None for r in resolved.values() for c in r.criteria)
    assert resolved["likely to churn"].assumption == "likely to churn = churn_score >= 0.7"
