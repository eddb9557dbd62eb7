"""Annotations of the event tables (all certified, refreshed hourly)."""

from __future__ import annotations

from typing import Any

from segment_agent.tools.demo.engagement import CAMPAIGN_TYPES
from segment_agent.tools.demo.families import CATEGORIES
from segment_agent.tools.demo.notes import note
from segment_agent.tools.demo.reference import APP_TRAFFIC, COUPONS, WEB_TRAFFIC


def _n(description: str, owner: str, **kw: Any) -> dict[str, Any]:
    return note(description, owner=owner, refresh="hourly", **kw)


def event_tables() -> dict[str, dict[str, Any]]:
    """{table: {description, columns: {column: annotation}}} for the six event tables."""
    com, web, crm, care = "commerce-data", "digital-analytics", "lifecycle-marketing", "customer-care"
    cid = _n("Customer who did this; joins customers.customer_id.", com, tags=["key"])
    return {
        "orders": {
            "description": "One row per order on any channel (web, app, store), any status.",
            "columns": {
                "order_id": _n("Unique order number.", com, tags=["key"]),
                "customer_id": cid,
                "order_ts": _n("Time the order was placed.", com, unit="timestamp"),
                "channel": _n("Where the order was placed.", com, values=["web", "app", "store"]),
                "status": _n(
                    "Order outcome: completed, returned after delivery, or cancelled before it.",
                    com,
                    values=["completed", "returned", "cancelled"],
                ),
                "gross_amount": _n("Order value before discounts.", com, unit="USD"),
                "discount_amount": _n("Discount granted on the order (coupon).", com, unit="USD"),
                "net_amount": _n(
                    "Order value after discounts: gross_amount - discount_amount.", com, unit="USD"
                ),
                "items": _n("Units in the order (sum of line quantities).", com, unit="units"),
                "coupon_code": _n("Coupon code used on the order; NULL if none.", com, values=list(COUPONS)),
            },
        },
        "order_items": {
            "description": "One row per order line: product, category, quantity, price.",
            "columns": {
                "order_id": _n("Order the line belongs to; joins orders.order_id.", com, tags=["key"]),
                "line_no": _n("Line number within the order, from 1.", com),
                "sku": _n("Product code (stock keeping unit) of the item.", com),
                "category": _n("Product category.", com, values=CATEGORIES),
                "quantity": _n("Units of the product on this line.", com, unit="units"),
                "unit_price": _n("Price of one unit before order discounts.", com, unit="USD"),
            },
        },
        "sessions": {
            "description": "Website and app visits (web and app only; no store visits).",
            "columns": {
                "session_id": _n("Unique session id.", web, tags=["key"]),
                "customer_id": cid | {"owner": web, "refresh": "hourly"},
                "started_at": _n("Time the session started.", web, unit="timestamp"),
                "channel": _n("Website or mobile app.", web, values=["web", "app"]),
                "device": _n("Device type of the session.", web, values=["mobile", "desktop", "tablet"]),
                "pageviews": _n("Pages or screens viewed in the session.", web, unit="pages"),
                "cart_adds": _n("Products added to the cart in the session.", web, unit="products"),
                "checkout_started": _n("The customer started checkout in the session.", web),
                "traffic_source": _n(
                    "Where the visit came from.", web, values=sorted(set(WEB_TRAFFIC) | set(APP_TRAFFIC))
                ),
            },
        },
        "email_events": {
            "description": "Marketing email events per customer and campaign.",
            "columns": {
                "event_id": _n("Unique event id.", crm, tags=["key"]),
                "customer_id": cid | {"owner": crm, "refresh": "hourly"},
                "campaign_id": _n("Campaign of the email; joins campaigns.campaign_id.", crm, tags=["key"]),
                "event_type": _n(
                    "What happened to the email.",
                    crm,
                    values=["sent", "delivered", "open", "click", "unsubscribe", "bounce"],
                ),
                "event_ts": _n("Time of the event.", crm, unit="timestamp"),
                "machine_open": _n(
                    "For opens: true when the open came from a privacy proxy (e.g. Apple Mail Privacy "
                    "Protection), not a person; NULL for other event types.",
                    crm,
                ),
            },
        },
        "campaigns": {
            "description": "Marketing campaigns sent by email, SMS or push.",
            "columns": {
                "campaign_id": _n("Unique campaign id.", crm, tags=["key"]),
                "name": _n("Campaign name as shown in the marketing tools.", crm),
                "channel": _n("Channel the campaign was sent on.", crm, values=["email", "sms", "push"]),
                "campaign_type": _n("Purpose of the campaign.", crm, values=list(CAMPAIGN_TYPES)),
                "sent_at": _n("Time the campaign was sent.", crm, unit="timestamp"),
            },
        },
        "support_tickets": {
            "description": "Customer-care tickets, open and closed.",
            "columns": {
                "ticket_id": _n("Unique ticket id.", care, tags=["key"]),
                "customer_id": cid | {"owner": care, "refresh": "hourly"},
                "opened_at": _n("Time the ticket was opened.", care, unit="timestamp"),
                "closed_at": _n("Time the ticket was closed; NULL while still open.", care, unit="timestamp"),
                "channel": _n(
                    "How the customer contacted customer care.", care, values=["chat", "email", "phone"]
                ),
                "topic": _n(
                    "What the ticket is about.",
                    care,
                    values=["delivery", "returns", "product", "billing", "account"],
                ),
                "csat": _n(
                    "Satisfaction score the customer gave (1-5); NULL when not rated.", care, unit="score 1-5"
                ),
            },
        },
    }
