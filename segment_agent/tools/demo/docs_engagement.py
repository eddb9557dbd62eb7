"""Annotations of `customers`: engagement, email, scores and loyalty, with their deprecated look-alikes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from segment_agent.tools.demo.notes import frozen_note, note


def engagement_notes(freeze: dt.date) -> dict[str, dict[str, Any]]:
    """Annotations of engagement, email, model and loyalty columns."""
    ds = {"owner": "data-science"}
    return {
        "engagement_score": note(
            "Engagement over the last 30 days, 0-100 (rolling): 100 x (1 - exp(-(sessions + "
            "0.5 x email opens and clicks by a person + 3 x completed purchases) / 6)); 0 means "
            "no activity.",
            unit="score 0-100",
            tags=["engagement"],
            **ds,
        ),
        "engagement_trend": note(
            "Direction of engagement, web and app sessions of the last 30 days (sessions_30d) vs "
            "the 30 days before (sessions_prev_30d): 'growing' with at least 25% and 2 sessions "
            "more, 'declining' with at least 25% and 2 sessions fewer, else 'stable'.",
            values=["declining", "stable", "growing"],
            tags=["engagement", "trend"],
            **ds,
        ),
        "engagement_score_v1": frozen_note(
            freeze,
            "engagement score of the 2023 formula (10 per session in 30 days + 20 "
            "per purchase in 90 days, at most 100)",
            "engagement_score",
            unit="score 0-100",
            tags=["engagement"],
        ),
        "sessions_30d": note(
            "Web and app sessions in the last 30 days (web and app only).",
            owner="digital-analytics",
            unit="sessions",
            tags=["engagement", "sessions", "web and app only"],
        ),
        "sessions_prev_30d": note(
            "Web and app sessions 31 to 60 days ago (the 30 days before sessions_30d).",
            owner="digital-analytics",
            unit="sessions",
            tags=["engagement", "sessions"],
        ),
        "email_open_rate_90d": note(
            "Share of marketing emails delivered in the last 90 days that the customer opened; "
            "machine opens by privacy proxies excluded; NULL if none was delivered.",
            owner="lifecycle-marketing",
            unit="ratio 0..1",
            tags=["email", "engagement"],
        ),
        "email_clicks_90d": note(
            "Clicks on marketing email links in the last 90 days.",
            owner="lifecycle-marketing",
            unit="clicks",
            tags=["email", "engagement"],
        ),
        "email_sends_90d": note(
            "Marketing emails sent to the customer in the last 90 days.",
            owner="lifecycle-marketing",
            unit="emails",
            tags=["email"],
        ),
        "email_open_rate": frozen_note(
            freeze,
            "email open rate of the 90 days before the freeze, inflated by privacy-proxy machine opens",
            "email_open_rate_90d",
            unit="ratio 0..1",
            tags=["email"],
        ),
        "churn_score": note(
            "Predicted, calibrated probability that the customer makes no purchase and shows no "
            "activity in the next 30 days; rises with inactivity.",
            unit="probability 0..1",
            tags=["churn", "risk", "predicted", "model"],
            **ds,
        ),
        "risk_level": frozen_note(
            freeze,
            "churn risk of the 2023 model (low, medium, high)",
            "churn_score",
            values=["low", "medium", "high"],
            tags=["churn", "risk"],
        ),
        "predicted_ltv_decline": note(
            "Predicted: the customer's yearly value will fall below 60% of last year's "
            "(value decline, not churn); false without purchases in the year before.",
            tags=["value", "predicted", "model", "decline"],
            **ds,
        ),
        "propensity_to_buy_30d": note(
            "Predicted probability that the customer completes a purchase in the next 30 days.",
            unit="probability 0..1",
            tags=["propensity", "predicted", "model"],
            **ds,
        ),
        "loyalty_tier": note(
            "Loyalty programme tier from net revenue of the last 12 months: platinum 1500+, gold 600+, "
            "silver 200+ USD, bronze for other past buyers, none for customers who never bought.",
            owner="loyalty",
            values=["none", "bronze", "silver", "gold", "platinum"],
            tags=["loyalty", "vip", "tier"],
        ),
        "vip_flag": frozen_note(
            freeze,
            "manual VIP list of the 2023 CRM team (mostly the top spenders then)",
            "loyalty_tier",
            tags=["loyalty", "vip"],
        ),
        "pageviews_30d": note(
            "Pages and app screens viewed in the last 30 days (web and app only).",
            owner="digital-analytics",
            unit="pages",
            tags=["engagement", "browsing"],
        ),
        "cart_adds_30d": note(
            "Products added to the cart in the last 30 days (web and app only).",
            owner="digital-analytics",
            unit="products",
            tags=["engagement", "cart", "browsing"],
        ),
    }
