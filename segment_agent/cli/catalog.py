"""`segment-agent catalog ...`: build the profiled catalog of a DuckDB database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from segment_agent.cli.catalog_open import DbOption, database_or_demo
from segment_agent.cli.progress import progress_reporter
from segment_agent.settings import get_settings
from segment_agent.tools.catalog import build_catalog, store_catalog
from segment_agent.tools.catalog_model import Catalog

catalog_app = typer.Typer(no_args_is_help=True)

MAX_FROZEN_SHOWN = 20


@catalog_app.callback()
def catalog() -> None:
    """Build and search the catalog of a database (every column profiled, annotations merged)."""


@catalog_app.command("build")
def build(
    db: DbOption = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="TABLE.KEY segments are made of; detected when left out.")
    ] = None,
    annotations: Annotated[
        Path | None,
        typer.Option(
            "--annotations", help="Annotation YAML; DB.annotations.yaml next to the database by default."
        ),
    ] = None,
) -> None:
    """Profile every column of a DuckDB database and store its catalog, printing where.

    Next to the database (DB.catalog.json); in the data home's catalogs/ when that folder is read-only.
    """
    settings = get_settings()
    path = database_or_demo(db)
    started = time.perf_counter()
    with progress_reporter(Console(stderr=True), "Opening the database") as report:
        catalog = build_catalog(path, entity, annotations, report)
    stored = store_catalog(catalog, path, settings)
    out, err = Console(), Console(stderr=True)
    out.print(_summary(catalog, time.perf_counter() - started))
    frozen = _frozen(catalog)
    if frozen.row_count:
        out.print(frozen)
    for warning in catalog.warnings:
        err.print(f"[yellow]Warning:[/] {warning}", highlight=False)
    # Not wrapped: the path is for copying.
    out.print(
        f"Catalog of {catalog.entity} (as of {catalog.as_of}) stored in {stored}",
        highlight=False,
        soft_wrap=True,
    )


def _summary(catalog: Catalog, seconds: float) -> Table:
    """One row of counts a data owner checks after a build."""
    fields = catalog.fields
    annotated = [
        f for f in fields if f.description or f.status in ("certified", "experimental", "deprecated")
    ]
    table = Table(title=f"Catalog built in {seconds:.1f} s")
    counts = {
        "tables": len(catalog.tables()),
        "columns": len(fields),
        "annotated": len(annotated),
        "deprecated": sum(f.status == "deprecated" for f in fields),
        "frozen detected": sum(f.profile.frozen for f in fields),
        "legacy": sum(f.status == "legacy" for f in fields),
    }
    for name in counts:
        table.add_column(name, justify="right")
    table.add_row(*(f"{n:,}" for n in counts.values()))
    return table


def _frozen(catalog: Catalog) -> Table:
    """The columns profiling found frozen, with the reason (the first MAX_FROZEN_SHOWN)."""
    table = Table(title="Frozen columns (detected from the data)")
    table.add_column("frozen column", no_wrap=True)
    table.add_column("status")
    table.add_column("why")
    for f in [f for f in catalog.fields if f.profile.frozen][:MAX_FROZEN_SHOWN]:
        table.add_row(f.name, f.status, f.profile.frozen_reason or "")
    return table
