"""The one service every interface uses: start a goal, resume with a decision, read a thread."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from pydantic import BaseModel, Field, ValidationError

from segment_agent.agent.context import AgentContext
from segment_agent.agent.decision import Decision
from segment_agent.agent.events import describe_update
from segment_agent.agent.graph import compile_graph
from segment_agent.agent.planners import make_planner
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.toolbox import Toolbox
from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.destinations import select_destinations
from segment_agent.tools.ledger import Ledger

MAX_GOAL_CHARS = 2000
RECURSION_LIMIT = 100
OnEvent = Callable[[dict[str, Any]], None]
ServiceFactory = Callable[[Settings], "SegmentService"]


class ThreadView(BaseModel):
    """Where one goal stands: waiting for a decision, finished, or ended without a segment."""

    thread_id: str
    goal: str = ""
    status: str
    pending: dict[str, Any] | None = None
    proposals: list[dict[str, Any]] = Field(default_factory=list)
    decisions: dict[str, Any] = Field(default_factory=dict)
    published: dict[str, Any] = Field(default_factory=dict)
    answer: str = ""


class SegmentService:
    """start(goal, user) · resume(thread, decision, user) · status(thread), over SQLite checkpoints."""

    def __init__(self, toolbox: Toolbox, planner: BaseChatModel | None = None) -> None:
        self.toolbox = toolbox
        self.context = AgentContext(toolbox=toolbox, planner=planner or make_planner(toolbox))
        path = toolbox.settings.checkpoints_path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._saver = SqliteSaver(sqlite3.connect(str(path), check_same_thread=False))
        self.graph = compile_graph(self._saver)

    def start(self, goal: str, user: str = "anonymous", on_event: OnEvent | None = None) -> ThreadView:
        """Run a new goal until its first approval card (or its end)."""
        goal = validate_goal(goal)
        thread_id = uuid.uuid4().hex
        state = {
            "goal": goal,
            "user": user,
            "messages": [HumanMessage(content=goal)],
            "steps": 0,
            "replans": 0,
        }
        self._run(state, thread_id, on_event)
        return self.status(thread_id)

    def resume(
        self,
        thread_id: str,
        decision: dict[str, Any],
        user: str = "anonymous",
        on_event: OnEvent | None = None,
    ) -> ThreadView:
        """Apply a decision to the card waiting in this thread; stale or repeated decisions are refused."""
        snapshot = self.graph.get_state(_config(thread_id))
        if not snapshot.values:
            raise UserError(f"There is no conversation {thread_id!r}.", "Start one with a goal.")
        if not snapshot.interrupts:
            raise UserError(
                "Nothing is waiting for a decision in this conversation: it was already decided.",
                "Refresh to see the current state.",
            )
        pending = snapshot.interrupts[0]
        try:
            parsed = Decision.model_validate({**decision, "user": user})
        except ValidationError as err:
            raise UserError(
                f"That decision is not valid: {err.errors()[0]['msg']}.",
                "Choose approve, edit (with SQL or criteria) or reject.",
            ) from None
        card = pending.value["proposal"]
        if parsed.proposal_hash and parsed.proposal_hash != card["hash"]:
            raise UserError(
                "This approval card is out of date: the proposal changed since you saw it.",
                "Review the current proposal and decide again.",
            )
        if parsed.action == "approve":
            select_destinations(parsed.destinations, self.toolbox.settings)
            if not parsed.proposal_hash:
                raise UserError(
                    "An approval must name the card it approves.",
                    "Send the proposal_hash of the card you reviewed.",
                )
        self._record(thread_id, card, parsed)
        self._run(Command(resume={pending.id: parsed.model_dump()}), thread_id, on_event)
        return self.status(thread_id)

    def _record(self, thread_id: str, card: dict[str, Any], decision: Decision) -> None:
        """The ledger's compare-and-set: the first decision on a card wins, a different second one fails."""
        entry, accepted = Ledger(self.toolbox.settings.ledger_path).record(
            thread_id, card["id"], card["hash"], decision.action, decision.user, decision.destinations
        )
        if not accepted:
            raise UserError(
                f"This segment was already decided ({entry.action}) by {entry.decided_by} "
                f"at {entry.decided_at}.",
                "Refresh to see the current state.",
            )

    def status(self, thread_id: str) -> ThreadView:
        """The thread as stored in its latest checkpoint."""
        snapshot = self.graph.get_state(_config(thread_id))
        values = snapshot.values
        if not values:
            raise UserError(f"There is no conversation {thread_id!r}.", "Start one with a goal.")
        pending = snapshot.interrupts[0].value["proposal"] if snapshot.interrupts else None
        answers = [m.content for m in values.get("messages", []) if isinstance(m, AIMessage) and m.content]
        if pending:
            status = "awaiting_approval"
        elif any(
            r.get("status") in ("published", "already_published")
            for r in values.get("published", {}).values()
        ):
            status = "published"
        elif values.get("published"):
            status = "publish_failed"
        elif values.get("proposals"):
            status = "decided"
        else:
            status = "no_segment"
        return ThreadView(
            thread_id=thread_id,
            goal=values.get("goal", ""),
            status=status,
            pending=pending,
            proposals=values.get("proposals", []),
            decisions=values.get("decisions", {}),
            published=values.get("published", {}),
            answer=str(answers[-1]) if answers else "",
        )

    def _run(self, graph_input: Any, thread_id: str, on_event: OnEvent | None) -> None:
        for chunk in self.graph.stream(
            graph_input, _config(thread_id), context=self.context, stream_mode="updates"
        ):
            for node, update in chunk.items():
                if on_event and node != "__interrupt__":
                    for event in describe_update(node, update):
                        on_event(event)


def default_service(settings: Settings) -> SegmentService:
    """The configured database and planner (the demo and the offline planner by default)."""
    return SegmentService(open_toolbox(settings))


def validate_goal(goal: str) -> str:
    """A goal must be words a person could act on: not empty, not huge, not only symbols."""
    text = " ".join((goal or "").split())
    if not text:
        raise UserError(
            "The goal is empty.", "Describe the customers you want, e.g. 'lapsed buyers in Texas'."
        )
    if len(text) > MAX_GOAL_CHARS:
        raise UserError(
            f"The goal is {len(text):,} characters long; the limit is {MAX_GOAL_CHARS:,}.",
            "State the audience in a sentence or two.",
        )
    if sum(ch.isalpha() for ch in text) < 3:
        raise UserError(
            "The goal has no words to work with.", "Describe the customers you want in plain words."
        )
    return text


def _config(thread_id: str) -> dict[str, Any]:
    # A backstop only: the planner's own step limit ends loops long before this.
    return {"configurable": {"thread_id": thread_id}, "recursion_limit": RECURSION_LIMIT}
