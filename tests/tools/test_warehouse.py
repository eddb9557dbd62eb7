"""DuckDBWarehouse on a small hand-made database: results, one-statement checks, time limit, threads."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from segment_agent.settings import Settings
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse, open_writer
from segment_agent.tools.warehouse import QueryTimeout, Warehouse, WarehouseError

RUNAWAY = "SELECT a.range FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1"
CALIFORNIANS = "SELECT customer_id FROM customers WHERE state = 'CA'"  # ids 1, 4, 7, ..., 19


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.duckdb"
    with open_writer(path) as con:
        con.execute(
            "CREATE TABLE customers AS SELECT range AS customer_id, "
            "['CA', 'NY', 'TX'][(range - 1) % 3 + 1] AS state, range * 10.0 AS ltv, "
            "'c' || range || '@example.com' AS email FROM range(1, 21)"
        )
        con.execute(
            "CREATE TABLE orders AS SELECT range AS order_id, range % 5 + 1 AS customer_id FROM range(40)"
        )
    return path


def open_warehouse(path: Path, timeout_s: float = 10.0) -> DuckDBWarehouse:
    return DuckDBWarehouse(path, timeout_s=timeout_s, memory_limit="256MB", threads=1)


@pytest.fixture
def wh(db: Path) -> Iterator[DuckDBWarehouse]:
    with open_warehouse(db) as warehouse:
        yield warehouse


def test_implements_the_interface(wh: DuckDBWarehouse) -> None:
    assert isinstance(wh, Warehouse)
    assert wh.dialect == "duckdb"


def test_rows_and_dicts_take_params_and_limit(wh: DuckDBWarehouse) -> None:
    sql = "SELECT customer_id, state FROM customers WHERE ltv > ? ORDER BY customer_id DESC; -- top"
    assert wh.rows(sql, [150]) == [(20, "NY"), (19, "CA"), (18, "TX"), (17, "NY"), (16, "CA")]
    assert wh.rows(sql, [150], limit=2) == [(20, "NY"), (19, "CA")]
    assert wh.dicts(sql, [150], limit=1) == [{"customer_id": 20, "state": "NY"}]
    assert {row["column_name"] for row in wh.dicts("DESCRIBE customers")} == {
        "customer_id",
        "state",
        "ltv",
        "email",
    }


def test_count_and_member_ids_are_distinct_non_null_first_column(wh: DuckDBWarehouse) -> None:
    with_duplicates = "SELECT o.customer_id, o.order_id FROM orders o JOIN customers c USING (customer_id)"
    assert wh.count(with_duplicates) == 5
    assert wh.member_ids(with_duplicates) == [1, 2, 3, 4, 5]
    assert wh.member_ids(CALIFORNIANS) == [1, 4, 7, 10, 13, 16, 19]
    assert wh.count(CALIFORNIANS + " UNION ALL SELECT NULL") == 7
    assert all(type(key) is int for key in wh.member_ids(CALIFORNIANS))
    assert wh.count("SELECT customer_id FROM customers WHERE false") == 0


def test_segment_sql_may_use_cte_and_trailing_comment(wh: DuckDBWarehouse) -> None:
    sql = "WITH ca AS (SELECT * FROM customers WHERE state = 'CA') SELECT customer_id FROM ca -- note"
    assert wh.count(sql) == 7


def test_sample_is_stable_and_spread(wh: DuckDBWarehouse) -> None:
    everyone = "SELECT customer_id FROM customers"
    sample = wh.sample(everyone, ["state", "customer_id"], 5, "customers", "customer_id")
    assert sample == wh.sample(everyone, ["state", "customer_id"], 5, "customers", "customer_id")
    assert len(sample) == 5
    assert list(sample[0]) == ["customer_id", "state"]
    assert [row["customer_id"] for row in sample] != [1, 2, 3, 4, 5]
    small = wh.sample(CALIFORNIANS, ["ltv"], 50, "customers", "customer_id")
    assert sorted(row["customer_id"] for row in small) == [1, 4, 7, 10, 13, 16, 19]
    assert all(row["ltv"] == row["customer_id"] * 10 for row in small)


def test_explain_binds_without_running(wh: DuckDBWarehouse) -> None:
    assert wh.explain(CALIFORNIANS) is None
    wh.explain(RUNAWAY)  # would never finish if it ran
    with pytest.raises(WarehouseError, match="nope") as caught:
        wh.explain("SELECT nope FROM customers")
    assert caught.value.hint
    with pytest.raises(WarehouseError, match="Parser Error"):
        wh.explain("SELEC 1")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; DROP TABLE customers",
        "DROP TABLE customers",
        "SELECT customer_id FROM customers) AS s(_member); DROP TABLE customers; SELECT (1",
        "",
    ],
)
def test_only_one_select_is_ever_wrapped(wh: DuckDBWarehouse, sql: str) -> None:
    for call in (wh.explain, wh.count, wh.member_ids):
        with pytest.raises(WarehouseError):
            call(sql)
    assert wh.count("SELECT customer_id FROM customers") == 20


def test_rows_refuses_several_statements(wh: DuckDBWarehouse) -> None:
    with pytest.raises(WarehouseError, match="expected one SQL statement, got 2"):
        wh.rows("SELECT 1; SELECT 2")


def test_runaway_query_times_out_and_the_warehouse_recovers(db: Path) -> None:
    with open_warehouse(db, timeout_s=0.3) as wh:
        with pytest.raises(QueryTimeout, match=r"query took longer than 0.3 s") as caught:
            wh.rows(RUNAWAY)
        assert isinstance(caught.value, WarehouseError)
        with pytest.raises(QueryTimeout):
            wh.count(RUNAWAY)
        assert wh.rows("SELECT 1") == [(1,)]
        assert wh.count(CALIFORNIANS) == 7


def test_calls_from_many_threads(wh: DuckDBWarehouse) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: wh.count(CALIFORNIANS), range(32)))
    assert counts == [7] * 32


def test_from_settings_applies_limits(db: Path) -> None:
    settings = Settings(query_timeout_s=2.5, memory_limit="300MB", threads=1)
    with DuckDBWarehouse.from_settings(db, settings) as wh:
        assert wh.timeout_s == 2.5
        assert wh.rows("SELECT current_setting('threads'), current_setting('memory_limit')") == [
            (1, "286.1 MiB")
        ]


def test_closed_warehouse_refuses_calls(db: Path) -> None:
    wh = open_warehouse(db)
    wh.close()
    wh.close()
    with pytest.raises(WarehouseError, match="closed"):
        wh.rows("SELECT 1")
