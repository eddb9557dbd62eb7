"""The audit log of decisions: who decided what on which proposal (by hash), when, and what came of it.

Append-only: a SQLite file in the data home whose triggers refuse UPDATE and DELETE. Refused
attempts (stale cards, wrong role, already decided) are recorded too.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from segment_agent.settings import Settings
from segment_agent.tools.clock import utc_now
from segment_agent.tools.sqlite_file import SqliteFile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL,
    thread_id TEXT NOT NULL, proposal_id TEXT NOT NULL, proposal_hash TEXT NOT NULL, action TEXT NOT NULL,
    destinations TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class AuditEntry(BaseModel):
    """One decision attempt (or a refresh); outcome is accepted, refused, forbidden or failed."""

    id: int
    at: str
    user: str
    role: str
    thread_id: str
    proposal_id: str
    proposal_hash: str
    action: str
    destinations: list[str]
    outcome: str
    detail: str


def audit_path(settings: Settings) -> Path:
    """The audit file of this data home."""
    return settings.home / "audit.sqlite"


class AuditLog:
    """Append and read audit entries; each call opens its own connection (safe from any thread)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._file = SqliteFile(self.path, _SCHEMA)

    def record(
        self,
        *,
        user: str,
        role: str,
        thread_id: str,
        proposal_id: str,
        proposal_hash: str,
        action: str,
        destinations: list[str],
        outcome: str,
        detail: str = "",
    ) -> AuditEntry:
        """Append one entry and return it."""
        at = utc_now(timespec="milliseconds")
        row = [
            at,
            user,
            role,
            thread_id,
            proposal_id,
            proposal_hash,
            action,
            json.dumps(destinations),
            outcome,
            detail[:2000],
        ]
        with self._file.connect() as con:
            cur = con.execute(
                "INSERT INTO audit (at, user, role, thread_id, proposal_id, proposal_hash, action,"
                " destinations, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            entry_id = cur.lastrowid
        return AuditEntry(
            id=entry_id or 0,
            at=at,
            user=user,
            role=role,
            thread_id=thread_id,
            proposal_id=proposal_id,
            proposal_hash=proposal_hash,
            action=action,
            destinations=destinations,
            outcome=outcome,
            detail=detail[:2000],
        )

    def entries(self, thread_id: str | None = None, limit: int = 200) -> list[AuditEntry]:
        """The latest entries first, optionally of one conversation."""
        where, params = ("WHERE thread_id = ?", [thread_id]) if thread_id else ("", [])
        with self._file.connect() as con:
            rows = con.execute(
                f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit]
            ).fetchall()
        return [
            AuditEntry.model_validate({**dict(row), "destinations": json.loads(row["destinations"])})
            for row in rows
        ]
