"""Read a server-sent event stream in tests: a list of (event name, data)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def parse_events(lines: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    """(name, JSON data) for every event in the stream's text lines; comments are skipped."""
    events, name, data = [], "message", []
    for line in lines:
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line.strip() and data:
            events.append((name, json.loads("\n".join(data))))
            name, data = "message", []
    if data:
        events.append((name, json.loads("\n".join(data))))
    return events
