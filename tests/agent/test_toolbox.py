"""What the planner model sees of the tools: a small draft_segment schema, checked with the full spec
models, and compact tool results (the artifact keeps the full result for the graph and the UI)."""

from __future__ import annotations

import doctest
import json
import re
import typing
from types import SimpleNamespace
from typing import Any

import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from segment_agent.agent import draft_call
from segment_agent.agent.nodes.run_tools import run_tools
from segment_agent.agent.toolbox import Toolbox
from segment_agent.errors import UserError
from segment_agent.eval.prompt_size import load_tokenizer
from segment_agent.prompts import tool_descriptions
from segment_agent.tools import segment_spec as spec
from segment_agent.tools.segment_spec import SegmentSpec

GRAMMAR_RULES = {
    "Segment": spec.SegmentSpec,
    "Group": spec.Group,
    "Field": spec.FieldCondition,
    "Term": spec.TermCondition,
    "Event": spec.EventCondition,
    "Sequence": spec.SequenceCondition,
}
TEXANS = {
    "name": "Texans",
    "criteria": {
        "items": [
            {"kind": "term", "term": "high-value"},
            {"kind": "field", "field": "customers.state", "op": "=", "value": "TX"},
        ]
    },
}


def tool(toolbox: Toolbox, name: str) -> Any:
    return next(t for t in toolbox.as_tools() if t.name == name)


def invoke(toolbox: Toolbox, name: str, **args: Any) -> ToolMessage:
    message = tool(toolbox, name).invoke({"name": name, "args": args, "id": "c1", "type": "tool_call"})
    assert isinstance(message, ToolMessage) and isinstance(message.artifact, dict)
    return message


def grammar_keys() -> dict[str, set[str]]:
    """The keys each `Rule = {...}` line of the draft_segment description names."""
    rules = re.findall(r"^(\w+) = \{(.*?)\}", tool_descriptions()["draft_segment"], re.M)
    return {rule: {re.match(r"\s*(\w+)", part).group(1) for part in body.split(",")} for rule, body in rules}  # type: ignore[union-attr]


def test_the_draft_grammar_names_every_key_and_choice_of_the_spec_models() -> None:
    keys = grammar_keys()
    assert set(keys) == set(GRAMMAR_RULES)
    for rule, model in GRAMMAR_RULES.items():
        assert keys[rule] == set(model.model_fields), rule
    grammar = tool_descriptions()["draft_segment"]
    [ops] = re.findall(r"^\s+op: (.*)$", grammar, re.M)
    assert ops.split() == list(typing.get_args(spec.Op))
    event = spec.EventCondition.model_fields
    for key in ("aggregate", "aggregate_op"):
        literal = next(a for a in typing.get_args(event[key].annotation) if typing.get_args(a))
        assert f"{key}?:{'|'.join(typing.get_args(literal))}," in grammar
    group_ops = typing.get_args(spec.Group.model_fields["op"].annotation)
    assert f"op?:{'|'.join(group_ops)}," in grammar


def test_the_tool_schemas_the_model_reads_are_small(toolbox: Toolbox) -> None:
    tok = load_tokenizer()
    sizes = {t.name: tok.count(json.dumps(convert_to_openai_tool(t))) for t in toolbox.as_tools()}
    assert sizes["draft_segment"] < 550  # pydantic's SegmentSpec schema, inlined by LangChain: ~3,000
    assert sum(sizes.values()) < 1000


@pytest.mark.parametrize(
    "segment",
    [
        TEXANS,  # the shape of the hand-written OpenAI cassettes: no kind on the top group
        SegmentSpec.model_validate(TEXANS).model_dump(),  # the offline planner sends full dumps
    ],
)
def test_a_valid_call_drafts_and_keeps_the_full_result_as_artifact(toolbox: Toolbox, segment: Any) -> None:
    message = invoke(toolbox, "draft_segment", segments=[segment])
    content = json.loads(str(message.content))
    [drafted] = message.artifact["segments"]
    assert content["ok"] and drafted["ok"] and {"postgres", "bigquery"} <= set(drafted["dialects"])
    assert drafted["dry_run"]["sample"] and drafted["rules"]
    [seg] = content["segments"]
    assert seg["sql"] == drafted["sql"] and seg["count"] == drafted["dry_run"]["count"] > 0
    assert seg["assumptions"] == drafted["assumptions"] and seg["assumptions"][0].startswith("high-value")
    assert not {"dialects", "dry_run", "spec", "rules", "fields"} & set(seg)


