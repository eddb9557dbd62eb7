"""`segment-agent demo build`: generate the demo customer data platform."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.demo import build_demo
from segment_agent.tools.demo.ensure import progress_bar

demo_app = typer.Typer(
    help="The demo customer data platform (a seeded DuckDB database).", no_args_is_help=True
)


@demo_app.callback()
def demo() -> None:
    """The demo customer data platform (a seeded DuckDB database)."""


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError as err:
        raise UserError(f"--as-of must be a date like 2026-11-20, got {text!r}.") from err


@demo_app.command("build")
def build(
    customers: Annotated[
        int | None, typer.Option(help="Customers to generate (default: from settings).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Seed: same seed and day, same data (default: from settings).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="DuckDB file to write (default: the demo in the data home).")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="Generation day YYYY-MM-DD (default: today).")] = None,
) -> None:
    """Build (or rebuild) the demo database and its catalog annotations, then print what was written."""
    settings = get_settings()
    customers = settings.demo_customers if customers is None else customers
    seed = settings.demo_seed if seed is None else seed
    path = out or settings.demo_db_path
    with progress_bar(Console(stderr=True), f"Building the demo CDP ({customers:,} customers)") as update:
        info = build_demo(path, customers=customers, seed=seed, as_of=_day(as_of), progress=update)
    table = Table(title=f"Demo CDP built in {info.seconds:.1f} s", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in info.row_counts.items():
        table.add_row(name, f"{rows:,}")
    console = Console()
    console.print(table)
    console.print(f"database:    {info.path}", highlight=False)
    console.print(f"annotations: {info.annotations_path}", highlight=False)
    console.print(f"as of {info.as_of}, seed {info.seed}, {info.seconds:.1f} seconds", highlight=False)
