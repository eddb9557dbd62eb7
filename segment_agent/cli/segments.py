"""`segment-agent segments list|show|refresh|export`: the registry of published segments."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.exports import export_path, write_members
from segment_agent.tools.registry import Registry, registry_path
from segment_agent.tools.registry_model import Drift, SegmentRecord

segments_app = typer.Typer(no_args_is_help=True)


class Format(StrEnum):
    csv = "csv"
    parquet = "parquet"


@segments_app.callback()
def segments() -> None:
    """Published segments: list and inspect them, refresh their membership, export their members."""


@segments_app.command("list")
def list_segments(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of segments.")] = False,
) -> None:
    """Every published segment, newest first."""
    records = _registry().list()
    if as_json:
        typer.echo(json.dumps([r.model_dump() for r in records], indent=2))
        return
    if not records:
        Console().print("No segments published yet. Approve one with `segment-agent ask GOAL`.")
        return
    table = Table(title="Published segments", title_justify="left", header_style="bold")
    table.add_column("name", ratio=2)
    table.add_column("id", overflow="fold", ratio=2)
    table.add_column("members", justify="right", no_wrap=True)
    table.add_column("owner", ratio=1)
    table.add_column("approver", ratio=1)
    table.add_column("refreshed", no_wrap=True)
    for r in records:
        people = (escape(r.owner), escape(r.approver))
        table.add_row(escape(r.name), r.id, f"{r.size:,}", *people, _when(r.refreshed_at)[:10])
    Console().print(table)


@segments_app.command("show")
def show(
    segment: Annotated[str, typer.Argument(help="Segment id (or a unique start of it).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the segment as JSON.")] = False,
) -> None:
    """One segment: its definition, who owns and approved it, and how its membership changed."""
    registry = _registry()
    record = registry.get(segment)
    history = registry.history(record.id)
    if as_json:
        typer.echo(
            json.dumps({**record.model_dump(), "history": [d.model_dump() for d in history]}, indent=2)
        )
        return
    facts = Table.grid(padding=(0, 2))
    for label, value in (
        ("goal", record.goal), ("members", f"{record.size:,} (version {record.version})"),
        ("owner", record.owner), ("approved", f"by {record.approver} at {_when(record.approved_at)} UTC"),
        ("refreshed", f"{_when(record.refreshed_at)} UTC"),
        ("kind", "dynamic" if record.dynamic else "static"),
        ("database", record.database), ("proposal", record.proposal_hash),
    ):  # fmt: skip
        facts.add_row(f"[bold]{label}[/]", escape(str(value)))
    parts = [facts, "", Syntax(record.sql, "sql", word_wrap=True)]
    if history:
        parts += ["", _drift_table("Membership history", history, with_time=True)]
    Console().print(Panel(Group(*parts), title=f"[bold]{escape(record.name)}[/]", subtitle=record.id))


@segments_app.command("refresh")
def refresh(
    segment: Annotated[str | None, typer.Argument(help="Segment id (or a unique start of it).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Refresh every dynamic segment.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the drift as JSON.")] = False,
) -> None:
    """Recompute the membership of dynamic segments on their database and report the size drift."""
    registry = _registry()
    if bool(segment) == all_:
        raise UserError("Name one segment or pass --all.", "e.g. segment-agent segments refresh --all")
    records = [registry.get(segment)] if segment else [r for r in registry.list() if r.dynamic]
    drifts = [registry.refresh(record.id, ids) for record, ids in _recompute(records)]
    if as_json:
        typer.echo(json.dumps([d.model_dump() for d in drifts], indent=2))
    elif drifts:
        Console().print(_drift_table("Refreshed", drifts, with_time=False))
    else:
        Console().print("No dynamic segments to refresh.")


@segments_app.command("export")
def export(
    segment: Annotated[str, typer.Argument(help="Segment id (or a unique start of it).")],
    fmt: Annotated[Format, typer.Option("--format", help="File format.")] = Format.csv,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output file (default: in the exports directory).")
    ] = None,
) -> None:
    """Write the members of a segment's latest snapshot to a CSV or Parquet file."""
    registry = _registry()
    record = registry.get(segment)
    path = out or export_path(get_settings().exports_dir, record.id, fmt.value)
    if path.is_dir():
        raise UserError(f"{path} is a directory.", "Pass a file name, e.g. --out members.csv")
    written = write_members(registry.members(record.id), path, fmt.value, record.entity.split(".", 1)[-1])
    Console(stderr=True).print(
        f"Exported {record.size:,} members of {record.id} (version {record.version}) to:"
    )
    typer.echo(str(written))


def _registry() -> Registry:
    return Registry(registry_path(get_settings()))


def _recompute(records: list[SegmentRecord]) -> list[tuple[SegmentRecord, list[int]]]:
    """Each segment's current members, opening each database once."""
    settings, out = get_settings(), []
    for database in dict.fromkeys(r.database for r in records):
        with DuckDBWarehouse.from_settings(Path(database), settings) as warehouse:
            out += [(r, warehouse.member_ids(r.sql)) for r in records if r.database == database]
    return out


def _drift_table(title: str, drifts: list[Drift], *, with_time: bool) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("when" if with_time else "segment")
    for name in ("version", "before", "after", "added", "removed", "net"):
        table.add_column(name, justify="right")
    for d in drifts:
        net = f"[green]{d.net:+,}[/]" if d.net > 0 else f"[red]{d.net:+,}[/]" if d.net < 0 else "0"
        first = _when(d.at) if with_time else d.segment_id
        table.add_row(
            first, str(d.version), f"{d.before:,}", f"{d.after:,}", _signed(d.added), _signed(-d.removed), net
        )
    return table


def _signed(n: int) -> str:
    return f"{n:+,}" if n else "0"


def _when(iso: str) -> str:
    """'2026-11-23T12:15:07+00:00' as '2026-11-23 12:15' (UTC)."""
    return iso[:16].replace("T", " ")
