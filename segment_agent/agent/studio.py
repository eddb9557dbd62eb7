"""The graph for LangGraph Studio (see langgraph.json); runs need an AgentContext, as the service gives."""

from __future__ import annotations

from segment_agent.agent.graph import build_graph

graph = build_graph().compile()
