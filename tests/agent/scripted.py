"""A scripted chat model for agent tests: its reply is a pure function of the messages.

`turns` are the replies of one planning round (the messages since the last human message, so
a reviewer's feedback starts a new round): the n-th AI turn of a round gets `turns[n]`, and
the last entry repeats once the list runs out (a planner that never stops). An entry is an
AIMessage or a function of the messages returning one. Tool-call ids are derived from the
position in the conversation, so replies stay deterministic across checkpoints and processes.
Nothing is recorded: tests look at the graph's state, which is what the planner saw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

Turn = AIMessage | Callable[[Sequence[BaseMessage]], AIMessage]


class ScriptedModel(BaseChatModel):
    """Plays `turns` round by round; bind_tools returns a copy that remembers the tool names."""

    turns: list[Any] = Field(min_length=1)
    tool_names: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted-test-model"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedModel:
        return self.model_copy(update={"tool_names": [getattr(t, "name", str(t)) for t in tools]})

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=next_reply(self.turns, messages))])


def next_reply(turns: Sequence[Turn], messages: Sequence[BaseMessage]) -> AIMessage:
    """The reply to `messages`: the turn for this position in the round, as a fresh message."""
    human = sum(isinstance(m, HumanMessage) for m in messages)
    n = sum(isinstance(m, AIMessage) for m in this_round(messages))
    turn = turns[min(n, len(turns) - 1)]
    template = turn(messages) if callable(turn) else turn
    tool_calls = [
        {"name": c["name"], "args": c["args"], "id": f"call_{human}_{n}_{i}", "type": "tool_call"}
        for i, c in enumerate(template.tool_calls)
    ]
    return AIMessage(content=template.content, tool_calls=tool_calls)


def this_round(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """The messages after the last human message (the goal, or a reviewer's feedback)."""
    starts = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    return list(messages[starts[-1] + 1 :]) if starts else list(messages)


def last_human(messages: Sequence[BaseMessage]) -> str:
    """The text of the last human message."""
    return next((str(m.content) for m in reversed(messages) if isinstance(m, HumanMessage)), "")


def tool_results(messages: Sequence[BaseMessage]) -> list[ToolMessage]:
    """The tool results of this round, in order."""
    return [m for m in this_round(messages) if isinstance(m, ToolMessage)]


def calls(*pairs: tuple[str, dict[str, Any]]) -> AIMessage:
    """One AI turn calling several tools at once."""
    tool_calls = [{"name": name, "args": args, "id": "", "type": "tool_call"} for name, args in pairs]
    return AIMessage(content="", tool_calls=tool_calls)


def call(name: str, **args: Any) -> AIMessage:
    """One AI turn calling one tool."""
    return calls((name, args))


def draft_sql(*sql: str) -> AIMessage:
    """A draft_segment call with raw SQL, one statement per segment."""
    return call("draft_segment", sql=list(sql))


def draft_specs(*segments: tuple[str, dict[str, Any]]) -> AIMessage:
    """A draft_segment call with structured segments given as (name, criteria group)."""
    return call("draft_segment", segments=[{"name": name, "criteria": group} for name, group in segments])


def answer(text: str) -> AIMessage:
    """A final answer (no tool calls)."""
    return AIMessage(content=text)
