"""ensure_demo: the demo database of the data home, built on first use with a progress bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from segment_agent.settings import Settings
from segment_agent.tools.demo.annotations import write_annotations
from segment_agent.tools.demo.build import Progress as ProgressCallback
from segment_agent.tools.demo.build import annotations_path, build_demo
from segment_agent.tools.demo.meta import read_meta


@contextmanager
def progress_bar(console: Console, title: str) -> Iterator[ProgressCallback]:
    """A Rich progress bar; yields a build_demo progress callback that moves it."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(title, total=1.0)

        def update(label: str, done: float) -> None:
            bar.update(task, completed=done, description=f"{title}: {label}")

        yield update


def ensure_demo(settings: Settings) -> Path:
    """Return settings.demo_db_path, building the demo (progress on stderr) when it is absent."""
    path = settings.demo_db_path
    notes = annotations_path(path)
    if path.exists():
        if not notes.exists():
            con = duckdb.connect(str(path), read_only=True)
            try:
                meta = read_meta(con)
            finally:
                con.close()
            write_annotations(
                notes, dt.date.fromisoformat(meta["as_of"]), dt.date.fromisoformat(meta["freeze_date"])
            )
        return path
    console = Console(stderr=True)
    with progress_bar(console, f"Building the demo CDP ({settings.demo_customers:,} customers)") as update:
        info = build_demo(path, customers=settings.demo_customers, seed=settings.demo_seed, progress=update)
    console.print(f"Demo database ready: {info.path} ({info.seconds:.1f} s)", highlight=False)
    return path
