"""REST for conversations: start a goal (streamed), list, read, its messages and proposals, the chart data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from segment_agent.agent.service import ThreadView, validate_goal
from segment_agent.tools.destinations import load_destinations
from segment_agent.web.compare import compare_fields
from segment_agent.web.deps import Accept, CurrentUser, Marketer, current_user, require, web_state
from segment_agent.web.problems import ApiError
from segment_agent.web.sse import respond
from segment_agent.web.thread_store import ThreadSummary

router = APIRouter(prefix="/api")


class GoalIn(BaseModel):
    """A new conversation: the audience wanted, in plain words."""

    goal: str


@router.get("/me")
async def me(request: Request, user: CurrentUser) -> dict[str, Any]:
    """Who the token belongs to and what the page should offer them."""
    return {
        **user.model_dump(),
        "can_approve": user.can("approver"),
        "is_admin": user.can("admin"),
        "local": web_state(request).users.local,
    }


@router.get("/destinations", dependencies=[Depends(current_user)])
def destinations(request: Request) -> list[dict[str, str]]:
    """Where an approved segment can go, as configured in the data home."""
    configs = load_destinations(web_state(request).settings)
    return [{"name": name, "type": c.type, "channel": c.channel} for name, c in configs.items()]


@router.post("/threads")
async def start(
    body: GoalIn,
    request: Request,
    user: Marketer,
    accept: Accept = None,
) -> Any:
    """Start a conversation; with `Accept: text/event-stream` every step is streamed as it happens."""
    web = web_state(request)
    goal = validate_goal(body.goal)
    return await respond(
        lambda on_event: web.conversations.start(goal, user.name, on_event).model_dump(), web.tasks, accept
    )


@router.get("/threads", dependencies=[Depends(current_user)])
def list_threads(request: Request, limit: int = 100) -> list[ThreadSummary]:
    """The latest conversations first, everyone's (approvers decide on marketers' goals)."""
    return web_state(request).conversations.store.list(max(1, min(limit, 500)))


@router.get("/threads/{thread_id}", dependencies=[Depends(current_user)])
def get_thread(thread_id: str, request: Request) -> dict[str, Any]:
    """The conversation: status, the card waiting (if any), decisions, publications and the steps shown."""
    web = web_state(request)
    view = web.conversations.view(thread_id)
    summary = web.conversations.store.get(thread_id)
    return {
        **view.model_dump(),
        "entity": web.service.toolbox.catalog.entity,
        "owner": summary.owner if summary else "",
        "created_at": summary.created_at if summary else "",
        "events": web.conversations.store.events(thread_id),
    }


@router.get("/threads/{thread_id}/messages", dependencies=[Depends(current_user)])
def messages(thread_id: str, request: Request) -> list[dict[str, Any]]:
    """The conversation as the chat shows it: the goal, each step and decision, the agent's answer."""
    web = web_state(request)
    view = web.conversations.view(thread_id)
    summary = web.conversations.store.get(thread_id)
    out = [{"role": "user", "kind": "goal", "text": view.goal, "by": summary.owner if summary else ""}]
    out += [
        {"role": "user" if e["kind"] == "decision" else "agent", **e}
        for e in web.conversations.store.events(thread_id)
    ]
    return out


@router.get("/threads/{thread_id}/proposals", dependencies=[Depends(current_user)])
def proposals(thread_id: str, request: Request) -> list[dict[str, Any]]:
    """Every proposal of the current round with its decision and publication, if any."""
    view = web_state(request).conversations.view(thread_id)
    return [_with_outcome(p, view) for p in view.proposals]


@router.get("/threads/{thread_id}/proposals/{proposal_id}/compare", dependencies=[Depends(current_user)])
async def compare(thread_id: str, proposal_id: str, request: Request) -> list[dict[str, Any]]:
    """Segment versus the whole base on the proposal's key fields (shares per bucket)."""
    web = web_state(request)
    view = await run_in_threadpool(web.conversations.view, thread_id)
    proposal = _find(view, proposal_id)
    toolbox = web.service.toolbox
    fields = [f["field"] for f in proposal.get("fields", [])]
    return await run_in_threadpool(
        compare_fields, toolbox.warehouse, toolbox.catalog, proposal["sql"], fields
    )


@router.get("/audit", dependencies=[Depends(require("admin"))])
def audit(request: Request, thread_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Decision attempts, newest first (admins only)."""
    entries = web_state(request).audit.entries(thread_id=thread_id, limit=max(1, min(limit, 1000)))
    return [e.model_dump() for e in entries]


def _find(view: ThreadView, proposal_id: str) -> dict[str, Any]:
    for proposal in [*([view.pending] if view.pending else []), *view.proposals]:
        if proposal["id"] == proposal_id:
            return proposal
    raise ApiError(
        404, f"There is no proposal {proposal_id!r} in this conversation.", "Reload the conversation."
    )


def _with_outcome(proposal: dict[str, Any], view: ThreadView) -> dict[str, Any]:
    return {
        **proposal,
        "decision": view.decisions.get(proposal["id"]),
        "published": view.published.get(proposal["id"]),
        "pending": bool(view.pending and view.pending["id"] == proposal["id"]),
    }
