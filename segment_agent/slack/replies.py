"""How the bot talks back: a message that shows progress and then becomes the card, and problems."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from segment_agent.errors import UserError
from segment_agent.slack.blocks import escape, text_blocks

log = logging.getLogger(__name__)
PROGRESS_LINES = 6
ESCAPED_MENTION = re.compile(r"&lt;@([UW][A-Z0-9]+)&gt;")
FAILURE_TEXT = ":x: Something went wrong on our side; the details are in the bot's log. Please try again."
# chat.update allows about 50 calls a minute; progress is shown at most once a second.
PROGRESS_EVERY_S = 1.0


class WorkingMessage:
    """A 'working on it' message, updated with the agent's progress and then replaced by the result."""

    def __init__(self, client: WebClient, channel: str, thread_ts: str | None, goal: str) -> None:
        self.client = client
        self.channel = channel
        self.title = f":hourglass_flowing_sand: Working on “{escape(goal)}”…"
        posted = client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=self.title, blocks=text_blocks(self.title)
        )
        self.ts: str = posted["ts"]
        self._lines: list[str] = []
        self._shown_at = 0.0

    def progress(self, event: dict[str, Any]) -> None:
        """Add one progress event; the message is refreshed when the last refresh is old enough."""
        self._lines = [*self._lines, f"• {escape(event['text'])}"][-PROGRESS_LINES:]
        if time.monotonic() - self._shown_at >= PROGRESS_EVERY_S:
            self._shown_at = time.monotonic()
            text = "\n".join([self.title, *self._lines])
            try:
                self.client.chat_update(
                    channel=self.channel, ts=self.ts, text=self.title, blocks=text_blocks(text)
                )
            except SlackApiError as err:  # progress is a courtesy: a refused update must not stop the goal
                log.warning("progress update refused: %s", err.response.get("error"))

    def replace(self, text: str, blocks: list[dict[str, Any]]) -> None:
        """Turn the message into the result (a card, an answer or a problem)."""
        self.client.chat_update(channel=self.channel, ts=self.ts, text=text, blocks=blocks)


def problem_text(err: UserError) -> str:
    """A UserError as one friendly line: what went wrong and what to do (user mentions stay mentions)."""
    text = f":warning: {escape(err.message)}" + (f" {escape(err.hint)}" if err.hint else "")
    return ESCAPED_MENTION.sub(r"<@\1>", text)


def tell(client: WebClient, channel: str, user: str, text: str, thread_ts: str | None = None) -> None:
    """An ephemeral message only `user` sees: refusals and problems do not clutter the channel."""
    client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
