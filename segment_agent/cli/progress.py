"""A Rich progress bar driven by the tools' (label, fraction) progress callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_reporter(console: Console, title: str) -> Iterator[Callable[[str, float], None]]:
    """Yield a callback(label, fraction) that moves one bar; silent when nothing reports."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task(title, total=1.0)

        def report(label: str, fraction: float) -> None:
            bar.update(task, description=label, completed=max(0.0, min(1.0, fraction)))

        yield report
