"""The dry run's single-pass queries give exactly what the straightforward set computations give."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.dry_run import consent_channels, dry_run
from segment_agent.tools.dry_run_sql import counts_sql, entity_scan, members_sql, sample_sql
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from tests.tools.spec_db import build_spec_db

CHANNELS = ("email", "sms", "push")
SCANS = [
    "SELECT customer_id FROM customers",
    "SELECT customer_id FROM customers WHERE churn_score > 5",
    "SELECT c.customer_id FROM customers AS c WHERE c.churn_score >= 0.5",
    "SELECT DISTINCT customer_id FROM customers WHERE state = 'CA' ORDER BY customer_id DESC",
    "SELECT customers.customer_id AS id FROM customers WHERE churn_score > 0.5 OR vip_flag",
    "SELECT customer_id FROM customers WHERE lifetime_value >= (SELECT avg(lifetime_value) FROM customers)",
    "SELECT c.customer_id FROM customers c WHERE EXISTS "
    "(SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'completed')",
]
GENERAL = [
    "SELECT customer_id FROM orders",
    "SELECT customer_id FROM orders UNION SELECT customer_id FROM sessions",
    "SELECT o.customer_id FROM orders o JOIN customers c USING (customer_id) WHERE c.state = 'CA'",
    "SELECT customer_id FROM sessions GROUP BY customer_id HAVING count(*) > 1",
    "SELECT customer_id FROM customers ORDER BY churn_score DESC LIMIT 3",
    "SELECT CAST(NULL AS BIGINT) AS customer_id UNION ALL SELECT 99 UNION ALL SELECT 4",
    "WITH c AS (SELECT * FROM customers) SELECT customer_id FROM c WHERE state = 'NY'",
]
PUBLISHED = {"vip": [1, 5], "churners": [1, 3, 4, 6, 99], "none": []}


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    path = tmp_path_factory.mktemp("sql") / "spec.duckdb"
    return path, build_spec_db(path)


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory, spec: tuple[Path, Catalog]) -> Path:
    """The same database with customer 4 listed twice (differently) and a customer without a key."""
    path = tmp_path_factory.mktemp("dup") / "spec.duckdb"
    build_spec_db(path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO customers SELECT * REPLACE (0.1 AS churn_score, false AS do_not_contact)"
                " FROM customers WHERE customer_id = 4")  # fmt: skip
    con.execute(
        "INSERT INTO customers SELECT * REPLACE (NULL AS customer_id) FROM customers WHERE customer_id = 1"
    )
    con.close()
    return path


@pytest.fixture
def wh(spec: tuple[Path, Catalog]) -> Iterator[DuckDBWarehouse]:
    with DuckDBWarehouse(spec[0], timeout_s=20, memory_limit="500MB", threads=2) as warehouse:
        yield warehouse


def reference(wh: DuckDBWarehouse, sql: str) -> tuple[int, int, dict[str, int]]:
    """Base, members and reach computed the plain way: the member set, then each customer row in Python."""
    members = set(wh.member_ids(sql))
    rows = wh.dicts(
        "SELECT customer_id, email_opt_in, sms_opt_in, push_opt_in, do_not_contact FROM customers"
    )
    inside = [r for r in rows if r["customer_id"] in members]
    reach = {
        ch: sum(r[f"{ch}_opt_in"] is True and r["do_not_contact"] is False for r in inside) for ch in CHANNELS
    }
    return len(rows), len(inside), reach


def counted(wh: DuckDBWarehouse, catalog: Catalog, sql: str, *, single_pass: bool) -> tuple[int, int, dict]:
    scan = entity_scan(catalog, sql, "duckdb") if single_pass else None
    base, members, *reach = (int(v or 0) for v in wh.rows(counts_sql(catalog, sql, consent_channels(catalog),
                                                                      "duckdb", scan=scan))[0])  # fmt: skip
    return base, members, dict(zip(CHANNELS, reach, strict=True))


@pytest.mark.parametrize("sql", SCANS)
def test_entity_scans_are_recognised(spec: tuple[Path, Catalog], sql: str) -> None:
    assert entity_scan(spec[1], sql, "duckdb") is not None


@pytest.mark.parametrize(
    "sql",
    [
        *GENERAL,
        "SELECT customer_id FROM customers TABLESAMPLE 50%",
        "SELECT customer_id FROM customers AS c(a)",
        "SELECT DISTINCT ON (state) customer_id FROM customers",
        "SELECT customer_id + 0 FROM customers",
        "SELECT email FROM customers",
        "SELECT o.customer_id FROM customers c, orders o",
        "SELECT customer_id FROM customers OFFSET 2",
        "SELECT customer_id FROM main.customers",
    ],
)
def test_anything_else_is_not_an_entity_scan(spec: tuple[Path, Catalog], sql: str) -> None:
    assert entity_scan(spec[1], sql, "duckdb") is None


@pytest.mark.parametrize("sql", SCANS + GENERAL)
def test_counts_equal_the_plain_computation(
    wh: DuckDBWarehouse, spec: tuple[Path, Catalog], sql: str
) -> None:
    catalog = spec[1]
    expected = reference(wh, sql)
    assert counted(wh, catalog, sql, single_pass=False) == expected
    if entity_scan(catalog, sql, "duckdb"):
        assert counted(wh, catalog, sql, single_pass=True) == expected


@pytest.mark.parametrize("sql", SCANS)
def test_sample_and_members_of_a_scan_equal_the_joined_queries(
    wh: DuckDBWarehouse, spec: tuple[Path, Catalog], sql: str
) -> None:
    catalog = spec[1]
    scan = entity_scan(catalog, sql, "duckdb")
    assert scan is not None
    columns = ["email", "churn_score", "signup_date"]
    for n in (1, 3, 20):
        joined = wh.sample(sql, columns, n, "customers", "customer_id")
        assert wh.dicts(sample_sql(scan, "customer_id", columns, n, "duckdb")) == joined
    ids = wh.key_array(members_sql(catalog, sql, "duckdb", scan))
    assert sorted(ids.tolist()) == wh.member_ids(sql)


@pytest.mark.parametrize("sql", GENERAL)
def test_members_of_any_segment_are_its_distinct_keys(
    wh: DuckDBWarehouse, spec: tuple[Path, Catalog], sql: str
) -> None:
    ids = wh.key_array(members_sql(spec[1], sql, "duckdb", None))
    assert sorted(ids.tolist()) == wh.member_ids(sql)


@pytest.mark.parametrize("sql", SCANS + GENERAL)
def test_dry_run_overlap_equals_set_intersections(
    wh: DuckDBWarehouse, spec: tuple[Path, Catalog], sql: str
) -> None:
    result = dry_run(wh, spec[1], sql, published={k: np.asarray(v) for k, v in PUBLISHED.items()})
    members = set(wh.member_ids(sql))
    for name, ids in PUBLISHED.items():
        shared = len(members & set(ids)) if result.count else 0
        share = shared / len(members) if result.count and members else 0.0
        assert (result.overlap[name].shared, result.overlap[name].share) == (shared, share)


def test_unique_key_is_checked_on_the_data(spec: tuple[Path, Catalog], twice: Path, tmp_path: Path) -> None:
    with DuckDBWarehouse(spec[0], timeout_s=20, memory_limit="500MB", threads=1) as wh:
        assert wh.unique_key("customers", "customer_id")
        assert wh.unique_key("customers", "email")  # text: checked by count(DISTINCT)
        assert not wh.unique_key("orders", "customer_id")
        assert not wh.unique_key("customers", "state")  # NULL and repeated
    sparse = tmp_path / "sparse.duckdb"
    con = duckdb.connect(str(sparse))
    con.execute("CREATE TABLE t AS SELECT i * 1000000007 AS k FROM range(50) r(i) UNION ALL SELECT 7")
    con.close()
    with DuckDBWarehouse(sparse, timeout_s=20, memory_limit="500MB", threads=1) as wh:
        assert wh.unique_key("t", "k")  # ids far apart: checked by count(DISTINCT)
    with DuckDBWarehouse(twice, timeout_s=20, memory_limit="500MB", threads=1) as wh:
        assert not wh.unique_key("customers", "customer_id")


@pytest.mark.parametrize("sql", SCANS)
def test_a_key_listed_twice_falls_back_to_the_set_computation(
    twice: Path, spec: tuple[Path, Catalog], sql: str
) -> None:
    with DuckDBWarehouse(twice, timeout_s=20, memory_limit="500MB", threads=1) as wh:
        result = dry_run(wh, spec[1], sql)
        assert (result.base, result.count, result.reachable) == reference(wh, sql)
        columns = ["email", "churn_score"]
        if result.count:
            assert [r["customer_id"] for r in result.sample] == [
                r["customer_id"] for r in wh.sample(sql, columns, 5, "customers", "customer_id")
            ]


@pytest.mark.parametrize("key_type", ["HUGEINT", "UHUGEINT", "DECIMAL(38, 0)"])
def test_keys_beyond_float_precision_stay_distinct(tmp_path: Path, key_type: str) -> None:
    path = tmp_path / "huge.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE t AS SELECT (1152921504606846976 + i)::{key_type} AS k FROM range(100) r(i)")
    con.close()
    with DuckDBWarehouse(path, timeout_s=10, memory_limit="256MB", threads=1) as warehouse:
        ids = warehouse.key_array("SELECT k FROM t")
    assert len(set(ids.tolist())) == 100
    assert np.isin(ids, np.asarray([2**60 + 1], dtype=object)).sum() == 1
