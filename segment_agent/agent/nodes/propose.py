"""propose: turn the last OK draft into approval cards, one per segment."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from segment_agent.agent.context import AgentContext
from segment_agent.agent.proposal import build_proposal
from segment_agent.agent.state import AgentState


def propose(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Cards for the drafted segments; ids carry the replan round so decisions never collide."""
    catalog = runtime.context.toolbox.catalog
    drafts = [d for d in (state.get("draft") or {}).get("segments", []) if d.get("ok")]
    round_ = state.get("replans", 0)
    proposals = [
        build_proposal(
            d,
            segment_id=f"r{round_}-s{i + 1}",
            goal=state["goal"],
            catalog=catalog,
            resolutions=state.get("resolutions", {}),
        )
        for i, d in enumerate(drafts)
    ]
    return {"proposals": proposals}
