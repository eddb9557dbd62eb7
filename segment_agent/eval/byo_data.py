"""The bring-your-own (BYO) eval database: a video streaming service that is not the demo.

Another domain, other names, no annotations and no column comments, so the planner can only
rely on profiling and schema search. Tables: `members` (the entity, `member_id`), `titles`,
`plays` and `payments`. Its own look-alike traps: `lifetime_paid` is a frozen copy of
`total_paid_usd` (empty for members who joined after the freeze), `last_seen_on` a stale copy
of `last_watched_at`, and scope look-alikes `tv_minutes_30d` (TV only, vs `watch_minutes_30d`)
and `last_app_open` (mobile app only). Built with set-based SQL, deterministic for a seed and day.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

from segment_agent.eval import byo_tables
from segment_agent.settings import Settings
from segment_agent.tools.demo.random_sql import create_macros

FREEZE_DAYS = 270  # lifetime_paid and last_seen_on stopped being updated this many days before as_of


def byo_db_path(settings: Settings) -> Path:
    """Where `database: byo` of a goal file lives: under the data home."""
    return settings.home / "byo" / "byo.duckdb"


def ensure_byo(settings: Settings, members: int = 10_000, seed: int = 11) -> Path:
    """The data home's BYO database, built on first use."""
    path = byo_db_path(settings)
    return path if path.exists() else build_byo(path, members=members, seed=seed)


def build_byo(path: Path, members: int = 10_000, seed: int = 11, as_of: dt.date | None = None) -> Path:
    """Write the BYO database to `path` atomically (a temporary file renamed at the end)."""
    as_of = as_of or dt.date.today()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        create_macros(con, seed)
        a = f"DATE '{as_of.isoformat()}'"
        byo_tables.traits(con, members, a)
        byo_tables.titles(con)
        byo_tables.plays(con, a)
        byo_tables.payments(con, a)
        byo_tables.members(con, a, f"DATE '{(as_of - dt.timedelta(days=FREEZE_DAYS)).isoformat()}'")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return path
