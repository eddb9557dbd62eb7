"""Chat shorthand is written out; words that only look like shorthand are left alone."""

from __future__ import annotations

import pytest

from segment_agent.tools.informal import expand_informal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi-value canadian custs", "high-value canadian customers"),
        ("dormant accts we can still txt", "dormant accounts we can still text"),
        ("buyers w/ declining engagement", "buyers with declining engagement"),
        ("buyers w/declining engagement", "buyers with declining engagement"),
        ("ppl w/o orders", "people without orders"),
        ("custs w/out orders", "customers without orders"),
        ("email prefs", "email preferences"),
        ("basic tier, US + France", "basic tier, US and France"),
        ("returns & cancellations", "returns and cancellations"),
        ("started 10-20 diff titles in the last qtr", "started 10-20 different titles in the last quarter"),
        ("joined in the last 2wks", "joined in the last 2 weeks"),
        ("churned 6mo ago", "churned 6 months ago"),
        ("churned 3 mos back", "churned 3 months back"),
        ("watched smth in the last 48 hrs", "watched something in the last 48 hours"),
        ("lst purchase dt", "last purchase date"),
        ("custs w/ 2 txns", "customers with 2 transactions"),
        ("bday this month, pref channel sms", "birthday this month, preferred channel sms"),
    ],
)
def test_shorthand_is_written_out(text: str, expected: str) -> None:
    assert expand_informal(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "customers in MO",
        "customers in BC",
        "SUBS in DT",
        "20+ orders",
        "LTV < $75",
        "Hi, customers in Texas",
        "subscription plan",
        "hrsa",
    ],
)
def test_lookalikes_of_shorthand_stay(text: str) -> None:
    assert expand_informal(text) == text
