"""The segments endpoints, and conversations that outlive the server."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import bearer, make_app
from tests.web.test_api import decide, start


def test_segments_list_show_refresh_and_chart(client: TestClient) -> None:
    view = start(client, goal="Customers in Texas")
    published = decide(client, view, action="approve").json()["published"]
    segment_id = next(iter(published.values()))["segment_id"]
    listed = client.get("/api/segments", headers=bearer("maria")).json()
    assert segment_id in [s["id"] for s in listed]
    shown = client.get(f"/api/segments/{segment_id}", headers=bearer("maria")).json()
    assert shown["owner"] == "omar" and shown["goal"] == "Customers in Texas" and shown["size"] > 0
    forbidden = client.post(f"/api/segments/{segment_id}/refresh", headers=bearer("maria"))
    assert forbidden.status_code == 403 and "approver" in forbidden.json()["error"]
    drift = client.post(f"/api/segments/{segment_id}/refresh", headers=bearer("omar")).json()
    assert drift["before"] == drift["after"] == shown["size"] and drift["added"] == drift["removed"] == 0
    assert drift["version"] == shown["version"]
    fields = client.get(f"/api/segments/{segment_id}/compare", headers=bearer("maria")).json()
    state = next(f for f in fields if f["field"] == "customers.state")
    assert state["buckets"][0] == {"label": "TX", "segment": 1.0, "base": state["buckets"][0]["base"]}
    audit = client.get("/api/audit", headers=bearer("ada")).json()
    assert audit[0]["action"] == "refresh" and audit[0]["user"] == "omar"


def test_conversations_survive_a_server_restart(tmp_path: Path, demo_db: Path) -> None:
    home = tmp_path / "home"
    with TestClient(make_app(home, demo_db)) as first:
        view = start(first)
    with TestClient(make_app(home, demo_db)) as second:
        listed = second.get("/api/threads", headers=bearer("omar")).json()
        assert [t["thread_id"] for t in listed] == [view["thread_id"]]
        again = second.get(f"/api/threads/{view['thread_id']}", headers=bearer("omar")).json()
        assert again["pending"]["hash"] == view["pending"]["hash"]
        assert again["events"][0]["text"].startswith("Searching the schema")
        assert decide(second, again, action="approve").json()["status"] == "published"


def test_the_page_and_its_scripts_are_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "Segment Agent" in page.text
    assert "script-src" not in page.headers["content-security-policy"]
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in ("app.js", "api.js", "card.js", "chart.js", "chat.js", "dom.js", "segments.js", "app.css"):
        assert client.get(f"/static/{name}").status_code == 200
