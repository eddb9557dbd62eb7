"""Scores and model outputs of the profile, as SQL over already aggregated columns.

The rules are documented in the annotations (annotations.py states them in plain words), so
a marketer can check e.g. that `engagement_trend` follows `sessions_30d` vs `sessions_prev_30d`.
"""

from __future__ import annotations

import datetime as dt


def engagement_score(sessions: str, email_engagements: str, purchases: str) -> str:
    """0-100: 100 * (1 - exp(-(sessions + 0.5 * email opens/clicks + 3 * purchases) / 6)), last 30 days."""
    return (
        f"round(100 * (1 - exp(-({sessions} + 0.5 * {email_engagements} + 3 * {purchases}) / 6.0)))::INTEGER"
    )


def engagement_score_v1(sessions_30d: str, purchases_90d: str) -> str:
    """The 2023 formula: min(100, 10 * sessions in 30 days + 20 * purchases in 90 days)."""
    return f"least(100, 10 * {sessions_30d} + 20 * {purchases_90d})::INTEGER"


def engagement_trend(now: str, before: str) -> str:
    """'growing' / 'declining' when sessions_30d differs from sessions_prev_30d by 25% and at least 2."""
    return (
        f"CASE WHEN {now} >= 1.25 * {before} AND {now} - {before} >= 2 THEN 'growing'"
        f" WHEN {now} <= 0.75 * {before} AND {before} - {now} >= 2 THEN 'declining' ELSE 'stable' END"
    )


def churn_score(days_inactive: str, sessions_30d: str, purchases_90d: str, trend: str) -> str:
    """Probability (0..1) of no purchase and no activity in the next 30 days; rises with inactivity."""
    z = (
        f"-2.4 + 0.035 * least({days_inactive}, 150) - 0.35 * ln(1 + {sessions_30d})"
        f" - 0.5 * ln(1 + {purchases_90d}) + 0.6 * ({trend} = 'declining')::INTEGER"
        " + 0.5 * nrm(customer_id, 'churn')"
    )
    return f"round(1 / (1 + exp(-({z}))), 4)"


def propensity_to_buy(
    purchases_90d: str, sessions_30d: str, cart_adds_30d: str, days_since_purchase: str
) -> str:
    """Probability (0..1) of a completed purchase in the next 30 days."""
    z = (
        f"-3.0 + 0.9 * ln(1 + {purchases_90d}) + 0.45 * ln(1 + {sessions_30d})"
        f" + 0.5 * ln(1 + {cart_adds_30d}) - 0.008 * least({days_since_purchase}, 365)"
        " + 0.4 * nrm(customer_id, 'propensity')"
    )
    return f"round(1 / (1 + exp(-({z}))), 4)"


def clv_predicted_12m(
    purchases: str, revenue_12m: str, lifetime_value: str, tenure_years: str, churn: str, propensity: str
) -> str:
    """Predicted net revenue of the next 12 months (USD): recent and yearly value, times 1 - churn."""
    noise = "exp(0.3 * nrm(customer_id, 'clv'))"
    return (
        f"round(CASE WHEN {purchases} > 0 THEN (0.7 * {revenue_12m} + 0.3 * {lifetime_value}"
        f" / greatest(1, {tenure_years}))::DOUBLE * (1 - {churn}) * {noise}"
        f" ELSE {propensity} * 80 * {noise} END, 2)::DECIMAL(14, 2)"
    )


def predicted_ltv_decline(revenue_12m: str, revenue_prev_12m: str) -> str:
    """Value-decline model (not churn): this year's value under 60% of last year's; false without one."""
    return (
        f"CASE WHEN {revenue_prev_12m} > 0 THEN ({revenue_12m} < 0.6 * {revenue_prev_12m})"
        " != (rnd(customer_id, 'ltv_decline') < 0.08) ELSE false END"
    )


def loyalty_tier(revenue_12m: str, lifetime_value: str) -> str:
    """Tier by 12-month net revenue: platinum 1500+, gold 600+, silver 200+, else bronze if ever bought."""
    return (
        f"CASE WHEN {revenue_12m} >= 1500 THEN 'platinum' WHEN {revenue_12m} >= 600 THEN 'gold'"
        f" WHEN {revenue_12m} >= 200 THEN 'silver' WHEN {lifetime_value} > 0 THEN 'bronze' ELSE 'none' END"
    )


def risk_level(days_inactive: str) -> str:
    """The 2023 risk model: 'high' past ~120 days without activity, 'medium' past ~45, else 'low'."""
    noisy = f"(least({days_inactive}, 365) + 30 * nrm(customer_id, 'risk'))"
    return f"CASE WHEN {noisy} > 120 THEN 'high' WHEN {noisy} > 45 THEN 'medium' ELSE 'low' END"


def days_between(day: dt.date, date_sql: str) -> str:
    """Whole days from `date_sql` to `day`."""
    return f"(DATE '{day.isoformat()}' - ({date_sql})::DATE)"
