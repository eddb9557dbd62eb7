"""The web's use of the service: start and decide, one decision at a time per conversation.

The service runs the graph synchronously; callers run these methods in a worker thread. A
non-blocking lock per conversation turns a second decision sent meanwhile (a double click,
another tab) into a clear 'busy' answer; the approval ledger still guards publishing across
processes, and the registry serialises its own writers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from segment_agent.agent.service import SegmentService, ThreadView
from segment_agent.agent.thread_locks import ThreadLocks
from segment_agent.errors import UserError
from segment_agent.web.problems import ApiError
from segment_agent.web.thread_store import ThreadStore

OnEvent = Callable[[dict[str, Any]], None]
VERBS = {"approve": "approved", "edit": "edited", "reject": "rejected"}


class Conversations:
    """Start goals, apply decisions and read conversations, recording what the page replays."""

    def __init__(self, service: SegmentService, store: ThreadStore) -> None:
        self.service = service
        self.store = store
        self._locks = ThreadLocks()

    def start(self, goal: str, user: str, on_event: OnEvent | None = None) -> ThreadView:
        """Run a new goal to its first card (or its end) and index the conversation."""
        events: list[dict[str, Any]] = []
        view = self.service.start(goal, user=user, on_event=_tee(events, on_event))
        self.store.save(view.thread_id, goal=view.goal, owner=user, status=view.status, events=events)
        return view

    def lock(self, thread_id: str) -> threading.Lock:
        """Take the conversation's decision lock now, or answer 409 when a decision is being applied."""
        lock = self._locks.of(thread_id)
        if not lock.acquire(blocking=False):
            raise ApiError(
                409,
                "A decision on this conversation is already being applied.",
                "Wait for it to finish; the card will update by itself.",
            )
        return lock

    def decide(
        self,
        thread_id: str,
        decision: dict[str, Any],
        user: str,
        lock: threading.Lock,
        on_event: OnEvent | None = None,
    ) -> ThreadView:
        """Resume the conversation with `decision`, then release the lock taken by `lock()`."""
        try:
            events = [{"kind": "decision", "text": _decision_text(user, decision)}]
            if on_event:
                on_event(events[0])
            view = self.service.resume(thread_id, decision, user=user, on_event=_tee(events, on_event))
            known = self.store.get(thread_id)
            self.store.save(
                thread_id,
                goal=view.goal,
                owner=known.owner if known else user,
                status=view.status,
                events=events,
            )
            return view
        finally:
            lock.release()

    def view(self, thread_id: str) -> ThreadView:
        """The conversation as stored; 404 when there is none."""
        if not _looks_like_id(thread_id):
            raise ApiError(
                404, f"There is no conversation {thread_id!r}.", "Pick one from the list or start one."
            )
        try:
            return self.service.status(thread_id)
        except UserError as err:
            raise ApiError(404, err.message, "Pick one from the list or start one.") from None


def _tee(events: list[dict[str, Any]], on_event: OnEvent | None) -> OnEvent:
    def record(event: dict[str, Any]) -> None:
        events.append(event)
        if on_event:
            on_event(event)

    return record


def _decision_text(user: str, decision: dict[str, Any]) -> str:
    action = decision.get("action", "")
    if action == "approve":
        return f"{user} approved it for {', '.join(decision.get('destinations') or ['registry'])}."
    if action == "reject":
        feedback = (decision.get("feedback") or "").strip()
        return f"{user} rejected it" + (f": “{feedback}”" if feedback else ".")
    return f"{user} edited the {'SQL' if decision.get('sql') else 'criteria'}."


def _looks_like_id(thread_id: str) -> bool:
    return 0 < len(thread_id) <= 64 and all(ch in "0123456789abcdef-" for ch in thread_id)
