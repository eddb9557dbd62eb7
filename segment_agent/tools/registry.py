"""The segment registry: published segments (definition, owner, approver) and membership snapshots.

It lives in its own DuckDB file in the data home (`registry.duckdb`), not in the warehouse: the
agent keeps the warehouse open read-only in a sandbox, and DuckDB refuses a second connection to
one file with other settings in the same process. Membership is computed by running the approved
SQL through the warehouse (Warehouse.member_ids) and the ids are written here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb
from pydantic import BaseModel

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.clock import utc_now
from segment_agent.tools.registry_model import Drift, SegmentRecord
from segment_agent.tools.sandbox import open_writer
from segment_agent.tools.warehouse import WarehouseError

LOCK_WAIT_S = 30.0
# DuckDB conflicts between two writer connections of one process; serialise them per registry file.
_PROCESS_LOCKS: dict[Path, threading.RLock] = {}
_PROCESS_LOCKS_GUARD = threading.Lock()
M = TypeVar("M", bound=BaseModel)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    id VARCHAR PRIMARY KEY, name VARCHAR, description VARCHAR, goal VARCHAR, sql VARCHAR, entity VARCHAR,
    database VARCHAR, proposal_hash VARCHAR, owner VARCHAR, approver VARCHAR, approved_at VARCHAR,
    thread_id VARCHAR, proposal_id VARCHAR, dynamic BOOLEAN, size BIGINT, version INTEGER,
    created_at VARCHAR, refreshed_at VARCHAR);
CREATE TABLE IF NOT EXISTS members (segment_id VARCHAR, member_id BIGINT);
CREATE TABLE IF NOT EXISTS snapshots (
    segment_id VARCHAR, version INTEGER, taken_at VARCHAR, size BIGINT, added BIGINT, removed BIGINT);
"""
_DEFINITION = (
    "name",
    "description",
    "goal",
    "sql",
    "entity",
    "database",
    "proposal_hash",
    "owner",
    "approver",
    "approved_at",
    "thread_id",
    "proposal_id",
    "dynamic",
)


def registry_path(settings: Settings) -> Path:
    """The registry file of this data home."""
    return settings.home / "registry.duckdb"


