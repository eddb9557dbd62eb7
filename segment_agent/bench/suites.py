"""Which cases `segment-agent bench` runs, at which sizes, in which order, and the rows they give.

Every case runs in its own spawned process (measure.run_case). The demo databases the build
cases write are reused by the later cases; each is catalogued and indexed once, untimed. The
large demo is built once into `cache` (the data home) and reused by later runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from segment_agent.bench.measure import CaseResult, run_case

CASES = "segment_agent.bench.cases"
SIZES = (200_000, 1_000_000)
LARGE = 10_000_000
QUICK_SIZES = (500, 2_000)
SEARCH_FIELDS = (500, 5_000)
QUICK_SEARCH_FIELDS = (200, 500)
PROPOSAL_GOALS = 8
DRY_RUN_STATEMENTS = 10


class BenchRow(BaseModel):
    """One figure of the bench table; rows of one group are compared with the group's first row."""

    group: str
    label: str
    value: float
    unit: str
    samples: int
    peak_rss_mb: float
    detail: str = ""


OnRow = Callable[[BenchRow], None]


def run_suite(
    workdir: Path,
    *,
    quick: bool = False,
    large: bool = False,
    repeats: int = 3,
    on_row: OnRow | None = None,
    cache: Path | None = None,
) -> list[BenchRow]:
    """Run every case in order; `on_row` hears about each row as soon as it is measured."""
    sizes = QUICK_SIZES if quick else SIZES + ((LARGE,) if large else ())
    repeats = 1 if quick else repeats
    home = str(workdir / "home")
    rows: list[BenchRow] = []

    def add(new: list[BenchRow]) -> None:
        rows.extend(new)
        for row in new:
            if on_row:
                on_row(row)

    def db(n: int) -> str:
        folder = (cache or workdir) if n >= LARGE else workdir
        return str(folder / f"demo-{n}.duckdb")

    for n in sizes:
        if n >= LARGE:
            (cache or workdir).mkdir(parents=True, exist_ok=True)
            kept = run_case("demo build", f"{CASES}:cached_demo_build", {"path": db(n), "customers": n}, 1)
            add([_kept_build(kept)])
        else:
            result = run_case("demo build", f"{CASES}:demo_build", {"path": db(n), "customers": n}, repeats)
            add([_wall("demo build", f"{n:,} customers", result, f"{result.extra['mb']:,} MB on disk")])
        run_case("prepare", f"{CASES}:prepare", {"path": db(n), "home": home}, 1)
    first = sizes[0]
    result = run_case("catalog build", f"{CASES}:catalog_build", {"path": db(first)}, repeats)
    add([_wall("catalog build", f"{result.extra['fields']} fields, {first:,} customers", result)])
    fields = QUICK_SEARCH_FIELDS if quick else SEARCH_FIELDS
    result = run_case(
        "schema search",
        f"{CASES}:schema_search",
        {"path": db(first), "home": str(workdir / "search"), "sizes": list(fields), "repeats": repeats},
        1,
    )
    add(
        [
            _figure(
                "schema search p50",
                f"{size:,} fields",
                result,
                result.extra[str(size)]["p50_ms"],
                "ms",
                f"index build {result.extra[str(size)]['build_s']} s",
            )
            for size in fields
        ]
    )
    result = run_case("sql guard", f"{CASES}:sql_guard", {"path": db(first), "rounds": 5 if quick else 20}, 1)
    add(
        [
            _figure(
                "SQL guard p50",
                f"per statement ({result.extra['statements']} statements)",
                result,
                result.extra["p50_ms"],
                "ms",
                f"p95 {result.extra['p95_ms']} ms",
            )
        ]
    )
    for n in sizes:
        kwargs = {"path": db(n), "statements": 3 if quick else DRY_RUN_STATEMENTS, "rounds": repeats}
        result = run_case("dry run", f"{CASES}:dry_run", kwargs, 1)
        add(
            [
                _figure(
                    "dry run p50",
                    f"{n:,} customers",
                    result,
                    result.extra["p50_ms"],
                    "ms",
                    f"p95 {result.extra['p95_ms']} ms, CPU p50 {result.extra['cpu_p50_ms']} ms,"
                    f" {result.extra['statements']} segments x {repeats}",
                )
            ]
        )
    for n in (s for s in sizes if s < LARGE):
        result = run_case(
            "proposal",
            f"{CASES}:proposal",
            {"path": db(n), "home": home, "goals": 2 if quick else PROPOSAL_GOALS},
            1,
        )
        add(
            [
                _figure(
                    "goal -> proposal p50 (offline planner)",
                    f"{n:,} customers",
                    result,
                    result.extra["p50_ms"],
                    "ms",
                    f"p90 {result.extra['p90_ms']} ms over {result.extra['goals']} goals",
                )
            ]
        )
    return rows


def _kept_build(result: CaseResult) -> BenchRow:
    """The large demo's build row: the figures of its one build, which later runs reuse."""
    figures = result.extra
    kept = f", built {figures['built']} and kept" if figures["cached"] else ", kept for later runs"
    return BenchRow(
        group="demo build",
        label=f"{figures['customers']:,} customers",
        value=round(figures["seconds"], 2),
        unit="s",
        samples=1,
        peak_rss_mb=figures["peak_rss_mb"],
        detail=f"{figures['mb']:,} MB on disk{kept}",
    )


def _wall(group: str, label: str, result: CaseResult, detail: str = "") -> BenchRow:
    """A row whose figure is the case's median wall time."""
    return BenchRow(
        group=group,
        label=label,
        value=round(result.median_s, 2),
        unit="s",
        samples=len(result.runs),
        peak_rss_mb=round(result.peak_rss_mb, 1),
        detail=detail,
    )


def _figure(
    group: str, label: str, result: CaseResult, value: float, unit: str, detail: str = ""
) -> BenchRow:
    """A row whose figure the case measured itself: a percentile over its `samples` timed calls."""
    return BenchRow(
        group=group,
        label=label,
        value=value,
        unit=unit,
        samples=result.extra["samples"],
        peak_rss_mb=round(result.peak_rss_mb, 1),
        detail=detail,
    )
