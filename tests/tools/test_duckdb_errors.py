"""Failures become WarehouseErrors with a hint: bad files, locks, settings and engine errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse, open_writer
from segment_agent.tools.warehouse import WarehouseError


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.duckdb"
    with open_writer(path) as con:
        con.execute("CREATE TABLE customers AS SELECT range AS customer_id FROM range(1, 21)")
    return path


def open_warehouse(path: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(path, timeout_s=10, memory_limit="256MB", threads=1)


def test_engine_errors_become_warehouse_errors(db: Path) -> None:
    wh = open_warehouse(db)
    with pytest.raises(WarehouseError, match="Permission Error") as caught:
        wh.rows("SELECT * FROM read_text('/etc/passwd')")
    assert "sandboxed" in caught.value.hint
    assert isinstance(caught.value.__cause__, duckdb.PermissionException)
    with pytest.raises(WarehouseError, match="read-only"):
        wh.rows("DELETE FROM customers")
    with pytest.raises(WarehouseError, match="Table with name nowhere does not exist"):
        wh.count("SELECT id FROM nowhere")
    wh.close()


def _sqlite_file(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (a)")
    con.close()


def _garbled_duckdb(path: Path, db: Path) -> None:
    data = db.read_bytes()
    path.write_bytes(data[:4096] + bytes(range(256)) * ((len(data) - 4096) // 256))


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("missing.duckdb", None, "database file not found"),
        ("folder", lambda p, _: p.mkdir(), "is not a file"),
        ("empty.duckdb", lambda p, _: p.write_bytes(b""), "not a DuckDB database file"),
        ("notes.txt", lambda p, _: p.write_text("hello\n" * 100), "not a DuckDB database file"),
        ("legacy.sqlite", lambda p, _: _sqlite_file(p), "is a SQLite database, not DuckDB"),
        ("garbled.duckdb", _garbled_duckdb, "corrupt DuckDB database"),
    ],
)
def test_bad_files_raise_warehouse_error(tmp_path: Path, db: Path, name: str, make, message: str) -> None:
    path = tmp_path / name
    if make:
        make(path, db)
    with pytest.raises(WarehouseError, match=message) as caught:
        open_warehouse(path)
    assert caught.value.hint


def test_bad_memory_limit_is_a_warehouse_error(db: Path) -> None:
    with pytest.raises(WarehouseError, match="invalid memory limit"):
        DuckDBWarehouse(db, timeout_s=1, memory_limit="2 gigs", threads=1)


def test_writer_in_the_same_process_is_refused_while_open(db: Path) -> None:
    with open_warehouse(db), pytest.raises(WarehouseError, match="already open in this process"):
        open_writer(db)


def test_file_locked_by_another_process(db: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseError, match="locked by another process"):
            open_warehouse(db)
    finally:
        holder.stdin.close()
        holder.wait()
