"""Look-alike resolution: the right field for the goal's scope, checkable reasons, questions on ties."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.tools.catalog import build_catalog as profile_catalog
from segment_agent.tools.catalog import ensure_catalog
from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile
from segment_agent.tools.lookalikes import find_lookalikes
from segment_agent.tools.synonym_signals import asked_scopes, field_scopes
from segment_agent.tools.synonyms import resolve_fields
from tests.tools.lookalike_catalog import build_catalog

# (concept, a field of the cluster, goal, expected choice): every cluster without scope words picks
# the certified field; with the look-alike's scope in the goal, the look-alike (inverse cases).
CASES = [
    ("number of orders", "purchase_count", "customers with at least 5 orders", "total_purchases"),
    ("number of orders", "total_purchases", "customers with at least 5 online orders", "num_orders"),
    ("number of orders", "orders_lifetime", "more than 3 orders on the website or app", "num_orders"),
    ("customer value", "ltv", "high-value customers", "lifetime_value"),
    ("customer value", "lifetime_value", "a high predicted lifetime value", "clv_predicted_12m"),
    ("customer value", "total_revenue", "the highest expected future value", "clv_predicted_12m"),
    ("customer value", "clv_predicted_12m", "gross revenue including returns above $1000", "total_revenue"),
    ("average order value", "aov", "customers with big baskets", "avg_order_value"),
    ("last purchase", "last_order_date", "customers who have not bought in 90 days", "last_purchase_date"),
    ("last purchase", "last_purchase_date", "no online order in the last 90 days", "last_order_date"),
    ("last activity", "last_login", "customers inactive for 60 days", "last_active_date"),
    ("last activity", "last_active_date", "not logged in to the app for 30 days", "last_login"),
    ("last activity", "last_seen_ts", "no website visit in 60 days", "most_recent_session"),
    ("engagement", "engagement_score_v1", "highly engaged customers", "engagement_score"),
    ("email open rate", "email_open_rate", "customers who open most of our emails", "email_open_rate_90d"),
    ("churn", "predicted_ltv_decline", "customers likely to churn", "churn_score"),
    ("churn", "risk_level", "customers predicted to churn", "churn_score"),
    ("value decline", "churn_score", "whose value is predicted to decline", "predicted_ltv_decline"),
    ("loyalty", "vip_flag", "VIP customers", "loyalty_tier"),
    ("state", "geo_state_ip", "customers in California", "state"),
    ("state", "state", "customers in Texas according to their IP address", "geo_state_ip"),
]


def _cluster(catalog: Catalog, field: str) -> list[str]:
    return [f"customers.{field}"] + [f.name for f in find_lookalikes(f"customers.{field}", catalog)]


def _check(catalog: Catalog, concept: str, seed: str, goal: str, expected: str) -> None:
    candidates = _cluster(catalog, seed)
    for order in (candidates, candidates[::-1]):
        result = resolve_fields(concept, order, catalog, goal)
        assert result.choice == f"customers.{expected}", (goal, result.reason, result.runners_up)
        assert result.question is None
        assert result.reason.startswith(expected)
        assert {r["field"] for r in result.runners_up} == set(candidates) - {result.choice}


@pytest.mark.parametrize(("concept", "seed", "goal", "expected"), CASES)
def test_each_cluster_resolves_both_ways_on_a_hand_built_catalog(concept, seed, goal, expected) -> None:
    _check(build_catalog(), concept, seed, goal, expected)


def test_reasons_state_the_deciding_fact() -> None:
    catalog = build_catalog()
    plain = resolve_fields("number of orders", _cluster(catalog, "total_purchases"), catalog, "5+ orders")
    why = {r["field"]: r["why_not"] for r in plain.runners_up}
    assert why["customers.purchase_count"].startswith(
        "is deprecated (replaced by total_purchases) and stopped updating"
    )
    assert why["customers.num_orders"] == "is limited to web and app, which the goal does not ask for"
    online = resolve_fields(
        "number of orders", _cluster(catalog, "total_purchases"), catalog, "5+ online orders"
    )
    assert "'online'" in online.reason
    state = resolve_fields("state", ["customers.state", "customers.geo_state_ip"], catalog, "")
    assert "guessed from the IP address" in state.runners_up[0]["why_not"]


def test_a_deprecated_candidate_brings_its_replacement() -> None:
    result = resolve_fields("customer value", ["customers.ltv"], build_catalog(), "")
    assert result.choice == "customers.lifetime_value"
    assert result.runners_up[0]["field"] == "customers.ltv"


def test_status_breaks_a_tie_left_by_scope() -> None:
    catalog = build_catalog()
    result = resolve_fields("state", ["customers.geo_state_ip", "customers.state"], catalog, "in Texas")
    assert result.choice == "customers.state"


def test_profiling_alone_frozen_and_mostly_null_lookalikes_lose() -> None:
    bare = build_catalog(annotated=False)
    assert all(f.status == "undocumented" for f in bare.fields)
    frozen = resolve_fields("average order value", ["customers.aov", "customers.avg_order_value"], bare)
    assert frozen.choice == "customers.avg_order_value"
    assert "stopped updating" in frozen.runners_up[0]["why_not"]
    sparse = resolve_fields("orders", ["customers.orders_lifetime", "customers.total_purchases"], bare)
    assert sparse.choice == "customers.total_purchases"
    assert sparse.runners_up[0]["why_not"] == "is empty for 12% of rows (total_purchases: 0%)"


def test_a_tie_on_every_signal_becomes_a_question_naming_both() -> None:
    bare = build_catalog(annotated=False)
    result = resolve_fields("number of orders", ["customers.num_orders", "customers.total_purchases"], bare)
    assert result.choice is None
    assert "num_orders" in result.question and "total_purchases" in result.question
    assert "0 to 70" in result.question and "0 to 80" in result.question  # what differs: their ranges


def test_a_tie_between_documented_fields_quotes_their_descriptions() -> None:
    fields = [FieldInfo(table="t", column="id", type="BIGINT")] + [
        FieldInfo(
            table="t", column=c, type="INTEGER", status="certified", description=d, profile=FieldProfile()
        )
        for c, d in (("visits_adobe", "Visits counted by Adobe."), ("visits_ga", "Visits counted by Google."))
    ]
    catalog = Catalog(database="x", entity="t.id", fields=fields)
    result = resolve_fields("visits", ["t.visits_adobe", "t.visits_ga"], catalog)
    assert result.choice is None
    assert "visits_adobe (Visits counted by Adobe)" in result.question
    assert "visits_ga (Visits counted by Google)" in result.question


def test_bad_candidates_are_user_errors() -> None:
    with pytest.raises(UserError, match="customers.nope"):
        resolve_fields("x", ["customers.nope", "customers.state"], build_catalog())
    with pytest.raises(UserError):
        resolve_fields("x", [], build_catalog())


def test_a_single_candidate_is_chosen_and_its_problems_stated() -> None:
    result = resolve_fields("loyalty", ["customers.loyalty_points_balance"], build_catalog())
    assert result.choice == "customers.loyalty_points_balance" and "only candidate" in result.reason


@pytest.mark.parametrize(
    ("description", "column", "scopes"),
    [
        ("Completed orders placed on the web or in the app (store orders excluded).", "n", {"online"}),
        ("Orders across all channels (web, app and store).", "n", set()),
        ("Last day with any activity: purchase, web or app session, email click or store visit.", "n", set()),
        ("Purchases, web or app, and store visits.", "n", set()),
        ("Store visits in the last 90 days.", "n", {"store"}),
        ("Gross value of every order, including returned ones.", "n", {"gross"}),
        (None, "last_login", {"app"}),
        (None, "geo_state_ip", {"ip"}),
    ],
)
def test_field_scopes_read_names_and_descriptions(
    description: str | None, column: str, scopes: set[str]
) -> None:
    assert (
        field_scopes(FieldInfo(table="t", column=column, type="INTEGER", description=description)) == scopes
    )


@pytest.mark.parametrize(
    ("goal", "scopes"),
    [
        ("customers who bought online", {"online"}),
        ("haven't logged in to the app", {"app"}),
        ("no website visit in 30 days", {"web"}),
        ("customers predicted to churn", set()),
        ("customers whose value is predicted to decline", {"value_decline"}),
        ("high predicted lifetime value", {"predicted"}),
        ("bought in-store last month", {"store"}),
    ],
)
def test_asked_scopes_read_the_goal(goal: str, scopes: set[str]) -> None:
    assert set(asked_scopes(goal)) == scopes


@pytest.fixture(scope="module")
def demo_catalog(demo_db: Path) -> Catalog:
    return ensure_catalog(demo_db)


@pytest.mark.parametrize(("concept", "seed", "goal", "expected"), CASES)
def test_each_demo_trap_resolves_right_both_ways(
    demo_catalog: Catalog, concept, seed, goal, expected
) -> None:
    _check(demo_catalog, concept, seed, goal, expected)


@pytest.fixture(scope="module")
def bare_demo(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The demo profiled without its annotation file: every status undocumented."""
    copy = tmp_path_factory.mktemp("bare") / "bare.duckdb"
    shutil.copy(demo_db, copy)
    return profile_catalog(copy)


