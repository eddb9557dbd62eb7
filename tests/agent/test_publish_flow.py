"""End to end through the graph: propose, approve or reject, activate; resumes never publish twice.

A scripted planner drafts one fixed SQL segment, so only the approval and publishing path is
under test. Checkpoints live in SQLite as in the service; the demo database is copied first
because opening a toolbox writes its catalog next to it.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from segment_agent.agent.context import AgentContext
from segment_agent.agent.graph import compile_graph
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.toolbox import Toolbox
from segment_agent.settings import get_settings
from segment_agent.tools.ledger import Ledger
from segment_agent.tools.registry import Registry, registry_path
from tests.tools.webhook_server import Receiver, webhook_server

SQL = "SELECT customer_id FROM customers WHERE churn_score >= 0.7"


class ScriptedPlanner(BaseChatModel):
    """Drafts SQL first, then answers; its reply depends only on the messages."""

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedPlanner:
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:  # fmt: skip
        if isinstance(messages[-1], ToolMessage):
            reply = AIMessage(content="I propose one segment.")
        else:
            reply = AIMessage(
                content="", tool_calls=[{"name": "draft_segment", "args": {"sql": [SQL]}, "id": "c1"}]
            )
        return ChatResult(generations=[ChatGeneration(message=reply)])


@pytest.fixture
def toolbox(demo_db: Path, tmp_path: Path) -> Toolbox:
    db = tmp_path / "db" / "demo.duckdb"
    db.parent.mkdir()
    for source in demo_db.parent.iterdir():
        if source.name.startswith("demo.") and not source.name.endswith(".catalog.json"):
            shutil.copy(source, db.parent / source.name)
    box = open_toolbox(get_settings(), db=db)
    yield box
    box.warehouse.close()


def graph() -> CompiledStateGraph:
    """A graph on the shared checkpoint file, with its own connection (like another process)."""
    path = get_settings().checkpoints_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return compile_graph(SqliteSaver(sqlite3.connect(str(path), check_same_thread=False)))


def start(toolbox: Toolbox, thread: str = "t1") -> dict[str, Any]:
    """Run a goal to its approval card; return the card."""
    state = {"goal": "customers at risk", "user": "ana", "messages": [HumanMessage("customers at risk")],
             "steps": 0, "replans": 0}  # fmt: skip
    graph().invoke(state, config(thread), context=context(toolbox))
    [pending] = graph().get_state(config(thread)).interrupts
    return {"interrupt": pending.id, **pending.value["proposal"]}


def decide(
    toolbox: Toolbox, card: dict[str, Any], action: str, thread: str = "t1", **extra: Any
) -> dict[str, Any]:
    decision = {"action": action, "user": "bob", "proposal_hash": card["hash"], **extra}
    return graph().invoke(
        Command(resume={card["interrupt"]: decision}), config(thread), context=context(toolbox)
    )


def config(thread: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": thread}}


def context(toolbox: Toolbox) -> AgentContext:
    return AgentContext(toolbox=toolbox, planner=ScriptedPlanner())


def registry() -> Registry:
    return Registry(registry_path(get_settings()))


def test_approve_publishes_once_and_a_stale_checkpoint_does_not_publish_again(toolbox: Toolbox) -> None:
    card = start(toolbox)
    final = decide(toolbox, card, "approve")
    record = final["published"][card["id"]]
    assert record["status"] == "published" and "Published" in record["message"]
    [segment] = registry().list()
    assert segment.sql == SQL and segment.approver == "bob" and segment.size == card["counts"]["count"]
    history = list(graph().get_state_history(config("t1")))
    before_activate = next(s for s in history if s.next == ("activate",))
    replay = graph().invoke(None, before_activate.config, context=context(toolbox))
    assert replay["published"][card["id"]]["status"] == "already_published"
    assert registry().get(segment.id).version == 1
    assert Ledger(get_settings().ledger_path).get("t1", card["id"]).attempts == 1


def test_reject_never_publishes(toolbox: Toolbox) -> None:
    card = start(toolbox)
    final = decide(toolbox, card, "reject")
    assert not final.get("published") and not graph().get_state(config("t1")).interrupts
    assert not registry_path(get_settings()).exists()


def test_concurrent_resumes_publish_once(toolbox: Toolbox) -> None:
    with webhook_server(Receiver()) as server:
        path = get_settings().home / "destinations.yaml"
        path.write_text(yaml.safe_dump({"destinations": {"crm": {"type": "webhook", "url": server.url}}}))
        card = start(toolbox)
        barrier, results = threading.Barrier(3), []

        def click() -> None:
            barrier.wait()
            state = decide(toolbox, card, "approve", destinations=["registry", "crm"])
            results.append(state["published"][card["id"]]["status"])

        threads = [threading.Thread(target=click) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results.count("published") == 1, results
    assert set(results) <= {"published", "in_progress", "already_published"}
    assert len(server.members()) == card["counts"]["count"] and set(server.arrivals.values()) == {1}
    assert len(registry().list()) == 1 and registry().list()[0].version == 1
