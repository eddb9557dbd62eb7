"""tools: run the planner's tool calls; failures go back to it as error messages it can act on."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, ToolMessage
from langgraph.runtime import Runtime
from pydantic import ValidationError

from segment_agent.agent.context import AgentContext
from segment_agent.agent.state import AgentState
from segment_agent.errors import UserError


def run_tools(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Execute every tool call of the last AI message; remember drafts and field resolutions."""
    tools = {t.name: t for t in runtime.context.toolbox.as_tools()}
    last = state["messages"][-1]
    assert isinstance(last, AIMessage)
    messages: list[ToolMessage] = []
    update: dict[str, Any] = {"resolutions": {}}
    for call in last.tool_calls:
        message = _run_one(tools, call)
        messages.append(message)
        if message.status == "error":
            continue
        if call["name"] == "draft_segment":
            update["draft"] = message.artifact
        elif call["name"] == "resolve_fields":
            update["resolutions"][call["args"].get("concept", "")] = message.artifact
    update["messages"] = messages
    return update


def _run_one(tools: dict[str, Any], call: dict[str, Any]) -> ToolMessage:
    tool = tools.get(call["name"])
    if tool is None:
        return _error(call, f"Unknown tool {call['name']!r}.", f"Use one of: {', '.join(tools)}.")
    try:
        return tool.invoke({**call, "type": "tool_call"})
    except UserError as err:
        return _error(call, err.message, err.hint or "")
    except ValidationError as err:
        return _error(
            call,
            f"Invalid arguments: {err.errors()[0]['msg']} at {err.errors()[0]['loc']}.",
            "Fix the arguments to match the tool's schema.",
        )


def _error(call: dict[str, Any], what: str, hint: str) -> ToolMessage:
    return ToolMessage(
        content=f"ERROR: {what} HINT: {hint}", tool_call_id=call["id"], name=call["name"], status="error"
    )
