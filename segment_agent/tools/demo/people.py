"""Identity, place, consent and demographics per customer (temp table `_people`)."""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo.random_sql import categorical_case, pick, sql_list, sql_str
from segment_agent.tools.demo.reference import (
    ACQUISITION,
    COUNTRIES,
    EMAIL_DOMAINS,
    FEMALE_NAMES,
    LANGUAGES,
    LAST_NAMES,
    MALE_NAMES,
    MARKET_REGIONS,
    PHONE_PREFIX,
    PLACES,
    UNISEX_NAMES,
    US_REGIONS,
)  # fmt: skip

FREEZE_DAYS = 540


def _place_sql() -> str:
    """SQL picking a 1-based index into PLACES, weighted within the row's country."""
    per_country = {
        country: pick(
            {str(i + 1): p[4] for i, p in enumerate(PLACES) if p[0] == country}, "rnd(customer_id, 'place')"
        )
        for country in COUNTRIES
    }
    return f"({categorical_case('country', per_country)})::INTEGER"


def _wrong_state_sql() -> str:
    """SQL for a state of the same country that is not the customer's (the IP guess gone wrong)."""
    options = {}
    for country in COUNTRIES:
        states = sorted({p[1] for p in PLACES if p[0] == country and p[1]})
        if len(states) > 1:
            lst, n = sql_list(states), len(states)
            options[country] = (
                f"{lst}[((list_position({lst}, state)"
                f" + floor(rnd(customer_id, 'ip_state') * {n - 1})::INTEGER) % {n}) + 1]"
            )
    return categorical_case("country", options)


def _name_sql() -> str:
    u = "rnd(customer_id, 'first')"
    return (
        f"CASE gender WHEN 'female' THEN {pick(dict.fromkeys(FEMALE_NAMES, 1), u)}"
        f" WHEN 'male' THEN {pick(dict.fromkeys(MALE_NAMES, 1), u)}"
        f" ELSE {pick(dict.fromkeys(UNISEX_NAMES, 1), u)} END"
    )


