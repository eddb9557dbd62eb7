"""The documented non-family columns of `customers`, in table order (demo-cdp.md)."""

from __future__ import annotations

IDENTITY: tuple[str, ...] = (
    "customer_id", "email", "phone", "first_name", "last_name", "birth_date", "age", "gender", "signup_date",
    "country", "state", "city", "postal_code", "region_code", "geo_state_ip", "preferred_language",
    "email_opt_in", "sms_opt_in", "push_opt_in", "do_not_contact", "gdpr_consent_date",
)  # fmt: skip

SYNONYMS: tuple[str, ...] = (
    "total_purchases", "purchase_count", "num_orders", "orders_lifetime",
    "purchases_30d", "purchases_90d", "purchases_12m",
    "lifetime_value", "ltv", "total_revenue", "clv_predicted_12m", "revenue_12m",
    "avg_order_value", "aov",
    "last_purchase_date", "last_order_date", "days_since_last_purchase",
    "last_active_date", "last_login", "most_recent_session", "last_seen_ts",
    "engagement_score", "engagement_trend", "engagement_score_v1",
    "sessions_30d", "sessions_prev_30d",
    "email_open_rate_90d", "email_clicks_90d", "email_sends_90d", "email_open_rate",
    "churn_score", "risk_level", "predicted_ltv_decline", "propensity_to_buy_30d",
    "loyalty_tier", "vip_flag",
)  # fmt: skip

CORE: tuple[str, ...] = (
    "loyalty_points_balance", "has_subscription", "subscription_plan", "subscription_status",
    "subscription_start_date", "auto_renew", "returns_12m", "return_rate", "support_tickets_90d",
    "open_tickets", "last_csat", "nps_score", "acquisition_channel", "primary_device", "preferred_channel",
    "app_installed", "favorite_category", "preferred_store_id", "store_visits_90d", "household_income_band",
    "home_owner", "children_in_household", "life_stage",
    "first_purchase_date", "pageviews_30d", "cart_adds_30d", "coupon_orders_12m", "discount_total_12m",
)  # fmt: skip

FROZEN: tuple[str, ...] = (
    "purchase_count", "ltv", "aov", "days_since_last_purchase", "last_seen_ts", "engagement_score_v1",
    "email_open_rate", "risk_level", "vip_flag", "region_code",
)  # fmt: skip
