"""Where the graph goes next; every loop is bounded by the context's limits."""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage
from langgraph.graph import END

from segment_agent.agent.nodes.approval import pending_proposal
from segment_agent.agent.state import AgentState

MAX_REPLANS = 2


def after_plan(state: AgentState) -> Literal["tools", "propose", "__end__"]:
    """Tool calls run; a final answer with an OK draft is proposed; anything else ends the run."""
    last = state["messages"][-1]
    if isinstance(last, AIMessage) and last.tool_calls and not state.get("outcome"):
        return "tools"
    draft = state.get("draft") or {}
    if any(d.get("ok") for d in draft.get("segments", [])):
        return "propose"
    return END


def after_propose(state: AgentState) -> Literal["approval", "__end__"]:
    return "approval" if state.get("proposals") else END


def after_approval(state: AgentState) -> Literal["approval", "apply_edit", "activate", "replan", "__end__"]:
    """Ask about every card; then edits, then publishing of approvals, else a replan on feedback."""
    if pending_proposal(state) is not None:
        return "approval"
    decisions = state.get("decisions", {})
    current = [decisions[p["id"]] for p in state.get("proposals", [])]
    if any(d["action"] == "edit" for d in current):
        return "apply_edit"
    if any(d["action"] == "approve" for d in current):
        return "activate"
    if (
        any(d["action"] == "reject" and d["feedback"] for d in current)
        and state.get("replans", 0) < MAX_REPLANS
    ):
        return "replan"
    return END
