"""build_demo: generate the demo CDP into one DuckDB file, atomically, with its annotations.

Everything runs as set-based SQL inside DuckDB; the steps below are the only Python loop.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
from pydantic import BaseModel

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.demo.annotations import write_annotations
from segment_agent.tools.demo.batches import batches
from segment_agent.tools.demo.email import create_email_events
from segment_agent.tools.demo.engagement import create_campaigns, create_sessions
from segment_agent.tools.demo.meta import write_meta
from segment_agent.tools.demo.orders import create_orders, create_support_tickets
from segment_agent.tools.demo.people import FREEZE_DAYS, create_people
from segment_agent.tools.demo.profile import add_customers, create_vip_cut
from segment_agent.tools.demo.random_sql import create_macros
from segment_agent.tools.demo.traits import create_traits

MIN_CUSTOMERS = 100
Progress = Callable[[str, float], None]
Step = Callable[[duckdb.DuckDBPyConnection], None]


class DemoInfo(BaseModel):
    """What build_demo produced."""

    path: Path
    annotations_path: Path
    as_of: dt.date
    freeze_date: dt.date
    seed: int
    customers: int
    row_counts: dict[str, int]
    seconds: float


def annotations_path(db_path: Path) -> Path:
    """The catalog annotation YAML that belongs to a demo database file."""
    return Path(db_path).with_suffix(".annotations.yaml")


def _steps(customers: int, as_of: dt.date, freeze: dt.date) -> list[tuple[str, float, Step]]:
    """(label, share of the work, function of the connection), in build order."""

    def people(con: duckdb.DuckDBPyConnection) -> None:
        create_traits(con, customers)
        create_people(con, as_of)

    def commerce(con: duckdb.DuckDBPyConnection) -> None:
        create_orders(con, as_of)
        create_support_tickets(con, as_of)
        create_vip_cut(con, freeze)

    def email(con: duckdb.DuckDBPyConnection) -> None:
        create_campaigns(con, as_of)
        create_email_events(con, as_of)

    steps: list[tuple[str, float, Step]] = [
        ("customers", 0.04, people),
        ("orders", 0.08, commerce),
        ("sessions", 0.12, lambda con: create_sessions(con, as_of)),
        ("email events", 0.12, email),
    ]
    parts = batches(customers)
    for i, batch in enumerate(parts, start=1):
        label = "profile" if len(parts) == 1 else f"profile {i}/{len(parts)}"
        steps.append((label, 0.64 / len(parts), lambda con, b=batch: add_customers(con, as_of, freeze, b)))
    return steps


def _check_input(path: Path, customers: int, seed: int) -> None:
    if not -(2**63) <= seed < 2**63:
        raise UserError(f"The seed must fit in 64 bits, got {seed}.", "Use a smaller --seed.")
    if customers < MIN_CUSTOMERS:
        raise UserError(
            f"The demo needs at least {MIN_CUSTOMERS} customers, got {customers}.",
            f"Use --customers {MIN_CUSTOMERS} or more (the default demo has 200,000).",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(
            f"Cannot create the directory {path.parent}: {err.strerror}.", "Choose a writable --out."
        ) from err
    if path.is_dir() or not os.access(path.parent, os.W_OK):
        raise UserError(
            f"Cannot write the demo database to {path}.", "Choose a writable file path with --out."
        )


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def build_demo(
    path: Path,
    customers: int = 200_000,
    seed: int = 42,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoInfo:
    """Build the demo CDP at `path` (replacing it atomically) and its annotations; same inputs, same data."""
    started = time.perf_counter()
    path, as_of = Path(path), as_of or dt.date.today()
    freeze = as_of - dt.timedelta(days=FREEZE_DAYS)
    _check_input(path, customers, seed)
    settings = get_settings()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.building")
    spill = tmp.with_name(tmp.name + ".spill")
    _remove(tmp, Path(f"{tmp}.wal"), spill)
    report = progress or (lambda label, done: None)
    try:
        con = duckdb.connect(str(tmp), config={
            "threads": settings.threads, "memory_limit": settings.memory_limit, "temp_directory": str(spill),
        })  # fmt: skip
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error as err:
        raise UserError(
            f"Cannot create the demo database at {path}: {err}", "Choose a writable --out."
        ) from err
    try:
        create_macros(con, seed)
        done = 0.0
        for label, share, step in _steps(customers, as_of, freeze):
            report(label, done)
            step(con)
            done += share
        counts = write_meta(con, as_of, freeze, seed)
        con.execute("CHECKPOINT")
        con.close()
        report("annotations", done)
        notes = write_annotations(annotations_path(path), as_of, freeze)
        os.replace(tmp, path)
    except BaseException:
        con.close()
        _remove(tmp, Path(f"{tmp}.wal"), spill)
        raise
    _remove(spill)
    report("done", 1.0)
    return DemoInfo(
        path=path, annotations_path=notes, as_of=as_of, freeze_date=freeze, seed=seed, customers=customers,
        row_counts=counts, seconds=round(time.perf_counter() - started, 2),
    )  # fmt: skip
