"""The approval ledger: one decision per proposal and one publication per approval, across processes.

LangGraph re-runs nodes on resume and from old checkpoints, and two resumes can run at once, so
exactly-once cannot rest on the checkpointer (dependency-notes.md). Every gate here is a single
SQLite statement or an IMMEDIATE transaction on `settings.ledger_path`:

    record:  no row -> approved | rejected | edited      (first decision wins, with who and when)
    claim:   approved | failed -> publishing             (one publisher; a dead one is taken over)
    finish:  publishing -> published | failed            (only by the publisher holding the claim)
"""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any, Literal

import psutil
from pydantic import BaseModel

from segment_agent.tools.clock import utc_now
from segment_agent.tools.sqlite_file import SqliteFile

# A claim held by a process on another host is trusted this long (its liveness cannot be checked).
LEASE_S = 900.0
DECIDED_STATES = {"approve": "approved", "reject": "rejected", "edit": "edited"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    thread_id TEXT NOT NULL, segment_id TEXT NOT NULL, proposal_hash TEXT NOT NULL,
    action TEXT NOT NULL, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
    destinations TEXT NOT NULL, state TEXT NOT NULL, holder TEXT, claimed_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0, result TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (thread_id, segment_id));
CREATE TABLE IF NOT EXISTS deliveries (
    thread_id TEXT NOT NULL, segment_id TEXT NOT NULL, destination TEXT NOT NULL, part TEXT NOT NULL,
    delivered_at TEXT NOT NULL, PRIMARY KEY (thread_id, segment_id, destination, part));
"""


def proposal_hash(name: str, sql: str, entity: str, database: str) -> str:
    """What an approval is bound to: the exact SQL, its name, entity and database."""
    payload = json.dumps({"name": name, "sql": sql, "entity": entity, "database": database}, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class LedgerEntry(BaseModel):
    """One proposal's decision and, for approvals, where its publication stands."""

    thread_id: str
    segment_id: str
    proposal_hash: str
    action: str
    decided_by: str
    decided_at: str
    destinations: list[str]
    state: str
    attempts: int = 0
    result: dict[str, Any] | None = None
    updated_at: str


class Claim(BaseModel):
    """The answer to 'may I publish this?': only `claimed` may, holding `token` until finish."""

    outcome: Literal["claimed", "published", "in_progress", "refused"]
    entry: LedgerEntry | None = None
    token: str = ""


class Ledger:
    """The ledger file; every call opens its own connection, so it is safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._file = SqliteFile(self.path, _SCHEMA)

    def record(
        self, thread_id: str, segment_id: str, hash_: str, action: str, user: str, destinations: list[str]
    ) -> tuple[LedgerEntry, bool]:
        """Record a decision unless one exists; True when this decision is the recorded one (or identical)."""
        now = utc_now()
        with self._file.connect() as con:
            con.execute(
                "INSERT INTO decisions (thread_id, segment_id, proposal_hash, action, decided_by, decided_at,"
                " destinations, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (thread_id, segment_id) DO NOTHING",
                [
                    thread_id,
                    segment_id,
                    hash_,
                    action,
                    user,
                    now,
                    json.dumps(destinations),
                    DECIDED_STATES[action],
                    now,
                ],
            )
        entry = self.get(thread_id, segment_id)
        assert entry is not None
        return entry, entry.proposal_hash == hash_ and entry.action == action

    def claim(self, thread_id: str, segment_id: str, hash_: str) -> Claim:
        """Take the right to publish an approval: refused unless approved with this hash, once at a time."""
        token = _holder_token()
        with self._file.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            row = _select(con, thread_id, segment_id)
            entry = _entry(row) if row else None
            if entry is None or entry.action != "approve" or entry.proposal_hash != hash_:
                outcome = "refused"
            elif entry.state == "published":
                outcome = "published"
            elif entry.state == "publishing" and _holder_alive(row["holder"], row["claimed_at"]):
                outcome = "in_progress"
            else:
                con.execute(
                    "UPDATE decisions SET state = 'publishing', holder = ?, claimed_at = ?,"
                    " attempts = attempts + 1, updated_at = ? WHERE thread_id = ? AND segment_id = ?",
                    [token, time.time(), utc_now(), thread_id, segment_id],
                )
                outcome = "claimed"
            con.execute("COMMIT")
        if outcome != "claimed":
            token = ""
        return Claim(outcome=outcome, entry=self.get(thread_id, segment_id), token=token)

    def finish(
        self,
        thread_id: str,
        segment_id: str,
        token: str,
        state: Literal["published", "failed"],
        result: dict[str, Any],
    ) -> bool:
        """Close a claim with its outcome; False if the claim was taken over meanwhile."""
        with self._file.connect() as con:
            cur = con.execute(
                "UPDATE decisions SET state = ?, result = ?, holder = NULL, updated_at = ?"
                " WHERE thread_id = ? AND segment_id = ? AND state = 'publishing' AND holder = ?",
                [state, json.dumps(result, default=str), utc_now(), thread_id, segment_id, token],
            )
            return cur.rowcount == 1

    def mark_delivered(self, thread_id: str, segment_id: str, destination: str, part: str) -> None:
        """Remember that one part (e.g. a webhook batch key) reached a destination."""
        with self._file.connect() as con:
            con.execute(
                "INSERT INTO deliveries VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [thread_id, segment_id, destination, part, utc_now()],
            )

    def delivered(self, thread_id: str, segment_id: str, destination: str) -> set[str]:
        """The parts already delivered to a destination, so a retry skips them."""
        with self._file.connect() as con:
            rows = con.execute(
                "SELECT part FROM deliveries WHERE thread_id = ? AND segment_id = ? AND destination = ?",
                [thread_id, segment_id, destination],
            ).fetchall()
        return {row["part"] for row in rows}

    def get(self, thread_id: str, segment_id: str) -> LedgerEntry | None:
        """The recorded decision on one proposal, or None."""
        with self._file.connect() as con:
            row = _select(con, thread_id, segment_id)
        return _entry(row) if row else None


def _select(con: sqlite3.Connection, thread_id: str, segment_id: str) -> sqlite3.Row | None:
    return con.execute(
        "SELECT * FROM decisions WHERE thread_id = ? AND segment_id = ?", [thread_id, segment_id]
    ).fetchone()


def _entry(row: sqlite3.Row) -> LedgerEntry:
    values = {key: row[key] for key in LedgerEntry.model_fields}
    values["destinations"] = json.loads(values["destinations"])
    values["result"] = json.loads(values["result"]) if values["result"] else None
    return LedgerEntry.model_validate(values)


def _holder_token() -> str:
    """Who holds a claim: host, pid and process start time (so a reused pid is not mistaken for it)."""
    me = psutil.Process()
    return f"{socket.gethostname()}|{me.pid}|{me.create_time():.2f}|{uuid.uuid4().hex}"


def _holder_alive(holder: str | None, claimed_at: float | None) -> bool:
    """Whether a claim's publisher may still be working: a live process here, or a fresh lease elsewhere."""
    if not holder:
        return False
    host, pid, started, _ = holder.split("|")
    if host != socket.gethostname():
        return time.time() - (claimed_at or 0.0) < LEASE_S
    try:
        process = psutil.Process(int(pid))
        return abs(process.create_time() - float(started)) < 1.0 and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
