"""Write a segment's member ids to a CSV or Parquet file, atomically.

The file is written by DuckDB's COPY from a private in-memory connection that may touch only the
target directory, into a temporary name that is renamed into place: a reader (or a publication
retried after a crash) never sees a half-written file, and rewriting the same file is harmless.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Literal

import duckdb

from segment_agent.tools.duckdb_statements import quote_ident
from segment_agent.tools.sandbox import HARDENING

ExportFormat = Literal["csv", "parquet"]


def export_path(directory: Path, segment_id: str, fmt: ExportFormat, destination: str | None = None) -> Path:
    """The file of one segment (and destination, when publishing) in `directory`."""
    stem = f"{segment_id}__{destination}" if destination else segment_id
    return Path(directory) / f"{stem}.{fmt}"


def write_members(ids: list[int], path: Path, fmt: ExportFormat, column: str) -> Path:
    """Write `ids` (ascending) as one column named `column` to `path`, replacing it atomically."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    con = _connect(path.parent)
    try:
        con.execute(f"CREATE TABLE members AS SELECT unnest(?::BIGINT[]) AS {quote_ident(column)}", [ids])
        options = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT parquet"
        con.execute(f"COPY (SELECT * FROM members ORDER BY 1) TO {_literal(partial)} ({options})")
    finally:
        con.close()
    try:
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _connect(directory: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that can write files in `directory` and nowhere else."""
    config = {k: v for k, v in HARDENING.items() if k != "enable_external_access"}
    con = duckdb.connect(":memory:", config=config)
    # allowed_directories must be set before external access is turned off (dependency-notes.md).
    con.execute("SET allowed_directories = ?", [[str(directory)]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
