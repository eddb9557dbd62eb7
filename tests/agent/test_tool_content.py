"""The compact draft result the model reads: counts, base and reach kept; errors named."""

from __future__ import annotations

import json

from segment_agent.agent.toolbox import Toolbox


def _draft_content(toolbox: Toolbox, sql: str) -> dict:
    tool = next(t for t in toolbox.as_tools() if t.name == "draft_segment")
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": "draft_segment", "args": {"sql": [sql]}})
    return json.loads(message.content)


def test_draft_result_carries_base_and_reach_per_channel(toolbox: Toolbox) -> None:
    content = _draft_content(toolbox, "SELECT customer_id FROM customers WHERE email_opt_in")
    segment = content["segments"][0]
    count = toolbox.warehouse.rows("SELECT count(*) FROM customers WHERE email_opt_in")[0][0]
    base = toolbox.warehouse.rows("SELECT count(*) FROM customers")[0][0]
    reachable_by_email = toolbox.warehouse.rows(
        "SELECT count(*) FROM customers WHERE email_opt_in IS TRUE AND do_not_contact IS FALSE"
    )[0][0]
    assert content["ok"] and segment["count"] == count and segment["base"] == base
    assert segment["reachable"]["email"] == reachable_by_email


def test_failed_draft_names_the_error_and_no_counts(toolbox: Toolbox) -> None:
    content = _draft_content(toolbox, "SELECT customer_id FROM customers WHERE no_such_column > 1")
    segment = content["segments"][0]
    assert not content["ok"] and segment["errors"]
    assert "count" not in segment and "reachable" not in segment
