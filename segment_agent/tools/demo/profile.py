"""The `customers` table: identity from `_people`, aggregates from the event tables, models.

Built in three SQL stages: `b` joins every per-customer aggregate (as of now and as of the
freeze), `m` adds the scores that read those columns, and the final SELECT orders the columns.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo import models
from segment_agent.tools.demo.families import CATEGORIES, CHANNELS, MONTHS, WINDOWS, family_columns, month_label
from segment_agent.tools.demo.interests import interest_columns
from segment_agent.tools.demo.legacy import legacy_columns
from segment_agent.tools.demo.profile_columns import CORE, IDENTITY, SYNONYMS

_JOINS = """
    FROM _people p JOIN _traits t USING (customer_id)
    LEFT JOIN _orders_now o USING (customer_id) LEFT JOIN _orders_freeze of USING (customer_id)
    LEFT JOIN _sessions_now s USING (customer_id) LEFT JOIN _sessions_freeze sf USING (customer_id)
    LEFT JOIN _email_now e USING (customer_id) LEFT JOIN _email_freeze ef USING (customer_id)
    LEFT JOIN _tickets_now k USING (customer_id) LEFT JOIN _categories cat USING (customer_id)
    LEFT JOIN _channels_order co USING (customer_id) LEFT JOIN _channels_session cs USING (customer_id)
    LEFT JOIN _channels_email ce USING (customer_id) LEFT JOIN _channels_attributed ca USING (customer_id)
    LEFT JOIN _messaging msg USING (customer_id) LEFT JOIN _months mo USING (customer_id)
