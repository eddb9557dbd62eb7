"""What the bot replies when the agent proposes no segment: the agent's answer, as plain text."""

from __future__ import annotations

from segment_agent.agent.service import ThreadView
from segment_agent.slack.goals import MENTION, result_message


def test_no_segment_is_a_plain_answer_without_buttons() -> None:
    view = ThreadView(thread_id="abc", status="no_segment", answer="No field records <pets>.")
    text, blocks = result_message(view)
    assert text == "No field records &lt;pets&gt;."
    assert blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def test_mentions_are_not_part_of_the_goal() -> None:
    assert MENTION.sub(" ", "<@U123ABC> lapsed buyers <@W9|bot>").split() == ["lapsed", "buyers"]
