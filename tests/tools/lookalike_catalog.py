"""A hand-built CDP catalog with the look-alike traps of demo-cdp.md, annotated or bare (profiling only)."""

from __future__ import annotations

from typing import Any

from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile

C, E, D, INT = "certified", "experimental", "deprecated", "INTEGER"
FROZEN = "its latest value is 2024-05-01, 540 days before the data's as-of date"
DATES = {"low": "2019-01-01", "high": "2026-11-20"}
USD = {"unit": "USD", "low": "0", "high": "9000"}
ORDERS = {"unit": "orders", "low": "0"}
RATIO = {"low": "0.0", "high": "1.0"}


def _col(column: str, type_: str, status: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"column": column, "type": type_, "status": status, "description": description, **extra}


# fmt: off
COLUMNS = [
    _col("total_purchases", INT, C, "Completed orders to date, all channels (web, app and store).",
         **ORDERS, high="80"),
    _col("purchase_count", INT, D, "Old count of completed orders; no longer updated.",
         replaced_by="total_purchases", nulls=0.08, frozen=True, **ORDERS, high="61"),
    _col("num_orders", INT, C,
         "Completed orders placed on the web or in the app (store orders excluded).", **ORDERS, high="70"),
    _col("orders_lifetime", INT, D, "Lifetime order count from the legacy import.",
         replaced_by="total_purchases", nulls=0.12, **ORDERS, high="75"),
    _col("purchases_30d", INT, C, "Completed orders in the last 30 days.", **ORDERS, high="9"),
    _col("purchases_90d", INT, C, "Completed orders in the last 90 days.", **ORDERS, high="20"),
    _col("purchases_12m", INT, C, "Completed orders in the last 12 months.", **ORDERS, high="40"),
    _col("lifetime_value", "DECIMAL(12,2)", C, "Net revenue to date: completed orders minus returns.",
         **USD),
    _col("ltv", "DECIMAL(12,2)", D, "Gross lifetime value, frozen copy from 2023.",
         replaced_by="lifetime_value", nulls=0.08, frozen=True, **USD),
    _col("total_revenue", "DECIMAL(12,2)", E,
         "Gross revenue including returned and cancelled orders, USD.", **USD),
    _col("clv_predicted_12m", "DECIMAL(12,2)", E,
         "Predicted net value over the next 12 months (model output), USD.", **USD),
    _col("revenue_12m", "DECIMAL(12,2)", C, "Net revenue in the last 365 days, USD.", **USD),
    _col("avg_order_value", "DECIMAL(12,2)", C, "Average net amount of a completed order, USD.",
         nulls=0.2, **USD),
    _col("aov", "DECIMAL(12,2)", D, "Average order amount (duplicate, frozen).",
         replaced_by="avg_order_value", nulls=0.25, frozen=True, **USD),
    _col("last_purchase_date", "DATE", C, "Date of the last completed order in any channel.",
         nulls=0.2, **DATES),
    _col("last_order_date", "DATE", E, "Date of the last web or app order.", nulls=0.3, **DATES),
    _col("days_since_last_purchase", INT, D, "Days since the last purchase, at the freeze.",
         replaced_by="last_purchase_date", unit="days", nulls=0.25, frozen=True, low="0", high="2000"),
    _col("last_active_date", "DATE", C,
         "Last day with any activity: purchase, web or app session, email click or store visit.",
         nulls=0.05, **DATES),
    _col("last_login", "TIMESTAMP", E, "Last time the customer logged in to the mobile app.",
         nulls=0.5, **DATES),
    _col("most_recent_session", "TIMESTAMP", E, "Start of the most recent website session.",
         nulls=0.3, **DATES),
    _col("last_seen_ts", "TIMESTAMP", D, "Last seen (frozen).", replaced_by="last_active_date",
         nulls=0.1, frozen=True, low="2019-01-01", high="2024-05-01"),
    _col("engagement_score", INT, C, "Engagement from 0 to 100 over a rolling 30 days.",
         unit="score", low="0", high="100"),
    _col("engagement_trend", "VARCHAR", C, "Engagement trend: declining, stable or growing."),
    _col("engagement_score_v1", "DOUBLE", D, "Engagement score, 2023 formula.",
         replaced_by="engagement_score", unit="score", low="0", high="100"),
    _col("sessions_30d", INT, C, "Web and app sessions in the last 30 days.", unit="sessions"),
    _col("sessions_prev_30d", INT, C, "Web and app sessions 31 to 60 days ago.", unit="sessions"),
    _col("email_open_rate_90d", "DOUBLE", C, "Share of emails opened in 90 days, machine opens excluded.",
         unit="ratio", nulls=0.1, **RATIO),
    _col("email_open_rate", "DOUBLE", D, "Open rate inflated by machine opens.",
         replaced_by="email_open_rate_90d", unit="ratio", nulls=0.1, **RATIO),
    _col("churn_score", "DOUBLE", C, "Calibrated probability of no purchase and no activity in 30 days.",
         unit="probability", **RATIO),
    _col("risk_level", "VARCHAR", D, "Risk band from the 2023 model.", replaced_by="churn_score"),
    _col("predicted_ltv_decline", "BOOLEAN", E,
         "Model flag: customer value expected to decline (a value decline, not churn)."),
    _col("propensity_to_buy_30d", "DOUBLE", C, "Probability of a purchase in the next 30 days.",
         unit="probability", **RATIO),
    _col("loyalty_tier", "VARCHAR", C, "Loyalty program tier: none, bronze, silver, gold or platinum."),
    _col("vip_flag", "BOOLEAN", D, "Manual VIP list.", replaced_by="loyalty_tier"),
    _col("loyalty_points_balance", INT, C, "Loyalty points available to spend.", unit="points"),
    _col("state", "VARCHAR", C, "Two-letter state code from the shipping address.", nulls=0.02),
    _col("geo_state_ip", "VARCHAR", E, "State guessed from the IP address, wrong for about 20%.",
         nulls=0.1),
    _col("region_code", "VARCHAR", D, "Old sales regions R1 to R9.", replaced_by="state"),
    _col("has_subscription", "BOOLEAN", C, "The customer has a subscription."),
    _col("store_visits_90d", INT, C, "Store visits in the last 90 days.", unit="visits"),
]
# fmt: on
FAMILIES = (
    [
        _col(f"purchases_{c}_12m", "INTEGER", "certified", f"Orders with {c} items in 12 months.", **ORDERS)
        for c in ("camping", "running", "cycling", "footwear", "kitchen")
    ]
    + [
        _col(
            f"last_purchase_{c}_date", "DATE", "certified", f"Last purchase of {c} items.", nulls=0.6, **DATES
        )
        for c in ("camping", "running", "cycling", "footwear", "kitchen")
    ]
    + [
        _col(f"{ch}_purchases_{w}", "INTEGER", "certified", f"{ch} purchases in {w}.", **ORDERS)
        for ch in ("web", "app", "store", "email", "sms", "push")
        for w in ("7d", "30d", "90d", "365d")
    ]
)


def build_catalog(annotated: bool = True) -> Catalog:
    """The trap catalog; `annotated=False` keeps only what profiling measures (types, NULLs, frozen)."""
    fields = [FieldInfo(table="customers", column="customer_id", type="BIGINT")]
    for spec in COLUMNS + FAMILIES:
        frozen = spec.get("frozen", False)
        profile = FieldProfile(
            null_rate=spec.get("nulls", 0.0),
            frozen=frozen,
            frozen_reason=FROZEN if frozen else None,
            min=spec.get("low"),
            max=spec.get("high"),
        )
        notes = (
            {k: spec.get(k) for k in ("status", "description", "replaced_by", "unit")} if annotated else {}
        )
        fields.append(
            FieldInfo(table="customers", column=spec["column"], type=spec["type"], profile=profile, **notes)
        )
    return Catalog(database="traps", entity="customers.customer_id", fields=fields)
