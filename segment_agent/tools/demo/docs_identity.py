"""Annotations of `customers`: identity, place and consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from segment_agent.tools.demo.notes import note
from segment_agent.tools.demo.reference import COUNTRIES, PLACES

COUNTRY_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "DE": "Germany",
    "FR": "France",
    "AU": "Australia",
}
STATE_NAMES = {
    "AK": "Alaska", "AZ": "Arizona", "CA": "California", "CO": "Colorado", "FL": "Florida", "GA": "Georgia",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "MA": "Massachusetts", "MD": "Maryland",
    "ME": "Maine", "MI": "Michigan", "MN": "Minnesota", "MO": "Missouri", "MT": "Montana",
    "NC": "North Carolina", "NJ": "New Jersey", "NM": "New Mexico", "NV": "Nevada", "NY": "New York",
    "OH": "Ohio", "OR": "Oregon", "PA": "Pennsylvania", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VA": "Virginia", "VT": "Vermont", "WA": "Washington", "WI": "Wisconsin", "ON": "Ontario",
    "QC": "Quebec", "BC": "British Columbia", "AB": "Alberta", "MB": "Manitoba", "SK": "Saskatchewan",
    "NS": "Nova Scotia", "NB": "New Brunswick", "NL": "Newfoundland and Labrador", "BE": "Berlin",
    "BY": "Bavaria", "HH": "Hamburg", "NW": "North Rhine-Westphalia", "HE": "Hesse",
    "BW": "Baden-Wuerttemberg", "SN": "Saxony", "NI": "Lower Saxony", "HB": "Bremen",
}  # fmt: skip
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}


def identity_notes(freeze: dt.date) -> dict[str, dict[str, Any]]:
    """Annotations of identity, place and consent columns."""
    crm, states = "crm-data", sorted({p[1] for p in PLACES if p[1]})
    pii = {"pii": True, "owner": crm, "tags": ["contact", "pii"]}
    return {
        "customer_id": note(
            "Unique customer key; the same id is used in every event table.", owner=crm, tags=["key"]
        ),
        "email": note("The customer's email address.", **pii),
        "phone": note("The customer's mobile phone number; NULL when not given.", **pii),
        "first_name": note("The customer's first name.", **pii),
        "last_name": note("The customer's last name.", **pii),
        "birth_date": note("Date of birth as given by the customer; NULL when not given.", **pii),
        "age": note(
            "Age in whole years today, from birth_date; NULL when the birth date is unknown.",
            owner=crm,
            unit="years",
            tags=["demographics"],
        ),
        "gender": note(
            "Gender as stated by the customer.",
            owner=crm,
            values=["female", "male", "nonbinary", "unknown"],
            tags=["demographics"],
        ),
        "signup_date": note(
            "Date the customer created their account.", owner=crm, unit="date", tags=["tenure", "new"]
        ),
        "country": note(
            "Country of the shipping address (two-letter ISO code).",
            owner=crm,
            values=list(COUNTRIES),
            labels=COUNTRY_NAMES,
            tags=["place"],
        ),
        "state": note(
            "State or province of the shipping address as a two-letter code (e.g. 'CA' California, "
            "'NY' New York, 'ON' Ontario); NULL in GB, FR and AU.",
            owner=crm,
            values=states,
            labels={s: STATE_NAMES[s] for s in states},
            tags=["place", "geography"],
        ),
        "city": note("City of the shipping address.", owner=crm, tags=["place"]),
        "postal_code": note(
            "Postal code of the shipping address.", pii=True, owner=crm, tags=["place", "pii"]
        ),
        "region_code": note(
            f"Deprecated: old sales region (R1-R9) of the 2023 territory plan, frozen on {freeze}; "
            "NULL for customers who signed up later. Use state and country.",
            status="deprecated",
            owner="sales-ops",
            refresh=f"none (frozen {freeze})",
            values=[f"R{i}" for i in range(1, 10)],
            tags=["place"],
            replaced_by="state",
        ),
        "geo_state_ip": note(
            "Experimental: state guessed from the IP address of recent web visits; wrong for about "
            "one customer in five. Use state for where customers live.",
            status="experimental",
            owner="digital-analytics",
            values=states,
            tags=["place"],
        ),
        "preferred_language": note(
            "Language the customer reads our communication in.",
            owner=crm,
            values=list(LANGUAGE_NAMES),
            labels=LANGUAGE_NAMES,
            tags=["preferences"],
        ),
        "email_opt_in": note(
            "The customer consents to marketing email.", owner=crm, tags=["consent", "email"]
        ),
        "sms_opt_in": note(
            "The customer consents to marketing text messages (SMS).", owner=crm, tags=["consent", "sms"]
        ),
        "push_opt_in": note(
            "The customer allows push notifications in the app (app users only).",
            owner=crm,
            tags=["consent", "push", "app"],
        ),
        "do_not_contact": note(
            "Global suppression: never contact for marketing on any channel, whatever the opt-ins.",
            owner=crm,
            tags=["consent", "suppression"],
        ),
        "gdpr_consent_date": note(
            "Date GDPR marketing consent was recorded (GB, DE and FR customers); NULL otherwise.",
            owner=crm,
            unit="date",
            tags=["consent"],
        ),
    }
