"""The business glossary as search evidence: terms in a query point at the fields they are defined on."""

from __future__ import annotations

from pathlib import Path

from segment_agent.tools.glossary import load_glossary
from segment_agent.tools.schema_glossary import glossary_fields

POSITIONS = {
    "field:customers.total_purchases": 0,
    "field:customers.last_purchase_date": 1,
    "field:customers.lifetime_value": 2,
}
GLOSSARY = """
terms:
  lapsed:
    aliases: [lapsed buyers]
    definition: Bought before, not in the last 90 days.
    criteria:
      - {field: customers.total_purchases, op: ">=", value: 1}
      - {field: customers.last_purchase_date, op: older_than_days, value: 90}
  one-time buyers:
    aliases: [bought once]
    definition: Exactly one order.
    criteria:
      - {field: customers.total_purchases, op: "=", value: 1}
  high-value:
    aliases: [top spenders]
    definition: Top 10% by lifetime value.
    criteria:
      - {field: customers.lifetime_value, op: ">=", percentile: 0.9}
"""


def test_a_term_points_at_its_fields_the_shared_precondition_counting_less(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(GLOSSARY)
    found = glossary_fields(POSITIONS, load_glossary(tmp_path / "glossary.yaml"))
    assert found.named("lapsed buyers in Texas") == {1: 1.0, 0: 0.5}  # the purchase count is in two terms
    assert found.named("one-time buyers in Texas") == {0: 1.0}
    assert found.named("customers in Texas") == {}


def test_a_query_that_is_only_the_term_counts_it_double(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(GLOSSARY)
    found = glossary_fields(POSITIONS, load_glossary(tmp_path / "glossary.yaml"))
    assert found.named("lapsed buyers") == {1: 2.0, 0: 1.0}
    assert found.named("one-time buyers") == {0: 2.0}
    assert found.named("customers in Texas") == {}


def test_terms_on_fields_the_catalog_lacks_give_nothing(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(GLOSSARY)
    assert glossary_fields({}, load_glossary(tmp_path / "glossary.yaml")).named("lapsed buyers") == {}
