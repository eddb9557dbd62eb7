"""The compact draft_segment grammar states comparisons between fields with a factor, a sum, a number or
days; a misspelt key is an error naming where it is, not a criterion silently dropped."""

from __future__ import annotations

import pytest

from segment_agent.agent.draft_call import parse_draft_args
from segment_agent.errors import UserError
from segment_agent.prompts import tool_descriptions
from segment_agent.tools.segment_spec import FieldCondition


def _call(condition: dict[str, object]) -> dict[str, object]:
    return {"segments": [{"name": "s", "criteria": {"items": [{"kind": "field", **condition}]}}]}


def test_factor_sum_and_day_offset_are_read_from_a_call() -> None:
    args = parse_draft_args(
        _call({"field": "orders_m01", "op": ">", "value_field": "orders_m02", "value_plus": ["orders_m03"],
               "value_factor": 2})
    )  # fmt: skip
    cond = args.segments[0].criteria.items[0]
    assert isinstance(cond, FieldCondition)
    assert (cond.value_plus, cond.value_factor) == (["orders_m03"], 2.0)
    dated = parse_draft_args(_call({"field": "cancelled_on", "op": "<=", "value_field": "joined_on",
                                    "value_offset_days": 30}))  # fmt: skip
    assert dated.segments[0].criteria.items[0].value_offset_days == 30  # type: ignore[union-attr]
    more = parse_draft_args(_call({"field": "sessions_30d", "op": ">=", "value_field": "sessions_prev_30d",
                                   "value_offset": 5}))  # fmt: skip
    assert more.segments[0].criteria.items[0].value_offset == 5  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (_call({"field": "a", "op": ">", "value_field": "b", "factor": 2}), r"items\[0\]\(field\)\.factor"),
        (
            {"segments": [{"name": "s", "criteria": {"item": [{"kind": "term", "term": "lapsed"}]}}]},
            r"segments\[0\]\.criteria\.item:",
        ),
        (
            {
                "segments": [
                    {
                        "name": "s",
                        "criteria": {"items": [{"kind": "event", "table": "orders", "within_day": 30}]},
                    }
                ]
            },
            r"\(event\)\.within_day",
        ),  # fmt: skip
    ],
)
def test_a_misspelt_key_is_named_not_dropped(call: dict[str, object], where: str) -> None:
    with pytest.raises(UserError, match=where) as raised:
        parse_draft_args(call)
    assert "Extra inputs are not permitted" in raised.value.message


def test_a_wrongly_typed_offset_names_where() -> None:
    with pytest.raises(UserError, match=r"value_offset_days"):
        parse_draft_args(_call({"field": "a", "op": "<", "value_field": "b", "value_offset_days": "a month"}))


def test_the_grammar_tells_the_model_about_them() -> None:
    text = tool_descriptions()["draft_segment"]
    assert all(key in text for key in ("value_plus", "value_factor", "value_offset", "value_offset_days"))
