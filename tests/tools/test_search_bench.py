"""The search speed bench: catalogs widened to a size, built in a throwaway index, timed."""

from __future__ import annotations

from segment_agent.settings import get_settings
from segment_agent.tools.search_bench import run_search_bench, widen_catalog
from tests.tools.schema_catalog import small_catalog


def test_widen_to_exact_size_with_unique_names() -> None:
    base = small_catalog()
    for size in (5, len(base.fields), 100):
        wide = widen_catalog(base, size)
        assert len(wide.fields) == size
        assert len({f.name for f in wide.fields}) == size
        assert wide.fingerprint != base.fingerprint
    copy = widen_catalog(base, 40).fields[-1]
    assert copy.table.startswith(("customers_", "orders_")) and copy.status in (
        "certified",
        "deprecated",
        "legacy",
    )


def test_bench_reports_each_size_and_leaves_the_data_home_alone() -> None:
    results = run_search_bench(
        small_catalog(), sizes=(10, 60), queries=("lifetime value", "Texas"), repeats=1
    )
    assert [r.fields for r in results] == [10, 60]
    assert all(r.documents >= r.fields and r.p50_ms > 0 and r.build_s > 0 for r in results)
    assert not get_settings().chroma_dir.exists()
