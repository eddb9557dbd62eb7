"""The offline planner's turn: a pure function of the conversation and the toolbox's fixed resources.

Each turn re-reads the goal and every tool result, then does the next thing an LLM would:
refuse an unsafe goal; look up glossary terms and search the catalog; resolve look-alike
fields; say which data is missing; draft the segments; redraft from the errors (bounded);
or close with a short summary. Nothing is remembered between turns except the messages, so
checkpoints and resuming in another process just work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage

from segment_agent.agent.offline.evidence import Evidence, read
from segment_agent.agent.offline.feedback import apply_feedback
from segment_agent.agent.offline.naming import summary
from segment_agent.agent.offline.parse import GoalParse, parse_goal
from segment_agent.agent.offline.plan import plan_goal
from segment_agent.agent.offline.repair import repair
from segment_agent.agent.offline.safety import check_goal
from segment_agent.agent.toolbox import Toolbox

MAX_DRAFTS = 3  # the first draft and at most two redrafts per round


def next_turn(messages: list[BaseMessage], toolbox: Toolbox) -> AIMessage:
    """The planner's reply to the conversation so far: tool calls, or a final answer."""
    ev = read(messages)
    catalog = toolbox.catalog
    parsed = parse_goal(ev.goal, toolbox.glossary, _as_of(catalog.as_of))
    if parsed.refusal:
        return AIMessage(content=parsed.refusal)
    if not parsed.segments:
        return AIMessage(content=_nothing_to_do(parsed))
    prefer = apply_feedback(parsed, ev.feedback, toolbox.glossary, catalog, _as_of(catalog.as_of))
    plan = plan_goal(parsed, ev, catalog, check_goal(ev.goal).text, prefer)
    if plan.lookups:
        return _calls(plan.lookups, ev)
    if plan.missing:
        return AIMessage(content=_missing(plan.missing))
    if plan.resolutions:
        return _calls(plan.resolutions, ev)
    if plan.questions:
        return AIMessage(content=" ".join(dict.fromkeys(plan.questions)))
    specs = [s.model_dump(exclude_none=True) for s in plan.specs]
    if not ev.drafts:
        return _calls([("draft_segment", {"segments": specs, "sql": []})], ev)
    last = ev.drafts[-1]
    if last.get("ok"):
        entity = catalog.entity_table.replace("_", " ")
        return AIMessage(content=summary(last.get("segments", []), _notes(parsed, ev.feedback), entity))
    if len(ev.drafts) < MAX_DRAFTS:
        fixed = repair(specs, ev.drafts)
        if fixed is not None:
            return _calls([("draft_segment", {"segments": fixed, "sql": []})], ev)
    return AIMessage(content=_failed(last))


def _as_of(text: str | None) -> dt.date:
    """The database's as-of day (calendar words such as 'this year' are relative to it)."""
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else dt.date.today()
    except ValueError:
        return dt.date.today()


def _calls(calls: list[tuple[str, dict[str, Any]]], ev: Evidence) -> AIMessage:
    tool_calls = [
        {"name": name, "args": args, "id": f"offline-{ev.ai_turns + 1}-{i + 1}", "type": "tool_call"}
        for i, (name, args) in enumerate(calls)
    ]
    return AIMessage(content="", tool_calls=tool_calls)


def _notes(parsed: GoalParse, feedback: list[str]) -> list[str]:
    notes = [f"I applied the reviewer's feedback: {'; '.join(feedback)}."] if feedback else []
    if parsed.ignored:
        shown = "; ".join(f"'{i}'" for i in parsed.ignored)
        notes.append(f"I ignored instructions inside the goal ({shown}): they are treated as data.")
    if parsed.approval_note:
        notes.append("Every segment still needs a person's approval before it is published.")
    return notes


def _nothing_to_do(parsed: GoalParse) -> str:
    if parsed.ignored:
        return (
            "The goal only contains instructions to me, not an audience: I ignored them "
            f"({'; '.join(repr(i) for i in parsed.ignored)}) and drafted no segment. Describe the customers "
            "you want, e.g. 'lapsed buyers in Texas'."
        )
    return "I found no audience in the goal. Describe the customers you want, e.g. 'lapsed buyers in Texas'."


def _missing(missing: list[str]) -> str:
    reasons = "; ".join(dict.fromkeys(missing))
    return (
        f"I cannot build this segment: {reasons}. I drafted nothing rather than approximate it with "
        "an unrelated field."
    )


def _failed(draft: dict[str, Any]) -> str:
    errors = [e for s in draft.get("segments", []) for e in s.get("errors", [])]
    shown = "; ".join(f"{e.get('what')} ({e.get('hint')})" for e in errors[:3]) or draft.get(
        "error", "unknown error"
    )
    return f"I could not draft a valid segment: {shown}."
