"""plan: the planner model reads the conversation and calls tools or answers."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, SystemMessage
from langgraph.runtime import Runtime

from segment_agent.agent.context import AgentContext
from segment_agent.agent.state import AgentState
from segment_agent.prompts import render


def plan(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """One planner turn; past the step limit it stops with a clear sentence instead."""
    ctx = runtime.context
    steps = state.get("steps", 0)
    if steps >= ctx.max_steps:
        reply = AIMessage(
            content=f"I stopped after {steps} steps without a valid segment. Try a more specific goal."
        )
        return {"messages": [reply], "outcome": reply.content}
    model = ctx.planner.bind_tools(ctx.toolbox.as_tools())
    reply = model.invoke([SystemMessage(content=system_prompt(ctx)), *state["messages"]])
    return {"messages": [reply], "steps": steps + 1}


def system_prompt(ctx: AgentContext) -> str:
    """The planner's instructions, filled with this database's facts."""
    catalog = ctx.toolbox.catalog
    return render(
        "planner_system",
        entity=catalog.entity,
        database=catalog.database,
        tables=len(catalog.tables()),
        fields=len(catalog.fields),
        glossary_terms=", ".join(ctx.toolbox.glossary.names()),
        max_retries=3,
    )
