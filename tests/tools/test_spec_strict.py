"""Spec models refuse keys they do not know, so a misspelt 'factor' is an error instead of a criterion
quietly dropped; what the models themselves wrote (stored specs, resolved terms) still loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from segment_agent.errors import UserError
from segment_agent.tools.glossary import load_glossary
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)


@pytest.mark.parametrize(
    ("model", "data", "key"),
    [
        (FieldCondition, {"field": "gross", "op": ">", "value_field": "net", "factor": 2}, "factor"),
        (EventCondition, {"table": "orders", "within_day": 30}, "within_day"),
        (Group, {"item": [{"kind": "term", "term": "lapsed"}]}, "item"),
        (SegmentSpec, {"name": "s", "criteria": {"items": []}, "goal": "x"}, "goal"),
    ],
)
def test_an_unknown_key_is_an_error_naming_it(model: type, data: dict[str, object], key: str) -> None:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    assert [(e["type"], e["loc"][-1]) for e in raised.value.errors()] == [("extra_forbidden", key)]


def test_a_dumped_spec_loads_again() -> None:
    """Drafts keep `spec.model_dump()` (proposals, checkpoints, the review card's criteria)."""
    spec = SegmentSpec(
        name="s",
        criteria=Group(
            items=[
                FieldCondition(field="gross", op=">", value_field="net", value_factor=2, value_offset=-5),
                TermCondition(term="lapsed"),
                Group(op="or", negate=True, items=[FieldCondition(field="plan", op="=", value="basic")]),
                SequenceCondition(
                    first=EventCondition(table="orders", within_days=30),
                    then_not=EventCondition(table="emails", exists=False),
                ),
            ]
        ),
    )
    assert SegmentSpec.model_validate(spec.model_dump()) == spec
    assert SegmentSpec.model_validate_json(spec.model_dump_json()) == spec


def test_the_shipped_glossary_loads() -> None:
    assert load_glossary().terms


def test_a_misspelt_glossary_criterion_names_the_term_and_key(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "terms:\n  whales:\n    definition: top spenders\n"
        "    criteria:\n      - {field: lifetime_value, op: '>=', precentile: 0.9}\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"'whales'.*precentile"):
        load_glossary(path)
