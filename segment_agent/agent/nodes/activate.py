"""activate: publish approved segments; safe to run twice (the approval ledger lets one through)."""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime

from segment_agent.agent.context import AgentContext
from segment_agent.agent.state import AgentState
from segment_agent.tools.publishing import publish_segment


def activate(state: AgentState, config: RunnableConfig, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Publish every approved card of this round exactly once, to the destinations chosen."""
    toolbox = runtime.context.toolbox
    thread_id = config["configurable"]["thread_id"]
    decisions = state.get("decisions", {})
    published: dict[str, Any] = {}
    for proposal in state.get("proposals", []):
        decision = decisions.get(proposal["id"])
        if not decision or decision["action"] != "approve" or proposal["id"] in state.get("published", {}):
            continue
        result = publish_segment(
            thread_id=thread_id,
            proposal=proposal,
            decision=decision,
            catalog=toolbox.catalog,
            settings=toolbox.settings,
            warehouse=toolbox.warehouse,
        )
        published[proposal["id"]] = result.model_dump()
    return {"published": published}