class Registry:
    """The registry file; each call opens and closes its own connection, waiting out other writers."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(_SCHEMA)

    def publish(self, record: SegmentRecord, member_ids: list[int]) -> Drift:
        """Insert or update the definition (keyed by id, so a repeat is harmless) and snapshot its members."""
        now = utc_now()
        values = [getattr(record, name) for name in _DEFINITION]
        updates = ", ".join(f"{name} = excluded.{name}" for name in _DEFINITION)
        with self._connect() as con:
            con.begin()
            con.execute(
                f"INSERT INTO segments (id, {', '.join(_DEFINITION)}, size, version, created_at,"
                f" refreshed_at) VALUES (?, {', '.join('?' for _ in _DEFINITION)}, 0, 0, ?, ?)"
                f" ON CONFLICT (id) DO UPDATE SET {updates}",
                [record.id, *values, now, now],
            )
            drift = _snapshot(con, record.id, member_ids, now)
            con.commit()
        return drift

    def refresh(self, segment_id: str, member_ids: list[int]) -> Drift:
        """Replace a dynamic segment's members with a fresh computation and report the drift."""
        record = self.get(segment_id)
        if not record.dynamic:
            raise UserError(
                f"Segment {record.id} is static: its membership was fixed when it was published.",
                "Publish a new segment to change it.",
            )
        with self._connect() as con:
            con.begin()
            drift = _snapshot(con, record.id, member_ids, utc_now())
            con.commit()
        return drift

    def list(self) -> list[SegmentRecord]:
        """Every segment, newest first."""
        with self._connect() as con:
            return _models(SegmentRecord, con.execute("SELECT * FROM segments ORDER BY created_at DESC, id"))

    def get(self, ref: str) -> SegmentRecord:
        """The segment whose id is `ref` or starts with it; UserError when none or several match."""
        segments = self.list()
        exact = [s for s in segments if s.id == ref]
        matches = exact or [s for s in segments if s.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UserError(f"There is no segment {ref!r}.", "List them with `segment-agent segments list`.")
        raise UserError(
            f"{ref!r} matches {len(matches)} segments: {', '.join(s.id for s in matches[:5])}.",
            "Give more of the id.",
        )

    def members(self, segment_id: str) -> list[int]:
        """The member ids of the latest snapshot, ascending."""
        with self._connect() as con:
            rows = con.execute("SELECT member_id FROM members WHERE segment_id = ? ORDER BY 1", [segment_id])
            return [row[0] for row in rows.fetchall()]

    def history(self, segment_id: str) -> list[Drift]:
        """Every snapshot that changed the membership, newest first."""
        with self._connect() as con:
            result = con.execute(
                "SELECT segment_id, version, size - added + removed AS before, size AS after, added,"
                " removed, added - removed AS net, taken_at AS at FROM snapshots WHERE segment_id = ?"
                " ORDER BY version DESC",
                [segment_id],
            )
            return _models(Drift, result)

    def published_members(self, database: str) -> dict[str, list[int]]:
        """Members of every segment published from `database`, by id: what dry runs measure overlap with."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT s.id, list(m.member_id ORDER BY m.member_id) FROM segments s"
                " JOIN members m ON m.segment_id = s.id WHERE s.database = ? GROUP BY s.id ORDER BY s.id",
                [database],
            ).fetchall()
        return {segment_id: list(ids) for segment_id, ids in rows}

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writer connection; another process holding the file's lock is waited for, up to LOCK_WAIT_S."""
        with _PROCESS_LOCKS_GUARD:
            lock = _PROCESS_LOCKS.setdefault(self.path.resolve(), threading.RLock())
        with lock, self._open() as con:
            yield con

    @contextmanager
    def _open(self) -> Iterator[duckdb.DuckDBPyConnection]:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                con = open_writer(self.path)
                break
            except WarehouseError as err:
                if not isinstance(err.__cause__, duckdb.IOException) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        try:
            yield con
        finally:
            con.close()


def _snapshot(con: duckdb.DuckDBPyConnection, segment_id: str, member_ids: list[int], now: str) -> Drift:
    """Replace the members of `segment_id`, bumping its version when they changed; inside a transaction."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fresh AS SELECT DISTINCT unnest(?::BIGINT[]) AS member_id", [member_ids]
    )
    old = "SELECT member_id FROM members WHERE segment_id = $1"
    before, after, added, removed, version = con.execute(
        f"SELECT (SELECT count(*) FROM ({old})), (SELECT count(*) FROM fresh),"
        f" (SELECT count(*) FROM (SELECT member_id FROM fresh EXCEPT {old})),"
        f" (SELECT count(*) FROM ({old} EXCEPT SELECT member_id FROM fresh)),"
        " (SELECT version FROM segments WHERE id = $1)",
        [segment_id],
    ).fetchone()
    if added or removed or version == 0:
        version += 1
        con.execute("DELETE FROM members WHERE segment_id = ?", [segment_id])
        con.execute("INSERT INTO members SELECT ?, member_id FROM fresh ORDER BY member_id", [segment_id])
        con.execute(
            "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?)",
            [segment_id, version, now, after, added, removed],
        )
    con.execute(
        "UPDATE segments SET size = ?, version = ?, refreshed_at = ? WHERE id = ?",
        [after, version, now, segment_id],
    )
    con.execute("DROP TABLE fresh")
    return Drift(segment_id=segment_id, version=version, before=before, after=after, added=added,
                 removed=removed, net=after - before, at=now)  # fmt: skip


def _models(model: type[M], result: duckdb.DuckDBPyConnection) -> list[M]:
    names = [column[0] for column in result.description]
    return [model.model_validate(dict(zip(names, row, strict=True))) for row in result.fetchall()]