def test_an_invalid_call_is_an_error_naming_where_and_what_is_allowed(toolbox: Toolbox) -> None:
    bad = {
        "name": "x",
        "criteria": {"items": [{"kind": "field", "field": "customers.state", "op": "equals"}]},
    }
    with pytest.raises(UserError) as invalid:
        invoke(
            toolbox, "draft_segment", segments=[bad, {"name": "y", "criteria": {"items": [{"term": "t"}]}}]
        )
    text = invalid.value.message
    assert "segments[0].criteria.items[0](field).op: Input should be '='" in text
    assert "'within_last_days' or 'older_than_days'" in text
    assert "segments[1].criteria.items[0]: Unable to extract tag using discriminator 'kind'" in text
    assert "grammar" in (invalid.value.hint or "")


def test_a_misspelt_argument_is_named_not_dropped(toolbox: Toolbox) -> None:
    with pytest.raises(UserError) as invalid:
        invoke(toolbox, "draft_segment", segment=[{"name": "x", "criteria": {"items": []}}])
    assert "segment: Extra inputs are not permitted" in invalid.value.message


def test_the_graph_returns_an_invalid_call_to_the_model_as_an_error_message(toolbox: Toolbox) -> None:
    call = {
        "name": "draft_segment",
        "args": {"segments": [{"criteria": {}}]},
        "id": "c9",
        "type": "tool_call",
    }
    runtime = SimpleNamespace(context=SimpleNamespace(toolbox=toolbox))
    update = run_tools({"messages": [AIMessage(content="", tool_calls=[call])]}, runtime)  # type: ignore[arg-type]
    [message] = update["messages"]
    assert message.status == "error" and "draft" not in update
    assert str(message.content) == (
        "ERROR: Invalid draft_segment arguments: segments[0].name: Field required. "
        "HINT: Fix them following the grammar in the draft_segment description, then call it again."
    )


def test_a_guard_error_comes_back_with_its_code_and_hint(toolbox: Toolbox) -> None:
    message = invoke(
        toolbox, "draft_segment", sql=["SELECT customer_id FROM customers WHERE lifetime_val > 5"]
    )
    [seg] = json.loads(str(message.content))["segments"]
    assert seg["ok"] is False and "sql" not in seg
    [error] = seg["errors"]
    assert error["code"] == "unknown_column" and error["hint"] == "Did you mean lifetime_value?"


def test_search_results_are_one_line_per_field_with_weak_hits_only_named(toolbox: Toolbox) -> None:
    message = invoke(toolbox, "search_schema", query="Texas", k=12)
    lines = str(message.content).splitlines()
    assert lines[0] == "score field type: description, for 'Texas':"
    state = toolbox.catalog.field("customers.state")
    assert state is not None
    assert re.fullmatch(
        rf"0\.\d\d customers\.state VARCHAR: {re.escape(state.description or '')} \| values: 'TX'", lines[1]
    )
    hits = message.artifact["hits"]
    assert len(hits) == 12 and all({"score", "why", "kind"} <= set(h) for h in hits)
    weak = [h["field"] for h in hits if h["score"] < 0.1 and h["kind"] == "field"]
    assert weak and lines[-1] == f"weak (score < 0.1): {', '.join(weak)}"
    assert len(str(message.content)) < len(json.dumps(message.artifact)) / 2


def test_a_field_that_is_not_certified_says_so_and_names_its_replacement(toolbox: Toolbox) -> None:
    texas = str(invoke(toolbox, "search_schema", query="Texas").content)
    assert re.search(
        r"^0\.\d\d customers\.geo_state_ip VARCHAR \[experimental\]: .* \| values: 'TX'$", texas, re.M
    )
    profile = str(invoke(toolbox, "profile_field", field="customers.purchase_count").content)
    assert profile.startswith("customers.purchase_count INTEGER [deprecated, use total_purchases]: ")


def test_lookups_come_back_as_short_text(toolbox: Toolbox) -> None:
    orders = ["customers.total_purchases", "customers.num_orders"]
    resolved = str(
        invoke(toolbox, "resolve_fields", concept="orders", candidates=orders).content
    ).splitlines()
    assert resolved[0].startswith("choice: customers.total_purchases. total_purchases ")
    assert resolved[1].startswith("not customers.num_orders: ")

    term = json.loads(str(invoke(toolbox, "glossary", term="high-value").content))
    assert term["means"].startswith("high-value = lifetime_value >= $")
    [criterion] = term["criteria"]
    assert set(criterion) == {"kind", "field", "op", "value"} and criterion["kind"] == "field"
    spec.FieldCondition.model_validate(criterion)

    profile = str(invoke(toolbox, "profile_field", field="customers.lifetime_value").content).splitlines()
    assert profile[0].startswith("customers.lifetime_value DECIMAL(14,2): Customer lifetime value")
    assert profile[1].startswith("null 0.0%, ") and "unit USD" in profile[1]
    assert profile[2].startswith("quantiles: p01 ")


def test_the_error_paths_doctest() -> None:
    assert doctest.testmod(draft_call).failed == 0
