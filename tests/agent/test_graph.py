"""The graph with a scripted planner: plan -> tools -> propose -> approval, errors, limits, order, resume.

The planner is scripted (tests/agent/scripted.py) so each test states exactly what the model
does; the tools, guard, dry run, checkpoints and publishing are the real ones on the demo.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from segment_agent.agent.context import AgentContext
from segment_agent.agent.graph import build_graph
from segment_agent.agent.proposal import proposal_hash
from segment_agent.agent.service import SegmentService
from segment_agent.agent.toolbox import Toolbox
from segment_agent.tools.ledger import Ledger
from segment_agent.tools.registry import Registry, registry_path
from tests.agent.scripted import (
    ScriptedModel,
    Turn,
    answer,
    call,
    calls,
    draft_specs,
    draft_sql,
    tool_results,
)

ROOT = Path(__file__).resolve().parents[2]
GOAL = "High-value customers in Texas with at least two orders"
ORDERS = ["customers.total_purchases", "customers.purchase_count", "customers.num_orders"]
TEXANS = {
    "items": [
        {"kind": "term", "term": "high-value"},
        {"kind": "field", "field": "customers.state", "op": "=", "value": "TX"},
        {"kind": "field", "field": "customers.total_purchases", "op": ">=", "value": 2},
    ]
}
AT_RISK = "SELECT customer_id FROM customers WHERE churn_score >= 0.7"
# A broken step limit fails fast on LangGraph's recursion limit instead of looping for minutes.
CONFIG = {"configurable": {"thread_id": "t1"}, "recursion_limit": 40}


def run(
    toolbox: Toolbox, turns: list[Turn], goal: str = GOAL, **limits: Any
) -> tuple[CompiledStateGraph, AgentContext]:
    """Compile the graph in memory and run `goal` until its first interrupt or its end."""
    graph = build_graph().compile(checkpointer=InMemorySaver())
    context = AgentContext(toolbox=toolbox, planner=ScriptedModel(turns=turns), **limits)
    state = {"goal": goal, "user": "ana", "messages": [HumanMessage(goal)], "steps": 0, "replans": 0}
    graph.invoke(state, CONFIG, context=context)
    return graph, context


def resume(graph: CompiledStateGraph, context: AgentContext, action: str, **extra: Any) -> dict[str, Any]:
    """Answer the one pending interrupt with `action` on its card."""
    [pending] = graph.get_state(CONFIG).interrupts
    decision = {"action": action, "user": "omar", "proposal_hash": pending.value["proposal"]["hash"], **extra}
    return graph.invoke(Command(resume={pending.id: decision}), CONFIG, context=context)


def pending_card(graph: CompiledStateGraph) -> dict[str, Any]:
    [pending] = graph.get_state(CONFIG).interrupts
    assert pending.value["type"] == "approval"
    return pending.value["proposal"]


def test_the_approval_interrupt_carries_the_whole_proposal(toolbox: Toolbox) -> None:
    lookups = calls(
        ("glossary", {"term": "high-value"}),
        ("search_schema", {"query": "Texas"}),
        ("resolve_fields", {"concept": "number of orders", "candidates": ORDERS, "goal": GOAL}),
    )
    graph, _ = run(toolbox, [lookups, draft_specs(("High-value Texans", TEXANS)), answer("One segment.")])
    assert graph.get_state(CONFIG).next == ("approval",)
    card = pending_card(graph)
    catalog = toolbox.catalog
    assert card["id"] == "r0-s1" and card["name"] == "High-value Texans" and card["goal"] == GOAL
    assert "c.state = 'TX'" in card["sql"] and "c.total_purchases >= 2" in card["sql"]
    assert len(card["rules"]) == 3 and any("TX" in rule for rule in card["rules"])
    assert {"postgres", "snowflake", "bigquery"} <= set(card["dialects"])
    fields = {f["field"]: f for f in card["fields"]}
    assert set(fields) == {"customers.lifetime_value", "customers.state", "customers.total_purchases"}
    assert fields["customers.total_purchases"]["why"].startswith("total_purchases is certified")
    rejected = {r["field"] for r in fields["customers.total_purchases"]["rejected"]}
    assert rejected == {"customers.num_orders", "customers.purchase_count"}
    assert fields["customers.lifetime_value"]["why"].startswith("business glossary: high-value")
    [assumption] = card["assumptions"]
    stated = re.search(r"lifetime_value >= \$([\d,.]+) \(the 90th percentile\)", assumption)
    used = re.search(r"c\.lifetime_value >= ([\d.]+)", card["sql"])
    assert stated and used and float(stated.group(1).replace(",", "")) == float(used.group(1))
    members = toolbox.warehouse.member_ids(card["sql"])
    counts = card["counts"]
    assert counts["count"] == len(members) > 0 and counts["base"] == 4000
    assert counts["share"] == pytest.approx(len(members) / 4000)
    assert set(counts["reachable"]) == {"email", "sms", "push"}
    assert all(0 <= n <= counts["count"] for n in counts["reachable"].values())
    assert 0 < len(card["sample"]) <= 5 and {row["customer_id"] for row in card["sample"]} <= set(members)
    assert isinstance(card["warnings"], list)
    assert card["hash"] == proposal_hash(card["name"], card["sql"], catalog.entity, catalog.database)


def test_a_failing_tool_reaches_the_planner_as_an_error_and_it_redrafts(toolbox: Toolbox) -> None:
    broken = calls(
        ("profile_field", {"field": "customers.no_such_field"}),
        ("search_schema", {"query": "churn", "k": 500}),
        ("export_everything", {}),
    )
    bad_sql = "SELECT customer_id FROM read_csv('/etc/passwd')"

    def after_errors(messages: Any) -> AIMessage:
        failed = [m for m in tool_results(messages) if m.status == "error"]
        return draft_sql(bad_sql) if len(failed) == 3 else answer("The tools did not fail.")

    def after_guard(messages: Any) -> AIMessage:
        draft = json.loads(str(tool_results(messages)[-1].content))
        return draft_sql(AT_RISK) if not draft["ok"] else answer("The guard let it through.")

    graph, _ = run(toolbox, [broken, after_errors, after_guard, answer("Redrafted.")])
    results = [m for m in graph.get_state(CONFIG).values["messages"] if isinstance(m, ToolMessage)]
    errors = [str(m.content) for m in results if m.status == "error"]
    assert len(errors) == 3 and all(e.startswith("ERROR: ") and " HINT: " in e for e in errors)
    assert "no field 'customers.no_such_field'" in errors[0]
    assert "Invalid arguments" in errors[1]
    assert "Unknown tool 'export_everything'" in errors[2] and "draft_segment" in errors[2]
    guard = json.loads(str(results[3].content))
    assert not guard["ok"] and guard["segments"][0]["errors"]
    card = pending_card(graph)
    assert card["sql"] == AT_RISK and card["counts"]["count"] == toolbox.warehouse.count(AT_RISK)


def test_a_list_value_for_a_scalar_operator_comes_back_as_a_draft_error(toolbox: Toolbox) -> None:
    states = {"items": [{"kind": "field", "field": "customers.state", "op": "=", "value": ["TX", "CA"]}]}
    graph, _ = run(toolbox, [draft_specs(("Two states", states)), answer("Could not draft it.")])
    [result] = [m for m in graph.get_state(CONFIG).values["messages"] if isinstance(m, ToolMessage)]
    draft = json.loads(str(result.content))
    assert not draft["ok"] and draft["segments"][0]["errors"]


def test_a_planner_that_never_stops_ends_at_the_step_limit(toolbox: Toolbox) -> None:
    graph, _ = run(toolbox, [call("search_schema", query="customers")], max_steps=4)
    state = graph.get_state(CONFIG)
    assert not state.interrupts and not state.next
    searches = [m for m in state.values["messages"] if isinstance(m, AIMessage) and m.tool_calls]
    assert len(searches) == 4
    final = state.values["messages"][-1]
    assert final.content == "I stopped after 4 steps without a valid segment. Try a more specific goal."
    assert state.values["outcome"] == final.content and not state.values.get("proposals")


def test_each_segment_of_a_goal_gets_its_own_interrupt_in_order(toolbox: Toolbox) -> None:
    texas = {"items": [{"kind": "field", "field": "customers.state", "op": "=", "value": "TX"}]}
    california = {"items": [{"kind": "field", "field": "customers.state", "op": "=", "value": "CA"}]}
    turns = [draft_specs(("Texas", texas), ("California", california)), answer("Two segments.")]
    graph, context = run(toolbox, turns, goal="Customers in Texas and in California, separately")
    assert [p["name"] for p in graph.get_state(CONFIG).values["proposals"]] == ["Texas", "California"]
    first = pending_card(graph)
    assert (first["id"], first["name"]) == ("r0-s1", "Texas")
    resume(graph, context, "approve")
    second = pending_card(graph)
    assert (second["id"], second["name"]) == ("r0-s2", "California")
    final = resume(graph, context, "reject")
    assert not graph.get_state(CONFIG).interrupts
    assert list(final["published"]) == ["r0-s1"] and final["published"]["r0-s1"]["status"] == "published"
    [segment] = Registry(registry_path(toolbox.settings)).list()
    assert segment.name == "Texas" and segment.size == first["counts"]["count"]


# The child opens the tools in the module's home (its index is built there already), then works in
# this test's home (SEGMENT_AGENT_HOME, inherited), where the parent finds its checkpoints.
START_IN_ANOTHER_PROCESS = """
import dataclasses, json, sys
from pathlib import Path
from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.service import SegmentService
from segment_agent.settings import Settings, get_settings
from tests.agent.scripted import ScriptedModel, answer, draft_sql

