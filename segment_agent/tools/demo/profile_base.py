"""Stage `b` of the `customers` table: every stored column as SQL over the joined per-customer aggregates.

Aliases: p people, t traits, o/of orders now/at the freeze, s/sf sessions, e/ef email, k tickets,
cat categories, co/cs/ce/ca channel aggregates, msg messaging, mo months. Columns named `h_*`
are helpers for the models and are not published.
"""

from __future__ import annotations

import datetime as dt

from segment_agent.tools.demo import models
from segment_agent.tools.demo.interests import interest_columns
from segment_agent.tools.demo.profile_columns import IDENTITY
from segment_agent.tools.demo.profile_families import family_select, zero

JOINS = """
    FROM _people p JOIN _traits t USING (customer_id)
    LEFT JOIN _orders_now o USING (customer_id) LEFT JOIN _orders_freeze of USING (customer_id)
    LEFT JOIN _sessions_now s USING (customer_id) LEFT JOIN _sessions_freeze sf USING (customer_id)
    LEFT JOIN _email_now e USING (customer_id) LEFT JOIN _email_freeze ef USING (customer_id)
    LEFT JOIN _tickets_now k USING (customer_id) LEFT JOIN _categories cat USING (customer_id)
    LEFT JOIN _channels_order co USING (customer_id) LEFT JOIN _channels_session cs USING (customer_id)
    LEFT JOIN _channels_email ce USING (customer_id) LEFT JOIN _channels_attributed ca USING (customer_id)
    LEFT JOIN _messaging msg USING (customer_id) LEFT JOIN _months mo USING (customer_id)
"""


PEOPLE_CORE = (
    "has_subscription", "subscription_plan", "subscription_status", "subscription_start_date", "auto_renew",
    "nps_score", "acquisition_channel", "household_income_band", "home_owner", "children_in_household",
    "life_stage",
)  # fmt: skip


def base_columns(as_of: dt.date, freeze: dt.date) -> dict[str, str]:
    """{column: SQL} of stage `b`: stored data columns plus `h_` helpers for the models."""
    frozen = f"p.signup_date < DATE '{freeze.isoformat()}'"
    last_seen_f = (
        "greatest(of.last_purchase_ts, of.last_store_visit_ts, sf.last_session_ts, ef.last_click_ts)"
    )
    cols = {c: f"p.{c}" for c in IDENTITY}
    cols |= {
        "total_purchases": zero("o.total_purchases"),
        "purchase_count": f"CASE WHEN {frozen} THEN {zero('of.total_purchases')} END",
        "num_orders": zero("o.num_orders"),
        "orders_lifetime": f"CASE WHEN rnd(customer_id, 'legacy_import') >= 0.12"
        f" THEN {zero('o.all_orders')} END",
        "purchases_30d": zero("o.purchases_30d"),
        "purchases_90d": zero("o.purchases_90d"),
        "purchases_12m": zero("o.purchases_12m"),
        "lifetime_value": zero("o.lifetime_value", "DECIMAL(14, 2)"),
        "ltv": f"CASE WHEN {frozen} THEN {zero('of.lifetime_gross', 'DECIMAL(14, 2)')} END",
        "total_revenue": zero("o.total_revenue", "DECIMAL(14, 2)"),
        "revenue_12m": zero("o.revenue_12m", "DECIMAL(14, 2)"),
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
        f"{models.engagement_score_v1(zero('sf.sessions_30d'), zero('of.purchases_90d'))} END",
        "sessions_30d": zero("s.sessions_30d"),
        "sessions_prev_30d": zero("s.sessions_prev_30d"),
        "email_open_rate_90d": "e.open_rate_90d",
        "email_clicks_90d": zero("e.email_clicks_90d"),
        "email_sends_90d": zero("e.email_sends_90d"),
        "email_open_rate": f"CASE WHEN {frozen} THEN ef.open_rate_any_90d END",
        "risk_level": f"CASE WHEN {frozen} THEN "
        f"{models.risk_level(f'coalesce({models.days_between(freeze, last_seen_f)}, 365)')} END",
        "predicted_ltv_decline": models.predicted_ltv_decline(
            zero("o.revenue_12m", "DECIMAL(14, 2)"), zero("o.revenue_prev_12m", "DECIMAL(14, 2)")
        ),
        "vip_flag": f"CASE WHEN {frozen} THEN coalesce(of.lifetime_gross >= (SELECT cut FROM _vip_cut),"
        " false) OR rnd(customer_id, 'vip') < 0.004 END",
        "returns_12m": zero("o.returns_12m"),
        "return_rate": "round(o.returns_12m / nullif(o.orders_12m, 0), 4)",
        "support_tickets_90d": zero("k.support_tickets_90d"),
        "open_tickets": zero("k.open_tickets"),
        "last_csat": "k.last_csat",
        "primary_device": "t.primary_device",
        "preferred_channel": "CASE WHEN p.do_not_contact"
        " OR NOT (p.email_opt_in OR p.sms_opt_in OR p.push_opt_in) THEN 'none'"
        " WHEN p.push_opt_in AND rnd(customer_id, 'pref_ch') < 0.35 THEN 'push'"
        " WHEN p.sms_opt_in AND rnd(customer_id, 'pref_ch') < 0.6 THEN 'sms'"
        " WHEN p.email_opt_in THEN 'email' WHEN p.sms_opt_in THEN 'sms' ELSE 'push' END",
        "app_installed": "t.app_installed",
        "favorite_category": "t.fav",
        "preferred_store_id": "CASE WHEN o.last_store_visit_ts IS NOT NULL THEN 1000 + p.place * 10"
        " + floor(3 * rnd(customer_id, 'store_id'))::INTEGER END",
        "store_visits_90d": zero("o.store_visits_90d"),
        "first_purchase_date": "o.first_purchase_date",
        "pageviews_30d": zero("s.pageviews_30d"),
        "cart_adds_30d": zero("s.cart_adds_30d"),
        "coupon_orders_12m": zero("o.coupon_orders_12m"),
        "discount_total_12m": zero("o.discount_total_12m", "DECIMAL(14, 2)"),
        "h_email_engagements_30d": zero("e.email_engagements_30d"),
        "h_tenure_years": "t.signup_days / 365.0",
    }
    cols |= {c: f"p.{c}" for c in PEOPLE_CORE}
    cols |= family_select()
    cols |= interest_columns()
    return cols
