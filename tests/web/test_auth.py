"""Users, roles and tokens: who may do what, and the safe default without a users file."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.web.audit import AuditLog
from segment_agent.web.auth import LOCAL_ADMIN, load_directory, token_file
from tests.web.conftest import TOKENS, bearer


def test_a_missing_token_is_401_with_a_way_forward(client: TestClient) -> None:
    response = client.get("/api/threads")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"].startswith("Sign in first") and "Bearer" in response.json()["hint"]


@pytest.mark.parametrize(
    "header", ["Bearer wrong-token-0123456789", f"Basic {TOKENS['omar']}", "Bearer ", "Bearer"]
)
def test_a_wrong_token_is_401(client: TestClient, header: str) -> None:
    response = client.get("/api/threads", headers={"Authorization": header})
    assert response.status_code == 401 and response.json()["error"] == "That API token is not valid."


@pytest.mark.parametrize(
    ("user", "role", "approve", "admin"),
    [("maria", "marketer", False, False), ("omar", "approver", True, False), ("ada", "admin", True, True)],
)
def test_each_token_is_its_user_and_role(
    client: TestClient, user: str, role: str, approve: bool, admin: bool
) -> None:
    me = client.get("/api/me", headers=bearer(user)).json()
    assert (me["name"], me["role"], me["can_approve"], me["is_admin"], me["local"]) == (
        user,
        role,
        approve,
        admin,
        False,
    )


def test_only_admins_read_the_audit_log(client: TestClient) -> None:
    assert client.get("/api/audit", headers=bearer("maria")).status_code == 403
    refused = client.get("/api/audit", headers=bearer("omar"))
    assert (
        refused.status_code == 403
        and refused.json()["error"] == "Only an admin may do this; you are an approver."
    )
    assert client.get("/api/audit", headers=bearer("ada")).status_code == 200


def test_without_a_users_file_one_local_admin_gets_a_private_token(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    first = load_directory(settings)
    token = token_file(settings).read_text().strip()
    assert first.local and len(token) >= 32
    assert stat.S_IMODE(token_file(settings).stat().st_mode) == 0o600
    assert first.authenticate(token).name == LOCAL_ADMIN and first.authenticate(token).role == "admin"
    assert first.authenticate(token + "x") is None
    assert load_directory(settings).authenticate(token) is not None


@pytest.mark.parametrize(
    ("users", "problem"),
    [
        ([{"name": "a", "role": "marketer", "token": "short"}], "bad entry"),
        ([{"name": "a", "role": "boss", "token": "a" * 20}], "bad entry"),
        ([{"name": "a", "role": "admin", "token": "a" * 20, "token_sha256": "0" * 64}], "bad entry"),
        (
            [
                {"name": "a", "role": "admin", "token": "a" * 20},
                {"name": "a", "role": "admin", "token": "b" * 20},
            ],
            "repeats",
        ),
        ([], "lists no users"),
    ],
)
def test_a_bad_users_file_is_refused_clearly(tmp_path: Path, users: list, problem: str) -> None:
    (tmp_path / "users.yaml").write_text(yaml.safe_dump({"users": users}))
    with pytest.raises(UserError, match=problem):
        load_directory(Settings(home=tmp_path))


def test_a_configured_users_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        load_directory(Settings(home=tmp_path, users_path=tmp_path / "missing.yaml"))


def test_the_audit_log_is_append_only(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    entry = log.record(
        user="omar",
        role="approver",
        thread_id="t1",
        proposal_id="r0-s1",
        proposal_hash="h" * 32,
        action="approve",
        destinations=["registry"],
        outcome="accepted",
    )
    con = sqlite3.connect(tmp_path / "audit.sqlite")
    for statement in ("UPDATE audit SET user = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(statement)
    assert log.entries() == [entry]
