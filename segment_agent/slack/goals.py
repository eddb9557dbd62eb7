"""Mentions and direct messages: the text is a goal; the reply shows progress, then the card."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from segment_agent.agent.service import SegmentService, ThreadView, validate_goal
from segment_agent.errors import UserError
from segment_agent.slack.blocks import escape, proposal_blocks, text_blocks
from segment_agent.slack.replies import FAILURE_TEXT, WorkingMessage, problem_text, tell

log = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+(\|[^>]*)?>")
LINK = re.compile(r"<([^<>|]*)\|([^<>]*)>|<([^<>]*)>")  # <url|label>, <#C1|name>, <url>


def goal_handlers(service: SegmentService) -> tuple[Any, Any]:
    """The app_mention and message listeners, bound to the service."""

    def on_mention(ack: Ack, event: dict[str, Any], client: WebClient) -> None:
        ack()
        run_goal(service, client, event, thread_ts=event.get("thread_ts") or event["ts"])

    def on_message(ack: Ack, event: dict[str, Any], client: WebClient) -> None:
        ack()
        # Only people's own words in a direct message; edits, joins and the bot's posts are not goals.
        if event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id"):
            run_goal(service, client, event, thread_ts=event.get("thread_ts"))

    return on_mention, on_message


def run_goal(
    service: SegmentService, client: WebClient, event: dict[str, Any], thread_ts: str | None
) -> None:
    """Start the goal in the event's text and reply in the conversation; problems never reach Slack raw."""
    channel, user = event["channel"], event.get("user", "")
    try:
        goal = validate_goal(goal_text(event.get("text") or ""))
    except UserError as err:
        tell(client, channel, user, problem_text(err), thread_ts)
        return
    working = WorkingMessage(client, channel, thread_ts, goal)
    try:
        view = service.start(goal, user=user, on_event=working.progress)
    except UserError as err:
        working.replace(problem_text(err), text_blocks(problem_text(err)))
        return
    except Exception:
        log.exception("the goal %r failed", goal)
        working.replace(FAILURE_TEXT, text_blocks(FAILURE_TEXT))
        return
    working.replace(*result_message(view))


def goal_text(message: str) -> str:
    """The words a person typed: mentions dropped, links as their label, Slack's &amp; &lt; &gt; undone."""
    without_mentions = MENTION.sub(" ", message)
    plain = LINK.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), without_mentions)
    return html.unescape(plain)


def result_message(view: ThreadView) -> tuple[str, list[dict[str, Any]]]:
    """The card waiting for a decision, or the agent's answer when it proposes no segment."""
    if view.pending:
        return f"Proposed segment: {view.pending['name']}", proposal_blocks(view.thread_id, view.pending)
    answer = escape(view.answer or "I could not draft a segment for this goal.")
    return answer, text_blocks(answer)
