"""The Slack bot end to end: signed requests to the real bot under uvicorn, over the small demo.

Slack itself cannot run here, so a small local HTTP server stands in for its Web API: it records
chat.postMessage, chat.update, views.open and chat.postEphemeral calls and answers ok. Requests
to the bot are signed with Slack's real v0 HMAC scheme; the planner is the offline one.
"""

from __future__ import annotations

import html
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from segment_agent.tools.registry import Registry, registry_path
from tests.slack.conftest import Bot, sign

GOAL = "Customers likely to churn"


def mention(bot: Bot, channel: str, text: str, ts: str = "1700000000.000001") -> dict[str, Any]:
    """Mention the bot with `text`; returns the chat.update that turned its reply into a card."""
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": channel}
    assert bot.send_event(event, event_id=f"Ev{channel}").status_code == 200
    return bot.slack.wait_for("chat.update", lambda a: a["channel"] == channel and _buttons(a))


def click(bot: Bot, card: dict[str, Any], action: str, user: str = "U2") -> None:
    """Press one of the card's buttons, as Slack's block_actions payload."""
    value = next(b["value"] for b in _buttons(card) if b["action_id"] == action)
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user},
        "channel": {"id": card["channel"]},
        "container": {"type": "message", "message_ts": card["ts"], "channel_id": card["channel"]},
        "message": {"ts": card["ts"], "thread_ts": "1700000000.000001"},
        "trigger_id": f"trigger-{user}",
        "actions": [{"type": "button", "action_id": action, "block_id": "decision", "value": value}],
    }
    assert bot.send_payload(payload).status_code == 200


def card_sql(card: dict[str, Any]) -> str:
    text = next(t for t in _texts(card) if t.startswith("*SQL*"))
    return html.unescape(text.removeprefix("*SQL*\n```").removesuffix("```"))


def card_members(card: dict[str, Any]) -> int:
    match = re.search(r"\*Members:\* ([\d,]+)", "\n".join(_texts(card)))
    assert match, card
    return int(match.group(1).replace(",", ""))


