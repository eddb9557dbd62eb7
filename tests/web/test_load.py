"""Load on loopback: 50 concurrent marketer sessions against a real uvicorn server, bounded in time.

Each session streams a goal (SSE) or posts it (JSON), then approves or rejects its card and reads
the conversation back. Asserts zero errors and exactly one publication per approval; prints p50/p95
latency per request kind (no timing asserts: the machine may be busy).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import bearer, live_server, make_app
from tests.web.sse_client import parse_events

SESSIONS = 50
DEADLINE_S = 300.0
GOALS = ["Customers likely to churn", "Customers in Texas", "High-value customers"]


async def session(http: httpx.AsyncClient, i: int, timings: dict[str, list[float]]) -> dict[str, Any]:
    """One marketer's goal and one approver's decision; returns the final conversation."""
    goal = f"{GOALS[i % len(GOALS)]} for campaign {i}"
    began = time.perf_counter()
    if i % 2:
        headers = {**bearer("maria"), "Accept": "text/event-stream"}
        async with http.stream("POST", "/api/threads", json={"goal": goal}, headers=headers) as response:
            response.raise_for_status()
            events = parse_events([line async for line in response.aiter_lines()])
        assert events[-1][0] == "thread", events[-1]
        view = events[-1][1]
    else:
        response = await http.post("/api/threads", json={"goal": goal}, headers=bearer("maria"))
        response.raise_for_status()
        view = response.json()
    timings["start"].append(time.perf_counter() - began)
    card = view["pending"]
    action = "approve" if i % 3 else "reject"
    began = time.perf_counter()
    response = await http.post(
        f"/api/threads/{view['thread_id']}/decisions",
        headers=bearer("omar"),
        json={"action": action, "proposal_id": card["id"], "proposal_hash": card["hash"]},
    )
    response.raise_for_status()
    timings["decide"].append(time.perf_counter() - began)
    began = time.perf_counter()
    response = await http.get(f"/api/threads/{view['thread_id']}", headers=bearer("maria"))
    response.raise_for_status()
    timings["read"].append(time.perf_counter() - began)
    return response.json()


async def run_all(url: str) -> tuple[list[Any], dict[str, list[float]], float]:
    timings: dict[str, list[float]] = {"start": [], "decide": [], "read": []}
    limits = httpx.Limits(max_connections=SESSIONS * 2)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        began = time.perf_counter()
        results = await asyncio.wait_for(
            asyncio.gather(*(session(http, i, timings) for i in range(SESSIONS)), return_exceptions=True),
            DEADLINE_S,
        )
    return results, timings, time.perf_counter() - began


def test_fifty_concurrent_sessions_without_errors(
    tmp_path: Path, demo_db: Path, capsys: pytest.CaptureFixture
) -> None:
    with live_server(make_app(tmp_path / "home", demo_db)) as url:
        results, timings, wall = asyncio.run(run_all(url))
        with httpx.Client(base_url=url) as http:
            segments = http.get("/api/segments", headers=bearer("maria")).json()
            audit = http.get("/api/audit", params={"limit": 1000}, headers=bearer("ada")).json()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, [repr(e) for e in errors[:5]]
    approved = [r for i, r in enumerate(results) if i % 3]
    assert all(r["status"] == "published" for r in approved)
    assert all(r["status"] == "decided" and not r["published"] for i, r in enumerate(results) if not i % 3)
    published = [p for r in approved for p in r["published"].values()]
    assert len(published) == len(approved)
    assert all(p["status"] == "published" for p in published), [
        p["message"] for p in published if p["status"] != "published"
    ]
    assert len({s["id"] for s in segments}) == len(segments) == len({p["segment_id"] for p in published})
    assert len(audit) == SESSIONS and {a["outcome"] for a in audit} == {"accepted"}
    with capsys.disabled():
        print(f"\nload: {SESSIONS} concurrent sessions, {3 * SESSIONS} requests, 0 errors, {wall:.1f} s wall")
        for kind, values in timings.items():
            p95 = statistics.quantiles(values, n=20)[-1]
            print(f"  {kind:<7} p50 {statistics.median(values) * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms")