@pytest.mark.parametrize(
    ("candidates", "expected", "why_not"),
    [
        (["aov", "avg_order_value"], "avg_order_value", "stopped updating"),
        (["ltv", "lifetime_value"], "lifetime_value", "stopped updating"),
        (["engagement_score_v1", "engagement_score"], "engagement_score", "stopped updating"),
        (["last_seen_ts", "last_active_date"], "last_active_date", "stopped updating"),
        (["orders_lifetime", "total_purchases"], "total_purchases", "is empty for 12%"),
        (["last_order_date", "last_purchase_date"], "last_purchase_date", "is empty for"),
    ],
)
def test_demo_without_annotations_measured_freshness_and_coverage_decide(
    bare_demo, candidates, expected, why_not
):
    assert all(f.status in ("undocumented", "legacy") for f in bare_demo.fields)
    result = resolve_fields("x", [f"customers.{c}" for c in candidates], bare_demo)
    assert result.choice == f"customers.{expected}"
    assert why_not in result.runners_up[0]["why_not"]


def test_demo_without_annotations_asks_when_nothing_tells_fields_apart(bare_demo: Catalog) -> None:
    candidates = ["customers.total_purchases", "customers.num_orders", "customers.purchase_count"]
    result = resolve_fields("orders", candidates, bare_demo)
    assert result.choice is None and "total_purchases" in result.question and "num_orders" in result.question
    assert "purchase_count" not in result.question
    assert "stopped updating" in result.runners_up[2]["why_not"]
