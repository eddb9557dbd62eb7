"""Segment-versus-base buckets on the demo data, computed through the real warehouse."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from segment_agent.errors import UserError
from segment_agent.web.compare import OTHER, compare_fields


def compare(client: TestClient, sql: str, fields: list[str] | None = None) -> list[dict]:
    toolbox = client.app.state.web.service.toolbox
    return compare_fields(toolbox.warehouse, toolbox.catalog, sql, fields)


def test_whole_number_buckets_follow_the_base_quintiles(client: TestClient) -> None:
    [field] = compare(client, "SELECT customer_id FROM customers WHERE total_purchases >= 4")
    labels = [b["label"] for b in field["buckets"]]
    assert field["field"] == "customers.total_purchases" and labels[-1] == "≥ 4"
    assert all("." not in label for label in labels)
    assert all(b["segment"] == 0 for b in field["buckets"][:-1]) and field["buckets"][-1]["segment"] == 1
    assert sum(b["base"] for b in field["buckets"]) == pytest.approx(1)


def test_categories_keep_the_segment_values_and_merge_the_rest(client: TestClient) -> None:
    [field] = compare(client, "SELECT customer_id FROM customers WHERE state = 'TX'", ["customers.state"])
    labels = [b["label"] for b in field["buckets"]]
    assert labels[0] == "TX" and field["buckets"][0]["segment"] == 1
    assert labels[-2:] == [OTHER, "not set"] and len(labels) == 7
    assert sum(b["base"] for b in field["buckets"]) == pytest.approx(1)


def test_dates_are_labelled_by_month(client: TestClient) -> None:
    [field] = compare(client, "SELECT customer_id FROM customers", ["customers.last_purchase_date"])
    assert field["buckets"][0]["label"].startswith("< ") and field["buckets"][-1]["label"] == "not set"
    assert all(b["segment"] == pytest.approx(b["base"]) for b in field["buckets"])


def test_the_key_and_personal_data_are_never_charted(client: TestClient) -> None:
    fields = ["customers.customer_id", "customers.email", "customers.age", "orders.channel"]
    charted = compare(client, "SELECT customer_id FROM customers WHERE age > 60", fields)
    assert [f["field"] for f in charted] == ["customers.age"]


def test_sql_the_guard_refuses_is_not_run(client: TestClient) -> None:
    with pytest.raises(UserError, match="SQL guard"):
        compare(client, "SELECT customer_id FROM read_csv('/etc/passwd')")
