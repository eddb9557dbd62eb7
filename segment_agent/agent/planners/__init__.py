"""Choose the planner: an OpenAI-compatible chat model when configured, else the offline planner."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from segment_agent.agent.planners.offline_model import OfflinePlanner
from segment_agent.agent.toolbox import Toolbox
from segment_agent.errors import UserError


def make_planner(toolbox: Toolbox, kind: str | None = None) -> BaseChatModel:
    """`kind` is 'offline' or 'openai'; by default openai only when an API key is configured."""
    settings = toolbox.settings
    kind = kind or ("openai" if settings.openai_api_key else "offline")
    if kind not in ("offline", "openai"):
        raise UserError(f"Unknown planner {kind!r}.", "Use --planner offline or --planner openai.")
    if kind == "offline":
        return OfflinePlanner(toolbox=toolbox)
    from segment_agent.agent.planners.openai_model import openai_planner

    return openai_planner(settings)
