"""The embedded warehouse: DuckDB behind the Warehouse interface, sandboxed and time-limited."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import duckdb
import numpy as np

from segment_agent.settings import Settings
from segment_agent.tools.duckdb_errors import query_error
from segment_agent.tools.duckdb_statements import (
    members_subquery,
    quote_ident,
    select_body,
    single_statement,
)
from segment_agent.tools.sandbox import TimeLimit, connect_sandboxed, open_writer
from segment_agent.tools.warehouse import QueryTimeout, WarehouseError

__all__ = ["DuckDBWarehouse", "open_writer"]

DENSE_KEYS = 64  # integer keys spanning at most this many values per row are checked with a bitmap


# Key types NumPy would round (to float64) or cannot hold: fetched as exact Python values instead.
_INEXACT_IN_NUMPY = ("HUGEINT", "UHUGEINT", "DECIMAL")

class DuckDBWarehouse:
    """A DuckDB file opened read-only in the sandbox (see sandbox.py), every call under a time limit.

    Thread-safe: each call runs on its own cursor (a connection to the same database), so calls
    from several threads run concurrently, and a timeout interrupts only its own query.
    """

    dialect = "duckdb"

    def __init__(self, path: Path, *, timeout_s: float, memory_limit: str, threads: int) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._con: duckdb.DuckDBPyConnection | None = connect_sandboxed(
            self.path, memory_limit=memory_limit, threads=threads
        )
        self._lock = threading.Lock()
        self._unique: dict[tuple[str, str], bool] = {}

    @classmethod
    def from_settings(cls, path: Path, settings: Settings) -> DuckDBWarehouse:
        """Open `path` with the configured time limit, memory limit and threads."""
        return cls(
            path,
            timeout_s=settings.query_timeout_s,
            memory_limit=settings.memory_limit,
            threads=settings.threads,
        )

    def rows(self, sql: str, params: list | None = None, limit: int | None = None) -> list[tuple]:
        """Run one statement and return its rows; `limit` (queries only) is pushed into the query."""
        with self._cursor() as cur:
            return self._execute(cur, sql, params, limit).fetchall()

    def dicts(self, sql: str, params: list | None = None, limit: int | None = None) -> list[dict]:
        """Like `rows`, each row as a dict keyed by column name."""
        with self._cursor() as cur:
            result = self._execute(cur, sql, params, limit)
            names = [column[0] for column in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def count(self, segment_sql: str) -> int:
        """Number of distinct non-NULL entity keys (first column) the segment selects."""
        with self._cursor() as cur:
            members = _members(cur, segment_sql)
            return cur.execute(f"SELECT count(*) FROM {members}").fetchone()[0]

    def member_ids(self, segment_sql: str) -> list[int]:
        """The segment's distinct non-NULL entity keys (first column), sorted ascending."""
        with self._cursor() as cur:
            members = _members(cur, segment_sql)
            return [row[0] for row in cur.execute(f"SELECT _member FROM {members} ORDER BY 1").fetchall()]

    def key_array(self, sql: str) -> np.ndarray:
        """The first column of one SELECT as a NumPy array (NULLs masked), fetched without Python rows.

        Keys NumPy cannot hold exactly (HUGEINT or DECIMAL become float64, UHUGEINT fails) come back
        as exact Python values in an object array, so that no two ids compare equal by rounding.
        """
        with self._cursor() as cur:
            result = cur.execute(select_body(cur, sql))
            if str(result.description[0][1]).startswith(_INEXACT_IN_NUMPY):
                return np.array([row[0] for row in result.fetchall()], dtype=object)
            return next(iter(result.fetchnumpy().values()))

    def unique_key(self, table: str, key: str) -> bool:
        """Whether `key` is unique and never NULL in `table`; checked once, as the file cannot change under
        a read-only connection. Integer keys in a dense range are checked with a bitmap, not a hash table."""
        if (table, key) not in self._unique:
            self._unique[(table, key)] = self._check_unique(quote_ident(table), quote_ident(key))
        return self._unique[(table, key)]

    def _check_unique(self, table: str, key: str) -> bool:
        with self._cursor() as cur:
            rows, keys, low, high = cur.execute(
                f"SELECT count(*), count({key}), min({key}), max({key}) FROM {table}"
            ).fetchone()
            if rows != keys:
                return False
            if type(low) is int and type(high) is int and high - low <= DENSE_KEYS * rows:  # not bool
                sql = f"SELECT bit_count(bitstring_agg({key}, {low}, {high})) FROM {table}"
            else:
                sql = f"SELECT count(DISTINCT {key}) FROM {table}"
            return cur.execute(sql).fetchone()[0] == rows

    def sample(self, segment_sql: str, columns: list[str], n: int, table: str, key: str) -> list[dict]:
        """Up to `n` members joined to `table` on `key`, as dicts of `key` then `columns`.

        Ordered by a hash of the key: the same members every time, spread over the whole segment
        rather than the lowest ids.
        """
        names = [key, *(c for c in columns if c != key)]
        select = ", ".join(f"t.{quote_ident(name)}" for name in names)
        with self._cursor() as cur:
            members = _members(cur, segment_sql)
            sql = (
                f"SELECT {select} FROM {members} JOIN {quote_ident(table)} AS t "
                f"ON t.{quote_ident(key)} = m._member ORDER BY hash(m._member), m._member LIMIT ?"
            )
            return [dict(zip(names, row, strict=True)) for row in cur.execute(sql, [n]).fetchall()]

    def explain(self, sql: str) -> None:
        """Check that `sql` is one SELECT that binds against the schema, without running it."""
        with self._cursor() as cur:
            cur.execute(f"EXPLAIN {select_body(cur, sql)}")

    def close(self) -> None:
        """Close the connection; later calls raise WarehouseError."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> DuckDBWarehouse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor for one call, interrupted after `timeout_s`; DuckDB errors become WarehouseError."""
        with self._lock:
            if self._con is None:
                raise WarehouseError(f"the warehouse {self.path} is closed", "open it again")
            cur = self._con.cursor()
        limit = TimeLimit(cur, self.timeout_s)
        try:
            with limit:
                yield cur
        except duckdb.InterruptException as exc:
            if not limit.fired:
                raise query_error(exc) from exc
            raise QueryTimeout(
                f"query took longer than {self.timeout_s:g} s",
                "narrow the segment, or raise SEGMENT_AGENT_QUERY_TIMEOUT_S",
            ) from exc
        except duckdb.Error as exc:
            raise query_error(exc) from exc
        finally:
            cur.close()

    @staticmethod
    def _execute(
        cur: duckdb.DuckDBPyConnection, sql: str, params: list | None, limit: int | None
    ) -> duckdb.DuckDBPyConnection:
        """Run the single statement in `sql`; a LIMIT is pushed into SELECTs so they stop early."""
        if limit is None:
            return cur.execute(single_statement(cur, sql), params)
        return cur.execute(f"SELECT * FROM (\n{select_body(cur, sql)}\n) AS _q LIMIT {int(limit)}", params)


def _members(cur: duckdb.DuckDBPyConnection, segment_sql: str) -> str:
    """A FROM item `m(_member)` of the segment's distinct non-NULL keys, its first column."""
    return f"{members_subquery(select_body(cur, segment_sql))} AS m"
