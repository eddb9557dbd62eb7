"""What the conversation holds so far: the goal, reviewers' feedback, and every tool result.

Tool results are read from each ToolMessage's artifact (the full result) or, after a
checkpoint reload without artifacts, from its JSON content. Lookups (search, glossary,
resolutions) are keyed by their arguments and reused across rounds; drafts count only
since the last human message (a replan starts a new round).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

FEEDBACK_LINE = re.compile(r"^\s*-\s*(?:[^:\n]{1,120}):\s*(.+)$", re.M)


@dataclass
class Evidence:
    """Tool results by call, the drafts of this round, and the human turns."""

    goal: str = ""
    feedback: list[str] = field(default_factory=list)
    lookups: dict[str, Any] = field(default_factory=dict)
    drafts: list[dict[str, Any]] = field(default_factory=list)
    ai_turns: int = 0
    round_turns: int = 0

    def search(self, query: str) -> list[dict[str, Any]] | None:
        """The hits of an earlier search_schema(query), or None when it was not searched."""
        found = self.lookups.get(key("search_schema", {"query": query}))
        return None if found is None else found.get("hits", [])

    def term(self, term: str) -> dict[str, Any] | None:
        """The glossary tool's result for `term`, if looked up."""
        return self.lookups.get(key("glossary", {"term": term}))

    def resolution(self, concept: str) -> dict[str, Any] | None:
        """The resolve_fields result for `concept`, if resolved."""
        return self.lookups.get(key("resolve_fields", {"concept": concept}))


def key(tool: str, args: dict[str, Any]) -> str:
    """The identity of a lookup: tool name and its defining argument."""
    main = args.get("query") or args.get("term") or args.get("concept") or ""
    return f"{tool}:{main}"


def read(messages: list[BaseMessage]) -> Evidence:
    """Everything the planner needs from the messages, in one pass."""
    ev = Evidence()
    calls: dict[str, dict[str, Any]] = {}
    for message in messages:
        if isinstance(message, HumanMessage):
            text = str(message.content)
            if not ev.goal:
                ev.goal = text
            else:
                ev.feedback += [m.strip() for m in FEEDBACK_LINE.findall(text)] or [text.strip()]
                ev.drafts, ev.round_turns = [], 0
        elif isinstance(message, AIMessage):
            ev.ai_turns += 1
            ev.round_turns += 1
            for call in message.tool_calls:
                calls[call["id"]] = call
        elif isinstance(message, ToolMessage):
            call = calls.get(message.tool_call_id)
            if call is None:
                continue
            result = _result(message)
            if call["name"] == "draft_segment":
                ev.drafts.append(result or {"ok": False, "segments": [], "error": str(message.content)[:500]})
            else:  # a failed lookup counts as answered (empty), so it is never repeated
                ev.lookups[key(call["name"], call["args"])] = result or {}
    return ev


def _result(message: ToolMessage) -> dict[str, Any] | None:
    """The tool's full result, or None for a failed call or unreadable content."""
    if message.status == "error":
        return None
    if isinstance(message.artifact, dict):
        return message.artifact
    try:
        loaded = json.loads(str(message.content))
    except json.JSONDecodeError:
        return _truncated_draft(str(message.content))
    return loaded if isinstance(loaded, dict) else None


def _truncated_draft(content: str) -> dict[str, Any] | None:
    """A draft whose JSON was cut short: each segment's ok flag still comes early in its text."""
    oks = re.findall(r'"ok":\s*(true|false)', content)
    if not oks:
        return None
    segments = [{"ok": ok == "true", "errors": []} for ok in oks]
    return {"segments": segments, "ok": all(s["ok"] for s in segments), "truncated": True}
