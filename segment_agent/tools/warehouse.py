"""The warehouse adapter interface: what the agent, dry run and catalog need from any SQL engine."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from segment_agent.errors import UserError


class WarehouseError(UserError):
    """A query or connection failed: the engine's message plus a hint the user or planner can act on."""


class QueryTimeout(WarehouseError):
    """A query ran past the time limit and was interrupted; the connection stays usable."""


@runtime_checkable
class Warehouse(Protocol):
    """A read-only, time-limited SQL engine.

    Segment SQL is one SELECT whose first column is the entity key (e.g. `customer_id`);
    NULL keys are not members.
    """

    dialect: str  # sqlglot dialect name, e.g. "duckdb"

    def rows(self, sql: str, params: list | None = None, limit: int | None = None) -> list[tuple]:
        """Run one statement and return its rows (at most `limit` when given)."""
        ...

    def dicts(self, sql: str, params: list | None = None, limit: int | None = None) -> list[dict]:
        """Like `rows`, each row as a dict keyed by column name."""
        ...

    def count(self, segment_sql: str) -> int:
        """Number of distinct members of the segment."""
        ...

    def member_ids(self, segment_sql: str) -> list[int]:
        """The segment's distinct entity keys, sorted ascending."""
        ...

    def key_array(self, sql: str) -> np.ndarray:
        """The first column of one SELECT as a NumPy array: no Python object per row."""
        ...

    def unique_key(self, table: str, key: str) -> bool:
        """Whether `key` is unique and never NULL in `table` (a read-only warehouse may cache it)."""
        ...

    def sample(self, segment_sql: str, columns: list[str], n: int, table: str, key: str) -> list[dict]:
        """Up to `n` members joined to `table` on `key`, with `key` then `columns`, in a stable order."""
        ...

    def explain(self, sql: str) -> None:
        """Check that `sql` is one SELECT that binds against the schema, without running it."""
        ...

    def close(self) -> None:
        """Release the connection; later calls raise WarehouseError."""
        ...
