"""Users, roles and API tokens of the web app, read from a YAML file.

`users.yaml` (settings.users_path, else <home>/users.yaml)::

    users:
      - name: maria
        role: marketer          # marketer: asks, edits, rejects; approver: + approves, refreshes;
                                # admin: + reads the audit log
        token_sha256: 9f86d0... # sha256 hex of the token (preferred: the file then holds no secret)
      - name: omar
        role: approver
        token: a-long-random-string-of-16-or-more-characters

Without a users file there is one user, `local-admin` (admin), whose token is generated once and
kept in <home>/web-token (mode 600); `serve` prints it and then listens on loopback only.
Requests send `Authorization: Bearer <token>`; tokens are compared as SHA-256 digests with
hmac.compare_digest, every user checked so the time taken does not depend on which one matched.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from segment_agent.errors import UserError
from segment_agent.settings import Settings

Role = Literal["marketer", "approver", "admin"]
RANK: dict[str, int] = {"marketer": 0, "approver": 1, "admin": 2}
LOCAL_ADMIN = "local-admin"
MIN_TOKEN_CHARS = 16


class User(BaseModel):
    """Who is calling, and what they may do."""

    name: str
    role: Role

    def can(self, role: Role) -> bool:
        """True when this user's role is `role` or a higher one."""
        return RANK[self.role] >= RANK[role]


class UserEntry(BaseModel):
    """One line of the users file: a name, a role and a token (plain or as its SHA-256)."""

    name: str = Field(min_length=1, max_length=80)
    role: Role
    token: str | None = Field(None, min_length=MIN_TOKEN_CHARS)
    token_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")

    @model_validator(mode="after")
    def _one_token(self) -> UserEntry:
        if (self.token is None) == (self.token_sha256 is None):
            raise ValueError("give exactly one of token or token_sha256")
        return self

    def digest(self) -> str:
        """The token's SHA-256, whichever way the file gave it."""
        return self.token_sha256 or hash_token(self.token or "")


class Directory:
    """The users the server knows; `local` when it is the generated single-admin setup."""

    def __init__(self, entries: list[UserEntry], *, local: bool = False, source: str = "") -> None:
        self._digests = [(entry.digest(), User(name=entry.name, role=entry.role)) for entry in entries]
        self.local = local
        self.source = source

    def authenticate(self, token: str) -> User | None:
        """The user holding `token`, or None."""
        presented = hash_token(token)
        found = None
        for digest, user in self._digests:
            if hmac.compare_digest(presented, digest):
                found = user
        return found


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored in users files instead of the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def users_file(settings: Settings) -> Path:
    """Where the users file is looked for."""
    return settings.users_path or settings.home / "users.yaml"


def token_file(settings: Settings) -> Path:
    """Where the generated local admin token is kept when there is no users file."""
    return settings.home / "web-token"


def load_directory(settings: Settings) -> Directory:
    """The users file's users, or the local admin with a token generated on first use."""
    path = users_file(settings)
    if path.is_file():
        return Directory(_read_users(path), source=str(path))
    if settings.users_path is not None:
        raise UserError(
            f"The users file {path} does not exist.", "Create it or unset SEGMENT_AGENT_USERS_PATH."
        )
    token = local_admin_token(settings)
    return Directory(
        [UserEntry(name=LOCAL_ADMIN, role="admin", token=token)], local=True, source=str(token_file(settings))
    )


def local_admin_token(settings: Settings) -> str:
    """The local admin's token: read from the data home, or generated there (readable by its owner only)."""
    path = token_file(settings)
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if len(token) >= MIN_TOKEN_CHARS:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token


def _read_users(path: Path) -> list[UserEntry]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = [UserEntry.model_validate(item) for item in raw.get("users") or []]
    except (yaml.YAMLError, AttributeError) as err:
        raise UserError(
            f"The users file {path} is not valid YAML with a 'users' list: {err}.",
            "See the example at the top of segment_agent/web/auth.py.",
        ) from None
    except ValidationError as err:
        first = err.errors()[0]
        raise UserError(
            f"The users file {path} has a bad entry: {first['msg']} at {first['loc']}.",
            f"Each user needs name, role (marketer|approver|admin) and a token of "
            f"{MIN_TOKEN_CHARS}+ characters or its token_sha256.",
        ) from None
    if not entries:
        raise UserError(f"The users file {path} lists no users.", "Add at least one user with a token.")
    names = [e.name for e in entries]
    digests = [e.digest() for e in entries]
    if len(set(names)) < len(names) or len(set(digests)) < len(digests):
        raise UserError(
            f"The users file {path} repeats a name or a token.",
            "Give each user a name and token of their own.",
        )
    return entries
