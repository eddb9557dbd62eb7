"""`segment-agent bench --quick`: every case runs in its own process and lands in one table."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from segment_agent.bench.suites import BenchRow
from segment_agent.cli.bench import bench_command

GROUPS = ("demo build", "catalog build", "schema search p50", "SQL guard p50", "dry run p50",
          "goal -> proposal p50 (offline planner)")  # fmt: skip


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(bench_command)
    return app


def test_quick_bench_prints_every_capability_and_writes_markdown(tmp_path: Path, data_home: Path) -> None:
    out = tmp_path / "bench.md"
    result = CliRunner().invoke(_app(), ["--quick", "--markdown", str(out)])
    assert result.exit_code == 0, result.output
    for group in GROUPS:
        assert group in result.output
    assert "2,000 customers" in result.output and "cores" in result.output
    text = out.read_text()
    assert text.startswith("Measured with `segment-agent bench --quick` on ")
    assert text.count("| demo build |") == 2 and "x 500 customers" in text  # the 2,000 row's ratio
    assert [p.name for p in data_home.iterdir() if p.name.startswith("bench-")] == []  # scratch removed


def test_quick_and_large_together_are_refused() -> None:
    result = CliRunner().invoke(_app(), ["--quick", "--large"])
    assert result.exit_code != 0 and "contradict" in str(result.exception)


def test_rows_round_trip_as_plain_data() -> None:
    row = BenchRow(group="g", label="l", value=1.5, unit="s", samples=3, peak_rss_mb=10.0)
    assert BenchRow.model_validate(row.model_dump()) == row
