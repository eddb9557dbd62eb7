"""Decisions through the service: reject, reject with feedback, edit (SQL or criteria), and refusals.

The planner is scripted: it drafts the at-risk segment, and after feedback naming Texas it
drafts Texans at risk, so a test can tell whether the feedback reached it. Checkpoints, the
approval ledger and the registry are the real SQLite and DuckDB files of this test's data home.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from segment_agent.agent.service import SegmentService, ThreadView
from segment_agent.agent.toolbox import Toolbox
from segment_agent.errors import UserError
from segment_agent.tools.ledger import Ledger
from segment_agent.tools.registry import Registry, registry_path
from tests.agent.scripted import ScriptedModel, answer, draft_sql, last_human

AT_RISK = "SELECT customer_id FROM customers WHERE churn_score >= 0.7"
TEXANS_AT_RISK = "SELECT customer_id FROM customers WHERE churn_score >= 0.7 AND state = 'TX'"


def first_draft(messages: Sequence[BaseMessage]) -> AIMessage:
    """Round one drafts the goal; a round opened by feedback naming Texas drafts Texans only."""
    return draft_sql(TEXANS_AT_RISK if "Texas" in last_human(messages) else AT_RISK)


@pytest.fixture
def service(toolbox: Toolbox) -> SegmentService:
    return SegmentService(toolbox, planner=ScriptedModel(turns=[first_draft, answer("One segment.")]))


@pytest.fixture
def started(service: SegmentService) -> ThreadView:
    view = service.start("Customers at risk of churning", user="ana")
    assert view.status == "awaiting_approval" and view.pending is not None
    return view


def decide(service: SegmentService, view: ThreadView, action: str, **extra: Any) -> ThreadView:
    """Decide on the card the view shows, as omar."""
    assert view.pending is not None
    decision = {"action": action, "proposal_hash": view.pending["hash"], **extra}
    return service.resume(view.thread_id, decision, user="omar")


def published(toolbox: Toolbox) -> list[Any]:
    return Registry(registry_path(toolbox.settings)).list()


def test_reject_never_publishes(service: SegmentService, started: ThreadView, toolbox: Toolbox) -> None:
    view = decide(service, started, "reject")
    assert view.status == "decided" and view.pending is None and view.published == {}
    assert view.decisions["r0-s1"]["action"] == "reject"
    assert published(toolbox) == []
    entry = Ledger(toolbox.settings.ledger_path).get(started.thread_id, "r0-s1")
    assert entry is not None and (entry.action, entry.state) == ("reject", "rejected")
    assert entry.decided_by == "omar"


def test_reject_with_feedback_replans_and_the_planner_sees_the_feedback(
    service: SegmentService, started: ThreadView, toolbox: Toolbox
) -> None:
    view = decide(service, started, "reject", feedback="Only customers in Texas, please.")
    assert view.status == "awaiting_approval" and view.pending is not None
    assert view.pending["id"] == "r1-s1" and view.pending["sql"] == TEXANS_AT_RISK
    assert view.pending["counts"]["count"] == toolbox.warehouse.count(TEXANS_AT_RISK)
    messages = service.graph.get_state({"configurable": {"thread_id": view.thread_id}}).values["messages"]
    feedback = [m for m in messages if isinstance(m, HumanMessage)][-1]
    assert "Only customers in Texas, please." in str(feedback.content)
    assert published(toolbox) == []
    done = decide(service, view, "approve")
    assert done.status == "published"
    [segment] = published(toolbox)
    assert segment.sql == TEXANS_AT_RISK


def test_feedback_replans_at_most_twice(service: SegmentService, started: ThreadView) -> None:
    view = started
    for round_ in (1, 2):
        view = decide(service, view, "reject", feedback="Try again.")
        assert view.pending is not None and view.pending["id"] == f"r{round_}-s1"
    view = decide(service, view, "reject", feedback="Try again.")
    assert view.status == "decided" and view.pending is None


def test_an_edit_with_bad_sql_comes_back_with_the_guard_errors(
    service: SegmentService, started: ThreadView, toolbox: Toolbox
) -> None:
    view = decide(service, started, "edit", sql="SELECT customer_id FROM read_csv('/etc/passwd')")
    card = view.pending
    assert view.status == "awaiting_approval" and card is not None
    assert card["id"] == "r0-s1e1" and card["edit_errors"]
    assert all(e["what"] for e in card["edit_errors"])
    assert card["sql"] == AT_RISK and card["hash"] == started.pending["hash"]
    assert published(toolbox) == []


def test_an_edit_with_sql_is_guarded_and_recounted(
    service: SegmentService, started: ThreadView, toolbox: Toolbox
) -> None:
    edited = "SELECT customer_id FROM customers WHERE churn_score >= 0.9"
    view = decide(service, started, "edit", sql=edited)
    card = view.pending
    assert card is not None and card["id"] == "r0-s1e1" and not card.get("edit_errors")
    assert card["sql"] == edited and card["hash"] != started.pending["hash"]
    assert card["counts"]["count"] == toolbox.warehouse.count(edited) < started.pending["counts"]["count"]
    assert published(toolbox) == []
    done = decide(service, view, "approve")
    [segment] = published(toolbox)
    assert done.status == "published" and segment.sql == edited and segment.size == card["counts"]["count"]


def test_an_edit_with_criteria_is_compiled_and_recounted(
    service: SegmentService, started: ThreadView, toolbox: Toolbox
) -> None:
    criteria = {"items": [{"kind": "field", "field": "customers.state", "op": "=", "value": "CA"}]}
    view = decide(service, started, "edit", criteria=criteria)
    card = view.pending
    assert card is not None and card["id"] == "r0-s1e1" and card["name"] == started.pending["name"]
    assert "'CA'" in card["sql"] and any("CA" in rule for rule in card["rules"])
    californians = "SELECT customer_id FROM customers WHERE state = 'CA'"
    assert card["counts"]["count"] == toolbox.warehouse.count(californians)


def test_an_edit_with_malformed_criteria_leaves_the_card_waiting(
    service: SegmentService, started: ThreadView, toolbox: Toolbox
) -> None:
    """Refused up front or shown again with edit_errors; never a crash that strands the thread."""
    bad = {"items": [{"kind": "field", "field": "customers.state", "op": "~~", "value": "CA"}]}
    try:
        view = decide(service, started, "edit", criteria=bad)
    except UserError:
        view = service.status(started.thread_id)
    assert view.status == "awaiting_approval" and view.pending is not None
    assert view.pending["sql"] == AT_RISK and published(toolbox) == []


def test_a_stale_card_is_refused(service: SegmentService, started: ThreadView, toolbox: Toolbox) -> None:
    with pytest.raises(UserError, match="out of date") as refused:
        service.resume(started.thread_id, {"action": "approve", "proposal_hash": "0" * 32}, user="omar")
    assert refused.value.hint
    assert service.status(started.thread_id).pending == started.pending
    assert Ledger(toolbox.settings.ledger_path).get(started.thread_id, "r0-s1") is None


def test_deciding_twice_is_refused(service: SegmentService, started: ThreadView, toolbox: Toolbox) -> None:
    decide(service, started, "approve")
    with pytest.raises(UserError, match="already decided"):
        decide(service, started, "reject")
    assert len(published(toolbox)) == 1


def test_a_decision_recorded_elsewhere_first_wins(
    service: SegmentService, started: ThreadView, toolbox: Toolbox
) -> None:
    card = started.pending
    ledger = Ledger(toolbox.settings.ledger_path)
    ledger.record(started.thread_id, card["id"], card["hash"], "reject", "ada", [])
    with pytest.raises(UserError, match=r"already decided \(reject\) by ada"):
        decide(service, started, "approve")
    assert published(toolbox) == [] and service.status(started.thread_id).pending == card


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ({"action": "publish"}, "That decision is not valid"),
        ({"action": "edit"}, "an edit needs new SQL or new criteria"),
        ({"action": "approve", "destinations": ["nowhere"]}, "Unknown destination 'nowhere'"),
        ({"action": "approve"}, "must name the card it approves"),
    ],
)
def test_an_invalid_decision_is_a_user_error(
    service: SegmentService, started: ThreadView, toolbox: Toolbox, decision: dict[str, Any], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        service.resume(started.thread_id, decision, user="omar")
    assert service.status(started.thread_id).pending == started.pending
    assert Ledger(toolbox.settings.ledger_path).get(started.thread_id, "r0-s1") is None
