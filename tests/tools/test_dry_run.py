"""dry_run on the hand-made DuckDB through the real sandboxed warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.dry_run import dry_run, mask
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.warehouse import QueryTimeout
from tests.tools.spec_db import DEMO_SPEC, build_spec_db

ALL = "SELECT customer_id FROM customers"
EMPTY = f"{ALL} WHERE churn_score > 5"
CHURN = "SELECT c.customer_id FROM customers AS c WHERE c.churn_score >= 0.5"  # members 1, 3, 4, 6
# A deliberately heavy scan (billions of rows) that no machine finishes within the 50 ms limit below.
HEAVY = f"{ALL} WHERE (SELECT count(*) FROM range(3000000000) t(i) WHERE i % 7 = customer_id) > 0"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    path = tmp_path_factory.mktemp("dry") / "spec.duckdb"
    return path, build_spec_db(path)


@pytest.fixture
def catalog(db: tuple[Path, Catalog]) -> Catalog:
    return db[1]


@pytest.fixture
def wh(db: tuple[Path, Catalog]) -> Iterator[DuckDBWarehouse]:
    with DuckDBWarehouse(db[0], timeout_s=20, memory_limit="500MB", threads=1) as warehouse:
        yield warehouse


def codes(result: object) -> list[str]:
    return [w.code for w in result.warnings]  # type: ignore[attr-defined]


def test_counts_share_and_reach_per_channel(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    result = dry_run(wh, catalog, CHURN, min_size=1)
    assert (result.count, result.base, result.share) == (4, 8, 0.5)
    # email: opted in and not suppressed -> 1, 4 (3 and 6 opted out); sms: 1, 3, 4; push: 3, 4
    assert result.reachable == {"email": 2, "sms": 3, "push": 2}
    assert codes(result) == []
    assert result.elapsed_ms > 0


def test_null_consent_and_suppression_do_not_reach(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    # 2 is suppressed, 5 has NULL do_not_contact and NULL sms_opt_in: neither is reachable.
    result = dry_run(wh, catalog, f"{ALL} WHERE customer_id IN (2, 5)", min_size=1)
    assert result.reachable == {"email": 0, "sms": 0, "push": 0}


def test_consent_columns_are_detected_from_the_catalog(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    def without(word: str) -> Catalog:
        return catalog.model_copy(update={"fields": [f for f in catalog.fields if word not in f.column]})

    # Only email has opted-in customers who are suppressed (2) or have no do_not_contact value (5).
    assert dry_run(wh, catalog, ALL).reachable == {"email": 4, "sms": 4, "push": 3}
    assert dry_run(wh, without("do_not_contact"), ALL).reachable == {"email": 6, "sms": 4, "push": 3}
    assert dry_run(wh, without("opt_in"), ALL).reachable == {}


def test_sample_is_masked_unless_pii_may_be_shown(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    used = ["customers.churn_score", "email", "first_name", "orders.net_amount", "customers.signup_date"]
    result = dry_run(wh, catalog, CHURN, fields_used=used, sample_size=3)
    assert len(result.sample) == 3
    assert list(result.sample[0]) == ["customer_id", "churn_score", "email", "first_name", "signup_date"]
    assert {r["customer_id"] for r in result.sample} <= {1, 3, 4, 6}
    for r in result.sample:
        assert r["email"].endswith("***@example.com") and len(r["email"]) == len("x***@example.com")
        assert r["first_name"] == "***"
        assert isinstance(r["signup_date"], str)
    shown = dry_run(wh, catalog, CHURN, fields_used=used, sample_size=3, show_pii=True)
    emails = {"ann@example.com", "cat@example.com", "dan@example.com", "fay@example.com"}
    assert len({r["email"] for r in shown.sample} & emails) == 3


def test_mask() -> None:
    assert mask("jane.doe@example.com") == "j***@example.com"
    assert mask("+1 555 0100") == "***"
    assert mask(None) is None


def test_overlap_with_published_segments(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    published = {"vip": [1, 5], "churners": [1, 3, 4, 6, 99], "none": []}
    result = dry_run(wh, catalog, CHURN, published=published)
    assert {k: (v.shared, v.share) for k, v in result.overlap.items()} == {
        "vip": (1, 0.25),
        "churners": (4, 1.0),
        "none": (0, 0.0),
    }


@pytest.mark.parametrize(
    ("sql", "min_size", "expected"),
    [
        (EMPTY, 50, ["empty"]),
        (ALL, 1, ["near_total"]),
        (CHURN, 5, ["below_min_size"]),
        (CHURN, 4, []),
    ],
)
def test_size_warnings(
    wh: DuckDBWarehouse, catalog: Catalog, sql: str, min_size: int, expected: list[str]
) -> None:
    assert codes(dry_run(wh, catalog, sql, min_size=min_size)) == expected


def test_empty_segment_has_no_sample(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    result = dry_run(wh, catalog, EMPTY, published={"a": [1]})
    assert (result.count, result.sample, result.overlap["a"].shared) == (0, [], 0)


def test_deprecated_field_warning_names_the_replacement(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    result = dry_run(wh, catalog, CHURN, min_size=1, fields_used=["customers.ltv", "churn_score"])
    assert codes(result) == ["deprecated_field_used"]
    assert result.warnings[0].message == "customers.ltv is deprecated; use customers.lifetime_value instead."


def test_slow_warning(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    assert codes(dry_run(wh, catalog, CHURN, min_size=1, slow_ms=0)) == ["slow"]


def test_a_timeout_is_a_clear_error(db: tuple[Path, Catalog], catalog: Catalog) -> None:
    with DuckDBWarehouse(db[0], timeout_s=0.05, memory_limit="500MB", threads=1) as wh:
        with pytest.raises(QueryTimeout) as info:
            dry_run(wh, catalog, HEAVY)
        assert info.value.message.startswith("The dry run did not finish: ")
        assert info.value.hint
        assert dry_run(wh, catalog, CHURN, min_size=1).count == 4  # the connection is still usable


class _SlowSample:
    """The real warehouse, except that drawing the sample (by either query) times out."""

    def __init__(self, inner: DuckDBWarehouse) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def sample(self, *args: object) -> list[dict]:
        raise QueryTimeout("query took longer than 1 s", "narrow the segment")

    def dicts(self, *args: object) -> list[dict]:
        raise QueryTimeout("query took longer than 1 s", "narrow the segment")


def test_a_timeout_on_the_sample_is_a_warning(wh: DuckDBWarehouse, catalog: Catalog) -> None:
    result = dry_run(_SlowSample(wh), catalog, CHURN, min_size=1)  # type: ignore[arg-type]
    assert (result.count, result.sample) == (4, [])
    assert codes(result) == ["timeout"]


def test_dry_run_on_the_demo(demo_db: Path) -> None:
    from segment_agent.tools.catalog import ensure_catalog
    from segment_agent.tools.spec_compiler import compile_spec
    from segment_agent.tools.spec_fields import spec_fields

    catalog = ensure_catalog(demo_db)
    sql = compile_spec(DEMO_SPEC, catalog)
    used = [*spec_fields(DEMO_SPEC, catalog), "customers.email", "customers.ltv"]
    with DuckDBWarehouse(demo_db, timeout_s=20, memory_limit="500MB", threads=1) as wh:
        result = dry_run(wh, catalog, sql, fields_used=used, min_size=1)
        assert result.count == wh.count(sql) > 10
    assert result.base == 4000
    assert set(result.reachable) == {"email", "sms", "push"}
    assert 0 < result.reachable["email"] <= result.count
    assert list(result.sample[0]) == [
        "customer_id", "lifetime_value", "engagement_trend", "email_opt_in", "email", "ltv",
    ]  # fmt: skip
    assert all(r["email"] is None or "***@" in r["email"] for r in result.sample)
    assert codes(result) == ["deprecated_field_used"]
    assert result.warnings[0].message.startswith("customers.ltv is deprecated; use ")
