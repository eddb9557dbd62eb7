"""The web tests' planner: the shared ScriptedModel playing search_schema -> draft_segment -> answer.

The segment it drafts comes from a keyword table on the goal (a spec, so the card has rules in
English and a glossary assumption). It stands in for the offline planner so the web tests exercise
the real graph, tools, checkpoints and publishing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from tests.agent.scripted import ScriptedModel, answer, call, draft_specs

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


def web_planner() -> ScriptedModel:
    """Every round (the goal, or a reviewer's feedback) searches, drafts the goal's recipe, then answers."""
    return ScriptedModel(turns=[_search, _draft, _answer])


def _goal(messages: Sequence[BaseMessage]) -> str:
    """The first human message, lower-cased: the recipe stays the goal's across feedback rounds."""
    return next(str(m.content).lower() for m in messages if isinstance(m, HumanMessage))


def _recipe(messages: Sequence[BaseMessage]) -> tuple[str, dict[str, Any]]:
    goal = _goal(messages)
    return next((name, criteria) for word, name, criteria in RECIPES if word in goal)


def _search(messages: Sequence[BaseMessage]) -> AIMessage:
    return call("search_schema", query=_goal(messages)[:80])


def _draft(messages: Sequence[BaseMessage]) -> AIMessage:
    return draft_specs(_recipe(messages))


def _answer(messages: Sequence[BaseMessage]) -> AIMessage:
    return answer(f"I drafted '{_recipe(messages)[0]}' for your goal.")
