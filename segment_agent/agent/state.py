"""The graph's state: plain, JSON-friendly values so checkpoints reload in any process."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer: later updates win key by key."""
    return {**(left or {}), **(right or {})}


class AgentState(TypedDict, total=False):
    """One goal's conversation, drafts, proposals and decisions."""

    goal: str
    user: str
    messages: Annotated[list[AnyMessage], add_messages]
    steps: int
    replans: int
    draft: dict[str, Any] | None
    resolutions: Annotated[dict[str, Any], merge_dicts]
    proposals: list[dict[str, Any]]
    decisions: Annotated[dict[str, Any], merge_dicts]
    published: Annotated[dict[str, Any], merge_dicts]
    outcome: str | None
