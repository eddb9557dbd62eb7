"""Contract: value sets, NULL rules, consistency between columns, and realistic distributions."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.tools.demo.contract import VALUE_SETS
from tests.tools.demo.queries import rows, scalar

US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
    "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
}  # fmt: skip
CA_PROVINCES = {"ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "NT", "YT", "NU"}


def test_categorical_columns_stay_in_their_value_sets(con: duckdb.DuckDBPyConnection) -> None:
    for name, allowed in VALUE_SETS.items():
        table, col = name.split(".")
        found = {r[0] for r in rows(con, f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL")}
        assert found <= allowed, (name, found - allowed)
        assert len(found) >= min(len(allowed), 3) or name == "customers.region_code", name


def test_state_is_a_two_letter_code_consistent_with_country(con: duckdb.DuckDBPyConnection) -> None:
    by_country: dict[str, set[str]] = {}
    for country, state in rows(con, "SELECT DISTINCT country, state FROM customers"):
        by_country.setdefault(country, set()).add(state)
    assert by_country["US"] <= US_STATES and len(by_country["US"]) > 10
    assert by_country["CA"] <= CA_PROVINCES and "ON" in by_country["CA"]
    assert all(s is not None and len(s) == 2 and s.isupper() for s in by_country["DE"])
    assert all(by_country[c] == {None} for c in ("GB", "FR", "AU"))


def test_ip_state_is_wrong_for_about_a_fifth(con: duckdb.DuckDBPyConnection) -> None:
    wrong = scalar(con, "SELECT avg((geo_state_ip <> state)::INTEGER) FROM customers WHERE state IS NOT NULL")
    assert 0.14 <= wrong <= 0.26
    assert (
        scalar(
            con,
            """SELECT count(*) FROM customers WHERE geo_state_ip IS NOT NULL AND country = 'US'
        AND geo_state_ip NOT IN (SELECT DISTINCT state FROM customers WHERE country = 'US')""",
        )
        == 0
    )


def test_null_rules_follow_the_data(con: duckdb.DuckDBPyConnection) -> None:
    never_bought = "total_purchases = 0"
    for col in ("last_purchase_date", "avg_order_value", "first_purchase_date"):
        assert scalar(con, f"SELECT count({col}) FROM customers WHERE {never_bought}") == 0, col
        assert (
            scalar(con, f"SELECT count(*) FROM customers WHERE NOT {never_bought} AND {col} IS NULL") == 0
        ), col
    assert scalar(con, "SELECT count(*) FROM customers WHERE (age IS NULL) <> (birth_date IS NULL)") == 0
    assert (
        scalar(
            con,
            "SELECT count(*) FROM customers WHERE NOT has_subscription AND (subscription_plan IS NOT NULL "
            "OR subscription_status IS NOT NULL OR auto_renew IS NOT NULL)",
        )
        == 0
    )
    assert (
        scalar(con, "SELECT count(*) FROM customers WHERE has_subscription AND subscription_plan IS NULL")
        == 0
    )
    assert scalar(con, "SELECT count(*) FROM customers WHERE push_opt_in AND NOT app_installed") == 0
    assert scalar(con, "SELECT count(*) FROM customers WHERE email_opt_in AND email IS NULL") == 0
    assert (
        scalar(
            con,
            "SELECT count(*) FROM customers WHERE gdpr_consent_date IS NOT NULL "
            "AND country NOT IN ('GB', 'DE', 'FR')",
        )
        == 0
    )
    assert (
        scalar(con, "SELECT count(*) FROM customers WHERE preferred_channel <> 'none' AND do_not_contact")
        == 0
    )
    assert (
        scalar(
            con, "SELECT count(*) FROM email_events WHERE (event_type = 'open') <> (machine_open IS NOT NULL)"
        )
        == 0
    )
    assert scalar(con, "SELECT count(*) FROM support_tickets WHERE closed_at < opened_at") == 0


def test_age_is_whole_years_from_birth_date(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    for birth, age in rows(
        con, "SELECT birth_date, age FROM customers WHERE birth_date IS NOT NULL LIMIT 500"
    ):
        had_birthday = (as_of.month, as_of.day) >= (birth.month, birth.day)
        assert age == as_of.year - birth.year - (0 if had_birthday else 1)
    assert scalar(con, "SELECT min(age) >= 18 AND max(age) <= 90 FROM customers")


def test_consent_rates_are_plausible(con: duckdb.DuckDBPyConnection) -> None:
    rates = rows(
        con,
        """SELECT avg(email_opt_in::INTEGER), avg(sms_opt_in::INTEGER), avg(push_opt_in::INTEGER),
        avg(do_not_contact::INTEGER) FROM customers""",
    )[0]
    email, sms, push, dnc = rates
    assert 0.45 <= email <= 0.8 and 0.1 <= sms <= 0.45 and 0.1 <= push <= 0.4 and 0.01 <= dnc <= 0.06


def test_scores_are_in_range_and_correlated_with_inactivity(
    con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> None:
    assert scalar(
        con,
        """SELECT bool_and(churn_score BETWEEN 0 AND 1 AND propensity_to_buy_30d BETWEEN 0 AND 1
        AND engagement_score BETWEEN 0 AND 100 AND (email_open_rate_90d IS NULL OR email_open_rate_90d
            BETWEEN 0 AND 1)
        AND (return_rate IS NULL OR return_rate BETWEEN 0 AND 1)) FROM customers""",
    )
    day = f"DATE '{as_of.isoformat()}'"
    corr = scalar(con, f"SELECT corr(churn_score, coalesce({day} - last_active_date, 365)) FROM customers")
    assert corr > 0.5
    active, dormant = rows(
        con,
        f"""SELECT avg(churn_score) FILTER (last_active_date >= {day} - 30),
        avg(churn_score) FILTER (last_active_date < {day} - 90 OR last_active_date IS NULL) FROM customers""",
    )[0]
    assert dormant > active + 0.3
    assert scalar(con, "SELECT corr(clv_predicted_12m, revenue_12m) FROM customers") > 0.4


def test_orders_are_heavy_tailed(con: duckdb.DuckDBPyConnection) -> None:
    median, p99, top = rows(
        con,
        """SELECT quantile_cont(total_purchases, 0.5), quantile_cont(total_purchases, 0.99),
        max(total_purchases) FROM customers""",
    )[0]
    assert p99 >= 5 * max(median, 1) and top >= 2 * p99
    share_none = scalar(con, "SELECT avg((total_purchases = 0)::INTEGER) FROM customers")
    assert 0.1 <= share_none <= 0.35
    value_p50, value_p99 = rows(
        con,
        """SELECT quantile_cont(net_amount, 0.5), quantile_cont(net_amount, 0.99)
        FROM orders""",
    )[0]
    assert value_p99 >= 4 * value_p50


def test_loyalty_and_derived_money_fields_are_consistent(con: duckdb.DuckDBPyConnection) -> None:
    assert scalar(con, "SELECT count(*) FROM customers WHERE total_revenue < lifetime_value") == 0
    assert scalar(con, "SELECT count(*) FROM customers WHERE revenue_12m > lifetime_value") == 0
    assert (
        scalar(con, "SELECT count(*) FROM customers WHERE loyalty_tier = 'none' AND total_purchases > 0") == 0
    )
    assert scalar(con, "SELECT count(*) FROM orders WHERE net_amount <> gross_amount - discount_amount") == 0
    assert (
        scalar(
            con,
            """SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(quantity * unit_price) AS g,
        sum(quantity) AS q FROM order_items GROUP BY order_id) i USING (order_id)
        WHERE o.gross_amount <> i.g OR o.items <> i.q""",
        )
        == 0
    )
    assert (
        scalar(con, "SELECT count(*) FROM orders WHERE (coupon_code IS NULL) <> (discount_amount = 0)") == 0
    )
