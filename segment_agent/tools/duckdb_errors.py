"""Turn DuckDB exceptions into WarehouseErrors: DuckDB's own message plus a hint, never a traceback."""

from __future__ import annotations

from pathlib import Path

import duckdb

from segment_agent.tools.warehouse import WarehouseError

SANDBOX_HINT = (
    "the agent's connection is read-only and sandboxed (no files, extensions, ATTACH or settings); "
    "query only the warehouse tables"
)

# Checked in order; the first matching exception type gives the hint.
_QUERY_HINTS: list[tuple[type[duckdb.Error], str]] = [
    (duckdb.PermissionException, SANDBOX_HINT),
    (duckdb.ParserException, "check the SQL syntax"),
    (duckdb.CatalogException, "check table and function names (segment-agent catalog search)"),
    (duckdb.BinderException, "check column names and types (segment-agent catalog search)"),
    (duckdb.ConversionException, "check that literal values match the column types"),
    (duckdb.OutOfMemoryException, "narrow the query or raise SEGMENT_AGENT_MEMORY_LIMIT"),
    (duckdb.InvalidInputException, SANDBOX_HINT),
    (duckdb.InterruptException, "the query was cancelled; run it again"),
]

# DuckDB's memory hints suggest SET commands that the locked sandbox refuses.
_MISLEADING_TAIL = "\n\nPossible solutions:"


def duckdb_message(exc: BaseException) -> str:
    """DuckDB's error text without trailing advice that does not apply to the sandbox."""
    return str(exc).split(_MISLEADING_TAIL, 1)[0].strip()


def query_error(exc: duckdb.Error) -> WarehouseError:
    """The WarehouseError for a failed statement."""
    hint = next((h for kind, h in _QUERY_HINTS if isinstance(exc, kind)), None)
    return WarehouseError(duckdb_message(exc), hint)


# (substring of DuckDB's message, what happened to {path}, hint): the first match wins.
_OPEN_CASES: list[tuple[str, str, str]] = [
    (
        "not a valid DuckDB database file",
        "{path} is not a DuckDB database file",
        "pass a .duckdb file (segment-agent catalog build --db FILE)",
    ),
    (
        "Corrupt database file",
        "{path} is a corrupt DuckDB database",
        "rebuild it (segment-agent demo build) or restore a copy",
    ),
    (
        "Could not set lock",
        "{path} is locked by another process",
        "wait for the process writing to it to finish, or stop it",
    ),
    (
        "different configuration",
        "{path} is already open in this process with other settings",
        "close the other connection to this file first (e.g. the segment registry's writer)",
    ),
    (
        "Unknown unit for memory",
        "invalid memory limit for {path}",
        "set SEGMENT_AGENT_MEMORY_LIMIT to a size such as 2GB",
    ),
]


def open_error(path: Path, exc: duckdb.Error) -> WarehouseError:
    """The WarehouseError for a database file that DuckDB could not open."""
    text = duckdb_message(exc)
    for needle, what, hint in _OPEN_CASES:
        if needle in text:
            return WarehouseError(f"{what.format(path=path)}: {text}", hint)
    return WarehouseError(f"cannot open {path}: {text}", "check that the file is a readable DuckDB database")
