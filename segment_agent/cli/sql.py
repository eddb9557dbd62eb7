"""`segment-agent sql check`: run SQL through the guard against a database's catalog."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from segment_agent.cli.catalog_open import DbOption
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.catalog import ensure_catalog
from segment_agent.tools.sql_guard import GuardResult, guard_sql

sql_app = typer.Typer(no_args_is_help=True)

EXIT_REJECTED = 2


@sql_app.callback()
def sql() -> None:
    """Check segment SQL: one read-only SELECT over catalog tables returning the entity key."""


@sql_app.command("check")
def check(
    query: Annotated[
        str | None, typer.Argument(metavar="[SQL]", help="The SQL; read from stdin when left out or '-'.")
    ] = None,
    db: DbOption = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl", help='File of {"sql": ...} lines (- for stdin); prints one JSON verdict per line.'
        ),
    ] = None,
) -> None:
    """Exit 0 and print the normalized SQL if the guard accepts it, else exit 2 with the reasons."""
    path = db or get_settings().demo_db_path
    if not path.is_file():
        hint = "Pass --db FILE." if db else "Build it with `segment-agent demo build`, or pass --db FILE."
        raise UserError(f"No database at {path}.", hint=hint)
    with Console(stderr=True).status("Loading the catalog"):
        catalog = ensure_catalog(path)
    schema, entity = catalog.schema(), catalog.entity
    if jsonl is not None:
        for line in _read_lines(jsonl):
            typer.echo(json.dumps(_check_line(line, schema, entity)))
        return
    result = guard_sql(sys.stdin.read() if query in (None, "-") else query, schema, entity)
    if result.ok:
        typer.echo(result.sql)
        return
    _print_rejection(result)
    raise typer.Exit(EXIT_REJECTED)


def _read_lines(path: Path) -> list[str]:
    if str(path) == "-":
        return [line for line in sys.stdin.read().splitlines() if line.strip()]
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(
            f"Cannot read {path}: {err}.", hint='Pass a UTF-8 file of {"sql": "..."} lines.'
        ) from err


def _check_line(line: str, schema: dict[str, dict[str, str]], entity: str) -> dict[str, Any]:
    """One JSONL verdict; a line that is not {"sql": "..."} is a `bad_input` rejection, not a crash."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as err:
        return _bad_input(f"not JSON: {err.msg}", f"col {err.colno}")
    if not isinstance(item, dict) or not isinstance(item.get("sql"), str):
        return _bad_input('expected an object with a string "sql"', None)
    result = guard_sql(item["sql"], schema, entity)
    return {"ok": result.ok, "errors": [asdict(e) for e in result.errors], "sql": result.sql}


def _bad_input(message: str, where: str | None) -> dict[str, Any]:
    error = {
        "code": "bad_input",
        "message": message,
        "where": where,
        "hint": 'Write lines like {"sql": "SELECT ..."}.',
    }
    return {"ok": False, "errors": [error], "sql": None}


def _print_rejection(result: GuardResult) -> None:
    out = Console(highlight=False)
    count = len(result.errors)
    out.print(f"[bold red]Rejected[/]: {count} problem{'s' if count != 1 else ''}")
    for error in result.errors:
        out.print(f"  [red]✗ {error.code}[/]  {escape(error.message)}")
        if error.where:
            out.print(f"      where: {escape(error.where)}")
        out.print(f"      hint:  [yellow]{escape(error.hint)}[/]")
