"""What the planner reads back from the conversation, and how it redrafts from a draft's errors."""

from __future__ import annotations

import json

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from segment_agent.agent.offline.evidence import read
from segment_agent.agent.offline.repair import repair


def _call(name: str, args: dict, call_id: str) -> AIMessage:
    return AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}]
    )


def test_lookups_persist_across_rounds_and_drafts_do_not() -> None:
    hits = {
        "query": "ohio",
        "hits": [{"field": "customers.state", "score": 0.6, "kind": "value", "value": "OH"}],
    }
    messages = [
        SystemMessage("rules"),
        HumanMessage("Customers in Ohio"),
        _call("search_schema", {"query": "ohio"}, "a"),
        ToolMessage(content=json.dumps(hits), tool_call_id="a", name="search_schema", artifact=hits),
        _call("draft_segment", {"segments": []}, "b"),
        ToolMessage(content='{"segments": [{"name": "x", "ok": true}], "ok": true}', tool_call_id="b",
                    name="draft_segment"),
        HumanMessage("The reviewer rejected the proposal. Feedback:\n- Ohio: only women\nPlease redraft."),
    ]  # fmt: skip
    ev = read(messages)
    assert ev.goal == "Customers in Ohio" and ev.feedback == ["only women"]
    assert ev.search("ohio") == hits["hits"] and ev.drafts == [] and ev.ai_turns == 2


def test_a_failed_lookup_counts_as_answered_with_nothing() -> None:
    messages = [
        HumanMessage("x"),
        _call("search_schema", {"query": "x"}, "a"),
        ToolMessage(content="ERROR: no", tool_call_id="a", name="search_schema", status="error"),
    ]
    assert read(messages).search("x") == []


def test_a_truncated_draft_still_says_which_segments_were_ok() -> None:
    content = json.dumps({"segments": [{"name": "a", "ok": True, "sql": "x" * 9000}], "ok": True})[:6000]
    messages = [HumanMessage("x"), _call("draft_segment", {}, "d"),
                ToolMessage(content=content, tool_call_id="d", name="draft_segment")]  # fmt: skip
    (draft,) = read(messages).drafts
    assert draft["ok"] and draft["truncated"]


def test_repair_applies_the_value_the_validator_lists() -> None:
    condition = {"kind": "field", "field": "customers.gender", "op": "in", "value": ["Female", "male"]}
    specs = [{"name": "s", "criteria": {"kind": "group", "items": [condition]}}]
    error = {
        "what": "'Female' is not a value of customers.gender",
        "hint": "allowed values include: ['female']",
    }
    fixed = repair(specs, [{"segments": [{"ok": False, "errors": [error]}]}])
    assert fixed is not None and fixed[0]["criteria"]["items"][0]["value"] == ["female", "male"]
    assert repair(specs, [{"segments": [{"ok": False, "errors": [{"what": "boom", "hint": ""}]}]}]) is None
