"""Consent at publish time: only explicit opt-in and explicit 'not suppressed' reach a channel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.catalog import build_catalog
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.consent import audience, reach_counts
from segment_agent.tools.dry_run import dry_run
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse

# customer_id, state, email_opt_in, sms_opt_in, do_not_contact: each row one case
CUSTOMERS = [
    (1, "CA", True, True, False),  # reachable everywhere
    (2, "CA", True, False, True),  # suppressed: opt-ins do not matter
    (3, "CA", None, True, False),  # unknown email consent is no consent
    (4, "CA", True, True, None),  # unknown suppression is not 'not suppressed'
    (5, "CA", True, True, False),
    (6, "NY", True, True, False),  # not in the segment
]
CA = "SELECT customer_id FROM customers WHERE state = 'CA'"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DuckDBWarehouse, Catalog]]:
    path = tmp_path_factory.mktemp("consent") / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (customer_id BIGINT, state VARCHAR, email_opt_in BOOLEAN,"
                " sms_opt_in BOOLEAN, do_not_contact BOOLEAN)")  # fmt: skip
    con.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?)", CUSTOMERS)
    con.execute(
        "CREATE TABLE orders AS SELECT * FROM (VALUES (1, 1), (2, 1), (3, 3), (4, 3)) t(id, customer_id)"
    )
    con.close()
    catalog = build_catalog(path, entity="customers.customer_id")
    warehouse = DuckDBWarehouse(path, timeout_s=10, memory_limit="256MB", threads=1)
    yield warehouse, catalog
    warehouse.close()


def test_no_channel_keeps_every_member(shop: tuple[DuckDBWarehouse, Catalog]) -> None:
    people = audience(*shop, CA, "none")
    assert (people.members, people.total, people.excluded) == ([1, 2, 3, 4, 5], 5, 0)


@pytest.mark.parametrize(("channel", "reachable"), [("email", [1, 5]), ("sms", [1, 3, 5])])
def test_a_channel_keeps_only_opted_in_and_not_suppressed(
    shop: tuple[DuckDBWarehouse, Catalog], channel: str, reachable: list[int]
) -> None:
    people = audience(*shop, CA, channel)
    assert people.members == reachable and people.total == 5 and people.excluded == 5 - len(reachable)


def test_members_are_distinct_even_when_the_segment_repeats_them(
    shop: tuple[DuckDBWarehouse, Catalog],
) -> None:
    people = audience(*shop, "SELECT customer_id FROM orders", "sms")
    assert people.members == [1, 3] and people.total == 2 and people.excluded == 0


def test_known_members_are_not_recomputed(shop: tuple[DuckDBWarehouse, Catalog]) -> None:
    people = audience(*shop, CA, "email", members=[1, 2, 3, 4, 5, 99])
    assert people.total == 6 and people.excluded == 4


def test_a_channel_without_a_consent_column_is_refused(shop: tuple[DuckDBWarehouse, Catalog]) -> None:
    with pytest.raises(UserError, match="no boolean push_opt_in column"):
        audience(*shop, CA, "push")


def test_reach_counts_per_channel(shop: tuple[DuckDBWarehouse, Catalog]) -> None:
    assert reach_counts(*shop, CA) == {"email": 2, "sms": 3}


def test_publish_time_consent_agrees_with_the_dry_run_on_the_demo(demo_db: Path) -> None:
    catalog = build_catalog(demo_db)
    sql = "SELECT customer_id FROM customers WHERE churn_score >= 0.5"
    with DuckDBWarehouse.from_settings(demo_db, get_settings()) as warehouse:
        counted = dry_run(warehouse, catalog, sql).reachable
        published = {
            ch: len(audience(warehouse, catalog, sql, ch).members) for ch in ("email", "sms", "push")
        }
        assert reach_counts(warehouse, catalog, sql) == counted
    assert published == counted and 0 < published["email"] < warehouse_count(demo_db, sql)


def warehouse_count(db: Path, sql: str) -> int:
    with DuckDBWarehouse.from_settings(db, get_settings()) as warehouse:
        return warehouse.count(sql)
