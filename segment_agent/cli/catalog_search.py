"""`segment-agent catalog search QUERY`: the fields (and values) of a database that match a phrase."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from segment_agent.cli.catalog_open import DbOption, open_catalog_and_index
from segment_agent.tools.schema_search import SearchHit, search_schema


def search_command(
    query: Annotated[str, typer.Argument(help="What you are looking for, e.g. 'lifetime value' or 'Texas'.")],
    db: DbOption = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many results.")] = 10,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON list, best first.")] = False,
    include_pii: Annotated[bool, typer.Option("--include-pii", help="Also search PII fields.")] = False,
    include_legacy: Annotated[
        bool, typer.Option("--include-legacy", help="Also search legacy fields.")
    ] = False,
) -> None:
    """Search the catalog: fields by name and meaning, values by name ('Texas' -> state = 'TX')."""
    catalog, index = open_catalog_and_index(db)
    hits = search_schema(
        query, catalog, k=k, include_pii=include_pii, include_legacy=include_legacy, index=index
    )
    if json_out:
        typer.echo(json.dumps([h.model_dump() for h in hits], ensure_ascii=False))
        return
    Console().print(_table(query, hits))


def _table(query: str, hits: list[SearchHit]) -> Table:
    table = Table(title=f"Catalog search: {escape(query[:80])}", title_justify="left")
    for name, justify in (("#", "right"), ("field", "left"), ("value", "left"), ("score", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("status")
    table.add_column("why")
    table.add_column("description", overflow="fold")
    for rank, hit in enumerate(hits, 1):
        value = repr(hit.value) if hit.kind == "value" else ""
        cells = (str(rank), hit.field, value, f"{hit.score:.3f}", hit.status, hit.why, hit.description or "")
        table.add_row(*(Text(c) for c in cells))  # catalog text is data: never read as Rich markup
    return table
