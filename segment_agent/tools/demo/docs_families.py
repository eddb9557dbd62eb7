"""Annotations of the attribute families of `customers` (one template per family)."""

from __future__ import annotations

from typing import Any

from segment_agent.tools.demo.families import CATEGORIES, CHANNELS, MONTHS, TOPICS, WINDOWS, month_label
from segment_agent.tools.demo.family_stats import EMAIL_ATTRIBUTION_HOURS
from segment_agent.tools.demo.notes import note

_ENGAGEMENT = {
    "web": "Website sessions in the last {n} days (web only).",
    "app": "App sessions in the last {n} days (app only).",
    "store": "Store visits with a transaction (store orders of any status) in the last {n} days "
    "(store only).",
    "email": "Marketing emails opened by a person (privacy-proxy machine opens excluded) plus email clicks "
    "in the last {n} days.",
    "sms": "Marketing text messages (SMS) clicked in the last {n} days, as reported by the messaging "
    "platform.",
    "push": "Push notifications opened in the last {n} days, as reported by the messaging platform "
    "(app only).",
}
_ATTRIBUTION = {
    "email": f"attributed to email (an email click in the {EMAIL_ATTRIBUTION_HOURS} hours before the order)",
    "sms": "attributed to SMS by the attribution platform",
    "push": "attributed to push notifications by the attribution platform",
}


def _category_notes(c: str) -> dict[str, dict[str, Any]]:
    label, tags = c.replace("_", " "), ["category", c]
    return {
        f"affinity_{c}": note(
            f"Modelled affinity (0..1) of the customer for {label}, from browsing preferences and "
            "the share of lifetime spend in the category.",
            owner="data-science",
            unit="score 0..1",
            tags=[*tags, "affinity", "predicted"],
        ),
        f"purchases_{c}_12m": note(
            f"Completed orders with {label} items in the last 12 months, all channels.",
            unit="orders",
            tags=[*tags, "purchases"],
        ),
        f"revenue_{c}_12m": note(
            f"Item revenue (before order discounts) from {label} in completed orders of the last "
            "12 months, all channels.",
            unit="USD",
            tags=[*tags, "revenue"],
        ),
        f"units_{c}_12m": note(
            f"Units of {label} bought in completed orders of the last 12 months, all channels.",
            unit="units",
            tags=[*tags, "purchases"],
        ),
        f"last_purchase_{c}_date": note(
            f"Date of the latest completed order with {label} items, all channels; NULL if never.",
            unit="date",
            tags=[*tags, "recency"],
        ),
    }


def _channel_notes(ch: str, w: str, days: int) -> dict[str, dict[str, Any]]:
    tags = ["channel", ch, f"last {days} days"]
    if ch in _ATTRIBUTION:
        bought = f"Completed orders {_ATTRIBUTION[ch]} in the last {days} days."
        earned = f"Net revenue of completed orders {_ATTRIBUTION[ch]} in the last {days} days."
    else:
        bought = f"Completed {ch} orders in the last {days} days ({ch} only)."
        earned = f"Net revenue of completed {ch} orders in the last {days} days ({ch} only)."
    return {
        f"{ch}_engagements_{w}": note(_ENGAGEMENT[ch].format(n=days), tags=[*tags, "engagement"]),
        f"{ch}_purchases_{w}": note(bought, unit="orders", tags=[*tags, "purchases"]),
        f"{ch}_revenue_{w}": note(earned, unit="USD", tags=[*tags, "revenue"]),
    }


def family_notes() -> dict[str, dict[str, Any]]:
    """Annotations of every family column."""
    out: dict[str, dict[str, Any]] = {}
    for c in CATEGORIES:
        out |= _category_notes(c)
    for ch in CHANNELS:
        for w, days in WINDOWS.items():
            out |= _channel_notes(ch, w, days)
    for m in range(1, MONTHS + 1):
        when = "last full calendar month" if m == 1 else f"calendar month {m} months before the current one"
        out[f"spend_m{month_label(m)}"] = note(
            f"Net revenue of completed orders in the {when}, all channels.",
            unit="USD",
            tags=["monthly history", "revenue"],
        )
        out[f"orders_m{month_label(m)}"] = note(
            f"Completed orders in the {when}, all channels.",
            unit="orders",
            tags=["monthly history", "purchases"],
        )
    for t in TOPICS:
        out[f"interest_{t}"] = note(
            f"Third-party interest flag: the customer is interested in {t}; NULL when the data vendor had "
            "no match.",
            owner="data-partnerships",
            refresh="monthly",
            tags=["interest", t, "third-party"],
        )
    return out
