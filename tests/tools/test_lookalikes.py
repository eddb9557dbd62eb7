"""Look-alike discovery: general rules find the demo's trap clusters, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.tools.catalog import ensure_catalog
from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile
from segment_agent.tools.lookalikes import find_lookalikes
from tests.tools.lookalike_catalog import build_catalog

# The certified field of each trap cluster of demo-cdp.md, and its look-alikes.
CLUSTERS = {
    "total_purchases": {"purchase_count", "num_orders", "orders_lifetime"},
    "lifetime_value": {"ltv", "total_revenue", "clv_predicted_12m"},
    "avg_order_value": {"aov"},
    "last_purchase_date": {"last_order_date", "days_since_last_purchase"},
    "last_active_date": {"last_login", "most_recent_session", "last_seen_ts"},
    "engagement_score": {"engagement_score_v1"},
    "email_open_rate_90d": {"email_open_rate"},
    "churn_score": {"risk_level", "predicted_ltv_decline"},
    "loyalty_tier": {"vip_flag"},
    "state": {"geo_state_ip", "region_code"},
}
# Found from names alone, with no annotations at all.
NAMED = ("total_purchases", "lifetime_value", "avg_order_value", "last_purchase_date", "last_active_date")
NAME_CLUSTERS = {key: CLUSTERS[key] for key in (*NAMED, "engagement_score", "email_open_rate_90d")}
NAME_CLUSTERS["state"] = {"region_code"}
NOT_LOOKALIKES = [
    "purchases_30d", "purchases_12m", "revenue_12m", "sessions_30d", "sessions_prev_30d", "engagement_trend",
    "propensity_to_buy_30d", "loyalty_points_balance", "has_subscription", "store_visits_90d",
    "purchases_camping_12m", "last_purchase_camping_date", "web_purchases_30d",
]  # fmt: skip


def _names(field: str, catalog: Catalog) -> set[str]:
    return {f.column for f in find_lookalikes(f"customers.{field}", catalog)}


def _check_clusters(catalog: Catalog, clusters: dict[str, set[str]]) -> None:
    for certified, members in clusters.items():
        assert _names(certified, catalog) == members, certified
        for member in members:
            found = _names(member, catalog)
            assert certified in found, (member, found)
            assert found <= members | {certified}, (member, found)


@pytest.mark.parametrize("certified", sorted(CLUSTERS))
def test_every_trap_cluster_is_found_from_each_member(certified: str) -> None:
    _check_clusters(build_catalog(annotated=True), {certified: CLUSTERS[certified]})


@pytest.mark.parametrize("certified", sorted(NAME_CLUSTERS))
def test_names_alone_find_the_clusters_without_annotations(certified: str) -> None:
    _check_clusters(build_catalog(annotated=False), {certified: NAME_CLUSTERS[certified]})


@pytest.mark.parametrize("annotated", [True, False])
@pytest.mark.parametrize("field", NOT_LOOKALIKES)
def test_windows_families_and_other_measures_are_not_lookalikes(field: str, annotated: bool) -> None:
    assert _names(field, build_catalog(annotated)) == set()


def test_lookalikes_are_returned_closest_first_as_catalog_fields() -> None:
    catalog = build_catalog()
    found = find_lookalikes("customers.lifetime_value", catalog)
    assert all(isinstance(f, FieldInfo) for f in found)
    assert found[0].column == "ltv"  # named by replaced_by: the strongest link
    assert find_lookalikes(catalog.field("ltv"), catalog)[0].column == "lifetime_value"


def _catalog(*fields: tuple[str, str, str | None]) -> Catalog:
    infos = [FieldInfo(table="t", column="id", type="BIGINT")]
    infos += [
        FieldInfo(table="t", column=c, type=typ, description=d, profile=FieldProfile())
        for c, typ, d in fields
    ]
    return Catalog(database="x", entity="t.id", fields=infos)


def test_a_description_pointing_to_a_field_links_it_but_a_formula_does_not() -> None:
    catalog = _catalog(
        ("net_sales", "DOUBLE", "Net sales to date."),
        ("demand_amount", "DOUBLE", "Everything ordered, a demand measure; see net_sales for value."),
        ("basket_mean", "DOUBLE", "Mean basket, computed as (net_sales / order_total)."),
        ("order_total", "INTEGER", "Orders to date."),
    )
    assert {f.column for f in find_lookalikes("t.net_sales", catalog)} == {"demand_amount"}


def test_a_contrast_in_a_description_links_fields_of_another_kind() -> None:
    catalog = _catalog(
        ("churn_score", "DOUBLE", "Probability of leaving in 30 days."),
        ("spend_drop_flag", "BOOLEAN", "Spend expected to fall (a spend drop, not churn)."),
        ("churn_level", "VARCHAR", None),
        ("reorder_flag", "BOOLEAN", "Churn of the subscription."),
    )
    assert {f.column for f in find_lookalikes("t.spend_drop_flag", catalog)} == {"churn_score", "churn_level"}
    assert "reorder_flag" not in {f.column for f in find_lookalikes("t.churn_score", catalog)}


def test_numbered_columns_are_different_columns() -> None:
    catalog = _catalog(
        ("x_attr_001", "VARCHAR", None), ("x_attr_002", "VARCHAR", None), ("x_attr_1", "VARCHAR", None)
    )
    assert find_lookalikes("t.x_attr_001", catalog)[0].column == "x_attr_1"
    assert "x_attr_002" not in {f.column for f in find_lookalikes("t.x_attr_001", catalog)}


def test_an_unknown_field_is_a_user_error() -> None:
    with pytest.raises(UserError, match="customers.nope"):
        find_lookalikes("customers.nope", build_catalog())


@pytest.fixture(scope="module")
def demo_catalog(demo_db: Path) -> Catalog:
    return ensure_catalog(demo_db)


@pytest.mark.parametrize("certified", sorted(CLUSTERS))
def test_demo_trap_clusters_are_found_both_ways(demo_catalog: Catalog, certified: str) -> None:
    _check_clusters(demo_catalog, {certified: CLUSTERS[certified]})


def test_demo_ordinary_fields_have_no_lookalikes(demo_catalog: Catalog) -> None:
    trapped = set(CLUSTERS) | set().union(*CLUSTERS.values())
    customers = [
        f for f in demo_catalog.fields if f.table == "customers" and f.status in ("certified", "experimental")
    ]
    noisy = {f.column: _names(f.column, demo_catalog) for f in customers if f.column not in trapped}
    assert {c: found for c, found in noisy.items() if found} == {}
    assert len(noisy) > 300
