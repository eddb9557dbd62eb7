"""The goal the bot reads from a Slack message, and its reply when the agent proposes no segment."""

from __future__ import annotations

from segment_agent.agent.service import ThreadView
from segment_agent.slack.goals import goal_text, result_message


def test_no_segment_is_a_plain_answer_without_buttons() -> None:
    view = ThreadView(thread_id="abc", status="no_segment", answer="No field records <pets>.")
    text, blocks = result_message(view)
    assert text == "No field records &lt;pets&gt;."
    assert blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def test_mentions_are_not_part_of_the_goal() -> None:
    assert goal_text("<@U123ABC> lapsed buyers <@W9|bot>").split() == ["lapsed", "buyers"]


def test_slack_escapes_and_links_become_the_words_typed() -> None:
    typed = "<@U1> spend &gt; 500 &amp; in <#C42|texas-team> per <https://wiki/x|the wiki> <https://a.b>"
    assert goal_text(typed).strip() == "spend > 500 & in texas-team per the wiki https://a.b"
