"""A hand-built CDP catalog with the look-alike traps of demo-cdp.md, annotated or bare (profiling only)."""

from __future__ import annotations

from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile

CATEGORIES = ("camping", "running", "cycling", "footwear", "kitchen")
CHANNELS = ("web", "app", "store", "email", "sms", "push")
WINDOWS = ("7d", "30d", "90d", "365d")
FROZEN = "its latest value is 2024-05-01, 540 days before the data's as-of date"

# column: (type, status, description, replaced_by, unit, null_rate, frozen, min, max)
COLUMNS: dict[str, tuple] = {
    "total_purchases": ("INTEGER", "certified", "Completed orders over the customer's lifetime, all channels (web, app and store).", None, "orders", 0.0, False, "0", "80"),
    "purchase_count": ("INTEGER", "deprecated", "Old count of completed orders; no longer updated.", "total_purchases", "orders", 0.08, True, "0", "61"),
    "num_orders": ("INTEGER", "certified", "Completed orders placed on the web or in the app (store orders excluded).", None, "orders", 0.0, False, "0", "70"),
    "orders_lifetime": ("INTEGER", "deprecated", "Lifetime order count from the legacy import.", "total_purchases", "orders", 0.12, False, "0", "75"),
    "purchases_30d": ("INTEGER", "certified", "Completed orders in the last 30 days, all channels.", None, "orders", 0.0, False, "0", "9"),
    "purchases_90d": ("INTEGER", "certified", "Completed orders in the last 90 days, all channels.", None, "orders", 0.0, False, "0", "20"),
    "purchases_12m": ("INTEGER", "certified", "Completed orders in the last 12 months, all channels.", None, "orders", 0.0, False, "0", "40"),
    "lifetime_value": ("DECIMAL(12,2)", "certified", "Net revenue to date in USD: completed orders minus returns.", None, "USD", 0.0, False, "0", "25000"),
    "ltv": ("DECIMAL(12,2)", "deprecated", "Gross lifetime value, frozen copy from 2023.", "lifetime_value", "USD", 0.08, True, "0", "21000"),
    "total_revenue": ("DECIMAL(12,2)", "experimental", "Gross revenue including returned and cancelled orders, USD.", None, "USD", 0.0, False, "0", "30000"),
    "clv_predicted_12m": ("DECIMAL(12,2)", "experimental", "Predicted net value over the next 12 months (model output), USD.", None, "USD", 0.0, False, "0", "9000"),
    "revenue_12m": ("DECIMAL(12,2)", "certified", "Net revenue in the last 365 days, USD.", None, "USD", 0.0, False, "0", "8000"),
    "avg_order_value": ("DECIMAL(12,2)", "certified", "Average net amount of a completed order, USD.", None, "USD", 0.2, False, "5", "900"),
    "aov": ("DECIMAL(12,2)", "deprecated", "Average order amount (duplicate, frozen).", "avg_order_value", "USD", 0.25, True, "5", "850"),
    "last_purchase_date": ("DATE", "certified", "Date of the last completed order in any channel.", None, None, 0.2, False, "2019-01-01", "2026-11-20"),
    "last_order_date": ("DATE", "experimental", "Date of the last web or app order.", None, None, 0.3, False, "2019-01-01", "2026-11-20"),
    "days_since_last_purchase": ("INTEGER", "deprecated", "Days since the last purchase, computed at the freeze.", "last_purchase_date", "days", 0.25, True, "0", "2000"),
    "last_active_date": ("DATE", "certified", "Last day with any activity: purchase, web or app session, email click or store visit.", None, None, 0.05, False, "2019-01-01", "2026-11-20"),
    "last_login": ("TIMESTAMP", "experimental", "Last time the customer logged in to the mobile app.", None, None, 0.5, False, "2019-01-01", "2026-11-20"),
    "most_recent_session": ("TIMESTAMP", "experimental", "Start of the most recent website session.", None, None, 0.3, False, "2019-01-01", "2026-11-20"),
    "last_seen_ts": ("TIMESTAMP", "deprecated", "Last seen (frozen).", "last_active_date", None, 0.1, True, "2019-01-01", "2024-05-01"),
    "engagement_score": ("INTEGER", "certified", "Engagement from 0 to 100 over a rolling 30 days.", None, "score", 0.0, False, "0", "100"),
    "engagement_trend": ("VARCHAR", "certified", "Engagement trend: declining, stable or growing.", None, None, 0.0, False, None, None),
    "engagement_score_v1": ("DOUBLE", "deprecated", "Engagement score, 2023 formula.", "engagement_score", "score", 0.0, False, "0", "100"),
    "sessions_30d": ("INTEGER", "certified", "Web and app sessions in the last 30 days.", None, "sessions", 0.0, False, "0", "60"),
    "sessions_prev_30d": ("INTEGER", "certified", "Web and app sessions 31 to 60 days ago.", None, "sessions", 0.0, False, "0", "60"),
    "email_open_rate_90d": ("DOUBLE", "certified", "Share of delivered emails opened in 90 days, machine opens excluded.", None, "ratio", 0.1, False, "0.0", "1.0"),
    "email_open_rate": ("DOUBLE", "deprecated", "Open rate inflated by machine opens.", "email_open_rate_90d", "ratio", 0.1, False, "0.0", "1.0"),
    "churn_score": ("DOUBLE", "certified", "Calibrated probability of no purchase and no activity in the next 30 days.", None, "probability", 0.0, False, "0.0", "1.0"),
    "risk_level": ("VARCHAR", "deprecated", "Risk band from the 2023 model.", "churn_score", None, 0.0, False, None, None),
    "predicted_ltv_decline": ("BOOLEAN", "experimental", "Model flag: customer value expected to decline (a value decline, not churn).", None, None, 0.0, False, None, None),
    "propensity_to_buy_30d": ("DOUBLE", "certified", "Probability of a purchase in the next 30 days.", None, "probability", 0.0, False, "0.0", "1.0"),
    "loyalty_tier": ("VARCHAR", "certified", "Loyalty program tier: none, bronze, silver, gold or platinum.", None, None, 0.0, False, None, None),
    "vip_flag": ("BOOLEAN", "deprecated", "Manual VIP list.", "loyalty_tier", None, 0.0, False, None, None),
    "loyalty_points_balance": ("INTEGER", "certified", "Loyalty points available to spend.", None, "points", 0.0, False, "0", "90000"),
    "state": ("VARCHAR", "certified", "Two-letter state code from the shipping address.", None, None, 0.02, False, None, None),
    "geo_state_ip": ("VARCHAR", "experimental", "State guessed from the IP address, wrong for about 20%.", None, None, 0.1, False, None, None),
    "region_code": ("VARCHAR", "deprecated", "Old sales regions R1 to R9.", "state", None, 0.0, False, None, None),
    "has_subscription": ("BOOLEAN", "certified", "The customer has a subscription.", None, None, 0.0, False, None, None),
    "store_visits_90d": ("INTEGER", "certified", "Store visits in the last 90 days.", None, "visits", 0.0, False, "0", "30"),
}


