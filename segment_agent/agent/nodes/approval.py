"""approval: one interrupt per segment, alone in its node (it re-runs from the top on resume)."""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from segment_agent.agent.decision import Decision
from segment_agent.agent.state import AgentState


def pending_proposal(state: AgentState) -> dict[str, Any] | None:
    """The first proposal that has no decision yet."""
    decided = state.get("decisions", {})
    return next((p for p in state.get("proposals", []) if p["id"] not in decided), None)


def approval(state: AgentState) -> dict[str, Any]:
    """Wait for a person's decision on the next undecided proposal."""
    proposal = pending_proposal(state)
    if proposal is None:
        return {}
    answer = interrupt({"type": "approval", "proposal": proposal})
    decision = Decision.model_validate(answer)
    return {"decisions": {proposal["id"]: {**decision.model_dump(), "hash": proposal["hash"]}}}
