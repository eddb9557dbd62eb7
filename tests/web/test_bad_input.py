"""Bad input gets a clear message and a fitting status: goals, ids, decisions, double clicks."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import bearer, live_server, make_app
from tests.web.test_api import CHURN, decide, start


@pytest.mark.parametrize(
    ("goal", "message"),
    [
        ("", "The goal is empty."),
        ("   \n\t ", "The goal is empty."),
        ("x" * 2500, "The goal is 2,500 characters long; the limit is 2,000."),
        ("?? !! 42", "The goal has no words to work with."),
    ],
)
def test_bad_goals_are_refused_with_a_reason(client: TestClient, goal: str, message: str) -> None:
    response = client.post("/api/threads", json={"goal": goal}, headers=bearer("maria"))
    assert response.status_code == 400
    assert response.json()["error"] == message and response.json()["hint"]


def test_a_huge_body_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/threads", json={"goal": "customers " * 20_000}, headers=bearer("maria"))
    assert response.status_code == 413 and "too large" in response.json()["error"]


def test_a_malformed_request_says_what_is_wrong(client: TestClient) -> None:
    response = client.post("/api/threads", json={"objective": CHURN}, headers=bearer("maria"))
    assert response.status_code == 422 and "goal" in response.json()["error"]


@pytest.mark.parametrize("thread_id", ["0" * 32, "not-a-thread!", "x" * 300])
def test_unknown_conversations_are_404(client: TestClient, thread_id: str) -> None:
    response = client.get(f"/api/threads/{thread_id}", headers=bearer("maria"))
    assert response.status_code == 404 and "no conversation" in response.json()["error"]


def test_unknown_pages_and_segments_are_404(client: TestClient) -> None:
    assert client.get("/api/segments/nope", headers=bearer("maria")).status_code == 404
    assert client.get("/api/nothing", headers=bearer("maria")).json()["error"] == "There is nothing here."


def test_an_edit_needs_new_sql_or_criteria(client: TestClient) -> None:
    response = decide(client, start(client), user="maria", action="edit")
    assert response.status_code == 400 and "needs new SQL or new criteria" in response.json()["error"]


def test_unknown_destinations_and_actions_are_refused(client: TestClient) -> None:
    view = start(client)
    unknown = decide(client, view, action="approve", destinations=["crm"])
    assert unknown.status_code == 400 and "Unknown destination 'crm'" in unknown.json()["error"]
    none = decide(client, view, action="approve", destinations=[])
    assert none.status_code == 400 and "No destination" in none.json()["error"]
    assert decide(client, view, action="publish").status_code == 422
    assert (
        client.get(f"/api/threads/{view['thread_id']}", headers=bearer("omar")).json()["status"]
        == "awaiting_approval"
    )


def test_double_click_on_approve_publishes_once(tmp_path: Path, demo_db: Path) -> None:
    with (
        live_server(make_app(tmp_path / "home", demo_db)) as url,
        httpx.Client(base_url=url, timeout=60) as http,
    ):
        view = http.post("/api/threads", json={"goal": CHURN}, headers=bearer("maria")).json()
        card = view["pending"]
        body = {"action": "approve", "proposal_id": card["id"], "proposal_hash": card["hash"]}
        barrier, results = threading.Barrier(4), []

        def click() -> None:
            barrier.wait()
            results.append(
                http.post(f"/api/threads/{view['thread_id']}/decisions", json=body, headers=bearer("omar"))
            )

        clicks = [threading.Thread(target=click) for _ in range(4)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join(60)
        codes = sorted(r.status_code for r in results)
        assert codes == [200, 409, 409, 409], [r.text for r in results]
        assert all(r.json()["error"] for r in results if r.status_code == 409)
        segments = http.get("/api/segments", headers=bearer("maria")).json()
        assert len(segments) == 1 and segments[0]["version"] == 1
        audit = http.get("/api/audit", headers=bearer("ada")).json()
        assert sorted(a["outcome"] for a in audit) == ["accepted", "refused", "refused", "refused"]
