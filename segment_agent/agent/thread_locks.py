"""One lock per conversation, shared by the interfaces that apply decisions (web, Slack)."""

from __future__ import annotations

import threading


class ThreadLocks:
    """The decision lock of each conversation, created on first use; safe to call from any thread."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def of(self, thread_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(thread_id, threading.Lock())
