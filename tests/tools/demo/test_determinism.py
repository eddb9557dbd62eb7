"""Contract: the same seed and day give identical data; another seed gives other data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from segment_agent.tools.demo import batches, build_demo
from segment_agent.tools.demo.meta import TABLES

AS_OF = dt.date(2026, 3, 15)


def _checksums(path: Path) -> dict[str, tuple]:
    """An order-independent checksum of every table: row count and the sum of row hashes."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*), sum(hash(*COLUMNS(*))) FROM {t}").fetchall()[0] for t in TABLES
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("determinism")
    out = {}
    for name, seed in (("a", 11), ("b", 11), ("other", 12)):
        out[name] = build_demo(root / f"{name}.duckdb", customers=300, seed=seed, as_of=AS_OF).path
    labels: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batches, "BATCH_CUSTOMERS", 120)
        batched = build_demo(root / "batched.duckdb", customers=300, seed=11, as_of=AS_OF,
                             progress=lambda label, done: labels.append(label))  # fmt: skip
    assert "profile 3/3" in labels
    out["batched"] = batched.path
    return out


def test_same_seed_and_day_give_identical_tables(builds: dict[str, Path]) -> None:
    first, second = _checksums(builds["a"]), _checksums(builds["b"])
    assert first == second
    assert all(count > 0 for count, _ in first.values())


def test_building_in_customer_batches_gives_the_same_data(builds: dict[str, Path]) -> None:
    assert _checksums(builds["batched"]) == _checksums(builds["a"])


def test_another_seed_gives_other_data(builds: dict[str, Path]) -> None:
    first, other = _checksums(builds["a"]), _checksums(builds["other"])
    for table in ("customers", "orders", "sessions", "email_events"):
        assert first[table] != other[table], table


def test_the_generation_day_anchors_every_date(builds: dict[str, Path]) -> None:
    con = duckdb.connect(str(builds["a"]), read_only=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM _meta").fetchall())
        latest = con.execute("SELECT max(order_ts), max(signup_date) FROM orders, customers").fetchall()[0]
    finally:
        con.close()
    assert meta["as_of"] == AS_OF.isoformat() and meta["seed"] == "11"
    assert meta["freeze_date"] == (AS_OF - dt.timedelta(days=540)).isoformat()
    assert latest[0] < dt.datetime(2026, 3, 15) and latest[1] < AS_OF
