"""The `segment-agent` command: sub-commands are registered here, errors shown without tracebacks."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from segment_agent.cli.ask import ask
from segment_agent.cli.bench import bench_command
from segment_agent.cli.catalog import catalog_app
from segment_agent.cli.catalog_linking import linking_command
from segment_agent.cli.catalog_search import search_command
from segment_agent.cli.demo import demo_app
from segment_agent.cli.eval import eval_command
from segment_agent.cli.segments import segments_app
from segment_agent.cli.serve import serve_command
from segment_agent.cli.slack import slack_command
from segment_agent.cli.sql import sql_app
from segment_agent.errors import UserError

app = typer.Typer(
    name="segment-agent",
    help="Build customer segments from a plain-language goal, with human approval.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

catalog_app.command("search")(search_command)
catalog_app.command("linking")(linking_command)
app.command("ask")(ask)
app.add_typer(demo_app, name="demo")
app.add_typer(catalog_app, name="catalog")
app.add_typer(sql_app, name="sql")
app.add_typer(segments_app, name="segments")
app.command("serve")(serve_command)
app.command("slack")(slack_command)
app.command("eval")(eval_command)
app.command("bench")(bench_command)


def main() -> None:
    """Console-script entry point: runs the app and turns UserError into a clear message."""
    try:
        # Without standalone mode a command's `typer.Exit(code)` comes back as the return value.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as err:
        console = Console(stderr=True)
        console.print(f"[bold red]Error:[/] {err.message}", highlight=False)
        if err.hint:
            console.print(f"[yellow]Hint:[/] {err.hint}", highlight=False)
        sys.exit(1)
    except typer.Abort:
        Console(stderr=True).print("Aborted.")
        sys.exit(130)
    except Exception as err:
        # Usage errors (bad flag, missing argument) come from click, or from the copy of click that
        # newer typer releases bundle: both carry show() and their exit code.
        if callable(getattr(err, "show", None)) and isinstance(getattr(err, "exit_code", None), int):
            err.show()
            sys.exit(err.exit_code)
        raise
