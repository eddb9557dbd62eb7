"""`segment-agent eval GOALS.yaml`: run a goal file through the agent and score it against gold SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from segment_agent.errors import UserError
from segment_agent.eval.compare import compare, comparison_markdown, comparison_table
from segment_agent.eval.harness import run_eval
from segment_agent.eval.report import (
    failures_table,
    read_json,
    summary_table,
    tags_table,
    to_markdown,
    write_json,
)
from segment_agent.eval.results import GoalResult
from segment_agent.settings import get_settings


def eval_command(
    goals: Annotated[
        Path, typer.Argument(help="Goal file (YAML), e.g. segment_agent/eval/goals/demo_dev.yaml.")
    ],
    db: Annotated[Path | None, typer.Option("--db", help="Evaluate on this DuckDB file instead.")] = None,
    planner: Annotated[
        str | None, typer.Option(help="offline or openai (default: by configuration).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the JSON report here.")] = None,
    markdown_out: Annotated[
        Path | None, typer.Option("--markdown", help="Write a Markdown report here.")
    ] = None,
    compare_with: Annotated[
        Path | None, typer.Option("--compare", help="An older JSON report to compare with.")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run only this goal id (repeatable).")
    ] = None,
    min_accuracy: Annotated[
        float | None, typer.Option(help="Exit 1 when execution accuracy is below this.")
    ] = None,
) -> None:
    """Run every goal through the agent (nothing is approved or published) and report the scores."""
    if planner not in (None, "offline", "openai"):
        raise UserError(f"Unknown planner {planner!r}.", "Use --planner offline or --planner openai.")
    settings = get_settings()
    old = read_json(compare_with) if compare_with else None
    kind = planner or ("openai" if settings.openai_api_key else "offline")
    console, out = Console(stderr=True), Console()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        prep = bar.add_task("Preparing the database", total=100)
        tasks: list = []

        def prepared(label: str, fraction: float) -> None:
            bar.update(prep, description=label, completed=round(100 * max(0.0, min(1.0, fraction))))

        def started(n: int) -> None:
            bar.remove_task(prep)
            tasks.append(bar.add_task("Goals", total=n))

        def finished(result: GoalResult) -> None:
            bar.update(tasks[0], advance=1, description=f"Goals (last: {result.id} {_mark(result)})")

        report = run_eval(
            goals,
            settings,
            db=db,
            planner=kind,
            ids=only or None,
            progress=prepared,
            on_start=started,
            on_result=finished,
        )
    out.print(summary_table(report))
    out.print(tags_table(report))
    if any(not r.match for r in report.results):
        out.print(failures_table(report))
    markdown = to_markdown(report)
    if old is not None:
        comparison = compare(old, report)
        out.print(comparison_table(comparison))
        markdown += "\n" + comparison_markdown(comparison)
    if json_out:
        out.print(f"JSON report: {write_json(report, json_out)}", highlight=False)
    if markdown_out:
        markdown_out.parent.mkdir(parents=True, exist_ok=True)
        markdown_out.write_text(markdown, encoding="utf-8")
        out.print(f"Markdown report: {markdown_out}", highlight=False)
    accuracy = report.summary.execution_accuracy
    if min_accuracy is not None and accuracy < min_accuracy:
        console.print(
            f"[bold red]Execution accuracy {accuracy:.1%} is below the required {min_accuracy:.1%}.[/]"
        )
        raise typer.Exit(1)


def _mark(result: GoalResult) -> str:
    return "ok" if result.match else "miss"
