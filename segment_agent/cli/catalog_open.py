"""What catalog commands open: the `--db` file (or the demo database), its catalog and search index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from segment_agent.cli.progress import progress_reporter
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.catalog import ensure_catalog
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.schema_index import SchemaIndex, ensure_index

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file; the demo database when left out.")]


def database_or_demo(db: Path | None) -> Path:
    """The database a catalog command works on; a clear error when it does not exist yet."""
    path = db or get_settings().demo_db_path
    if not path.is_file():
        hint = "Pass --db FILE." if db else "Build it with `segment-agent demo build`, or pass --db FILE."
        raise UserError(f"No database at {path}.", hint=hint)
    return path


def open_catalog_and_index(db: Path | None) -> tuple[Catalog, SchemaIndex]:
    """The catalog and search index of that database, built or reused, with progress on stderr."""
    path = database_or_demo(db)
    with progress_reporter(Console(stderr=True), "Loading the catalog") as report:
        catalog = ensure_catalog(path, progress=report)
        index = ensure_index(catalog, progress=report)
    return catalog, index
