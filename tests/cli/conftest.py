"""Shared CLI fixtures: a small annotated shop database any catalog command can run on."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

ANNOTATIONS = """
tables:
  customers:
    columns:
      lifetime_value: {description: Net revenue from the customer to date in USD., status: certified}
      ltv: {description: Old gross lifetime value (frozen)., status: deprecated, replaced_by: lifetime_value}
      state:
        description: "Two-letter state code of the shipping address, e.g. [bold]TX[/bold]."
        status: certified
      email: {description: Email address., status: certified, pii: true}
"""


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE customers AS SELECT i AS customer_id, i * 10.0 AS lifetime_value, i * 11.0 AS ltv, "
        "['TX', 'CA', 'NY', 'ON'][i % 4 + 1] AS state, 'p' || i || '@example.com' AS email "
        "FROM range(200) t(i)"
    )
    con.close()
    path.with_suffix(".annotations.yaml").write_text(ANNOTATIONS)
    return path
