"""The summary figures, the JSON contract, the Markdown page and the terminal tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from segment_agent.errors import UserError
from segment_agent.eval.report import (
    failures_table,
    read_json,
    summary_table,
    tags_table,
    to_markdown,
    write_json,
)
from segment_agent.eval.results import percentile, summarize
from tests.eval.reports import report, sample_results

CONTRACT_SUMMARY = {"execution_accuracy", "goals", "field_recall", "trap_rate", "p50_latency_ms"}
CONTRACT_RESULT = {"id", "match", "jaccard", "sql", "fields", "latency_ms", "tool_calls", "error"}


def _render(table: object) -> str:
    console = Console(record=True, width=200)
    console.print(table)
    return console.export_text()


def test_percentile_interpolates() -> None:
    assert percentile([10, 20, 30, 40], 50) == 25.0
    assert percentile([5], 95) == 5
    assert percentile([], 50) == 0.0
    assert percentile([100, 200, 300, 400, 500], 90) == 460.0


def test_summary_figures() -> None:
    s = summarize(sample_results(), ("cl100k_base (tiktoken)", True))
    assert s.goals == 5 and s.execution_accuracy == 0.6 and s.trap_rate == 0.2 and s.errors == 1
    assert s.field_recall == 0.5
    assert (s.p50_latency_ms, s.p90_latency_ms, s.p95_latency_ms) == (300.0, 460.0, 480.0)
    assert s.tool_calls_mean == 3.2 and s.tool_calls_max == 7
    assert s.no_segment_goals == 1 and s.no_segment_correct == 1
    assert s.by_tag["glossary"].model_dump() == {"goals": 2, "correct": 1, "accuracy": 0.5}
    assert s.by_tag["event"].accuracy == 0.5 and s.by_tag["unsafe"].accuracy == 1.0
    assert s.prompt_size.ours_median == 2000 and s.prompt_size.baseline_median == 20000
    assert s.prompt_size.baseline_over_ours == 10.0 and s.prompt_size.exact
    assert s.prompt_size.ours_per_turn_median == 750
    assert s.input_tokens_per_goal == 900 and s.cost_usd_per_goal == 0.000195


def test_a_run_without_llm_usage_reports_no_tokens_or_cost() -> None:
    s = summarize(sample_results()[:3], None)
    assert s.input_tokens_per_goal is None and s.cost_usd_per_goal is None and s.prompt_size is None


def test_json_has_the_contract_keys_and_round_trips(tmp_path: Path) -> None:
    original = report(sample_results())
    path = write_json(original, tmp_path / "out" / "report.json")
    data = json.loads(path.read_text())
    assert set(data["summary"]) >= CONTRACT_SUMMARY and data["summary"]["execution_accuracy"] == 0.6
    assert all(set(r) >= CONTRACT_RESULT for r in data["results"])
    assert isinstance(data["results"][0]["sql"], list) and isinstance(data["results"][0]["fields"], list)
    assert read_json(path) == original


def test_reading_something_else_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"summary": 1}')
    with pytest.raises(UserError, match="not an eval report"):
        read_json(tmp_path / "x.json")
    with pytest.raises(UserError, match="No report"):
        read_json(tmp_path / "absent.json")


def test_markdown_page() -> None:
    text = to_markdown(report(sample_results()))
    assert text.startswith("# Eval report: demo_dev.yaml")
    assert "| execution accuracy | 60.0% |" in text
    assert "| glossary | 2 | 1 | 50% |" in text
    assert "| b | no | 0.50 |" in text and "used forbidden customers.ltv" in text
    assert "RuntimeError: boom" in text
    assert (
        "ours / whole-schema (cl100k_base (tiktoken)) | 2,000 / 20,000 (whole-schema / ours = 10.00) |"
        in text
    )
    assert "| prompt tokens per planner turn, ours | 750 |" in text


def test_terminal_tables() -> None:
    r = report(sample_results())
    summary = _render(summary_table(r))
    assert "execution accuracy" in summary and "60.0%" in summary and "1/1" in summary
    assert "$0.0002" in summary and "300 / 460 / 480 ms" in summary
    assert "glossary" in _render(tags_table(r))
    failures = _render(failures_table(r))
    assert "boom" in failures and " a " not in failures
