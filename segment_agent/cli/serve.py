"""`segment-agent serve`: the web chat for marketers, on loopback by default."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from segment_agent.agent.planners import make_planner
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.service import SegmentService
from segment_agent.cli.progress import progress_reporter
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.web.app import create_app
from segment_agent.web.auth import load_directory, token_file, users_file


def serve_command(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port to listen on (default 8765).")
    ] = None,
    db: Annotated[Path | None, typer.Option("--db", help="A DuckDB database (default: the demo).")] = None,
) -> None:
    """Serve the web chat: type a goal, watch the agent work, approve the segment."""
    settings = get_settings()
    host = host or settings.web_host
    port = port or settings.web_port
    users = load_directory(settings)
    if users.local and not _is_loopback(host):
        raise UserError(
            f"Without a users file the server only listens on loopback, not on {host}.",
            f"Create {users_file(settings)} with users, roles and tokens (see segment_agent/web/auth.py).",
        )
    check_port(host, port)
    console = Console()
    with progress_reporter(console, "Preparing the database") as progress:
        toolbox = open_toolbox(settings, db=db, progress=progress)
    service = SegmentService(toolbox, planner=make_planner(toolbox))
    app = create_app(settings, service_factory=lambda _: service, users=users)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    console.print(f"Segment agent is serving {toolbox.catalog.database} at [bold]{url}[/]", highlight=False)
    if users.local:
        token = token_file(settings).read_text(encoding="utf-8").strip()
        console.print(
            f"Sign in as local-admin with the token in {token_file(settings)}, or open:", highlight=False
        )
        console.print(f"  {url}#token={token}", highlight=False, soft_wrap=True)
    else:
        console.print(f"Users and tokens: {users.source}", highlight=False)
    console.print("Press Ctrl+C to stop.")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_port(host: str, port: int) -> None:
    """Fail early and clearly when the address is taken, before minutes of preparing the database."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as err:
            raise UserError(
                f"Cannot listen on {host}:{port}: {err.strerror}.",
                "Pick another port with --port, or stop the server already using it.",
            ) from None
