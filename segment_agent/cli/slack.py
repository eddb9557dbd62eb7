"""`segment-agent slack`: the Slack bot, serving Slack's events and button clicks on /slack/events."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from segment_agent.agent.planners import make_planner
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.service import SegmentService
from segment_agent.cli.progress import progress_reporter
from segment_agent.cli.serve import check_port
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.slack.app import create_slack_app, require_credentials


def slack_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 3000,
    db: Annotated[Path | None, typer.Option("--db", help="A DuckDB database (default: the demo).")] = None,
) -> None:
    """Run the Slack bot: mention it with a goal, approve the segment with a button."""
    settings = get_settings()
    console = Console(stderr=True)
    try:
        require_credentials(settings)
    except UserError as err:  # a setup problem, not a failed run: exit 2 like other usage errors
        console.print(f"[bold red]Error:[/] {err.message}", highlight=False)
        console.print(f"[yellow]Hint:[/] {err.hint}", highlight=False)
        raise typer.Exit(2) from None
    check_port(host, port)
    with progress_reporter(console, "Preparing the database") as progress:
        toolbox = open_toolbox(settings, db=db, progress=progress)
    service = SegmentService(toolbox, planner=make_planner(toolbox))
    app = create_slack_app(settings, service_factory=lambda _: service)
    console.print(
        f"The Slack bot serves {toolbox.catalog.database} at [bold]http://{host}:{port}/slack/events[/]",
        highlight=False,
    )
    console.print("Point the Slack app's Request URL (events and interactivity) there. Ctrl+C stops.")
    uvicorn.run(app, host=host, port=port, log_level="warning")
