"""The REST and SSE API over the real graph, tools and demo data (scripted planner)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import bearer
from tests.web.sse_client import parse_events

CHURN = "Customers likely to churn"


def start(client: TestClient, goal: str = CHURN, user: str = "maria") -> dict[str, Any]:
    response = client.post("/api/threads", json={"goal": goal}, headers=bearer(user))
    assert response.status_code == 200, response.text
    return response.json()


def decide(client: TestClient, view: dict[str, Any], user: str = "omar", **body: Any):
    card = view["pending"]
    payload = {"proposal_id": card["id"], "proposal_hash": card["hash"], **body}
    return client.post(f"/api/threads/{view['thread_id']}/decisions", json=payload, headers=bearer(user))


def test_a_goal_becomes_a_card_with_true_counts(client: TestClient) -> None:
    view = start(client)
    card = view["pending"]
    assert view["status"] == "awaiting_approval" and view["goal"] == CHURN
    warehouse = client.app.state.web.service.toolbox.warehouse
    expected = warehouse.rows("SELECT count(*) FROM customers WHERE churn_score >= 0.7")[0][0]
    assert card["counts"]["count"] == expected > 0
    assert card["counts"]["base"] == warehouse.rows("SELECT count(*) FROM customers")[0][0]
    assert "customers.churn_score" in [f["field"] for f in card["fields"]]
    assert card["rules"] and card["assumptions"] and len(card["hash"]) == 32


def test_steps_stream_as_server_sent_events(client: TestClient) -> None:
    headers = {**bearer("maria"), "Accept": "text/event-stream"}
    with client.stream("POST", "/api/threads", json={"goal": CHURN}, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = parse_events(response.iter_lines())
    names = [name for name, _ in events]
    assert names[-1] == "thread" and names.count("thread") == 1 and "error" not in names
    steps = [data["text"] for name, data in events if name == "step"]
    assert steps[0].startswith("Searching the schema")
    assert any("members" in text for text in steps)
    assert events[-1][1]["status"] == "awaiting_approval"


def test_approval_publishes_once_and_is_audited(client: TestClient) -> None:
    view = start(client)
    first = decide(client, view, action="approve", destinations=["registry"])
    assert first.status_code == 200, first.text
    done = first.json()
    assert done["status"] == "published" and done["pending"] is None
    record = next(iter(done["published"].values()))
    assert record["status"] == "published"
    again = decide(client, view, action="approve", destinations=["registry"])
    assert again.status_code == 409
    assert "already approved by omar" in again.json()["error"]
    segment = client.get(f"/api/segments/{record['segment_id']}", headers=bearer("maria")).json()
    assert segment["size"] == view["pending"]["counts"]["count"] and segment["approver"] == "omar"
    assert [h["version"] for h in segment["history"]] == [1]
    audit = client.get("/api/audit", params={"thread_id": view["thread_id"]}, headers=bearer("ada")).json()
    assert [(a["user"], a["outcome"], a["proposal_hash"]) for a in reversed(audit)] == [
        ("omar", "accepted", view["pending"]["hash"]),
        ("omar", "refused", view["pending"]["hash"]),
    ]


def test_only_approvers_approve(client: TestClient) -> None:
    view = start(client)
    response = decide(client, view, user="maria", action="approve")
    assert response.status_code == 403 and "Only approvers" in response.json()["error"]
    assert (
        client.get(f"/api/threads/{view['thread_id']}", headers=bearer("maria")).json()["status"]
        == "awaiting_approval"
    )
    audit = client.get("/api/audit", params={"thread_id": view["thread_id"]}, headers=bearer("ada")).json()
    assert [(a["user"], a["role"], a["outcome"]) for a in audit] == [("maria", "marketer", "forbidden")]


def test_an_edit_makes_a_new_card_and_the_old_one_goes_stale(client: TestClient) -> None:
    view = start(client)
    sql = "SELECT customer_id FROM customers WHERE churn_score >= 0.9"
    edited = decide(client, view, user="maria", action="edit", sql=sql)
    assert edited.status_code == 200, edited.text
    new = edited.json()["pending"]
    assert new["hash"] != view["pending"]["hash"] and new["id"] == "r0-s1e1"
    assert new["counts"]["count"] < view["pending"]["counts"]["count"]
    stale = decide(client, view, action="approve")
    assert stale.status_code == 409 and "out of date" in stale.json()["error"]
    assert decide(client, edited.json(), action="approve").json()["status"] == "published"


def test_a_bad_edit_keeps_the_card_and_says_why(client: TestClient) -> None:
    view = start(client)
    response = decide(client, view, user="maria", action="edit", sql="SELECT * FROM read_csv('/etc/passwd')")
    card = response.json()["pending"]
    assert response.status_code == 200 and card["edit_errors"]
    assert card["sql"] == view["pending"]["sql"]


def test_rejection_with_feedback_redrafts(client: TestClient) -> None:
    view = start(client)
    response = decide(client, view, user="maria", action="reject", feedback="Only Texas customers please")
    assert response.status_code == 200
    assert response.json()["pending"]["id"] == "r1-s1"


def test_rejection_without_feedback_ends_without_publishing(client: TestClient) -> None:
    view = start(client)
    done = decide(client, view, user="maria", action="reject").json()
    assert done["status"] == "decided" and done["published"] == {}


def test_conversation_endpoints(client: TestClient) -> None:
    view = start(client)
    tid = view["thread_id"]
    listed = client.get("/api/threads", headers=bearer("omar")).json()
    assert listed[0]["thread_id"] == tid and listed[0]["owner"] == "maria"
    messages = client.get(f"/api/threads/{tid}/messages", headers=bearer("omar")).json()
    assert messages[0] == {"role": "user", "kind": "goal", "text": CHURN, "by": "maria"}
    assert any(m["kind"] == "proposal" for m in messages)
    proposals = client.get(f"/api/threads/{tid}/proposals", headers=bearer("omar")).json()
    assert proposals[0]["pending"] is True and proposals[0]["decision"] is None


def test_chart_data_compares_segment_and_base(client: TestClient) -> None:
    view = start(client)
    url = f"/api/threads/{view['thread_id']}/proposals/{view['pending']['id']}/compare"
    fields = client.get(url, headers=bearer("maria")).json()
    churn = next(f for f in fields if f["field"] == "customers.churn_score")
    assert abs(sum(b["base"] for b in churn["buckets"]) - 1) < 1e-9
    assert abs(sum(b["segment"] for b in churn["buckets"]) - 1) < 1e-9
    top = churn["buckets"][-1]
    assert top["label"].startswith("≥") and top["segment"] > top["base"]
    assert churn["buckets"][0]["segment"] == 0


def test_an_edit_of_the_criteria_is_rendered_and_recounted(client: TestClient) -> None:
    view = start(client)
    criteria = {"items": [{"kind": "field", "field": "customers.churn_score", "op": ">=", "value": 0.95}]}
    card = decide(client, view, user="maria", action="edit", criteria=criteria).json()["pending"]
    assert card["rules"] == ["churn score is at least 95%"]
    assert 0 < card["counts"]["count"] < view["pending"]["counts"]["count"]
