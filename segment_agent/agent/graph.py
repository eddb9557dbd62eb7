"""The flow of one goal (architecture.md): plan <-> tools, propose, approve each segment, publish.

This module only wires nodes and routes; each lives in its own module.
"""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from segment_agent.agent.context import AgentContext
from segment_agent.agent.nodes.activate import activate
from segment_agent.agent.nodes.apply_edit import apply_edit
from segment_agent.agent.nodes.approval import approval
from segment_agent.agent.nodes.plan import plan
from segment_agent.agent.nodes.propose import propose
from segment_agent.agent.nodes.replan import replan
from segment_agent.agent.nodes.run_tools import run_tools
from segment_agent.agent.routing import after_approval, after_plan, after_propose
from segment_agent.agent.state import AgentState


def build_graph() -> StateGraph:
    """The uncompiled graph (tests compile it with their own checkpointer)."""
    builder = StateGraph(AgentState, context_schema=AgentContext)
    builder.add_node("plan", plan)
    builder.add_node("tools", run_tools)
    builder.add_node("propose", propose)
    builder.add_node("approval", approval)
    builder.add_node("apply_edit", apply_edit)
    builder.add_node("replan", replan)
    builder.add_node("activate", activate)

    builder.add_edge(START, "plan")
    builder.add_conditional_edges("plan", after_plan, ["tools", "propose", END])
    builder.add_edge("tools", "plan")
    builder.add_conditional_edges("propose", after_propose, ["approval", END])
    builder.add_conditional_edges(
        "approval", after_approval, ["approval", "apply_edit", "activate", "replan", END]
    )
    builder.add_edge("apply_edit", "approval")
    builder.add_edge("replan", "plan")
    builder.add_edge("activate", END)
    return builder


def compile_graph(checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
    """The runnable graph with the given checkpointer (SQLite in the service)."""
    return build_graph().compile(checkpointer=checkpointer)
