"""Contract: every table and column of demo-cdp.md exists with its type; legacy columns exist too."""

from __future__ import annotations

import duckdb

from segment_agent.tools.demo import legacy_names
from tests.conftest import DEMO_TEST_CUSTOMERS, DEMO_TEST_SEED
from tests.tools.demo.contract import CUSTOMER_TYPES, EVENT_TABLES
from tests.tools.demo.queries import rows, scalar


def _types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    found = rows(
        con, f"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{table}'"
    )
    return dict(found)


def test_event_tables_have_the_contract_columns_and_types(con: duckdb.DuckDBPyConnection) -> None:
    for table, expected in EVENT_TABLES.items():
        assert _types(con, table) == expected, table


def test_customers_has_every_named_column_with_its_type(con: duckdb.DuckDBPyConnection) -> None:
    found = _types(con, "customers")
    wrong = {c: (t, found.get(c)) for c, t in CUSTOMER_TYPES.items() if found.get(c) != t}
    assert wrong == {}


def test_customers_is_wide_with_cryptic_legacy_columns(con: duckdb.DuckDBPyConnection) -> None:
    found = _types(con, "customers")
    legacy = legacy_names()
    assert 430 <= len(found) <= 520
    assert len(legacy) >= 60
    assert {"legacy_seg_code", "tmp_flag_2023", "migr_batch_id", "x_attr_001"} <= set(legacy)
    assert set(legacy) <= set(found)
    assert not set(legacy) & set(CUSTOMER_TYPES)


def test_legacy_columns_are_mostly_null_or_constant(con: duckdb.DuckDBPyConnection) -> None:
    n = scalar(con, "SELECT count(*) FROM customers")
    for col in legacy_names():
        top = scalar(con, f"SELECT max(k) FROM (SELECT count(*) AS k FROM customers GROUP BY {col})")
        assert top / n >= 0.95 or col.startswith(("migr_", "old_", "gdpr_tmp_")), col


def test_one_row_per_customer_and_keys_join(con: duckdb.DuckDBPyConnection) -> None:
    assert scalar(con, "SELECT count(*) = count(DISTINCT customer_id) FROM customers")
    for table, key in (("orders", "order_id"), ("sessions", "session_id"), ("email_events", "event_id"),
                       ("campaigns", "campaign_id"), ("support_tickets", "ticket_id")):  # fmt: skip
        assert scalar(con, f"SELECT count(*) = count(DISTINCT {key}) FROM {table}"), table
    for table in ("orders", "sessions", "email_events", "support_tickets"):
        orphans = f"SELECT count(*) FROM {table} t ANTI JOIN customers c USING (customer_id)"
        assert scalar(con, orphans) == 0, table
    assert scalar(con, "SELECT count(*) FROM order_items ANTI JOIN orders USING (order_id)") == 0
    assert scalar(con, "SELECT count(*) FROM email_events ANTI JOIN campaigns USING (campaign_id)") == 0
    assert scalar(con, "SELECT count(*) FROM orders ANTI JOIN order_items USING (order_id)") == 0


def test_meta_records_the_build(con: duckdb.DuckDBPyConnection) -> None:
    assert _types(con, "_meta") == {"key": "VARCHAR", "value": "VARCHAR"}
    meta = dict(rows(con, "SELECT key, value FROM _meta"))
    assert meta["seed"] == str(DEMO_TEST_SEED)
    assert meta["generator_version"]
    assert meta["freeze_date"] < meta["as_of"]
    for table in EVENT_TABLES | {"customers": {}}:
        assert int(meta[f"rows.{table}"]) == scalar(con, f"SELECT count(*) FROM {table}"), table
    assert meta["rows.customers"] == str(DEMO_TEST_CUSTOMERS)