@pytest.fixture(scope="module")
def warehouse(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Our own connection to a copy of the demo (the bot holds the file open with its own settings)."""
    copy = tmp_path_factory.mktemp("count") / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        yield con


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]


def thread_of(card: dict[str, Any]) -> str:
    return _buttons(card)[0]["value"].split("|")[0]


def published(bot: Bot, thread_id: str) -> list[Any]:
    return [s for s in Registry(registry_path(bot.settings)).list() if s.thread_id == thread_id]


def _buttons(call: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in call.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


def _texts(call: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in call.get("blocks") or [] if b["type"] == "section"]


def test_url_verification_answers_the_challenge(bot: Bot) -> None:
    body = b'{"type": "url_verification", "token": "t", "challenge": "c-123"}'
    response = bot.post(body, "application/json")
    assert response.status_code == 200 and response.json()["challenge"] == "c-123"


def test_a_bad_signature_is_refused(bot: Bot) -> None:
    body = b'{"type": "url_verification", "token": "t", "challenge": "c-123"}'
    forged = {"X-Slack-Signature": "v0=" + "0" * 64}
    assert bot.post(body, "application/json", forged).status_code == 401
    stale = sign(body, timestamp=int(time.time()) - 600)  # rightly signed, but outside the 5-minute window
    assert bot.post(body, "application/json", stale).status_code == 401


def test_a_mention_gets_a_card_with_buttons_and_the_true_count(
    bot: Bot, warehouse: duckdb.DuckDBPyConnection
) -> None:
    card = mention(bot, "CMENTION", GOAL)
    assert [b["action_id"] for b in _buttons(card)] == ["approve", "edit", "reject"]
    [working] = bot.slack.of("chat.postMessage", "CMENTION")
    assert working["thread_ts"] == "1700000000.000001" and card["ts"] == working["ts"]
    assert "Working on" in working["text"]
    assert card_members(card) == count(warehouse, card_sql(card)) > 0
    assert len(card["blocks"]) <= 50 and all(len(t) <= 3000 for t in _texts(card))


def test_approve_publishes_and_updates_the_card(bot: Bot) -> None:
    card = mention(bot, "CAPPROVE", GOAL)
    click(bot, card, "approve")
    done = bot.slack.wait_for("chat.update", lambda a: a["channel"] == "CAPPROVE" and "Approved" in a["text"])
    assert done["ts"] == card["ts"] and not _buttons(done) and "<@U2>" in done["text"]
    [segment] = published(bot, thread_of(card))
    assert segment.sql == card_sql(card) and segment.approver == "U2"


def test_a_double_click_publishes_once_and_tells_the_second_clicker(bot: Bot) -> None:
    card = mention(bot, "CDOUBLE", GOAL)
    clicks = [threading.Thread(target=click, args=(bot, card, "approve", user)) for user in ("U2", "U3")]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    note = bot.slack.wait_for("chat.postEphemeral", lambda a: a["channel"] == "CDOUBLE")
    assert "already approved" in note["text"] and note["user"] in ("U2", "U3")
    bot.slack.wait_for("chat.update", lambda a: a["channel"] == "CDOUBLE" and "Approved" in a["text"])
    assert len(published(bot, thread_of(card))) == 1
    assert len([a for a in bot.slack.of("chat.update", "CDOUBLE") if "Approved" in a["text"]]) == 1


def test_only_listed_approvers_can_approve(bot: Bot) -> None:
    card = mention(bot, "CNOTAPPROVER", GOAL)
    click(bot, card, "approve", user="U9")
    note = bot.slack.wait_for("chat.postEphemeral", lambda a: a["channel"] == "CNOTAPPROVER")
    assert note["user"] == "U9" and "Only approvers" in note["text"]
    assert published(bot, thread_of(card)) == []
    assert not [a for a in bot.slack.of("chat.update", "CNOTAPPROVER") if "Approved" in a["text"]]


def test_reject_publishes_nothing(bot: Bot) -> None:
    card = mention(bot, "CREJECT", GOAL)
    click(bot, card, "reject", user="U4")
    done = bot.slack.wait_for("chat.update", lambda a: a["channel"] == "CREJECT" and "Rejected" in a["text"])
    assert done["ts"] == card["ts"] and "<@U4>" in done["text"]
    assert published(bot, thread_of(card)) == []


def test_edit_opens_the_sql_and_a_submission_posts_the_new_card(
    bot: Bot, warehouse: duckdb.DuckDBPyConnection
) -> None:
    card = mention(bot, "CEDIT", GOAL)
    click(bot, card, "edit")
    opened = bot.slack.wait_for("views.open", lambda a: a["trigger_id"] == "trigger-U2")
    modal = opened["view"]
    assert modal["blocks"][1]["element"]["initial_value"] == card_sql(card)
    empty = bot.send_payload(_submission(modal, " "))
    assert empty.json()["response_action"] == "errors"
    edited = "SELECT customer_id FROM customers WHERE state = 'TX'"
    assert bot.send_payload(_submission(modal, edited)).status_code == 200
    new = bot.slack.wait_for("chat.postMessage", lambda a: a["channel"] == "CEDIT" and _buttons(a))
    assert new["thread_ts"] == "1700000000.000001"
    assert card_members(new) == count(warehouse, edited) > 0
    old = bot.slack.wait_for("chat.update", lambda a: a["channel"] == "CEDIT" and "Edited" in a["text"])
    assert old["ts"] == card["ts"]


def test_a_retried_event_is_handled_once(bot: Bot) -> None:
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {GOAL}", "ts": "1.1", "channel": "CRETRY"}
    assert bot.send_event(event, event_id="EvRetry").status_code == 200
    bot.slack.wait_for("chat.postMessage", lambda a: a["channel"] == "CRETRY")
    retry = bot.send_event(event, event_id="EvRetry", headers={"X-Slack-Retry-Num": "1"})
    assert retry.status_code == 200 and retry.headers["x-slack-no-retry"] == "1"
    bot.slack.wait_for("chat.update", lambda a: a["channel"] == "CRETRY" and _buttons(a))
    assert len(bot.slack.of("chat.postMessage", "CRETRY")) == 1


def test_an_empty_goal_gets_a_friendly_note(bot: Bot) -> None:
    event = {"type": "app_mention", "user": "U5", "text": "<@UBOT>  ", "ts": "2.1", "channel": "CEMPTY"}
    assert bot.send_event(event, event_id="EvEmpty").status_code == 200
    note = bot.slack.wait_for("chat.postEphemeral", lambda a: a["channel"] == "CEMPTY")
    assert note["user"] == "U5" and "The goal is empty" in note["text"] and "Traceback" not in note["text"]
    assert bot.slack.of("chat.postMessage", "CEMPTY") == []


def _submission(modal: dict[str, Any], sql: str) -> dict[str, Any]:
    values = {"sql": {"sql": {"type": "plain_text_input", "value": sql}}}
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": modal["callback_id"],
        "private_metadata": modal["private_metadata"],
    }
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U2"},
        "view": {**view, "state": {"values": values}},
    }


def test_a_direct_message_is_a_goal_and_the_bots_own_posts_are_not(bot: Bot) -> None:
    own = {
        "type": "message",
        "channel_type": "im",
        "bot_id": "B1",
        "text": GOAL,
        "ts": "3.1",
        "channel": "DBOT",
    }
    assert bot.send_event(own, event_id="EvOwn").status_code == 200
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U6",
        "text": GOAL,
        "ts": "3.2",
        "channel": "DBOT",
    }
    assert bot.send_event(event, event_id="EvDirect").status_code == 200
    card = bot.slack.wait_for("chat.update", lambda a: a["channel"] == "DBOT" and _buttons(a))
    [working] = bot.slack.of("chat.postMessage", "DBOT")
    assert working.get("thread_ts") is None and card["ts"] == working["ts"]
