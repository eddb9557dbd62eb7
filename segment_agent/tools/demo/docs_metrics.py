"""Annotations of `customers`: the look-alike metric clusters, where the catalog must tell right from wrong."""

from __future__ import annotations

import datetime as dt
from typing import Any

from segment_agent.tools.demo.notes import note


def _frozen(freeze: dt.date, what: str, use: str, **kw: Any) -> dict[str, Any]:
    text = (f"Deprecated: {what}, computed on {freeze} and frozen since (stale); NULL for customers who signed up "
            f"later. Use {use}.")  # fmt: skip
    return note(text, status="deprecated", refresh=f"none (frozen {freeze})", replaced_by=use, **kw)


def metric_notes(freeze: dt.date) -> dict[str, dict[str, Any]]:
    """Annotations of the synonym-cluster columns and the extra activity metrics."""
    ds = {"owner": "data-science"}
    buy, val = ["purchases", "orders", "frequency"], ["value", "revenue", "monetary"]
    return {
        "total_purchases": note("Lifetime number of completed orders across all channels (web, app and store); "
                                "returned and cancelled orders excluded.", unit="orders", tags=[*buy, "lifetime", "all channels"]),
        "purchase_count": _frozen(freeze, "lifetime completed orders, all channels", "total_purchases",
                                  unit="orders", tags=buy),
        "num_orders": note("Lifetime completed online orders: web and app only (store purchases excluded).",
                           unit="orders", tags=[*buy, "online", "web and app only"]),
        "orders_lifetime": note("Deprecated legacy import: lifetime order count including returned and cancelled "
                                "orders; missing (NULL) for about 12% of customers. Use total_purchases.",
                                status="deprecated", owner="legacy-crm", replaced_by="total_purchases", unit="orders",
                                tags=buy),
        "purchases_30d": note("Completed orders in the last 30 days, all channels.", unit="orders", tags=[*buy, "recent"]),
        "purchases_90d": note("Completed orders in the last 90 days, all channels.", unit="orders", tags=[*buy, "recent"]),
        "purchases_12m": note("Completed orders in the last 12 months (365 days), all channels.", unit="orders",
                              tags=[*buy, "recent"]),
        "lifetime_value": note("Customer lifetime value: net revenue (after discounts) of all completed orders to date, "
                               "all channels; returned and cancelled orders excluded.", unit="USD",
                               tags=[*val, "lifetime", "clv", "ltv"]),
        "ltv": _frozen(freeze, "lifetime gross revenue (before discounts) of completed orders", "lifetime_value",
                       unit="USD", tags=val),
        "total_revenue": note("Gross value of every order ever placed, including returned and cancelled ones, all "
                              "channels; a demand measure, not customer value (see lifetime_value).", unit="USD",
                              tags=[*val, "gross"]),
        "clv_predicted_12m": note("Predicted net revenue the customer will bring in the next 12 months (model "
                                  "forecast of future value, not value to date).", unit="USD",
                                  tags=[*val, "predicted", "future", "model"], **ds),
        "revenue_12m": note("Net revenue of completed orders in the last 12 months (365 days), all channels.",
                            unit="USD", tags=[*val, "recent"]),
        "avg_order_value": note("Average net value of the customer's completed orders, all channels "
                                "(lifetime_value / total_purchases); NULL without purchases.", unit="USD",
                                tags=["aov", "basket", *val]),
        "aov": _frozen(freeze, "average net order value", "avg_order_value", unit="USD", tags=["basket"]),
        "last_purchase_date": note("Date of the most recent completed order on any channel (web, app or store); NULL "
                                   "if never purchased.", unit="date", tags=["recency", "purchases", "all channels"]),
        "last_order_date": note("Date of the most recent completed online order: web and app only (store purchases "
                                "excluded); NULL if none.", unit="date", tags=["recency", "online", "web and app only"]),
        "days_since_last_purchase": _frozen(freeze, f"days from the last completed purchase to {freeze}",
                                            "last_purchase_date", unit="days", tags=["recency"]),
        "last_active_date": note("Date of the most recent activity of any kind: completed purchase, web or app session, "
                                 "email click or store visit; NULL if never active.", unit="date",
                                 tags=["recency", "activity", "active", "inactive", "all channels"]),
        "last_login": note("Time of the most recent app session (app only); NULL without app sessions in the last "
                           "21 months.", owner="digital-analytics", unit="timestamp", tags=["recency", "app only"]),
        "most_recent_session": note("Time of the most recent website session (web only); NULL without web sessions in "
                                    "the last 21 months.", owner="digital-analytics", unit="timestamp",
                                    tags=["recency", "web only"]),
        "last_seen_ts": _frozen(freeze, "time of the last activity of any kind", "last_active_date",
                                unit="timestamp", tags=["recency", "activity"]),
        "engagement_score": note("Engagement over the last 30 days, 0-100 (rolling): 100 x (1 - exp(-(sessions + "
                                 "0.5 x email opens and clicks by a person + 3 x completed purchases) / 6)); 0 means "
                                 "no activity.", unit="score 0-100", tags=["engagement"], **ds),
        "engagement_trend": note("Direction of engagement, web and app sessions of the last 30 days (sessions_30d) vs "
                                 "the 30 days before (sessions_prev_30d): 'growing' with at least 25% and 2 sessions "
                                 "more, 'declining' with at least 25% and 2 sessions fewer, else 'stable'.",
                                 values=["declining", "stable", "growing"], tags=["engagement", "trend"], **ds),
        "engagement_score_v1": _frozen(freeze, "engagement score of the 2023 formula (10 per session in 30 days + 20 "
                                       "per purchase in 90 days, at most 100)", "engagement_score",
                                       unit="score 0-100", tags=["engagement"]),
        "sessions_30d": note("Web and app sessions in the last 30 days (web and app only).", owner="digital-analytics",
                             unit="sessions", tags=["engagement", "sessions", "web and app only"]),
        "sessions_prev_30d": note("Web and app sessions 31 to 60 days ago (the 30 days before sessions_30d).",
                                  owner="digital-analytics", unit="sessions", tags=["engagement", "sessions"]),
        "email_open_rate_90d": note("Share of marketing emails delivered in the last 90 days that the customer opened; "
                                    "machine opens by privacy proxies excluded; NULL if none was delivered.",
                                    owner="lifecycle-marketing", unit="ratio 0..1", tags=["email", "engagement"]),
        "email_clicks_90d": note("Clicks on marketing email links in the last 90 days.", owner="lifecycle-marketing",
                                 unit="clicks", tags=["email", "engagement"]),
        "email_sends_90d": note("Marketing emails sent to the customer in the last 90 days.",
                                owner="lifecycle-marketing", unit="emails", tags=["email"]),
        "email_open_rate": _frozen(freeze, "email open rate of the 90 days before the freeze, inflated by privacy-proxy "
                                   "machine opens", "email_open_rate_90d", unit="ratio 0..1", tags=["email"]),
        "churn_score": note("Predicted, calibrated probability that the customer makes no purchase and shows no "
                            "activity in the next 30 days; rises with inactivity.", unit="probability 0..1",
                            tags=["churn", "risk", "predicted", "model"], **ds),
        "risk_level": _frozen(freeze, "churn risk of the 2023 model (low, medium, high)", "churn_score",
                              values=["low", "medium", "high"], tags=["churn", "risk"]),
        "predicted_ltv_decline": note("Predicted: the customer's yearly value will fall below 60% of last year's "
                                      "(value decline, not churn); NULL with less than a year of history.",
                                      tags=["value", "predicted", "model", "decline"], **ds),
        "propensity_to_buy_30d": note("Predicted probability that the customer completes a purchase in the next 30 "
                                      "days.", unit="probability 0..1", tags=["propensity", "predicted", "model"], **ds),
        "loyalty_tier": note("Loyalty programme tier from net revenue of the last 12 months: platinum 1500+, gold 600+, "
                             "silver 200+ USD, bronze for other past buyers, none for customers who never bought.",
                             owner="loyalty", values=["none", "bronze", "silver", "gold", "platinum"],
                             tags=["loyalty", "vip", "tier"]),
        "vip_flag": _frozen(freeze, "manual VIP list of the 2023 CRM team (mostly the top spenders then)",
                            "loyalty_tier", tags=["loyalty", "vip"]),
        "first_purchase_date": note("Date of the first completed order, all channels; NULL if never purchased.",
                                    unit="date", tags=["purchases", "tenure"]),
        "pageviews_30d": note("Pages and app screens viewed in the last 30 days (web and app only).",
                              owner="digital-analytics", unit="pages", tags=["engagement", "browsing"]),
        "cart_adds_30d": note("Products added to the cart in the last 30 days (web and app only).",
                              owner="digital-analytics", unit="products", tags=["engagement", "cart", "browsing"]),
        "coupon_orders_12m": note("Completed orders with a coupon code in the last 12 months, all channels.",
                                  unit="orders", tags=["discount", "coupon"]),
        "discount_total_12m": note("Discounts granted on completed orders in the last 12 months, all channels.",
                                   unit="USD", tags=["discount", "coupon"]),
    }  # fmt: skip
