"""Fixtures over the session demo database: a read-only connection and its generation days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session demo database."""
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def as_of(con: duckdb.DuckDBPyConnection) -> dt.date:
    return dt.date.fromisoformat(con.execute("SELECT value FROM _meta WHERE key = 'as_of'").fetchall()[0][0])


@pytest.fixture(scope="module")
def freeze(as_of: dt.date) -> dt.date:
    return as_of - dt.timedelta(days=540)