def _families() -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for c in CATEGORIES:
        out[f"purchases_{c}_12m"] = ("INTEGER", "certified", f"Orders with {c} items in 12 months.", None, "orders", 0.0, False, "0", "9")
        out[f"last_purchase_{c}_date"] = ("DATE", "certified", f"Last purchase of {c} items.", None, None, 0.6, False, "2019-01-01", "2026-11-20")
    for ch in CHANNELS:
        for w in WINDOWS:
            out[f"{ch}_purchases_{w}"] = ("INTEGER", "certified", f"{ch} purchases in {w}.", None, "orders", 0.0, False, "0", "9")
    return out  # fmt: skip


def build_catalog(annotated: bool = True) -> Catalog:
    """The trap catalog; `annotated=False` keeps only what profiling measures (types, NULLs, frozen)."""
    fields = [FieldInfo(table="customers", column="customer_id", type="BIGINT", status="certified" if annotated else "undocumented")]
    for column, (typ, status, desc, replaced, unit, nulls, frozen, low, high) in {**COLUMNS, **_families()}.items():
        profile = FieldProfile(null_rate=nulls, frozen=frozen, frozen_reason=FROZEN if frozen else None, min=low, max=high)
        notes = dict(status=status, description=desc, replaced_by=replaced, unit=unit) if annotated else {}
        fields.append(FieldInfo(table="customers", column=column, type=typ, profile=profile, **notes))
    return Catalog(database="traps", entity="customers.customer_id", fields=fields)  # fmt: skip
