"""Runtime dependencies of the graph, injected per run (never created at import time)."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from segment_agent.agent.toolbox import Toolbox


@dataclass
class AgentContext:
    """What nodes need besides the state: the tools over one database and the planner model."""

    toolbox: Toolbox
    planner: BaseChatModel
    max_steps: int = 12
