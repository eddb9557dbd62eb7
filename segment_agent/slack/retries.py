"""Slack's retries and replayed events are acknowledged once more but handled only once.

Slack re-sends an event (with X-Slack-Retry-Num) when it saw no answer in 3 seconds, and a
signed request stays valid for 5 minutes with no nonce (dependency-notes.md); both carry the
event_id of the first delivery, so the event_ids seen recently are remembered here.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

REMEMBER_S = 15 * 60.0
MAX_REMEMBERED = 10_000


class RecentEvents:
    """The event_ids handled in the last REMEMBER_S seconds (bounded, thread-safe)."""

    def __init__(self) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._guard = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an event_id is offered, False for its retries and replays."""
        now = time.monotonic()
        with self._guard:
            while self._seen and (
                len(self._seen) >= MAX_REMEMBERED or now - next(iter(self._seen.values())) > REMEMBER_S
            ):
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True


def skip_repeats(recent: RecentEvents) -> Callable[..., BoltResponse | None]:
    """A bolt middleware (after signature checks) that answers 200 to an event already handled."""

    def middleware(body: dict[str, Any], next_: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id")
        if event_id and not recent.first_time(str(event_id)):
            return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
        next_()
        return None

    return middleware
