"""apply_edit: a person's edited SQL or criteria is guarded and recounted, then asked again."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from segment_agent.agent.context import AgentContext
from segment_agent.agent.proposal import build_proposal
from segment_agent.agent.state import AgentState
from segment_agent.tools.segment_spec import Group, SegmentSpec


def apply_edit(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Replace each edited card by a redrafted one (new id, new hash) or keep it with the errors."""
    toolbox = runtime.context.toolbox
    decisions = state.get("decisions", {})
    proposals = []
    for proposal in state.get("proposals", []):
        decision = decisions.get(proposal["id"])
        if not decision or decision["action"] != "edit":
            proposals.append(proposal)
            continue
        if decision["criteria"] is not None:
            item: SegmentSpec | str = SegmentSpec(
                name=proposal["name"], criteria=Group.model_validate(decision["criteria"])
            )
        else:
            item = decision["sql"]
        draft = toolbox.draft_one(item, name=proposal["name"]).model_dump()
        base, _, edits = proposal["id"].partition("e")
        new_id = f"{base}e{int(edits or 0) + 1}"
        if draft["ok"]:
            proposals.append(
                build_proposal(
                    draft,
                    segment_id=new_id,
                    goal=state["goal"],
                    catalog=toolbox.catalog,
                    resolutions=state.get("resolutions", {}),
                )
            )
        else:
            proposals.append({**proposal, "id": new_id, "edit_errors": draft["errors"]})
    return {"proposals": proposals}
