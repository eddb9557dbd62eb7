"""`segment-agent bench`: every capability's speed and memory on this machine, in one table."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from segment_agent.bench.measure import machine
from segment_agent.bench.report import bench_markdown, bench_table
from segment_agent.bench.suites import BenchRow, run_suite
from segment_agent.errors import UserError
from segment_agent.settings import get_settings


def bench_command(
    quick: Annotated[bool, typer.Option("--quick", help="Small sizes, one run each: a smoke test.")] = False,
    large: Annotated[
        bool,
        typer.Option(
            "--large", help="Also dry-run 10,000,000 customers (built once, then kept in the data home)."
        ),
    ] = False,
    repeats: Annotated[int, typer.Option(min=1, help="Runs per case (the median is shown).")] = 3,
    markdown_out: Annotated[
        Path | None, typer.Option("--markdown", help="Write the table as Markdown here.")
    ] = None,
) -> None:
    """Build, profile, search, guard, dry-run and plan at several sizes; print one table of figures."""
    if quick and large:
        raise UserError("--quick and --large contradict each other.", "Choose one of them.")
    console, err = Console(), Console(stderr=True)
    host = machine()
    settings = get_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-", dir=settings.home))
    err.print(f"Benchmarking on {host}; scratch data in {workdir} (removed at the end).", highlight=False)

    def show(row: BenchRow) -> None:
        err.print(f"  {row.group} ({row.label}): {row.value:,} {row.unit}", highlight=False)

    try:
        with err.status("Running the cases, each in its own process..."):
            rows = run_suite(
                workdir, quick=quick, large=large, repeats=repeats, on_row=show, cache=settings.home / "bench"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    console.print(bench_table(rows, host))
    if markdown_out:
        flags = " --quick" if quick else " --large" if large else ""
        markdown_out.parent.mkdir(parents=True, exist_ok=True)
        markdown_out.write_text(bench_markdown(rows, host, f"segment-agent bench{flags}"), encoding="utf-8")
        console.print(f"Markdown table: {markdown_out}", highlight=False)
