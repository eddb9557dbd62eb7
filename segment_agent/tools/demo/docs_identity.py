"""Annotations of `customers`: identity, place, consent and the other core attributes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from segment_agent.tools.demo.families import CATEGORIES
from segment_agent.tools.demo.notes import note
from segment_agent.tools.demo.reference import ACQUISITION, COUNTRIES, PLACES

COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "GB": "United Kingdom", "DE": "Germany", "FR": "France",
                 "AU": "Australia"}  # fmt: skip
STATE_NAMES = {
    "AK": "Alaska", "AZ": "Arizona", "CA": "California", "CO": "Colorado", "FL": "Florida", "GA": "Georgia",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "MA": "Massachusetts", "MD": "Maryland", "ME": "Maine",
    "MI": "Michigan", "MN": "Minnesota", "MO": "Missouri", "MT": "Montana", "NC": "North Carolina",
    "NJ": "New Jersey", "NM": "New Mexico", "NV": "Nevada", "NY": "New York", "OH": "Ohio", "OR": "Oregon",
    "PA": "Pennsylvania", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VA": "Virginia", "VT": "Vermont",
    "WA": "Washington", "WI": "Wisconsin",
    "ON": "Ontario", "QC": "Quebec", "BC": "British Columbia", "AB": "Alberta", "MB": "Manitoba",
    "SK": "Saskatchewan", "NS": "Nova Scotia", "NB": "New Brunswick", "NL": "Newfoundland and Labrador",
    "BE": "Berlin", "BY": "Bavaria", "HH": "Hamburg", "NW": "North Rhine-Westphalia", "HE": "Hesse",
    "BW": "Baden-Wuerttemberg", "SN": "Saxony", "NI": "Lower Saxony", "HB": "Bremen",
}  # fmt: skip
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}


def identity_notes(freeze: dt.date) -> dict[str, dict[str, Any]]:
    """Annotations of identity, place and consent columns."""
    crm, states = "crm-data", sorted({p[1] for p in PLACES if p[1]})
    pii = {"pii": True, "owner": crm, "tags": ["contact", "pii"]}
    return {
        "customer_id": note("Unique customer key; the same id is used in every event table.", owner=crm, tags=["key"]),
        "email": note("The customer's email address.", **pii),
        "phone": note("The customer's mobile phone number; NULL when not given.", **pii),
        "first_name": note("The customer's first name.", **pii),
        "last_name": note("The customer's last name.", **pii),
        "birth_date": note("Date of birth as given by the customer; NULL when not given.", **pii),
        "age": note("Age in whole years today, from birth_date; NULL when the birth date is unknown.", owner=crm,
                    unit="years", tags=["demographics"]),
        "gender": note("Gender as stated by the customer.", owner=crm, values=["female", "male", "nonbinary", "unknown"],
                       tags=["demographics"]),
        "signup_date": note("Date the customer created their account.", owner=crm, unit="date", tags=["tenure", "new"]),
        "country": note("Country of the shipping address (two-letter ISO code).", owner=crm, values=list(COUNTRIES),
                        labels=COUNTRY_NAMES, tags=["place"]),
        "state": note("State or province of the shipping address as a two-letter code (e.g. 'CA' California, "
                      "'NY' New York, 'ON' Ontario); NULL in GB, FR and AU.", owner=crm, values=states,
                      labels={s: STATE_NAMES[s] for s in states}, tags=["place", "geography"]),
        "city": note("City of the shipping address.", owner=crm, tags=["place"]),
        "postal_code": note("Postal code of the shipping address.", pii=True, owner=crm, tags=["place", "pii"]),
        "region_code": note(f"Deprecated: old sales region (R1-R9) of the 2023 territory plan, frozen on {freeze}; "
                            "NULL for customers who signed up later. Use state and country.", status="deprecated",
                            owner="sales-ops", refresh=f"none (frozen {freeze})", values=[f"R{i}" for i in range(1, 10)],
                            tags=["place"], replaced_by="state"),
        "geo_state_ip": note("Experimental: state guessed from the IP address of recent web visits; wrong for about "
                             "one customer in five. Use state for where customers live.", status="experimental",
                             owner="digital-analytics", values=states, tags=["place"]),
        "preferred_language": note("Language the customer reads our communication in.", owner=crm,
                                   values=list(LANGUAGE_NAMES), labels=LANGUAGE_NAMES, tags=["preferences"]),
        "email_opt_in": note("The customer consents to marketing email.", owner=crm, tags=["consent", "email"]),
        "sms_opt_in": note("The customer consents to marketing text messages (SMS).", owner=crm, tags=["consent", "sms"]),
        "push_opt_in": note("The customer allows push notifications in the app (app users only).", owner=crm,
                            tags=["consent", "push", "app"]),
        "do_not_contact": note("Global suppression: never contact for marketing on any channel, whatever the opt-ins.",
                               owner=crm, tags=["consent", "suppression"]),
        "gdpr_consent_date": note("Date GDPR marketing consent was recorded (GB, DE and FR customers); NULL otherwise.",
                                  owner=crm, unit="date", tags=["consent"]),
    }  # fmt: skip


def core_notes() -> dict[str, dict[str, Any]]:
    """Annotations of the other core attributes (loyalty, subscription, service, preferences, household)."""
    ae, vendor, care = "analytics-engineering", "data-partnerships", "customer-care"
    hh = {"owner": vendor, "refresh": "monthly", "tags": ["household", "third-party"]}
    return {
        "loyalty_points_balance": note("Loyalty points the customer can redeem now.", owner="loyalty", unit="points",
                                       tags=["loyalty"]),
        "has_subscription": note("The customer has a membership subscription record (active, paused or cancelled).",
                                 owner="membership", tags=["subscription"]),
        "subscription_plan": note("Membership plan; NULL without a subscription.", owner="membership",
                                  values=["basic", "plus", "premium"], tags=["subscription"]),
        "subscription_status": note("Membership status; NULL without a subscription.", owner="membership",
                                    values=["active", "paused", "cancelled"], tags=["subscription"]),
        "subscription_start_date": note("Date the membership started; NULL without a subscription.",
                                        owner="membership", unit="date", tags=["subscription"]),
        "auto_renew": note("The membership renews automatically; NULL without a subscription.", owner="membership",
                           tags=["subscription"]),
        "returns_12m": note("Orders returned in the last 12 months (365 days), all channels.", owner=ae,
                            unit="orders", tags=["returns"]),
        "return_rate": note("Share of orders returned in the last 12 months: returned / all orders of any status, "
                            "all channels; NULL without orders in that period.", owner=ae, unit="ratio 0..1",
                            tags=["returns"]),
        "support_tickets_90d": note("Customer-care tickets opened in the last 90 days.", owner=care, unit="tickets",
                                    tags=["service"]),
        "open_tickets": note("Customer-care tickets still open.", owner=care, unit="tickets", tags=["service"]),
        "last_csat": note("Satisfaction score (1-5) on the customer's most recent rated support ticket; NULL if never "
                          "rated.", owner=care, unit="score 1-5", tags=["service", "satisfaction"]),
        "nps_score": note("Latest Net Promoter Score answer (0-10); NULL if the customer never answered the survey.",
                          owner="research", unit="score 0-10", tags=["satisfaction"]),
        "acquisition_channel": note("Marketing channel that brought the customer in.", owner="growth",
                                    values=list(ACQUISITION), tags=["acquisition"]),
        "primary_device": note("Device type the customer uses most.", owner="digital-analytics",
                               values=["mobile", "desktop", "tablet"], tags=["device"]),
        "preferred_channel": note("Marketing channel the customer prefers among those they opted in to; 'none' when "
                                  "not reachable (no opt-in, or do_not_contact).", owner="crm-data",
                                  values=["email", "sms", "push", "none"], tags=["preferences", "reachability"]),
        "app_installed": note("The customer has the mobile app installed and is logged in.", owner="digital-analytics",
                              tags=["app", "device"]),
        "favorite_category": note("Product category the customer is most drawn to, from browsing and purchases.",
                                  owner="data-science", values=CATEGORIES, tags=["category", "preferences"]),
        "preferred_store_id": note("Store the customer shops at most; NULL if they never bought in a store.",
                                   owner="retail-ops", tags=["store"]),
        "store_visits_90d": note("Store visits with a purchase, return or cancellation (store orders of any status) in "
                                 "the last 90 days; store only.", owner=ae, unit="visits", tags=["store", "activity"]),
        "household_income_band": note("Estimated yearly household income band (vendor data); NULL when unknown.",
                                      values=["<50k", "50-100k", "100-150k", "150k+"], unit="USD per year", **hh),
        "home_owner": note("The customer owns their home (vendor estimate); NULL when unknown.", **hh),
        "children_in_household": note("Number of children in the household (vendor estimate); NULL when unknown.",
                                      unit="children", **hh),
        "life_stage": note("Life stage from age and household.", owner="data-science",
                           values=["student", "young_adult", "family", "empty_nester", "retired"],
                           tags=["demographics"]),
    }  # fmt: skip
