"""The offline planner as a LangChain chat model: its reply is a pure function of the messages.

It emits the same tool calls an LLM would (search_schema, resolve_fields, glossary,
draft_segment), decided by rules, the glossary and schema search, so it works with the same
graph, checkpoints and cross-process resume, with no API key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field

from segment_agent.agent.offline.turns import next_turn


class OfflinePlanner(BaseChatModel):
    """Rule-based planner; bind_tools remembers which tools it may call."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    toolbox: Any = Field(exclude=True, repr=False)
    tool_names: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "segment-agent-offline"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> OfflinePlanner:
        return self.model_copy(update={"tool_names": [getattr(t, "name", str(t)) for t in tools]})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        reply = next_turn(messages, self.toolbox)
        return ChatResult(generations=[ChatGeneration(message=reply)])
