"""The schema-linking eval: recall of the right field, traps, twins; on a hand-made file and on the demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.tools.catalog import build_catalog
from segment_agent.tools.schema_linking_eval import load_cases, run_schema_linking
from tests.tools.schema_catalog import small_catalog

DEV = Path(__file__).parents[2] / "segment_agent" / "eval" / "schema_linking" / "dev.yaml"

CASES = """
cases:
  - {id: a, phrase: lifetime value, field: customers.lifetime_value, forbid: [customers.ltv], tags: [plain]}
  - {id: b, phrase: customers in Texas, field: customers.state, value: TX, tags: [categorical]}
  - {id: c, phrase: paused, field: customers.subscription_status, value: paused, tags: [categorical]}
  - {id: d, phrase: email address, field: customers.email, value: null, tags: [pii]}
  - {id: e, phrase: platinum, field: customers.loyalty_tier, value: gold, tags: [categorical]}
"""


def test_report_counts_hits_misses_and_tags(tmp_path: Path) -> None:
    path = tmp_path / "cases.yaml"
    path.write_text(CASES)
    report = run_schema_linking(path, small_catalog(), k=3)
    assert report.cases == 5 and report.k == 3
    assert report.recall_at_1 == report.recall_at_k == 0.8  # e asks for the wrong value on purpose
    assert [m["id"] for m in report.misses] == ["e"]
    assert report.misses[0]["got"][0] == "customers.loyalty_tier = 'platinum'"
    assert report.per_tag["pii"].recall_at_1 == 1.0  # pii cases search PII fields
    assert report.per_tag["categorical"].cases == 3
    assert report.deprecated_above_certified == 0 and report.forbidden_above_right == 0


def test_bad_cases_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        load_cases(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases: [{id: x}]")
    with pytest.raises(UserError):
        load_cases(bad)


def test_dev_set_on_the_demo(demo_db: Path) -> None:
    """A regression guard on the dev split (the held-out split is never read here)."""
    report = run_schema_linking(DEV, build_catalog(demo_db), k=5)
    assert report.cases >= 100
    assert report.recall_at_k >= 0.95, report.misses
    assert report.recall_at_1 >= 0.8, report.misses
    assert report.deprecated_above_certified == 0
