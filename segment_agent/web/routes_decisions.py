"""POST a decision on the card waiting in a conversation: approve, edit or reject, audited every time.

Checked before anything runs, in this order: the role (only approvers approve), one decision at
a time per conversation, the card still waiting and unchanged (its hash), the decision itself.
Every attempt lands in the audit log with who, when, the proposal hash and what came of it.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from segment_agent.agent.decision import Decision
from segment_agent.agent.service import ThreadView
from segment_agent.errors import UserError
from segment_agent.tools.destinations import select_destinations
from segment_agent.web.deps import Accept, Marketer, WebState, web_state
from segment_agent.web.problems import ApiError
from segment_agent.web.sse import respond

router = APIRouter(prefix="/api")


class DecisionIn(BaseModel):
    """A person's decision on the card they saw (its id and hash)."""

    action: Literal["approve", "edit", "reject"]
    proposal_hash: str = Field(min_length=1, max_length=128)
    proposal_id: str = Field("", max_length=64)
    destinations: list[str] = Field(default_factory=lambda: ["registry"], max_length=20)
    sql: str | None = Field(None, max_length=20_000)
    criteria: dict[str, Any] | None = None
    feedback: str = Field("", max_length=4000)


@router.post("/threads/{thread_id}/decisions")
async def decide(
    thread_id: str,
    body: DecisionIn,
    request: Request,
    user: Marketer,
    accept: Accept = None,
) -> Any:
    """Apply the decision; with `Accept: text/event-stream` the redraft or publication is streamed."""
    web = web_state(request)
    decision = body.model_dump(exclude={"proposal_id"})
    if body.action != "approve":
        decision["destinations"] = []

    def audit(outcome: str, detail: str, proposal_id: str = body.proposal_id) -> None:
        web.audit.record(
            user=user.name,
            role=user.role,
            thread_id=thread_id,
            proposal_id=proposal_id,
            proposal_hash=body.proposal_hash,
            action=body.action,
            destinations=decision["destinations"],
            outcome=outcome,
            detail=detail,
        )

    if body.action == "approve" and not user.can("approver"):
        await run_in_threadpool(audit, "forbidden", "only approvers approve")
        raise ApiError(
            403,
            "Only approvers can approve a segment; you are a marketer.",
            "Ask an approver to approve it, or edit or reject it yourself.",
        )
    try:
        lock = web.conversations.lock(thread_id)
    except ApiError as err:
        await run_in_threadpool(audit, "refused", err.message)
        raise
    try:
        card = await run_in_threadpool(_check, web, thread_id, body, decision)
    except UserError as err:
        lock.release()
        await run_in_threadpool(audit, "refused", err.message)
        raise

    def work(on_event: Any) -> dict[str, Any]:
        try:
            view = web.conversations.decide(thread_id, decision, user.name, lock, on_event)
        except UserError as err:
            audit("refused", err.message, card["id"])
            raise
        except Exception:
            audit("failed", "the server failed while applying the decision", card["id"])
            raise
        outcome = view.published.get(card["id"]) or {}
        audit("accepted", outcome.get("message", f"{body.action} applied; now {view.status}"), card["id"])
        return view.model_dump()

    return await respond(work, web.tasks, accept)


def _check(web: WebState, thread_id: str, body: DecisionIn, decision: dict[str, Any]) -> dict[str, Any]:
    """The card this decision is for, still waiting and unchanged; ApiError (404/409/400) otherwise."""
    view = web.conversations.view(thread_id)
    card = view.pending
    if card is None:
        raise ApiError(
            409, _decided_message(view, body.proposal_id), "Reload to see where the conversation stands."
        )
    if body.proposal_hash != card["hash"] or (body.proposal_id and body.proposal_id != card["id"]):
        raise ApiError(
            409,
            "This card is out of date: the proposal changed since it was shown.",
            "Review the current card and decide again.",
        )
    if body.action == "approve":
        select_destinations(body.destinations, web.settings)
    try:
        Decision.model_validate({**decision, "user": "check"})
    except ValidationError as err:
        message = err.errors()[0]["msg"].removeprefix("Value error, ")
        raise ApiError(
            400,
            f"That decision is not valid: {message}.",
            "An edit needs new SQL or new criteria; a rejection may say what should change.",
        ) from None
    return card


def _decided_message(view: ThreadView, proposal_id: str) -> str:
    decision = view.decisions.get(proposal_id) if proposal_id else None
    if decision:
        verb = {"approve": "approved", "edit": "edited", "reject": "rejected"}[decision["action"]]
        return f"This card was already {verb} by {decision.get('user', 'someone')}; nothing more was done."
    return f"Nothing is waiting for a decision in this conversation (it is {view.status.replace('_', ' ')})."