def create_people(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Create `_people` from `_traits`: who the customers are, where they live, what they consented to."""
    a = f"DATE '{as_of.isoformat()}'"
    regions = [US_REGIONS.get(p[1] or "", "") if p[0] == "US" else MARKET_REGIONS[p[0]] for p in PLACES]
    language = categorical_case(
        "country", {c: pick(w, "rnd(customer_id, 'lang')") for c, w in LANGUAGES.items()}
    )
    phone = categorical_case("country", {c: sql_str(p) for c, p in PHONE_PREFIX.items()})
    postal = categorical_case("country", {
        "CA": "postal_prefix || ' ' || (d1 % 10) || chr(65 + d2 % 26) || (d3 % 10)",
        "GB": "postal_prefix || ' ' || (d1 % 10) || chr(65 + d2 % 26) || chr(65 + d3 % 26)",
        "AU": "postal_prefix || (d1 % 10)",
    }, default="postal_prefix || lpad((d1 % 100)::VARCHAR, 2, '0')")  # fmt: skip
    con.execute(f"""
        CREATE TEMP TABLE _people AS
        WITH a AS (
            SELECT customer_id, signup_days, store_shopper, app_installed,
                {pick(COUNTRIES, "rnd(customer_id, 'country')")} AS country,
                {pick({"female": 52, "male": 42, "nonbinary": 2, "unknown": 4}, "rnd(customer_id, 'gender')")}
                    AS gender,
                18 + floor(64 * pow(rnd(customer_id, 'age'), 1.3))::INTEGER AS age_years,
                floor(rnd(customer_id, 'postal') * 1000000)::INTEGER AS d1,
                floor(rnd(customer_id, 'postal2') * 1000000)::INTEGER AS d2,
                floor(rnd(customer_id, 'postal3') * 1000000)::INTEGER AS d3
            FROM _traits
        ), b AS (
            SELECT *, {_place_sql()} AS place, {_name_sql()} AS first_name,
                {pick(dict.fromkeys(LAST_NAMES, 1), "rnd(customer_id, 'last')")} AS last_name
            FROM a
        ), c AS (
            SELECT *,
                {sql_list([p[1] for p in PLACES])}[place] AS state,
                {sql_list([p[2] for p in PLACES])}[place] AS city,
                {sql_list([p[3] for p in PLACES])}[place] AS postal_prefix,
                {sql_list(regions)}[place] AS live_region,
                {a} - signup_days AS signup_date,
                CASE WHEN rnd(customer_id, 'email_null') >= 0.04 THEN lower(first_name) || '.' ||
                    lower(last_name)
                    || customer_id || '@' || {pick(EMAIL_DOMAINS, "rnd(customer_id, 'domain')")} END AS email,
                CASE WHEN rnd(customer_id, 'phone_null') >= 0.3 THEN {
        phone
    } || lpad((d1 * 7 % 10000000)::VARCHAR,
                    7, '0') END AS phone,
                CASE WHEN rnd(customer_id, 'dob_null') >= 0.12 THEN {a} - (floor(age_years * 365.25)
                    + floor(rnd(customer_id, 'dob') * 365))::INTEGER END AS birth_date,
                CASE WHEN age_years BETWEEN 26 AND 58 AND rnd(customer_id, 'kids') < 0.55
                    THEN 1 + floor(3 * pow(rnd(customer_id, 'kids_n'), 2))::INTEGER ELSE 0 END AS kids
            FROM b
        ), d AS (
            SELECT *,
                email IS NOT NULL AND rnd(customer_id, 'email_opt') < 0.64 AS email_opt_in,
                rnd(customer_id, 'sub') < 0.12 AS has_subscription,
                {
        pick({"active": 68, "paused": 10, "cancelled": 22}, "rnd(customer_id, 'sub_status')")
    } AS sub_status
            FROM c
        )
        SELECT customer_id, email, phone, first_name, last_name, birth_date,
            CASE WHEN birth_date IS NOT NULL THEN (date_diff('year', birth_date, {a})
                - (strftime({a}, '%m%d') < strftime(birth_date, '%m%d'))::INTEGER)::INTEGER END AS age,
            gender, signup_date, country, state, city, place,
            {postal} AS postal_code,
            CASE WHEN signup_days > {FREEZE_DAYS} THEN live_region END AS region_code,
            CASE WHEN state IS NOT NULL AND rnd(customer_id, 'ip_wrong') < 0.2 THEN {_wrong_state_sql()}
                ELSE state END AS geo_state_ip,
            {language} AS preferred_language,
            email_opt_in,
            phone IS NOT NULL AND rnd(customer_id, 'sms_opt') < 0.38 AS sms_opt_in,
            app_installed AND rnd(customer_id, 'push_opt') < 0.6 AS push_opt_in,
            rnd(customer_id, 'dnc') < 0.03 AS do_not_contact,
            CASE WHEN country IN ('GB', 'DE', 'FR') AND rnd(customer_id, 'gdpr') < 0.92 THEN least({a} - 1,
                greatest(signup_date, DATE '2018-05-25') + floor(rnd(customer_id, 'gdpr_d') * 20)::INTEGER)
                END AS gdpr_consent_date,
            email IS NOT NULL AND NOT email_opt_in AND rnd(customer_id, 'former') < 0.4 AS former_subscriber,
            floor(rnd(customer_id, 'unsub') * signup_days)::INTEGER AS unsub_days,
            has_subscription,
            CASE WHEN has_subscription THEN {
        pick({"basic": 50, "plus": 32, "premium": 18}, "rnd(customer_id, 'plan')")
    } END AS subscription_plan,
            CASE WHEN has_subscription THEN sub_status END AS subscription_status,
            CASE WHEN has_subscription THEN signup_date
                + floor(rnd(customer_id, 'sub_start') * signup_days * 0.8)::INTEGER END AS
                    subscription_start_date,
            CASE WHEN has_subscription THEN sub_status = 'active' AND rnd(customer_id, 'renew') < 0.8 END
                AS auto_renew,
            CASE WHEN store_shopper AND rnd(customer_id, 'acq_store') < 0.5 THEN 'store'
                ELSE {pick(ACQUISITION, "rnd(customer_id, 'acq')")} END AS acquisition_channel,
            CASE WHEN rnd(customer_id, 'income_null') >= 0.35 THEN {
        pick({"<50k": 30, "50-100k": 38, "100-150k": 20, "150k+": 12}, "rnd(customer_id, 'income')")
    } END
                AS household_income_band,
            CASE WHEN rnd(customer_id, 'home_null') >= 0.35
                THEN rnd(customer_id, 'home') < 0.15 + age_years / 100.0 END AS home_owner,
            CASE WHEN rnd(customer_id, 'kids_null') >= 0.4 THEN kids END AS children_in_household,
            CASE WHEN age_years < 23 THEN 'student' WHEN age_years >= 67 THEN 'retired'
                WHEN kids > 0 THEN 'family' WHEN age_years < 35 THEN 'young_adult'
                WHEN age_years >= 50 THEN 'empty_nester' ELSE 'young_adult' END AS life_stage,
            CASE WHEN rnd(customer_id, 'nps_null') < 0.22
                THEN least(10, floor(11 * pow(rnd(customer_id, 'nps'), 0.6)))::INTEGER END AS nps_score
        FROM d
    """)
