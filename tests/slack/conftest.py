"""Slack fixtures: the bot served by uvicorn over the small demo, a fake Web API, signed requests."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.service import SegmentService
from segment_agent.settings import Settings
from segment_agent.slack.app import create_slack_app
from tests.slack.fake_slack import FakeSlack
from tests.web.conftest import live_server

SECRET = "test-signing-secret-0123456789"


def sign(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 over 'v0:<timestamp>:<body>' with the signing secret."""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Bot:
    """The running bot, its fake Slack and its settings."""

    url: str
    slack: FakeSlack
    settings: Settings

    def send_event(
        self, event: dict[str, Any], event_id: str, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        """An Events API delivery, signed."""
        body = json.dumps({"type": "event_callback", "event_id": event_id, "event": event}).encode()
        return self.post(body, "application/json", headers)

    def send_payload(self, payload: dict[str, Any]) -> httpx.Response:
        """An interactivity delivery (a click or a modal submission), signed, as Slack form-encodes it."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def post(self, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> httpx.Response:
        signed = {"Content-Type": content_type, **sign(body), **(headers or {})}
        return httpx.post(f"{self.url}/slack/events", content=body, headers=signed, timeout=30)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Iterator[Bot]:
    """The real bot app with the offline planner, served once per module, talking to a fake Slack."""
    slack = FakeSlack().start()
    settings = Settings(
        home=tmp_path_factory.mktemp("slack-home"),
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        slack_approvers="U2, U3",
    )
    app = create_slack_app(settings, service_factory=lambda s: SegmentService(open_toolbox(s, db=demo_db)))
    try:
        with live_server(app) as url:
            yield Bot(url=url, slack=slack, settings=settings)
    finally:
        slack.stop()
