"""The offline planner on a database it was never tuned on: the BYO streaming service (no annotations).

Events come from the catalog itself (a refunded payment), amounts in hours meet a minutes column,
years meet a year column, words the bare catalog has no name for are not held against the field
that says the rest, and data the catalog lacks is still reported missing.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage

from segment_agent.agent.offline.turns import next_turn
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.toolbox import Toolbox
from segment_agent.eval.byo_data import build_byo
from segment_agent.settings import Settings


@pytest.fixture(scope="module")
def toolbox(tmp_path_factory: pytest.TempPathFactory) -> Toolbox:
    db = build_byo(tmp_path_factory.mktemp("byo") / "byo.duckdb", members=2000, seed=5)
    box = open_toolbox(Settings(home=tmp_path_factory.mktemp("byo_home")), db=db, entity="members.member_id")
    yield box
    box.warehouse.close()


def drafted(toolbox: Toolbox, goal: str) -> list[dict[str, Any]]:
    """The segments the planner drafts for `goal` (empty when it drafts none)."""
    tools = {t.name: t for t in toolbox.as_tools()}
    messages: list[BaseMessage] = [HumanMessage(goal)]
    for _ in range(8):
        reply = next_turn(messages, toolbox)
        messages.append(reply)
        if not reply.tool_calls:
            break
        messages += [tools[c["name"]].invoke({**c, "type": "tool_call"}) for c in reply.tool_calls]
    found = [m.artifact for m in messages if isinstance(m, ToolMessage) and m.name == "draft_segment"]
    return found[-1]["segments"] if found else []


def members(toolbox: Toolbox, sql: str) -> set[int]:
    return {row[0] for row in toolbox.warehouse.rows(sql)}


@pytest.mark.parametrize(
    ("goal", "gold"),
    [
        (
            "Members with a refunded payment in the last 60 days",
            "SELECT member_id FROM members m WHERE EXISTS (SELECT 1 FROM payments p WHERE p.member_id = "
            "m.member_id AND p.outcome = 'refunded' AND p.paid_at >= CURRENT_DATE - INTERVAL 60 DAY)",
        ),
        (
            "Members who watched over 5 hours on TV in the last month",
            "SELECT member_id FROM members WHERE tv_minutes_30d > 300",
        ),
        ("Members born after 1995", "SELECT member_id FROM members WHERE birth_year > 1995"),
        (
            "Members in Japan on any plan other than basic",
            "SELECT member_id FROM members WHERE country_iso = 'JP' AND plan_code <> 'basic'",
        ),
        (
            "Members in Brazil or Canada on the premium plan",
            "SELECT member_id FROM members WHERE plan_code = 'premium' AND country_iso IN ('BR', 'CA')",
        ),
        (
            "Members outside Japan and Brazil",
            "SELECT member_id FROM members WHERE country_iso NOT IN ('JP', 'BR')",
        ),
        (
            "Members who cancelled their subscription in the past 2 weeks",
            "SELECT member_id FROM members WHERE cancelled_on >= CURRENT_DATE - INTERVAL 14 DAY",
        ),
    ],
)
def test_goals_on_a_bare_catalog(toolbox: Toolbox, goal: str, gold: str) -> None:
    segments = drafted(toolbox, goal)
    assert len(segments) == 1 and segments[0]["ok"]
    assert members(toolbox, segments[0]["sql"]) == members(toolbox, gold)


@pytest.mark.parametrize(
    "goal", ["Members who rated a title five stars", "Members with a household income over $90k"]
)
def test_missing_data_stays_missing(toolbox: Toolbox, goal: str) -> None:
    assert drafted(toolbox, goal) == []