"""


def _zero(expr: str, cast: str = "INTEGER") -> str:
    return f"coalesce({expr}, 0)::{cast}"


def _base_columns(as_of: dt.date, freeze: dt.date) -> dict[str, str]:
    """{column: SQL} of stage `b`: stored data columns plus `h_` helpers for the models."""
    frozen = f"p.signup_date < DATE '{freeze.isoformat()}'"
    last_seen_f = "greatest(of.last_purchase_ts, of.last_store_visit_ts, sf.last_session_ts, ef.last_click_ts)"
    vip_cut = "(SELECT quantile_disc(lifetime_gross, 0.97) FROM _orders_freeze)"
    cols = {c: f"p.{c}" for c in IDENTITY}
    cols |= {
        "total_purchases": _zero("o.total_purchases"),
        "purchase_count": f"CASE WHEN {frozen} THEN {_zero('of.total_purchases')} END",
        "num_orders": _zero("o.num_orders"),
        "orders_lifetime": f"CASE WHEN rnd(customer_id, 'legacy_import') >= 0.12 THEN {_zero('o.all_orders')} END",
        "purchases_30d": _zero("o.purchases_30d"),
        "purchases_90d": _zero("o.purchases_90d"),
        "purchases_12m": _zero("o.purchases_12m"),
        "lifetime_value": _zero("o.lifetime_value", "DECIMAL(14, 2)"),
        "ltv": f"CASE WHEN {frozen} THEN {_zero('of.lifetime_gross', 'DECIMAL(14, 2)')} END",
        "total_revenue": _zero("o.total_revenue", "DECIMAL(14, 2)"),
        "revenue_12m": _zero("o.revenue_12m", "DECIMAL(14, 2)"),
        "avg_order_value": "round(o.lifetime_value / nullif(o.total_purchases, 0), 2)::DECIMAL(12, 2)",
        "aov": f"CASE WHEN {frozen} THEN round(of.lifetime_value / nullif(of.total_purchases, 0), 2)"
        "::DECIMAL(12, 2) END",
        "last_purchase_date": "o.last_purchase_ts::DATE",
        "last_order_date": "o.last_order_date",
        "days_since_last_purchase": f"CASE WHEN {frozen} THEN "
        f"{models.days_between(freeze, 'of.last_purchase_ts')}::INTEGER END",
        "last_active_date": "greatest(o.last_purchase_ts, o.last_store_visit_ts, s.last_session_ts, "
        "e.last_click_ts)::DATE",
        "last_login": "s.last_login",
        "most_recent_session": "s.most_recent_session",
        "last_seen_ts": f"CASE WHEN {frozen} THEN {last_seen_f} END",
        "engagement_score_v1": f"CASE WHEN {frozen} THEN "
        f"{models.engagement_score_v1(_zero('sf.sessions_30d'), _zero('of.purchases_90d'))} END",
        "sessions_30d": _zero("s.sessions_30d"),
        "sessions_prev_30d": _zero("s.sessions_prev_30d"),
        "email_open_rate_90d": "e.open_rate_90d",
        "email_clicks_90d": _zero("e.email_clicks_90d"),
        "email_sends_90d": _zero("e.email_sends_90d"),
        "email_open_rate": f"CASE WHEN {frozen} THEN ef.open_rate_any_90d END",
        "risk_level": f"CASE WHEN {frozen} THEN "
        f"{models.risk_level(f'coalesce({models.days_between(freeze, last_seen_f)}, 365)')} END",
        "predicted_ltv_decline": models.predicted_ltv_decline(
            _zero("o.revenue_12m", "DECIMAL(14, 2)"), _zero("o.revenue_prev_12m", "DECIMAL(14, 2)"), "t.signup_days"
        ),
        "vip_flag": f"CASE WHEN {frozen} THEN coalesce(of.lifetime_gross >= {vip_cut}, false)"
        " OR rnd(customer_id, 'vip') < 0.004 END",
        "returns_12m": _zero("o.returns_12m"),
        "return_rate": "round(o.returns_12m / nullif(o.orders_12m, 0), 4)",
        "support_tickets_90d": _zero("k.support_tickets_90d"),
        "open_tickets": _zero("k.open_tickets"),
        "last_csat": "k.last_csat",
        "primary_device": "t.primary_device",
        "preferred_channel": "CASE WHEN p.do_not_contact OR NOT (p.email_opt_in OR p.sms_opt_in OR p.push_opt_in)"
        " THEN 'none' WHEN p.push_opt_in AND rnd(customer_id, 'pref_ch') < 0.35 THEN 'push'"
        " WHEN p.sms_opt_in AND rnd(customer_id, 'pref_ch') < 0.6 THEN 'sms'"
        " WHEN p.email_opt_in THEN 'email' WHEN p.sms_opt_in THEN 'sms' ELSE 'push' END",
        "app_installed": "t.app_installed",
        "favorite_category": "t.fav",
        "preferred_store_id": "CASE WHEN o.last_store_visit_ts IS NOT NULL THEN 1000 + p.place * 10"
        " + floor(3 * rnd(customer_id, 'store_id'))::INTEGER END",
        "store_visits_90d": _zero("o.store_visits_90d"),
        "first_purchase_date": "o.first_purchase_date",
        "pageviews_30d": _zero("s.pageviews_30d"),
        "cart_adds_30d": _zero("s.cart_adds_30d"),
        "coupon_orders_12m": _zero("o.coupon_orders_12m"),
        "discount_total_12m": _zero("o.discount_total_12m", "DECIMAL(14, 2)"),
        "h_email_engagements_30d": _zero("e.email_engagements_30d"),
        "h_tenure_years": "t.signup_days / 365.0",
    }
    cols |= {c: f"p.{c}" for c in CORE if c not in cols and not c.startswith("h_") and c in _PEOPLE_CORE}
    cols |= _family_columns()
    cols |= interest_columns()
    return cols


_PEOPLE_CORE = {
    "has_subscription", "subscription_plan", "subscription_status", "subscription_start_date", "auto_renew",
    "nps_score", "acquisition_channel", "household_income_band", "home_owner", "children_in_household", "life_stage",
}  # fmt: skip


def _family_columns() -> dict[str, str]:
    cols: dict[str, str] = {}
    for c in CATEGORIES:
        u = f"rnd(customer_id, 'affinity_{c}')"
        pref = f"CASE WHEN t.fav = '{c}' THEN 0.7 + 0.3 * {u} WHEN t.fav2 = '{c}' THEN 0.4 + 0.3 * {u} ELSE 0.25 * {u} * {u} END"
        cols[f"affinity_{c}"] = f"round(least(1.0, 0.5 * {pref} + 0.5 * coalesce(cat.share_{c}, 0)), 3)"
        cols[f"purchases_{c}_12m"] = _zero(f"cat.purchases_{c}_12m")
        cols[f"revenue_{c}_12m"] = _zero(f"cat.revenue_{c}_12m", "DECIMAL(14, 2)")
        cols[f"units_{c}_12m"] = _zero(f"cat.units_{c}_12m")
        cols[f"last_purchase_{c}_date"] = f"cat.last_purchase_{c}_date"
    source = {"web": "cs", "app": "cs", "store": "co", "email": "ce", "sms": "msg", "push": "msg"}
    for ch in CHANNELS:
        buys = "co" if ch in ("web", "app", "store") else "ca"
        for w in WINDOWS:
            cols[f"{ch}_engagements_{w}"] = _zero(f"{source[ch]}.{ch}_engagements_{w}")
            cols[f"{ch}_purchases_{w}"] = _zero(f"{buys}.{ch}_purchases_{w}")
            cols[f"{ch}_revenue_{w}"] = _zero(f"{buys}.{ch}_revenue_{w}", "DECIMAL(14, 2)")
    for m in range(1, MONTHS + 1):
        label = month_label(m)
        cols[f"spend_m{label}"] = _zero(f"mo.spend_m{label}", "DECIMAL(12, 2)")
        cols[f"orders_m{label}"] = _zero(f"mo.orders_m{label}")
    return cols


def _model_columns(as_of: dt.date) -> dict[str, str]:
    """{column: SQL} of stage `m`, over stage `b` columns."""
    days_inactive = f"coalesce({models.days_between(as_of, 'last_active_date')}, 365)"
    days_since_purchase = f"coalesce({models.days_between(as_of, 'last_purchase_date')}, 365)"
    trend = models.engagement_trend("sessions_30d", "sessions_prev_30d")
    return {
        "engagement_score": models.engagement_score("sessions_30d", "h_email_engagements_30d", "purchases_30d"),
        "engagement_trend": trend,
        "churn_score": models.churn_score(days_inactive, "sessions_30d", "purchases_90d", f"({trend})"),
        "propensity_to_buy_30d": models.propensity_to_buy(
            "purchases_90d", "sessions_30d", "cart_adds_30d", days_since_purchase
        ),
    }


def _final_columns() -> dict[str, str]:
    """{column: SQL} of the last stage, over stage `m` columns."""
    return {
        "clv_predicted_12m": models.clv_predicted_12m(
            "total_purchases", "revenue_12m", "lifetime_value", "h_tenure_years", "churn_score", "propensity_to_buy_30d"
        ),
        "loyalty_tier": models.loyalty_tier("revenue_12m", "lifetime_value"),
        "loyalty_points_balance": "CASE WHEN lifetime_value > 0 THEN floor(lifetime_value"
        " * (0.2 + 0.8 * rnd(customer_id, 'points')))::INTEGER ELSE 0 END",
    }


def customer_columns() -> list[str]:
    """Every column of `customers`, in table order."""
    return [*IDENTITY, *SYNONYMS, *CORE, *family_columns(), *legacy_columns()]


def create_customers(con: duckdb.DuckDBPyConnection, as_of: dt.date, freeze: dt.date) -> None:
    """Create `customers` from the temp aggregates (stats.py, family_stats.py) and models."""
    base, scores, final = _base_columns(as_of, freeze), _model_columns(as_of), _final_columns()
    legacy = legacy_columns()
    select = []
    for col in customer_columns():
        if col in final:
            select.append(f"{final[col]} AS {col}")
        elif col in legacy:
            select.append(f"{legacy[col]} AS {col}")
        else:
            select.append(col)
    b_sql = ", ".join(f"{expr} AS {col}" for col, expr in base.items())
    m_sql = ", ".join(f"{expr} AS {col}" for col, expr in scores.items())
    con.execute(f"""
        CREATE TABLE customers AS
        WITH b AS (SELECT t.signup_days, p.place, {b_sql} {_JOINS}),
        m AS (SELECT *, {m_sql} FROM b)
        SELECT {", ".join(select)} FROM m
    """)
