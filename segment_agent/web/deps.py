"""What every route needs: the app's shared objects and the authenticated user with a role check."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from segment_agent.agent.service import SegmentService
from segment_agent.settings import Settings
from segment_agent.web.audit import AuditLog
from segment_agent.web.auth import Directory, Role, User
from segment_agent.web.conversations import Conversations
from segment_agent.web.problems import ApiError

WHAT_ROLES_DO = {
    "marketer": "ask for segments, edit and reject them",
    "approver": "approve segments and refresh published ones",
    "admin": "read the audit log",
}


@dataclass
class WebState:
    """The app's shared objects, built once at start-up."""

    settings: Settings
    service: SegmentService
    conversations: Conversations
    users: Directory
    audit: AuditLog
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)


def web_state(request: Request) -> WebState:
    """The WebState of the app serving this request."""
    return request.app.state.web


async def current_user(request: Request) -> User:
    """The user whose `Authorization: Bearer` token came with the request; 401 without a valid one."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise ApiError(
            401,
            "Sign in first: this request carries no API token.",
            "Send 'Authorization: Bearer <token>'; `segment-agent serve` prints the local token.",
        )
    user = web_state(request).users.authenticate(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise ApiError(
            401,
            "That API token is not valid.",
            "Check the token (copy it again) or ask an admin for a new one.",
        )
    return user


def require(role: Role) -> Callable[..., Awaitable[User]]:
    """A dependency that lets through users with `role` or a higher one, else answers 403."""

    async def check(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.can(role):
            raise ApiError(
                403,
                f"Only {_a(role)} may do this; you are {_a(user.role)}.",
                f"{role.capitalize()}s {WHAT_ROLES_DO[role]}. Ask one of them.",
            )
        return user

    return check


def _a(role: str) -> str:
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


CurrentUser = Annotated[User, Depends(current_user)]
Marketer = Annotated[User, Depends(require("marketer"))]
Approver = Annotated[User, Depends(require("approver"))]
Accept = Annotated[str | None, Header()]
