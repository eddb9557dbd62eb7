"""Readable progress events from graph updates, shared by the CLI, the web page and Slack."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage


def describe_update(node: str, update: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    """One event per meaningful thing a node did: a tool called, a field chosen, a count made."""
    for message in (update or {}).get("messages", []):
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                yield {"kind": "tool_call", "text": _call_text(call["name"], call["args"])}
            if not message.tool_calls and message.content:
                yield {"kind": "answer", "text": str(message.content)}
        elif isinstance(message, ToolMessage):
            yield {"kind": "tool_result", "text": _result_text(message)}
    for proposal in (update or {}).get("proposals", []) if node in ("propose", "apply_edit") else []:
        count = (proposal.get("counts") or {}).get("count")
        yield {
            "kind": "proposal",
            "text": f"Proposed '{proposal['name']}': {count:,} members."
            if count is not None
            else f"Proposed '{proposal['name']}'.",
        }
    for record in (update or {}).get("published", {}).values():
        yield {"kind": "published", "text": record.get("message", "Published.")}


def _call_text(name: str, args: dict[str, Any]) -> str:
    if name == "search_schema":
        return f"Searching the schema for '{args.get('query', '')}'"
    if name == "resolve_fields":
        return f"Choosing among {', '.join(args.get('candidates', []))} for '{args.get('concept', '')}'"
    if name == "glossary":
        return f"Looking up the business term '{args.get('term', '')}'"
    if name == "draft_segment":
        return "Drafting, checking and counting the segment"
    return f"Calling {name}"


def _result_text(message: ToolMessage) -> str:
    if message.status == "error":
        return f"{message.name} failed: {message.content}"
    artifact = message.artifact or {}
    if message.name == "search_schema":
        top = [h["field"] for h in artifact.get("hits", [])[:3]]
        return f"Found {', '.join(top) or 'nothing'}"
    if message.name == "resolve_fields":
        return artifact.get("reason") or artifact.get("question") or "Resolved"
    if message.name == "glossary":
        return artifact.get("assumption", "Resolved the term")
    if message.name == "draft_segment":
        parts = []
        for seg in artifact.get("segments", []):
            if seg.get("ok"):
                parts.append(f"'{seg['name']}': {seg['dry_run']['count']:,} members")
            else:
                parts.append(
                    f"'{seg['name']}' needs a redraft: {seg['errors'][0]['what'] if seg['errors'] else ''}"
                )
        return "; ".join(parts)
    return "Done"
