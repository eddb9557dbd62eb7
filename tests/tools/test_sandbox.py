"""Each attack fails on the sandboxed DuckDB connection itself, with no SQL guard in front of it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from segment_agent.tools.sandbox import TimeLimit, connect_sandboxed, open_writer
from segment_agent.tools.warehouse import WarehouseError

RUNAWAY = "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with open_writer(path) as con:
        con.execute("CREATE TABLE customers AS SELECT range AS customer_id FROM range(10)")
    (tmp_path / "file.csv").write_text("a,b\n1,2\n")
    return path


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect_sandboxed(db, memory_limit="256MB", threads=1)
    yield connection
    connection.close()


FILE_ERROR = (duckdb.PermissionException, "file system operations are disabled")
LOCKED = (duckdb.InvalidInputException, "the configuration has been locked")
READ_ONLY = (duckdb.InvalidInputException, "read-only mode")

ATTACKS: dict[str, tuple[str, tuple[type[Exception], str]]] = {
    "read_text": ("SELECT * FROM read_text('/etc/passwd')", FILE_ERROR),
    "read_blob": ("SELECT * FROM read_blob('/etc/passwd')", FILE_ERROR),
    "read_csv real file": ("SELECT * FROM read_csv('{tmp}/file.csv')", FILE_ERROR),
    "FROM absolute csv": ("SELECT * FROM '{tmp}/file.csv'", FILE_ERROR),
    "FROM relative csv": ("SELECT * FROM 'file.csv'", FILE_ERROR),
    "FROM url": ("SELECT * FROM 'http://127.0.0.1:9/x.csv'", FILE_ERROR),
    # Without replacement scans a quoted path is just an unknown table name.
    "FROM /etc/passwd": ("SELECT * FROM '/etc/passwd'", (duckdb.CatalogException, "does not exist")),
    "query() reading a file": ("SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')", FILE_ERROR),
    "glob": ("SELECT * FROM glob('/etc/*')", FILE_ERROR),
    "COPY FROM": ("COPY customers FROM '{tmp}/file.csv'", FILE_ERROR),
    "ATTACH file": ("ATTACH '{tmp}/other.duckdb' AS other", FILE_ERROR),
    "ATTACH memory": ("ATTACH ':memory:' AS scratch", (duckdb.CatalogException, "read-only mode")),
    "INSTALL": ("INSTALL httpfs", FILE_ERROR),
    "INSTALL FROM url": ("FORCE INSTALL httpfs FROM 'http://127.0.0.1:9'", FILE_ERROR),
    "LOAD": ("LOAD httpfs", (duckdb.PermissionException, "Loading external extensions is disabled")),
    "LOAD path": ("LOAD '{tmp}/x.duckdb_extension'", (duckdb.PermissionException, "is disabled")),
    "CREATE SECRET": ("CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')", FILE_ERROR),
    "SET external access": ("SET enable_external_access = true", LOCKED),
    "SET memory_limit": ("SET memory_limit = '64GB'", LOCKED),
    "SET lock_configuration": ("SET lock_configuration = false", LOCKED),
    "SET allowed_directories": ("SET allowed_directories = ['/etc']", LOCKED),
    "RESET memory_limit": ("RESET memory_limit", LOCKED),
    "PRAGMA memory_limit": ("PRAGMA memory_limit = '64GB'", LOCKED),
    "PRAGMA enable_profiling": ("PRAGMA enable_profiling", LOCKED),
    "SET profiling_output": ("SET profiling_output = '{tmp}/profile.json'", LOCKED),
    "CREATE TABLE": ("CREATE TABLE t (a INTEGER)", READ_ONLY),
    "INSERT": ("INSERT INTO customers VALUES (99)", READ_ONLY),
    "UPDATE": ("UPDATE customers SET customer_id = 0", READ_ONLY),
    "DROP": ("DROP TABLE customers", READ_ONLY),
    # getenv exists only in the DuckDB shell, not in the Python client.
    "getenv": ("SELECT getenv('HOME')", (duckdb.CatalogException, "getenv does not exist")),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_fails_on_the_connection(
    name: str, con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    duckdb.connect(str(tmp_path / "other.duckdb")).close()
    sql, (error, message) = ATTACKS[name]
    with pytest.raises(error, match=message):
        con.execute(sql.format(tmp=tmp_path)).fetchall()
    assert con.execute("SELECT count(*) FROM customers").fetchone() == (10,)
    assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)


@pytest.mark.parametrize(
    "sql",
    [
        "COPY customers TO '{out}'",
        "COPY (SELECT 1) TO '{out}' (FORMAT parquet)",
        "EXPORT DATABASE '{out}'",
    ],
)
def test_writing_files_creates_nothing(con: duckdb.DuckDBPyConnection, tmp_path: Path, sql: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(duckdb.PermissionException):
        con.execute(sql.format(out=out))
    assert not out.exists()


def test_locked_settings_keep_their_values(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.InvalidInputException):
        con.execute("SET memory_limit = '64GB'")
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0].startswith("244")
    assert con.execute("SELECT current_setting('threads')").fetchone() == (1,)


def test_cursors_share_the_sandbox(con: duckdb.DuckDBPyConnection) -> None:
    cursor = con.cursor()
    with pytest.raises(duckdb.PermissionException):
        cursor.execute("SELECT * FROM read_text('/etc/passwd')")
    with pytest.raises(duckdb.InvalidInputException, match="locked"):
        cursor.execute("SET enable_external_access = true")


def test_known_allowances_the_sql_guard_must_block(con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Allowed by DuckDB 2.0 even in the sandbox: harmless to the data, but the guard rejects them."""
    assert con.execute("SELECT current_setting('threads')").fetchone() == (1,)
    databases = con.execute("SELECT path FROM duckdb_databases() WHERE path IS NOT NULL").fetchall()
    assert (str(db),) in databases  # settings and catalog functions reveal the file's path
    con.execute("LOAD json")  # statically linked extensions load; downloadable ones do not
    con.execute("CREATE TEMP TABLE scratch AS SELECT 1 AS a")  # in memory, bounded by memory_limit
    assert con.execute("SELECT a FROM scratch").fetchall() == [(1,)]


