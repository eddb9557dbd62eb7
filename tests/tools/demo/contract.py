"""The demo-cdp contract (shared/design/demo-cdp.md) spelled out independently of the generator."""

from __future__ import annotations

CATEGORIES = [
    "apparel_women",
    "apparel_men",
    "kids",
    "footwear",
    "accessories",
    "outdoor_gear",
    "camping",
    "cycling",
    "running",
    "fitness",
    "swim",
    "winter_sports",
    "home",
    "kitchen",
    "beauty",
    "electronics",
    "books",
    "toys",
    "pet",
    "grocery",
    "jewelry",
    "watches",
    "bags",
    "sunglasses",
    "travel",
]
CHANNELS = ("web", "app", "store", "email", "sms", "push")
WINDOWS = {"7d": 7, "30d": 30, "90d": 90, "365d": 365}
TOPICS = [
    "hiking",
    "yoga",
    "travel",
    "cooking",
    "gaming",
    "fishing",
    "hunting",
    "skiing",
    "surfing",
    "climbing",
    "gardening",
    "photography",
    "music",
    "film",
    "fashion",
    "wellness",
    "pets",
    "parenting",
    "diy",
    "cars",
    "tech",
    "reading",
    "art",
    "golf",
    "tennis",
    "soccer",
    "basketball",
    "marathon",
    "triathlon",
    "sustainability",
]

EVENT_TABLES: dict[str, dict[str, str]] = {
    "orders": {
        "order_id": "BIGINT", "customer_id": "BIGINT", "order_ts": "TIMESTAMP", "channel": "VARCHAR",
        "status": "VARCHAR", "gross_amount": "DECIMAL(12,2)", "discount_amount": "DECIMAL(12,2)",
        "net_amount": "DECIMAL(12,2)", "items": "INTEGER", "coupon_code": "VARCHAR",
    },
    "order_items": {
        "order_id": "BIGINT", "line_no": "INTEGER", "sku": "VARCHAR", "category": "VARCHAR",
        "quantity": "INTEGER", "unit_price": "DECIMAL(10,2)",
    },
    "sessions": {
        "session_id": "BIGINT", "customer_id": "BIGINT", "started_at": "TIMESTAMP", "channel": "VARCHAR",
        "device": "VARCHAR", "pageviews": "INTEGER", "cart_adds": "INTEGER", "checkout_started": "BOOLEAN",
        "traffic_source": "VARCHAR",
    },
    "email_events": {
        "event_id": "BIGINT", "customer_id": "BIGINT", "campaign_id": "BIGINT", "event_type": "VARCHAR",
        "event_ts": "TIMESTAMP", "machine_open": "BOOLEAN",
    },
    "campaigns": {
        "campaign_id": "BIGINT", "name": "VARCHAR", "channel": "VARCHAR", "campaign_type": "VARCHAR",
        "sent_at": "TIMESTAMP",
    },
    "support_tickets": {
        "ticket_id": "BIGINT", "customer_id": "BIGINT", "opened_at": "TIMESTAMP", "closed_at": "TIMESTAMP",
        "channel": "VARCHAR", "topic": "VARCHAR", "csat": "INTEGER",
    },
}  # fmt: skip

