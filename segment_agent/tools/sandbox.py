"""Open DuckDB safely: the agent's sandboxed read-only connection, the registry's narrow writer,
and a time limit by interrupt (DuckDB has no statement timeout)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

import duckdb

from segment_agent.tools.duckdb_errors import open_error
from segment_agent.tools.warehouse import WarehouseError

# No files, URLs or extension downloads from SQL, ever: read_only alone still allows read_text,
# FROM 'file.csv', COPY ... TO and query(). See dependency-notes.md, "DuckDB 2.0 as a sandbox".
HARDENING: dict[str, str | bool | int] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_database_file(path: Path) -> None:
    """Fail with a clear WarehouseError before DuckDB sees a path that cannot be a database."""
    if not path.exists():
        raise WarehouseError(
            f"database file not found: {path}",
            "build the demo (segment-agent demo build) or pass an existing DuckDB file with --db",
        )
    if not path.is_file():
        raise WarehouseError(f"{path} is not a file", "pass the path of a DuckDB database file")
    with path.open("rb") as handle:
        if handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC:
            raise WarehouseError(
                f"{path} is a SQLite database, not DuckDB",
                "copy it into a DuckDB file first (duckdb shell: ATTACH 'x.sqlite' (TYPE sqlite); "
                "then COPY FROM DATABASE)",
            )


def connect_sandboxed(path: Path, *, memory_limit: str, threads: int) -> duckdb.DuckDBPyConnection:
    """The agent's connection: read-only, no external access or extensions, settings locked."""
    path = Path(path)
    check_database_file(path)
    config = {**HARDENING, "memory_limit": memory_limit, "threads": threads, "lock_configuration": True}
    try:
        return duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as exc:
        raise open_error(path, exc) from exc


def open_writer(path: Path) -> duckdb.DuckDBPyConnection:
    """The one write path, used only by the segment registry: a normal read-write connection
    (the file is created if absent) with external access and extension loading still off.

    DuckDB refuses a second connection to the same file with different settings in one
    process, so close the DuckDBWarehouse on `path` before writing (and the writer after).
    """
    path = Path(path)
    if path.exists():
        check_database_file(path)
    try:
        return duckdb.connect(str(path), config={**HARDENING, "lock_configuration": True})
    except duckdb.Error as exc:
        raise open_error(path, exc) from exc


class TimeLimit:
    """Interrupts `con` if the `with` block outlives `seconds`; `fired` says whether it did.

    The lock makes sure the interrupt never lands after the block has ended, so it cannot
    cancel the connection's next query.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float) -> None:
        self._con = con
        self._lock = threading.Lock()
        self._active = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self.seconds = seconds
        self.fired = False

    def __enter__(self) -> TimeLimit:
        self._active = True
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._active = False
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            if self._active:
                self.fired = True
                self._con.interrupt()
