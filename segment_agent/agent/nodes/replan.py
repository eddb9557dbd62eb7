"""replan: a rejection with feedback becomes a new instruction to the planner."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage

from segment_agent.agent.state import AgentState


def replan(state: AgentState) -> dict[str, Any]:
    """Send the reviewers' feedback back to the planner and clear the old draft."""
    decisions = state.get("decisions", {})
    feedback = [
        f"- {p['name']}: {decisions[p['id']]['feedback']}"
        for p in state.get("proposals", [])
        if p["id"] in decisions
        and decisions[p["id"]]["action"] == "reject"
        and decisions[p["id"]]["feedback"]
    ]
    text = "The reviewer rejected the proposal. Feedback:\n" + "\n".join(feedback) + "\nPlease redraft."
    return {
        "messages": [HumanMessage(content=text)],
        "replans": state.get("replans", 0) + 1,
        "draft": None,
        "proposals": [],
        "steps": 0,
    }