opened = open_toolbox(Settings(home=Path(sys.argv[3])), db=Path(sys.argv[1]))
box = dataclasses.replace(opened, settings=get_settings())
planner = ScriptedModel(turns=[draft_sql(sys.argv[2]), answer("One segment.")])
view = SegmentService(box, planner).start("customers at risk", user="ana")
print(json.dumps({"thread": view.thread_id, "status": view.status, "card": view.pending}))
"""


def test_a_goal_started_in_one_process_is_approved_in_another(
    toolbox: Toolbox, base_toolbox: Toolbox, demo_db: Path
) -> None:
    script = [START_IN_ANOTHER_PROCESS, str(demo_db), AT_RISK, str(base_toolbox.settings.home)]
    done = subprocess.run(
        [sys.executable, "-c", *script],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    started = json.loads(done.stdout.strip().splitlines()[-1])
    assert started["status"] == "awaiting_approval" and started["card"]["sql"] == AT_RISK
    service = SegmentService(toolbox, planner=ScriptedModel(turns=[answer("unused")]))
    assert service.status(started["thread"]).pending == started["card"]
    approval = {"action": "approve", "proposal_hash": started["card"]["hash"]}
    view = service.resume(started["thread"], approval, user="omar")
    assert view.status == "published" and view.pending is None
    [segment] = Registry(registry_path(toolbox.settings)).list()
    assert segment.sql == AT_RISK and segment.approver == "omar"
    entry = Ledger(toolbox.settings.ledger_path).get(started["thread"], started["card"]["id"])
    assert entry is not None and entry.state == "published" and entry.decided_by == "omar"
