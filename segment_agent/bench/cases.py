"""The benchmark cases: plain functions run in a spawned process by measure.run_case.

Each returns its case-specific figures (inner-loop percentiles, sizes) as a dict of plain values.
Inputs are paths, so a case opens its own database, catalog and index in its own process.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from segment_agent.eval.goal_file import load_goal_file
from segment_agent.eval.results import percentile
from segment_agent.settings import Settings
from segment_agent.tools.catalog import build_catalog, ensure_catalog
from segment_agent.tools.demo import annotations_path, build_demo
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.sql_guard import guard_sql

BENCH_SEED = 42
GOALS = "demo_dev.yaml"
DRY_RUN_TIMEOUT_S = 600.0  # the agent's limit is lower; here a slow dry run is a figure, not a failure


def dev_goals_path() -> Path:
    """The demo dev goal set: its gold SQL is the guard and dry-run corpus, its goals the latency corpus."""
    return Path(str(resources.files("segment_agent.eval").joinpath("goals", GOALS)))


def demo_build(path: str, customers: int) -> dict[str, Any]:
    """Build the demo at `path` (kept for the later cases)."""
    info = build_demo(Path(path), customers=customers, seed=BENCH_SEED)
    return {
        "customers": customers,
        "rows": sum(info.row_counts.values()),
        "mb": round(Path(path).stat().st_size / 2**20, 1),
    }


def cached_demo_build(path: str, customers: int) -> dict[str, Any]:
    """Build the demo at `path` once, with progress on stderr, and keep it and its build figures.

    A large demo takes long to build, so it lives in the data home and later runs reuse it (and its
    catalog, cached beside it); the figures are those of the one build, with the day it was built.
    """
    db, figures = Path(path), Path(path).with_suffix(".build.json")
    if db.exists() and figures.exists():
        return json.loads(figures.read_text(encoding="utf-8")) | {"cached": True}
    started = time.perf_counter()

    def progress(label: str, done: float) -> None:
        elapsed = time.perf_counter() - started
        print(
            f"  demo build {customers:,}: {label} ({done:.0%}, {elapsed:,.0f} s)", file=sys.stderr, flush=True
        )

    info = build_demo(db, customers=customers, seed=BENCH_SEED, progress=progress)
    result = {
        "customers": customers,
        "rows": sum(info.row_counts.values()),
        "mb": round(db.stat().st_size / 2**20, 1),
        "seconds": info.seconds,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "built": dt.date.today().isoformat(),
    }
    figures.write_text(json.dumps(result), encoding="utf-8")
    return result | {"cached": False}


def catalog_build(path: str) -> dict[str, Any]:
    """Profile every column of the demo and merge its annotations (not stored)."""
    catalog = build_catalog(Path(path), annotations=annotations_path(Path(path)))
    return {"fields": len(catalog.fields), "frozen": sum(f.profile.frozen for f in catalog.fields)}


def schema_search(path: str, home: str, sizes: list[int], repeats: int) -> dict[str, Any]:
    """Index build and query p50/p95 at each catalog size (search_bench widens the demo's catalog)."""
    from segment_agent.tools.search_bench import QUERIES, run_search_bench

    catalog = ensure_catalog(Path(path), annotations=annotations_path(Path(path)))
    results = run_search_bench(
        catalog, sizes=tuple(sizes), repeats=repeats, settings=Settings(home=Path(home))
    )
    figures: dict[str, Any] = {"samples": len(QUERIES) * repeats}
    return figures | {
        str(r.fields): {"p50_ms": r.p50_ms, "p95_ms": r.p95_ms, "build_s": r.build_s} for r in results
    }


def sql_guard(path: str, rounds: int) -> dict[str, Any]:
    """Guard time per statement over the dev set's gold SQL."""
    catalog = ensure_catalog(Path(path), annotations=annotations_path(Path(path)))
    schema = catalog.schema()
    statements = _gold_sql()
    timings = []
    for _ in range(rounds):
        for sql in statements:
            started = time.perf_counter()
            guard_sql(sql, schema, catalog.entity)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "statements": len(statements),
        "samples": len(timings),
        "p50_ms": round(percentile(timings, 50), 3),
        "p95_ms": round(percentile(timings, 95), 2),
    }


def dry_run(path: str, statements: int, rounds: int) -> dict[str, Any]:
    """Dry-run p50/p95 over `rounds` passes of the first guarded gold statements of the dev set."""
    from segment_agent.tools.dry_run import dry_run as run

    db = Path(path)
    catalog = ensure_catalog(db, annotations=annotations_path(db))
    settings = Settings().model_copy(update={"query_timeout_s": DRY_RUN_TIMEOUT_S})
    guarded = [v.sql for v in (guard_sql(s, catalog.schema(), catalog.entity) for s in _gold_sql()) if v.ok]
    timings, cpu = [], []
    with DuckDBWarehouse.from_settings(db, settings) as warehouse:
        for _ in range(rounds):
            for sql in guarded[:statements]:
                started, cpu_started = time.perf_counter(), time.process_time()
                run(warehouse, catalog, sql)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "statements": min(statements, len(guarded)),
        "samples": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "cpu_p50_ms": round(percentile(cpu, 50), 1),  # all threads: less sensitive to a busy machine
    }


def proposal(path: str, home: str, goals: int) -> dict[str, Any]:
    """Goal -> first proposal latency of the offline planner through the real graph (eval harness)."""
    from segment_agent.agent.planners import make_planner
    from segment_agent.agent.resources import open_toolbox
    from segment_agent.eval.harness import run_goals

    toolbox = open_toolbox(Settings(home=Path(home)), db=Path(path))
    try:
        chosen = [g for g in load_goal_file(dev_goals_path()).goals if g.gold][:goals]
        results = run_goals(toolbox, make_planner(toolbox, "offline"), chosen)
    finally:
        toolbox.warehouse.close()
    latencies = [r.latency_ms for r in results]
    return {
        "goals": len(results),
        "samples": len(results),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p90_ms": round(percentile(latencies, 90), 1),
        "matched": sum(r.match for r in results),
    }


def prepare(path: str, home: str) -> dict[str, Any]:
    """Catalog and index a built demo once, so the timed cases measure only their own work."""
    from segment_agent.agent.resources import open_toolbox

    toolbox = open_toolbox(Settings(home=Path(home)), db=Path(path))
    toolbox.warehouse.close()
    return {}


def _gold_sql() -> list[str]:
    return [g.sql for goal in load_goal_file(dev_goals_path()).goals for g in goal.gold]
