"""Annotations of `customers`: the look-alike metrics, where the catalog must tell right from wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from segment_agent.tools.demo.notes import frozen_note, note


def metric_notes(freeze: dt.date) -> dict[str, dict[str, Any]]:
    """Annotations of the synonym-cluster columns and the extra activity metrics."""
    ds = {"owner": "data-science"}
    buy, val = ["purchases", "orders", "frequency"], ["value", "revenue", "monetary"]
    return {
        "total_purchases": note(
            "Lifetime number of completed orders across all channels (web, app and store); "
            "returned and cancelled orders excluded.",
            unit="orders",
            tags=[*buy, "lifetime", "all channels"],
        ),
        "purchase_count": frozen_note(
            freeze, "lifetime completed orders, all channels", "total_purchases", unit="orders", tags=buy
        ),
        "num_orders": note(
            "Lifetime completed online orders: web and app only (store purchases excluded).",
            unit="orders",
            tags=[*buy, "online", "web and app only"],
        ),
        "orders_lifetime": note(
            "Deprecated legacy import: lifetime order count including returned and cancelled "
            "orders; missing (NULL) for about 12% of customers. Use total_purchases.",
            status="deprecated",
            owner="legacy-crm",
            replaced_by="total_purchases",
            unit="orders",
            tags=buy,
        ),
        "purchases_30d": note(
            "Completed orders in the last 30 days, all channels.", unit="orders", tags=[*buy, "recent"]
        ),
        "purchases_90d": note(
            "Completed orders in the last 90 days, all channels.", unit="orders", tags=[*buy, "recent"]
        ),
        "purchases_12m": note(
            "Completed orders in the last 12 months (365 days), all channels.",
            unit="orders",
            tags=[*buy, "recent"],
        ),
        "lifetime_value": note(
            "Customer lifetime value: net revenue (after discounts) of all completed orders to date, "
            "all channels; returned and cancelled orders excluded.",
            unit="USD",
            tags=[*val, "lifetime", "clv", "ltv"],
        ),
        "ltv": frozen_note(
            freeze,
            "lifetime gross revenue (before discounts) of completed orders",
            "lifetime_value",
            unit="USD",
            tags=val,
        ),
        "total_revenue": note(
            "Gross value of every order ever placed, including returned and cancelled ones, all "
            "channels; a demand measure, not customer value (see lifetime_value).",
            unit="USD",
            tags=[*val, "gross"],
        ),
        "clv_predicted_12m": note(
            "Predicted net revenue the customer will bring in the next 12 months (model "
            "forecast of future value, not value to date).",
            unit="USD",
            tags=[*val, "predicted", "future", "model"],
            **ds,
        ),
        "revenue_12m": note(
            "Net revenue of completed orders in the last 12 months (365 days), all channels.",
            unit="USD",
            tags=[*val, "recent"],
        ),
        "avg_order_value": note(
            "Average net value of the customer's completed orders, all channels "
            "(lifetime_value / total_purchases); NULL without purchases.",
            unit="USD",
            tags=["aov", "basket", *val],
        ),
        "aov": frozen_note(freeze, "average net order value", "avg_order_value", unit="USD", tags=["basket"]),
        "last_purchase_date": note(
            "Date of the most recent completed order on any channel (web, app or store); NULL "
            "if never purchased.",
            unit="date",
            tags=["recency", "purchases", "all channels"],
        ),
        "last_order_date": note(
            "Date of the most recent completed online order: web and app only (store purchases "
            "excluded); NULL if none.",
            unit="date",
            tags=["recency", "online", "web and app only"],
        ),
        "days_since_last_purchase": frozen_note(
            freeze,
            f"days from the last completed purchase to {freeze}",
            "last_purchase_date",
            unit="days",
            tags=["recency"],
        ),
        "last_active_date": note(
            "Date of the most recent activity of any kind: completed purchase, web or app session, "
            "email click or store visit; NULL if never active.",
            unit="date",
            tags=["recency", "activity", "active", "inactive", "all channels"],
        ),
        "last_login": note(
            "Time of the most recent app session (app only); NULL without app sessions in the last "
            "21 months.",
            owner="digital-analytics",
            unit="timestamp",
            tags=["recency", "app only"],
        ),
        "most_recent_session": note(
            "Time of the most recent website session (web only); NULL without web sessions in "
            "the last 21 months.",
            owner="digital-analytics",
            unit="timestamp",
            tags=["recency", "web only"],
        ),
        "last_seen_ts": frozen_note(
            freeze,
            "time of the last activity of any kind",
            "last_active_date",
            unit="timestamp",
            tags=["recency", "activity"],
        ),
        "first_purchase_date": note(
            "Date of the first completed order, all channels; NULL if never purchased.",
            unit="date",
            tags=["purchases", "tenure"],
        ),
        "coupon_orders_12m": note(
            "Completed orders with a coupon code in the last 12 months, all channels.",
            unit="orders",
            tags=["discount", "coupon"],
        ),
        "discount_total_12m": note(
            "Discounts granted on completed orders in the last 12 months, all channels.",
            unit="USD",
            tags=["discount", "coupon"],
        ),
    }
