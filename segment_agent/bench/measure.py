"""Run one benchmark case in a fresh process: median wall time of several runs and peak memory."""

from __future__ import annotations

import importlib
import multiprocessing as mp
import platform
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel


class CaseResult(BaseModel):
    """What one case measured; `extra` carries case-specific figures (p50 of inner loops...)."""

    name: str
    median_s: float
    runs: list[float]
    peak_rss_mb: float
    extra: dict[str, Any] = {}


def _child(target: str, kwargs: dict[str, Any], repeats: int, queue: Any) -> None:
    module, _, attr = target.rpartition(":")
    func: Callable[..., dict[str, Any] | None] = getattr(importlib.import_module(module), attr)
    runs, extra = [], {}
    for _ in range(repeats):
        start = time.perf_counter()
        extra = func(**kwargs) or {}
        runs.append(time.perf_counter() - start)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put({"runs": runs, "peak_rss_mb": peak_kb / 1024, "extra": extra})


def run_case(name: str, target: str, kwargs: dict[str, Any] | None = None, repeats: int = 3) -> CaseResult:
    """Call `module:function(**kwargs)` `repeats` times in a spawned process (clean peak RSS)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, kwargs or {}, repeats, queue))
    proc.start()
    out = _wait_for(proc, queue, name)
    proc.join()
    return CaseResult(
        name=name,
        median_s=statistics.median(out["runs"]),
        runs=out["runs"],
        peak_rss_mb=out["peak_rss_mb"],
        extra=out["extra"],
    )


def _wait_for(proc: Any, queue: Any, name: str) -> dict[str, Any]:
    """The child's result; a child that dies without one is an error, not a hang."""
    import queue as queues

    while True:
        try:
            return queue.get(timeout=1.0)
        except queues.Empty:
            if not proc.is_alive():
                raise RuntimeError(f"benchmark case {name!r} died (exit code {proc.exitcode})") from None


def machine() -> str:
    """One line naming the machine the figures come from."""
    import os

    import psutil

    mem = psutil.virtual_memory().total / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"
