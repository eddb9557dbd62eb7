"""Cards keep to Slack's limits and show data as text, never as markup."""

from __future__ import annotations

from typing import Any

from segment_agent.slack.blocks import BLOCK_LIMIT, SECTION_LIMIT, escape, outcome_blocks, proposal_blocks

PROPOSAL: dict[str, Any] = {
    "id": "seg-1",
    "name": "Big <spenders> & friends",
    "goal": "people with <@U999> in their notes",
    "rules": [f"rule {i}: lifetime_value > {i}" for i in range(400)],
    "counts": {"count": 1234, "base": 4000, "share": 0.3085, "reachable": {"email": 1000, "sms": 200}},
    "fields": [
        {
            "field": "customers.lifetime_value",
            "why": "certified",
            "rejected": [{"field": "customers.ltv", "why_not": "deprecated"}],
        }
    ],
    "assumptions": ["high-value means lifetime_value >= 812.5 (top 20%)"],
    "warnings": [{"message": "uses a deprecated field"}],
    "sql": "SELECT customer_id FROM customers WHERE lifetime_value > 1 AND age < 30 " * 100,
    "hash": "0123456789abcdef0123456789abcdef",
}


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def _actions(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_a_large_card_keeps_to_slacks_limits_and_shows_all_of_its_sql() -> None:
    blocks = proposal_blocks("abcdef0123456789", PROPOSAL)
    assert len(blocks) <= BLOCK_LIMIT
    assert all(len(text) <= SECTION_LIMIT for text in _texts(blocks))
    shown = "".join(t.removeprefix("*SQL*\n")[3:-3] for t in _texts(blocks) if t.endswith("```"))
    assert shown == escape(PROPOSAL["sql"])
    assert _actions(blocks) == ["approve", "edit", "reject"]


def test_sql_too_long_to_show_cannot_be_approved_from_slack() -> None:
    huge = {**PROPOSAL, "sql": PROPOSAL["sql"] * 30}
    blocks = proposal_blocks("abcdef0123456789", huge)
    assert len(blocks) <= BLOCK_LIMIT and "web chat" in "\n".join(_texts(blocks))
    assert _actions(blocks) == ["edit", "reject"]


def test_the_card_shows_size_reach_fields_and_buttons_with_its_hash() -> None:
    blocks = proposal_blocks("abcdef0123456789", PROPOSAL)
    text = "\n".join(_texts(blocks))
    assert "*Members:* 1,234 (30.9% of 4,000)" in text and "email 1,000 · sms 200" in text
    assert "`customers.ltv` (deprecated)" in text and "top 20%" in text and "deprecated field" in text
    values = {e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]}
    assert values == {"abcdef0123456789|seg-1|0123456789abcdef0123456789abcdef"}


def test_data_is_escaped_not_read_as_markup() -> None:
    text = "\n".join(_texts(proposal_blocks("abcdef0123456789", PROPOSAL)))
    assert "&lt;@U999&gt;" in text and "<@U999>" not in text and "age &lt; 30" in text
    assert proposal_blocks("abcdef0123456789", PROPOSAL)[0]["text"]["text"] == PROPOSAL["name"]


def test_a_decided_card_is_only_its_outcome() -> None:
    blocks = outcome_blocks(PROPOSAL, "Rejected by <@U4>.")
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert blocks[0]["text"]["text"] == "*Big &lt;spenders&gt; &amp; friends*: Rejected by <@U4>."
