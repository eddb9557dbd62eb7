"""Annotations of `customers`: loyalty, subscription, service, preferences and household attributes."""

from __future__ import annotations

from typing import Any

from segment_agent.tools.demo.families import CATEGORIES
from segment_agent.tools.demo.notes import note
from segment_agent.tools.demo.reference import ACQUISITION


def core_notes() -> dict[str, dict[str, Any]]:
    """Annotations of the other core attributes (loyalty, subscription, service, preferences, household)."""
    ae, vendor, care = "analytics-engineering", "data-partnerships", "customer-care"
    hh = {"owner": vendor, "refresh": "monthly", "tags": ["household", "third-party"]}
    return {
        "loyalty_points_balance": note(
            "Loyalty points the customer can redeem now.", owner="loyalty", unit="points", tags=["loyalty"]
        ),
        "has_subscription": note(
            "The customer has a membership subscription record (active, paused or cancelled).",
            owner="membership",
            tags=["subscription"],
        ),
        "subscription_plan": note(
            "Membership plan; NULL without a subscription.",
            owner="membership",
            values=["basic", "plus", "premium"],
            tags=["subscription"],
        ),
        "subscription_status": note(
            "Membership status; NULL without a subscription.",
            owner="membership",
            values=["active", "paused", "cancelled"],
            tags=["subscription"],
        ),
        "subscription_start_date": note(
            "Date the membership started; NULL without a subscription.",
            owner="membership",
            unit="date",
            tags=["subscription"],
        ),
        "auto_renew": note(
            "The membership renews automatically; NULL without a subscription.",
            owner="membership",
            tags=["subscription"],
        ),
        "returns_12m": note(
            "Orders returned in the last 12 months (365 days), all channels.",
            owner=ae,
            unit="orders",
            tags=["returns"],
        ),
        "return_rate": note(
            "Share of orders returned in the last 12 months: returned / all orders of any status, "
            "all channels; NULL without orders in that period.",
            owner=ae,
            unit="ratio 0..1",
            tags=["returns"],
        ),
        "support_tickets_90d": note(
            "Customer-care tickets opened in the last 90 days.", owner=care, unit="tickets", tags=["service"]
        ),
        "open_tickets": note(
            "Customer-care tickets still open.", owner=care, unit="tickets", tags=["service"]
        ),
        "last_csat": note(
            "Satisfaction score (1-5) on the customer's most recent rated support ticket; NULL if never "
            "rated.",
            owner=care,
            unit="score 1-5",
            tags=["service", "satisfaction"],
        ),
        "nps_score": note(
            "Latest Net Promoter Score answer (0-10); NULL if the customer never answered the survey.",
            owner="research",
            unit="score 0-10",
            tags=["satisfaction"],
        ),
        "acquisition_channel": note(
            "Marketing channel that brought the customer in.",
            owner="growth",
            values=list(ACQUISITION),
            tags=["acquisition"],
        ),
        "primary_device": note(
            "Device type the customer uses most.",
            owner="digital-analytics",
            values=["mobile", "desktop", "tablet"],
            tags=["device"],
        ),
        "preferred_channel": note(
            "Marketing channel the customer prefers among those they opted in to; 'none' when "
            "not reachable (no opt-in, or do_not_contact).",
            owner="crm-data",
            values=["email", "sms", "push", "none"],
            tags=["preferences", "reachability"],
        ),
        "app_installed": note(
            "The customer has the mobile app installed and is logged in.",
            owner="digital-analytics",
            tags=["app", "device"],
        ),
        "favorite_category": note(
            "Product category the customer is most drawn to, from browsing and purchases.",
            owner="data-science",
            values=CATEGORIES,
            tags=["category", "preferences"],
        ),
        "preferred_store_id": note(
            "Store the customer shops at most; NULL if they never bought in a store.",
            owner="retail-ops",
            tags=["store"],
        ),
        "store_visits_90d": note(
            "Store visits with a purchase, return or cancellation (store orders of any status) in "
            "the last 90 days; store only.",
            owner=ae,
            unit="visits",
            tags=["store", "activity"],
        ),
        "household_income_band": note(
            "Estimated yearly household income band (vendor data); NULL when unknown.",
            values=["<50k", "50-100k", "100-150k", "150k+"],
            unit="USD per year",
            **hh,
        ),
        "home_owner": note("The customer owns their home (vendor estimate); NULL when unknown.", **hh),
        "children_in_household": note(
            "Number of children in the household (vendor estimate); NULL when unknown.", unit="children", **hh
        ),
        "life_stage": note(
            "Life stage from age and household.",
            owner="data-science",
            values=["student", "young_adult", "family", "empty_nester", "retired"],
            tags=["demographics"],
        ),
    }
