"""Frozen-column detection on a hand-made CDP whose frozen columns are known, and on the demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from segment_agent.tools.catalog import build_catalog
from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile
from segment_agent.tools.freshness import creation_column, name_similarity

AS_OF = date(2026, 11, 20)
FREEZE = "DATE '2025-05-29'"  # AS_OF - 540 days, the day the deprecated copies stopped


def build_small_cdp(path: Path, customers: int = 2000) -> Path:
    """A CDP whose frozen columns are known: copies computed as of FREEZE, a date that stops there."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE _meta (key VARCHAR, value VARCHAR)")
    con.execute(f"INSERT INTO _meta VALUES ('as_of', '{AS_OF}'), ('seed', '1')")
    con.execute(f"""
        CREATE TABLE customers AS
        SELECT id AS customer_id,
               DATE '{AS_OF}' - CAST(id * 7 % 2400 AS INTEGER) AS signup_date,
               DATE '1950-01-01' + CAST(id * 13 % 18000 AS INTEGER) AS birth_date,
               ['CA', 'NY', 'TX', 'WA'][1 + id % 4] AS state,
               id % 17 AS total_purchases,
               CAST(id % 17 * 42.5 AS DECIMAL(12, 2)) AS lifetime_value,
               DATE '{AS_OF}' - CAST(id % 400 AS INTEGER) AS last_active_date,
               CASE WHEN id % 10 = 0 THEN id % 11 END AS nps_score,
               CASE WHEN id % 3 > 0 THEN greatest(DATE '2018-05-25', signup_date) END AS gdpr_consent_date,
               {FREEZE} - CAST(id % 300 AS INTEGER) AS last_catalog_mail_date,
               'A' AS legacy_seg_code,
               'CRM1' AS src_sys_cd,
               CASE WHEN id % 50 = 0 THEN 'Y' END AS tmp_flag_2023,
               id % 5 AS x_attr_001,
               -- needs a year of history: empty for newcomers, yet not frozen
               CASE WHEN signup_date <= DATE '{AS_OF}' - 365 THEN id % 7 END AS propensity_model_12m
        FROM range(1, {customers + 1}) r(id)
    """)
    # The deprecated copies: what the certified columns were at the freeze, NULL for later signups.
    con.execute(f"""
        ALTER TABLE customers ADD COLUMN purchase_count INTEGER;
        ALTER TABLE customers ADD COLUMN ltv DECIMAL(12, 2);
        ALTER TABLE customers ADD COLUMN last_seen_ts TIMESTAMP;
        ALTER TABLE customers ADD COLUMN region_code VARCHAR;
        UPDATE customers SET
            purchase_count = CASE WHEN signup_date <= {FREEZE}
                THEN greatest(total_purchases - customer_id % 3, 0) END,
            ltv = CASE WHEN signup_date <= {FREEZE} THEN lifetime_value * 0.8 END,
            last_seen_ts = CASE WHEN signup_date <= {FREEZE} THEN least(last_active_date, {FREEZE}) END,
            region_code = CASE WHEN signup_date <= {FREEZE} THEN 'R' || (customer_id % 9) END;
        CREATE TABLE orders AS
        SELECT o AS order_id, 1 + o % {customers} AS customer_id,
               TIMESTAMP '{AS_OF}' - to_days(CAST(o % 700 AS INTEGER)) AS order_ts
        FROM range(1, {customers * 3}) r(o);
    """)
    con.close()
    return path


@pytest.fixture(scope="module")
def small_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return build_catalog(build_small_cdp(tmp_path_factory.mktemp("cdp") / "cdp.duckdb"))


def frozen(catalog: Catalog) -> dict[str, str]:
    return {f.name: f.profile.frozen_reason or "" for f in catalog.fields if f.profile.frozen}


def test_flags_exactly_the_frozen_columns(small_catalog: Catalog) -> None:
    assert set(frozen(small_catalog)) == {
        "customers.purchase_count",
        "customers.ltv",
        "customers.last_seen_ts",
        "customers.region_code",
        "customers.last_catalog_mail_date",
    }


def test_reasons_name_the_cutoff_and_the_look_alike(small_catalog: Catalog) -> None:
    reasons = frozen(small_catalog)
    assert "signup_date after 2025-05" in reasons["customers.purchase_count"]
    assert "look-alike total_purchases" in reasons["customers.purchase_count"]
    assert "look-alike lifetime_value" in reasons["customers.ltv"]
    assert "look-alike last_active_date" in reasons["customers.last_seen_ts"]
    assert "3 other columns stopped the same weeks" in reasons["customers.region_code"]
    mail = reasons["customers.last_catalog_mail_date"]
    assert "latest value is 2025-05-29" in mail and "540 days" in mail


def test_birth_dates_optional_and_tenure_gated_columns_are_not_frozen(small_catalog: Catalog) -> None:
    for name in ("birth_date", "nps_score", "gdpr_consent_date", "propensity_model_12m", "total_purchases"):
        assert small_catalog.field(name).profile.frozen is False, name


def _date_field(column: str, lo: str, hi: str, null_rate: float = 0.0) -> FieldInfo:
    profile = FieldProfile(min=lo, max=hi, null_rate=null_rate)
    return FieldInfo(table="users", column=column, type="DATE", profile=profile)


def test_creation_column_prefers_signup_like_names_then_the_fullest_moving_date() -> None:
    joined = _date_field("joined_on", "2019-01-01", "2026-11-19", null_rate=0.2)
    birth = _date_field("birth", "1950-01-01", "2008-01-01")
    seen = _date_field("seen", "2020-01-01", "2026-11-20")
    assert creation_column([birth, seen, joined], AS_OF) is joined
    assert creation_column([birth, seen], AS_OF) is seen


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("ltv", "lifetime_value", True),
        ("aov", "avg_order_value", True),
        ("purchase_count", "total_purchases", True),
        ("engagement_score_v1", "engagement_score", True),
        ("ltv", "state", False),
        ("purchase_count", "birth_date", False),
    ],
)
def test_name_similarity(a: str, b: str, alike: bool) -> None:
    assert (name_similarity(a, b) >= 0.3) is alike


DEMO_FROZEN = {
    "purchase_count", "ltv", "aov", "days_since_last_purchase", "last_seen_ts", "engagement_score_v1",
    "email_open_rate",
}  # fmt: skip


def test_demo_frozen_columns_are_found_and_certified_ones_are_not(demo_db: Path) -> None:
    catalog = build_catalog(demo_db)
    found = {f.column for f in catalog.fields if f.table == "customers" and f.profile.frozen}
    assert found >= DEMO_FROZEN, DEMO_FROZEN - found
    certified = {f.column for f in catalog.fields if f.table == "customers" and f.status == "certified"}
    assert {"total_purchases", "lifetime_value", "last_active_date"} <= certified
    assert not found & certified, found & certified
