"""A scripted planner for web tests: its reply is a pure function of the messages.

It searches the schema once, drafts one segment from a keyword table (a spec, so the card
has rules in English and a glossary assumption), then answers. It stands in for the offline
planner so the web tests exercise the real graph, tools, checkpoints and publishing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

# keyword in the goal -> (segment name, criteria); the first match wins, the last entry is the default
RECIPES: list[tuple[str, str, dict[str, Any]]] = [
    ("churn", "Likely to churn", {"items": [{"kind": "term", "term": "likely to churn"}]}),
    (
        "texas",
        "Texas customers",
        {"items": [{"kind": "field", "field": "customers.state", "op": "=", "value": "TX"}]},
    ),
    ("nobody", "Nobody", {"items": [{"kind": "field", "field": "customers.age", "op": ">", "value": 500}]}),
    ("", "High-value customers", {"items": [{"kind": "term", "term": "high-value"}]}),
]


class ScriptedPlanner(BaseChatModel):
    """search_schema -> draft_segment -> final answer, chosen from the goal's words."""

    tool_names: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted-test-planner"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedPlanner:
        return self.model_copy(update={"tool_names": [getattr(t, "name", str(t)) for t in tools]})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=next_reply(messages))])


def next_reply(messages: list[BaseMessage]) -> AIMessage:
    """The next turn: depends only on the goal and the tool results since the last human message."""
    human = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    goal = str(messages[human[0]].content).lower()
    since = [m for m in messages[human[-1] :] if isinstance(m, ToolMessage)]
    name, criteria = next((n, c) for word, n, c in RECIPES if word in goal)
    if not since:
        return _call("search_schema", {"query": goal[:80]})
    if len(since) == 1:
        return _call("draft_segment", {"segments": [{"name": name, "criteria": criteria}]})
    return AIMessage(content=f"I drafted '{name}' for your goal.")


def _call(tool: str, args: dict[str, Any]) -> AIMessage:
    # The id only has to be unique within the thread; uuid5 of the call keeps replies deterministic.
    call_id = uuid.uuid5(uuid.NAMESPACE_OID, f"{tool}:{sorted(args.items())!r}").hex[:12]
    return AIMessage(content="", tool_calls=[{"name": tool, "args": args, "id": f"call_{call_id}"}])