_V, _I, _D, _B, _F, _M = "VARCHAR", "INTEGER", "DATE", "BOOLEAN", "DOUBLE", "DECIMAL(14,2)"
_T = "TIMESTAMP"
CUSTOMER_TYPES: dict[str, str] = {
    "customer_id": "BIGINT", "email": _V, "phone": _V, "first_name": _V, "last_name": _V, "birth_date": _D,
    "age": _I, "gender": _V, "signup_date": _D, "country": _V, "state": _V, "city": _V, "postal_code": _V,
    "region_code": _V, "geo_state_ip": _V, "preferred_language": _V, "email_opt_in": _B, "sms_opt_in": _B,
    "push_opt_in": _B, "do_not_contact": _B, "gdpr_consent_date": _D,
    "total_purchases": _I, "purchase_count": _I, "num_orders": _I, "orders_lifetime": _I,
    "purchases_30d": _I, "purchases_90d": _I, "purchases_12m": _I,
    "lifetime_value": _M, "ltv": _M, "total_revenue": _M, "clv_predicted_12m": _M, "revenue_12m": _M,
    "avg_order_value": "DECIMAL(12,2)", "aov": "DECIMAL(12,2)",
    "last_purchase_date": _D, "last_order_date": _D, "days_since_last_purchase": _I,
    "last_active_date": _D, "last_login": _T, "most_recent_session": _T, "last_seen_ts": _T,
    "engagement_score": _I, "engagement_trend": _V, "engagement_score_v1": _I,
    "sessions_30d": _I, "sessions_prev_30d": _I,
    "email_open_rate_90d": _F, "email_clicks_90d": _I, "email_sends_90d": _I, "email_open_rate": _F,
    "churn_score": _F, "risk_level": _V, "predicted_ltv_decline": _B, "propensity_to_buy_30d": _F,
    "loyalty_tier": _V, "vip_flag": _B,
    "loyalty_points_balance": _I, "has_subscription": _B, "subscription_plan": _V, "subscription_status": _V,
    "subscription_start_date": _D, "auto_renew": _B, "returns_12m": _I, "return_rate": _F,
    "support_tickets_90d": _I, "open_tickets": _I, "last_csat": _I, "nps_score": _I,
    "acquisition_channel": _V,
    "primary_device": _V, "preferred_channel": _V, "app_installed": _B, "favorite_category": _V,
    "preferred_store_id": _I, "store_visits_90d": _I, "household_income_band": _V, "home_owner": _B,
    "children_in_household": _I, "life_stage": _V,
}  # fmt: skip
for _c in CATEGORIES:
    CUSTOMER_TYPES |= {f"affinity_{_c}": _F, f"purchases_{_c}_12m": _I, f"revenue_{_c}_12m": _M,
                       f"last_purchase_{_c}_date": _D}  # fmt: skip
for _ch in CHANNELS:
    for _w in WINDOWS:
        CUSTOMER_TYPES |= {
            f"{_ch}_engagements_{_w}": _I,
            f"{_ch}_purchases_{_w}": _I,
            f"{_ch}_revenue_{_w}": _M,
        }
for _m in range(1, 25):
    CUSTOMER_TYPES |= {f"spend_m{_m:02d}": "DECIMAL(12,2)", f"orders_m{_m:02d}": _I}
CUSTOMER_TYPES |= {f"interest_{t}": _B for t in TOPICS}

FROZEN = ("purchase_count", "ltv", "aov", "days_since_last_purchase", "last_seen_ts", "engagement_score_v1",
          "email_open_rate", "risk_level", "vip_flag", "region_code")  # fmt: skip

VALUE_SETS: dict[str, set[str]] = {
    "customers.gender": {"female", "male", "nonbinary", "unknown"},
    "customers.country": {"US", "CA", "GB", "DE", "FR", "AU"},
    "customers.region_code": {f"R{i}" for i in range(1, 10)},
    "customers.engagement_trend": {"declining", "stable", "growing"},
    "customers.risk_level": {"low", "medium", "high"},
    "customers.loyalty_tier": {"none", "bronze", "silver", "gold", "platinum"},
    "customers.subscription_plan": {"basic", "plus", "premium"},
    "customers.subscription_status": {"active", "paused", "cancelled"},
    "customers.acquisition_channel": {"organic_search", "paid_search", "paid_social", "referral", "email",
                                      "affiliate", "store", "direct"},
    "customers.primary_device": {"mobile", "desktop", "tablet"},
    "customers.preferred_channel": {"email", "sms", "push", "none"},
    "customers.favorite_category": set(CATEGORIES),
    "customers.household_income_band": {"<50k", "50-100k", "100-150k", "150k+"},
    "customers.life_stage": {"student", "young_adult", "family", "empty_nester", "retired"},
    "orders.channel": {"web", "app", "store"},
    "orders.status": {"completed", "returned", "cancelled"},
    "order_items.category": set(CATEGORIES),
    "sessions.channel": {"web", "app"},
    "sessions.device": {"mobile", "desktop", "tablet"},
    "email_events.event_type": {"sent", "delivered", "open", "click", "unsubscribe", "bounce"},
    "campaigns.channel": {"email", "sms", "push"},
    "campaigns.campaign_type": {"promo", "newsletter", "lifecycle", "transactional", "winback"},
    "support_tickets.channel": {"chat", "email", "phone"},
    "support_tickets.topic": {"delivery", "returns", "product", "billing", "account"},
}  # fmt: skip
