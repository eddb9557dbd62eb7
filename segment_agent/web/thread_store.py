"""The web's index of conversations and the steps shown while they ran, in SQLite in the data home.

The checkpoints hold each conversation's state; this file adds what the page lists and replays:
who started it, when, its latest status, and the progress lines streamed to the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from segment_agent.settings import Settings
from segment_agent.tools.clock import utc_now
from segment_agent.tools.sqlite_file import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS threads (
    thread_id TEXT PRIMARY KEY, goal TEXT NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    thread_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (thread_id, seq));
"""


class ThreadSummary(BaseModel):
    """One line of the conversation list."""

    thread_id: str
    goal: str
    owner: str
    status: str
    created_at: str
    updated_at: str


def store_path(settings: Settings) -> Path:
    """The web index file of this data home."""
    return settings.home / "web.sqlite"


class ThreadStore:
    """Conversations by id and their progress events; every call opens its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._file = SqliteFile(self.path, _SCHEMA)

    def save(
        self, thread_id: str, *, goal: str, owner: str, status: str, events: list[dict[str, Any]]
    ) -> None:
        """Create or update a conversation and append the events of its latest run."""
        now = utc_now(timespec="milliseconds")
        with self._file.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "INSERT INTO threads VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (thread_id) DO UPDATE"
                " SET status = excluded.status, updated_at = excluded.updated_at",
                [thread_id, goal, owner, status, now, now],
            )
            start = con.execute(
                "SELECT coalesce(max(seq), 0) FROM events WHERE thread_id = ?", [thread_id]
            ).fetchone()[0]
            con.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?)",
                [
                    (thread_id, start + i + 1, now, e.get("kind", ""), e.get("text", ""))
                    for i, e in enumerate(events)
                ],
            )
            con.execute("COMMIT")

    def get(self, thread_id: str) -> ThreadSummary | None:
        """One conversation's summary, or None when the web never saw it."""
        with self._file.connect() as con:
            row = con.execute("SELECT * FROM threads WHERE thread_id = ?", [thread_id]).fetchone()
        return ThreadSummary.model_validate(dict(row)) if row else None

    def list(self, limit: int = 100) -> list[ThreadSummary]:
        """The latest conversations first."""
        with self._file.connect() as con:
            rows = con.execute(
                "SELECT * FROM threads ORDER BY updated_at DESC, rowid DESC LIMIT ?", [limit]
            ).fetchall()
        return [ThreadSummary.model_validate(dict(row)) for row in rows]

    def events(self, thread_id: str) -> list[dict[str, Any]]:
        """The progress lines of every run of a conversation, in order."""
        with self._file.connect() as con:
            rows = con.execute(
                "SELECT at, kind, text FROM events WHERE thread_id = ? ORDER BY seq", [thread_id]
            ).fetchall()
        return [dict(row) for row in rows]
