"""The large demo of `bench --large` is built once, kept with its build figures, and reused."""

from __future__ import annotations

from pathlib import Path

from segment_agent.bench.cases import cached_demo_build
from segment_agent.bench.measure import CaseResult
from segment_agent.bench.suites import _kept_build


def test_the_demo_is_built_once_then_reused(tmp_path: Path, data_home: Path) -> None:
    path = tmp_path / "demo-500.duckdb"
    first = cached_demo_build(str(path), 500)
    assert first["cached"] is False and path.exists() and first["customers"] == 500
    assert first["seconds"] > 0 and first["peak_rss_mb"] > 0 and first["mb"] > 0
    stamp = path.stat().st_mtime_ns
    again = cached_demo_build(str(path), 500)
    assert again == first | {"cached": True}
    assert path.stat().st_mtime_ns == stamp  # not rebuilt
    row = _kept_build(CaseResult(name="demo build", median_s=0.01, runs=[0.01], peak_rss_mb=80, extra=again))
    assert (row.value, row.peak_rss_mb, row.label) == (
        first["seconds"],
        first["peak_rss_mb"],
        "500 customers",
    )
    assert f"built {first['built']} and kept" in row.detail
