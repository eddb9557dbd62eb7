"""A small SQLite file of the data home (ledger, audit, web index): its schema and short connections."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SqliteFile:
    """Created with its schema in WAL mode; every call opens its own connection (any thread, any process)."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(schema)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """Autocommit (callers open IMMEDIATE transactions when they need one); waits out other writers."""
        con = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            yield con
        finally:
            con.close()
