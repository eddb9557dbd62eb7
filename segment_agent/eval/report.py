"""Show an eval report: JSON on disk, a Markdown page, and Rich tables for the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError
from rich.table import Table

from segment_agent.errors import UserError
from segment_agent.eval.results import EvalReport, GoalResult, Summary


def write_json(report: EvalReport, path: Path) -> Path:
    """Write the report (the architecture.md JSON shape plus extra keys)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return path


def read_json(path: Path) -> EvalReport:
    """Read a report written by write_json (e.g. an older run to compare with)."""
    try:
        return EvalReport.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise UserError(
            f"No report at {path}.", "Pass a JSON file written by `segment-agent eval --json`."
        ) from None
    except (json.JSONDecodeError, ValidationError) as err:
        raise UserError(
            f"{path} is not an eval report: {str(err).splitlines()[0]}",
            "Pass a JSON file written by `segment-agent eval --json`.",
        ) from None


def headline(summary: Summary) -> list[tuple[str, str]]:
    """(metric, value) rows shared by the terminal and Markdown summaries."""
    rows = [
        ("goals", str(summary.goals)),
        ("execution accuracy", f"{summary.execution_accuracy:.1%}"),
        ("mean Jaccard", f"{summary.mean_jaccard:.3f}"),
        ("field recall", "-" if summary.field_recall is None else f"{summary.field_recall:.1%}"),
        ("trap rate", f"{summary.trap_rate:.1%}"),
        ("no-segment goals answered with none", f"{summary.no_segment_correct}/{summary.no_segment_goals}"),
        (
            "latency p50 / p90 / p95",
            f"{summary.p50_latency_ms:,.0f} / {summary.p90_latency_ms:,.0f} / "
            f"{summary.p95_latency_ms:,.0f} ms",
        ),
        ("tool calls per goal (mean / max)", f"{summary.tool_calls_mean:.1f} / {summary.tool_calls_max}"),
        ("errors", str(summary.errors)),
    ]
    if summary.input_tokens_per_goal is not None:
        rows.append(
            (
                "LLM tokens per goal (in / out)",
                f"{summary.input_tokens_per_goal:,.0f} / {summary.output_tokens_per_goal:,.0f}",
            )
        )
        cost = summary.cost_usd_per_goal
        rows.append(("LLM cost per goal", "unknown model price" if cost is None else f"${cost:.4f}"))
    size = summary.prompt_size
    if size:
        label = f"{size.tokenizer}" if size.exact else f"{size.tokenizer}, not exact"
        ratio = f" (whole-schema / ours = {size.baseline_over_ours:.2f})" if size.baseline_over_ours else ""
        rows.append(
            (
                f"prompt tokens per goal, ours / whole-schema ({label})",
                f"{size.ours_median:,.0f} / {size.baseline_median:,.0f}{ratio}",
            )
        )
        rows.append(("prompt tokens per planner turn, ours", f"{size.ours_per_turn_median:,.0f}"))
    return rows


def summary_table(report: EvalReport) -> Table:
    """The headline figures of a run."""
    table = Table(
        title=f"Eval: {Path(report.goal_file).name} ({report.planner} planner)", title_justify="left"
    )
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in headline(report.summary):
        table.add_row(name, value)
    return table


def tags_table(report: EvalReport) -> Table:
    """Accuracy per tag."""
    table = Table(title="Accuracy per tag", title_justify="left")
    for name, justify in (("tag", "left"), ("goals", "right"), ("correct", "right"), ("accuracy", "right")):
        table.add_column(name, justify=justify)
    for tag, score in report.summary.by_tag.items():
        table.add_row(tag, str(score.goals), str(score.correct), f"{score.accuracy:.0%}")
    return table


def failures_table(report: EvalReport) -> Table:
    """The goals that did not match, with what went wrong."""
    table = Table(title="Goals that did not match", title_justify="left")
    for name in ("id", "jaccard", "members gold / proposed", "why"):
        table.add_column(name)
    for r in (r for r in report.results if not r.match):
        table.add_row(r.id, f"{r.jaccard:.2f}", _sizes(r), _why(r))
    return table


def to_markdown(report: EvalReport) -> str:
    """A Markdown page: run facts, summary, per-tag accuracy, and one row per goal."""
    lines = [
        f"# Eval report: {Path(report.goal_file).name}",
        "",
        f"- planner: {report.planner}; database: `{report.database}` (entity `{report.entity}`)",
        f"- started {report.started_at}; machine: {report.machine}",
        "",
        "| metric | value |",
        "|---|---:|",
        *[f"| {name} | {value} |" for name, value in headline(report.summary)],
        "",
        "## Accuracy per tag",
        "",
        "| tag | goals | correct | accuracy |",
        "|---|---:|---:|---:|",
        *[f"| {t} | {s.goals} | {s.correct} | {s.accuracy:.0%} |" for t, s in report.summary.by_tag.items()],
        "",
        "## Goals",
        "",
        "| id | match | jaccard | latency ms | tool calls | members gold / proposed | fields | note |",
        "|---|:---:|---:|---:|---:|---|---|---|",
    ]
    for r in report.results:
        note = "" if r.match else _why(r)
        lines.append(
            f"| {r.id} | {'yes' if r.match else 'no'} | {r.jaccard:.2f} | {r.latency_ms:,.0f} | "
            f"{r.tool_calls} | {_sizes(r)} | {', '.join(r.fields)} | {_cell(note)} |"
        )
    return "\n".join(lines) + "\n"


def _sizes(r: GoalResult) -> str:
    gold = ", ".join(f"{n:,}" for n in r.gold_sizes) or "none"
    proposed = ", ".join(f"{n:,}" for n in r.proposed_sizes) or "none"
    return f"{gold} / {proposed}"


def _why(r: GoalResult) -> str:
    """One phrase saying why a goal did not match."""
    if r.error:
        return r.error
    if r.trap:
        return f"used forbidden {', '.join(r.forbidden_used)}"
    if r.expected_segments == 0:
        return f"proposed {len(r.sql)} segment(s) where none was expected"
    if not r.sql:
        return f"proposed nothing: {r.answer[:120]}" if r.answer else "proposed nothing"
    if len(r.sql) != r.expected_segments:
        return f"{len(r.sql)} segment(s), expected {r.expected_segments}"
    return "different members"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