def test_time_limit_interrupts_and_the_connection_recovers(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.InterruptException), TimeLimit(con, 0.2) as limit:
        con.execute(RUNAWAY).fetchall()
    assert limit.fired
    assert con.execute("SELECT 1").fetchall() == [(1,)]


def test_time_limit_never_fires_after_its_block(con: duckdb.DuckDBPyConnection) -> None:
    with TimeLimit(con, 0.05) as limit:
        con.execute("SELECT 1").fetchall()
    time.sleep(0.15)
    assert not limit.fired
    assert con.execute("SELECT count(*) FROM range(3000000)").fetchone() == (3000000,)


def test_writer_writes_but_still_has_no_external_access(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with open_writer(path) as writer:
        writer.execute("CREATE TABLE segments (id INTEGER)")
        writer.execute("INSERT INTO segments VALUES (1)")
        with pytest.raises(duckdb.PermissionException):
            writer.execute("SELECT * FROM read_text('/etc/passwd')")
        with pytest.raises(duckdb.PermissionException):
            writer.execute(f"COPY segments TO '{tmp_path / 'out.csv'}'")
    assert not (tmp_path / "out.csv").exists()
    with connect_sandboxed(path, memory_limit="256MB", threads=1) as reader:
        assert reader.execute("SELECT id FROM segments").fetchall() == [(1,)]


def test_sandbox_and_writer_refuse_bad_files(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 50)
    with pytest.raises(WarehouseError, match="not found"):
        connect_sandboxed(tmp_path / "missing.duckdb", memory_limit="256MB", threads=1)
    with pytest.raises(WarehouseError, match="not a DuckDB database file"):
        open_writer(text)
