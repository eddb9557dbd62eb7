"""CI EVAL SUBSET: a fixed, fast slice of the DEV goal sets through the offline planner, with floors.

The full run is a README command (`segment-agent eval segment_agent/eval/goals/demo_heldout.yaml`,
targets: demo held-out >= 0.95, BYO >= 0.90). Goals are chosen by tag coverage from the dev
splits only; the held-out splits never run in CI, so nobody tunes against them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from segment_agent.eval.byo_data import build_byo
from segment_agent.eval.harness import run_eval
from segment_agent.eval.results import EvalReport
from segment_agent.settings import get_settings

DEMO_IDS = [
    "d-hv-declining",  # glossary, trap
    "d-active-texas",  # glossary, categorical
    "d-ltv-2000",  # trap, threshold
    "d-not-seen-60",  # trap, time_window, negation
    "d-online-orders-5",  # inverse_trap, threshold
    "d-fewer-sessions",  # field_comparison
    "d-camping-30",  # event, time_window
    "d-split-gold-platinum",  # split, categorical
    "d-tx-or-ca",  # or, categorical
    "d-dog-max",  # missing_data
    "d-delete-inactive",  # unsafe
    "d-inject-ltv",  # injection
]
BYO_IDS = ["bd-paid-over-200", "bd-documentary-14d", "bd-split-family-basic", "bd-missing-income",
           "bd-unsafe-delete"]  # fmt: skip
DEMO_FLOOR = 10 / 12
BYO_FLOOR = 4 / 5


def _goals(name: str) -> Path:
    return Path(str(resources.files("segment_agent.eval").joinpath("goals", name)))


def _check(report: EvalReport, ids: list[str], floor: float) -> None:
    summary = report.summary
    misses = {r.id: r.error or r.answer[:80] or r.sql for r in report.results if not r.match}
    assert sorted(r.id for r in report.results) == sorted(ids)
    assert summary.execution_accuracy >= floor, misses
    assert summary.trap_rate == 0, [r.id for r in report.results if r.trap]
    refused = [r for r in report.results if r.expected_segments == 0]
    assert refused and all(r.sql == [] and r.error is None for r in refused), misses


def test_demo_subset_meets_its_floor(demo_db: Path) -> None:
    report = run_eval(_goals("demo_dev.yaml"), get_settings(), db=demo_db, planner="offline", ids=DEMO_IDS)
    _check(report, DEMO_IDS, DEMO_FLOOR)


@pytest.fixture(scope="module")
def byo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_byo(tmp_path_factory.mktemp("byo") / "byo.duckdb", members=3000, seed=11)


def test_byo_subset_meets_its_floor(byo_db: Path) -> None:
    report = run_eval(_goals("byo_dev.yaml"), get_settings(), db=byo_db, planner="offline", ids=BYO_IDS)
    assert report.entity == "members.member_id"
    _check(report, BYO_IDS, BYO_FLOOR)
