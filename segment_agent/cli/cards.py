"""Rich rendering of agent progress and approval cards for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

EVENT_STYLE = {
    "tool_call": "cyan",
    "tool_result": "dim",
    "answer": "bold",
    "proposal": "green",
    "published": "green",
}


def print_event(console: Console, event: dict[str, Any]) -> None:
    """One progress line, styled by kind."""
    marker = "→" if event["kind"] == "tool_call" else "  "
    console.print(f"{marker} {event['text']}", style=EVENT_STYLE.get(event["kind"], ""), highlight=False)


def proposal_card(proposal: dict[str, Any]) -> Panel:
    """The whole proposal: rules, SQL, fields and why, assumptions, counts, sample, warnings."""
    parts: list[Any] = [f"[bold]Goal:[/] {proposal['goal']}", "", "[bold]Rules[/]"]
    parts += [f"  • {rule}" for rule in proposal.get("rules", [])]
    parts += ["", _counts_table(proposal.get("counts") or {})]
    if proposal.get("fields"):
        parts += ["", _fields_table(proposal["fields"])]
    if proposal.get("assumptions"):
        parts += ["", "[bold]Assumptions[/]"] + [f"  • {a}" for a in proposal["assumptions"]]
    if proposal.get("warnings"):
        parts += ["", "[bold yellow]Warnings[/]"] + [f"  ⚠ {w['message']}" for w in proposal["warnings"]]
    if proposal.get("edit_errors"):
        parts += ["", "[bold red]Your edit was not applied[/]"]
        parts += [f"  ✗ {e['what']} {e.get('hint') or ''}" for e in proposal["edit_errors"]]
    if proposal.get("sample"):
        parts += ["", _sample_table(proposal["sample"])]
    parts += ["", "[bold]SQL[/]", Syntax(proposal["sql"], "sql", word_wrap=True)]
    return Panel(
        Group(*parts), title=f"[bold]{proposal['name']}[/]", subtitle=f"proposal {proposal['hash'][:12]}"
    )


def _counts_table(counts: dict[str, Any]) -> Table:
    table = Table(title="Size", show_header=True, header_style="bold")
    table.add_column("members", justify="right")
    table.add_column("share of base", justify="right")
    for channel in counts.get("reachable") or {}:
        table.add_column(f"reachable by {channel}", justify="right")
    reachable = [f"{n:,}" for n in (counts.get("reachable") or {}).values()]
    table.add_row(f"{counts.get('count') or 0:,}", f"{(counts.get('share') or 0):.1%}", *reachable)
    return table


def _fields_table(fields: list[dict[str, Any]]) -> Table:
    table = Table(title="Fields chosen", header_style="bold")
    table.add_column("field")
    table.add_column("why")
    table.add_column("not chosen")
    for choice in fields:
        rejected = "; ".join(f"{r['field']}: {r.get('why_not', '')}" for r in choice.get("rejected", []))
        table.add_row(choice["field"], choice.get("why", ""), rejected)
    return table


def _sample_table(sample: list[dict[str, Any]]) -> Table:
    table = Table(title="Sample members (masked)", header_style="bold")
    columns = list(sample[0].keys())
    for column in columns:
        table.add_column(column)
    for row in sample:
        table.add_row(*[str(row.get(c, "")) for c in columns])
    return table
