"""The card's buttons and the edit modal: each becomes a decision through the service.

Decisions on one conversation are applied one at a time: a double click waits for the first
click to finish and is then told the card was already decided (the approval ledger still
guards publishing across processes).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from segment_agent.agent.service import SegmentService, ThreadView
from segment_agent.agent.thread_locks import ThreadLocks
from segment_agent.errors import UserError
from segment_agent.slack.blocks import SQL_BLOCK, SQL_INPUT_LIMIT, edit_modal, outcome_blocks, proposal_blocks
from segment_agent.slack.replies import FAILURE_TEXT, problem_text, tell

log = logging.getLogger(__name__)
VALUE = re.compile(r"^([0-9a-f]{8,64})\|([\w-]{1,64})\|([0-9a-f]{8,128})$")
VERBS = {"approve": "approved", "edit": "edited", "reject": "rejected"}
Handler = Callable[..., None]


class Card:
    """A card as Slack shows it: where its message is and which proposal (thread, id, hash) it carries."""

    def __init__(self, value: str, channel: str, ts: str, thread_ts: str | None) -> None:
        match = VALUE.match(value or "")
        if not match:
            raise UserError("This button does not belong to a card of this bot.", "Ask for a new segment.")
        self.thread_id, self.proposal_id, self.hash = match.groups()
        self.channel, self.ts, self.thread_ts = channel, ts, thread_ts

    def metadata(self) -> dict[str, str]:
        """What the edit modal carries back on submission."""
        return {
            "value": f"{self.thread_id}|{self.proposal_id}|{self.hash}",
            "channel": self.channel,
            "ts": self.ts,
            "thread_ts": self.thread_ts or self.ts,
        }


class Decider:
    """Applies decisions from Slack, one at a time per conversation, and updates the cards."""

    def __init__(self, service: SegmentService, approvers: frozenset[str]) -> None:
        self.service = service
        self.approvers = approvers
        self._locks = ThreadLocks()

    def handlers(self) -> dict[str, Handler]:
        """Listeners by action id, plus the modal's submission under 'edit_submitted'."""
        return {
            "approve": self._button("approve"),
            "reject": self._button("reject"),
            "edit": self._open_editor,
            "edit_submitted": self._submit_edit,
        }

    def _button(self, action: str) -> Handler:
        def on_click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            user = body["user"]["id"]
            try:
                card = _card(body)
                if action == "approve" and user not in self.approvers:
                    raise UserError(
                        "Only approvers can approve a segment from Slack, and you are not one.",
                        "Ask an approver to review this card, or an admin to add your Slack user id "
                        "to SEGMENT_AGENT_SLACK_APPROVERS.",
                    )
            except UserError as err:
                tell(client, body["channel"]["id"], user, problem_text(err), _thread_ts(body))
                return
            decision = {"action": action, "destinations": ["registry"] if action == "approve" else []}
            self.decide(client, card, user, decision)

        return on_click

    def _open_editor(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        try:
            card = _card(body)
            proposal = self._pending(card)
            if len(proposal["sql"]) > SQL_INPUT_LIMIT:
                raise UserError(
                    "This SQL is too long to edit in Slack.", "Edit it in the web chat or the CLI."
                )
        except UserError as err:
            tell(client, body["channel"]["id"], user, problem_text(err), _thread_ts(body))
            return
        client.views_open(trigger_id=body["trigger_id"], view=edit_modal(card.metadata(), proposal))

    def _submit_edit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        sql = (view["state"]["values"][SQL_BLOCK][SQL_BLOCK].get("value") or "").strip()
        if not sql:
            ack(response_action="errors", errors={SQL_BLOCK: "Write the SQL of the segment."})
            return
        ack()
        meta = json.loads(view["private_metadata"])
        card = Card(meta["value"], meta["channel"], meta["ts"], meta["thread_ts"])
        self.decide(client, card, body["user"]["id"], {"action": "edit", "sql": sql, "destinations": []})

    def decide(self, client: WebClient, card: Card, user: str, decision: dict[str, Any]) -> None:
        """Resume the conversation, put the outcome on the card, post any next card; refusals go to `user`."""
        with self._locks.of(card.thread_id):
            try:
                proposal = self._pending(card)
                view = self.service.resume(
                    card.thread_id, {**decision, "proposal_hash": card.hash}, user=user
                )
            except UserError as err:
                tell(client, card.channel, user, problem_text(err), card.thread_ts)
                return
            except Exception:
                log.exception("a %s decision on %s failed", decision["action"], card.thread_id)
                tell(client, card.channel, user, FAILURE_TEXT, card.thread_ts)
                return
        outcome = _outcome(decision["action"], user, view, proposal)
        client.chat_update(
            channel=card.channel, ts=card.ts, text=outcome, blocks=outcome_blocks(proposal, outcome)
        )
        if view.pending:
            client.chat_postMessage(
                channel=card.channel,
                thread_ts=card.thread_ts,
                text=f"Proposed segment: {view.pending['name']}",
                blocks=proposal_blocks(view.thread_id, view.pending),
            )

    def _pending(self, card: Card) -> dict[str, Any]:
        """The card's proposal if it is still waiting; a clear refusal if it was decided or changed."""
        view = self.service.status(card.thread_id)
        if view.pending and view.pending["id"] == card.proposal_id and view.pending["hash"] == card.hash:
            return view.pending
        decided = view.decisions.get(card.proposal_id)
        if decided and decided.get("hash") == card.hash:
            raise UserError(
                f"This card was already {VERBS[decided['action']]} by <@{decided.get('user', '')}>; "
                "nothing more was done.",
                "Scroll down for where the conversation stands.",
            )
        raise UserError(
            "This card is out of date: the proposal changed since it was shown.",
            "Decide on the newest card in this thread.",
        )


def _card(body: dict[str, Any]) -> Card:
    action = body["actions"][0]
    return Card(
        action.get("value", ""), body["channel"]["id"], body["container"]["message_ts"], _thread_ts(body)
    )


def _thread_ts(body: dict[str, Any]) -> str | None:
    message = body.get("message") or {}
    return message.get("thread_ts") or message.get("ts")


def _outcome(action: str, user: str, view: ThreadView, proposal: dict[str, Any]) -> str:
    """One line on what the decision did, for the card it replaces."""
    if action == "approve":
        record = view.published.get(proposal["id"]) or {}
        icon = ":white_check_mark:" if record.get("status") in ("published", "already_published") else ":x:"
        return f"{icon} Approved by <@{user}>. {record.get('message', '')}".strip()
    if action == "reject":
        return f":no_entry_sign: Rejected by <@{user}>. Nothing was published."
    return f":pencil2: Edited by <@{user}>; the new card is below."
