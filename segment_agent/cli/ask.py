"""`segment-agent ask GOAL`: run a goal, show each step and the proposal, and ask for a decision."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.prompt import Prompt

from segment_agent.agent.planners import make_planner
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.service import SegmentService, ThreadView, validate_goal
from segment_agent.cli.cards import print_event, proposal_card
from segment_agent.cli.progress import progress_reporter
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.destinations import select_destinations


def ask(
    goal: Annotated[str, typer.Argument(help="The audience you want, in plain words.")] = "",
    db: Annotated[Path | None, typer.Option("--db", help="A DuckDB database (default: the demo).")] = None,
    decision: Annotated[
        str | None, typer.Option("--decision", help="approve or reject without asking (scripts).")
    ] = None,
    destination: Annotated[
        list[str] | None,
        typer.Option("--destination", help="Where approved segments go (default: registry)."),
    ] = None,
    thread: Annotated[
        str | None, typer.Option("--thread", help="Decide on a conversation started earlier.")
    ] = None,
    planner: Annotated[
        str | None, typer.Option("--planner", help="offline or openai (default: by configuration).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    user: Annotated[str, typer.Option("--user", help="Who decides (recorded in the audit).")] = "cli",
) -> None:
    """Turn a goal into segment proposals; approve, edit or reject each one."""
    if decision not in (None, "approve", "reject"):
        raise UserError(f"Unknown decision {decision!r}.", "Use --decision approve or --decision reject.")
    if not thread:
        goal = validate_goal(goal)
    destinations = destination or ["registry"]
    if decision == "approve":
        select_destinations(destinations, get_settings())
    console = Console(stderr=as_json)
    with progress_reporter(console, "Preparing the database") as progress:
        toolbox = open_toolbox(get_settings(), db=db, progress=progress)
    service = SegmentService(toolbox, planner=make_planner(toolbox, planner))
    on_event = None if as_json else (lambda event: print_event(console, event))
    view = service.status(thread) if thread else service.start(goal, user=user, on_event=on_event)
    while view.pending:
        if not as_json:
            console.print(proposal_card(view.pending))
        answer = _decide(console, view, decision, destinations)
        if answer is None:
            break
        view = service.resume(view.thread_id, answer, user=user, on_event=on_event)
    _finish(console, view, as_json)


def _decide(
    console: Console, view: ThreadView, decision: str | None, destinations: list[str]
) -> dict[str, Any] | None:
    """The decision from --decision, or asked at the terminal; None leaves the card waiting."""
    card = view.pending or {}
    base = {"proposal_hash": card.get("hash"), "destinations": destinations}
    if decision:
        return {**base, "action": decision}
    if not sys.stdin.isatty():
        console.print(
            f"Waiting for a decision. Resume with: segment-agent ask --thread {view.thread_id} "
            "--decision approve|reject"
        )
        return None
    choice = Prompt.ask(
        "Approve, edit or reject?", choices=["approve", "edit", "reject", "later"], console=console
    )
    if choice == "later":
        console.print(f"Left waiting. Resume with: segment-agent ask --thread {view.thread_id}")
        return None
    if choice == "edit":
        return {**base, "action": "edit", "sql": Prompt.ask("New SQL", console=console)}
    if choice == "reject":
        return {
            **base,
            "action": "reject",
            "feedback": Prompt.ask("What should change? (empty: none)", default="", console=console),
        }
    return {**base, "action": "approve"}


def _finish(console: Console, view: ThreadView, as_json: bool) -> None:
    if as_json:
        print(json.dumps(view.model_dump(), default=str, indent=2))
        return
    if view.answer and view.status == "no_segment":
        console.print(f"[bold]{view.answer}[/]")
    console.print(f"[dim]conversation {view.thread_id}: {view.status.replace('_', ' ')}[/]")
