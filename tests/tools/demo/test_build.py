"""build_demo and ensure_demo: atomic writes, progress reports, clear errors, build once on first use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.demo import annotations_path, build_demo, ensure_demo

AS_OF = dt.date(2026, 1, 10)


def test_build_reports_progress_and_leaves_only_its_two_files(tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    info = build_demo(tmp_path / "d.duckdb", customers=200, seed=1, as_of=AS_OF,
                      progress=lambda label, done: seen.append((label, done)))  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.annotations.yaml", "d.duckdb"]
    assert info.path == tmp_path / "d.duckdb" and info.annotations_path == annotations_path(info.path)
    assert info.as_of == AS_OF and info.seed == 1 and info.customers == 200 and info.seconds > 0
    assert info.row_counts["customers"] == 200 and info.row_counts["orders"] > 0
    fractions = [done for _, done in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert len({label for label, _ in seen}) >= 5


def test_a_failed_build_leaves_the_previous_database_untouched(tmp_path: Path) -> None:
    target = tmp_path / "d.duckdb"
    build_demo(target, customers=200, seed=1, as_of=AS_OF)
    before = target.read_bytes()

    def explode(label: str, done: float) -> None:
        if label == "profile":
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        build_demo(target, customers=300, seed=2, as_of=AS_OF, progress=explode)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.annotations.yaml", "d.duckdb"]


@pytest.mark.parametrize("customers", [0, 99, -5])
def test_too_few_customers_is_a_user_error(tmp_path: Path, customers: int) -> None:
    with pytest.raises(UserError, match="at least 100"):
        build_demo(tmp_path / "d.duckdb", customers=customers)
    assert not any(tmp_path.iterdir())


def test_a_seed_beyond_64_bits_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="seed"):
        build_demo(tmp_path / "d.duckdb", customers=200, seed=2**70)


def test_an_unwritable_target_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(UserError) as err:
        build_demo(blocker / "d.duckdb", customers=200)
    assert err.value.hint
    with pytest.raises(UserError):
        build_demo(tmp_path, customers=200)


def test_ensure_demo_builds_once_then_reuses(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGMENT_AGENT_DEMO_CUSTOMERS", "150")
    get_settings.cache_clear()
    settings = get_settings()
    path = ensure_demo(settings)
    assert path == settings.demo_db_path and path.is_relative_to(data_home)
    assert annotations_path(path).exists()
    stamp = path.stat().st_mtime_ns
    annotations_path(path).unlink()
    assert ensure_demo(settings) == path
    assert path.stat().st_mtime_ns == stamp
    assert annotations_path(path).exists()
