"""Web fixtures: users with each role, an app over the small demo with the scripted planner, a live server."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.service import SegmentService
from segment_agent.settings import Settings
from segment_agent.web.app import create_app
from tests.web.scripted_planner import web_planner

TOKENS = {
    "maria": "maria-marketer-token-0001",
    "omar": "omar-approver-token-0002",
    "ada": "ada-admin-token-000000003",
}


def bearer(name: str) -> dict[str, str]:
    """The Authorization header of one test user."""
    return {"Authorization": f"Bearer {TOKENS[name]}"}


def write_users(home: Path) -> Path:
    """users.yaml with a marketer (token stored as its hash), an approver and an admin."""
    home.mkdir(parents=True, exist_ok=True)
    users = [
        {
            "name": "maria",
            "role": "marketer",
            "token_sha256": hashlib.sha256(TOKENS["maria"].encode()).hexdigest(),
        },
        {"name": "omar", "role": "approver", "token": TOKENS["omar"]},
        {"name": "ada", "role": "admin", "token": TOKENS["ada"]},
    ]
    path = home / "users.yaml"
    path.write_text(yaml.safe_dump({"users": users}), encoding="utf-8")
    return path


def scripted_service(db: Path) -> Callable[[Settings], SegmentService]:
    """A service factory over `db` whose planner is the scripted one."""
    return lambda settings: SegmentService(open_toolbox(settings, db=db), planner=web_planner())


def make_app(home: Path, db: Path) -> FastAPI:
    """The real app over `db`, with the test users and the scripted planner, its state in `home`."""
    write_users(home)
    return create_app(Settings(home=home), service_factory=scripted_service(db))


@pytest.fixture(scope="module")
def web_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data home per test module (the app is shared by the module's tests)."""
    return tmp_path_factory.mktemp("web-home")


@pytest.fixture(scope="module")
def client(web_home: Path, demo_db: Path) -> Iterator[TestClient]:
    """A TestClient over the app, started once per module."""
    with TestClient(make_app(web_home, demo_db)) as test_client:
        yield test_client


@contextmanager
def live_server(app: FastAPI, timeout_s: float = 120.0) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 and a free port; yields the base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)
