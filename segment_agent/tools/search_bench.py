"""Schema-search speed: index build time and query p50 at ~500 and ~5,000 fields.

The catalog is widened synthetically (copies of real fields as other source systems would name
them), indexed in a throwaway directory, and queried with ordinary marketer phrases.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel

from segment_agent.settings import Settings, get_settings
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.schema_index import ensure_index, forget_location
from segment_agent.tools.schema_search import search_schema

SOURCES = (
    "crm", "erp", "pos", "web", "app", "loyalty", "ga4", "cdp", "dwh", "mdm", "shop", "ads",
    "support", "billing", "survey", "partner", "email", "sms", "push", "finance",
)  # fmt: skip
QUERIES = (
    "lifetime value", "customers in Texas", "likely to churn", "email open rate", "last purchase date",
    "paused subscriptions", "high value customers", "engagement trending down", "online orders",
    "average order value", "gold loyalty members", "signed up in the last 30 days",
    "store visits in the last 90 days", "affinity for cycling", "spend last month", "return rate",
    "do not contact", "predicted future value", "sessions in the last 30 days", "canadian customers",
)  # fmt: skip


class SizeResult(BaseModel):
    """Figures for one catalog size."""

    fields: int
    documents: int
    build_s: float
    first_query_ms: float
    p50_ms: float
    p95_ms: float


def widen_catalog(catalog: Catalog, size: int) -> Catalog:
    """A catalog of exactly `size` fields: the first `size` real ones, then synthetic copies per source."""
    fields = list(catalog.fields[:size])
    for source in SOURCES:
        for f in catalog.fields:
            if len(fields) >= size:
                break
            fields.append(_copy(f, source))
    while len(fields) < size:  # more copies than SOURCES can name: number them
        f = catalog.fields[len(fields) % len(catalog.fields)]
        fields.append(_copy(f, f"src{len(fields)}"))
    stamp = f"{catalog.fingerprint or 'catalog'}-wide{size}"
    return catalog.model_copy(update={"fields": fields, "fingerprint": stamp})


def _copy(f: FieldInfo, source: str) -> FieldInfo:
    description = f"{source.upper()} copy: {f.description}" if f.description else None
    return f.model_copy(update={"table": f"{f.table}_{source}", "description": description})


def run_search_bench(
    catalog: Catalog,
    sizes: tuple[int, ...] = (500, 5000),
    queries: tuple[str, ...] = QUERIES,
    repeats: int = 3,
    settings: Settings | None = None,
) -> list[SizeResult]:
    """Build a fresh embedded index per size (timed), then time `repeats` rounds of `queries`."""
    base = settings or get_settings()
    results = []
    for size in sizes:
        wide = widen_catalog(catalog, size)
        workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
        local = base.model_copy(update={"home": workdir, "chroma_url": None})  # always embedded
        try:
            start = time.perf_counter()
            index = ensure_index(wide, local)
            build = time.perf_counter() - start
            start = time.perf_counter()
            search_schema(queries[0], wide, index=index)
            first = (time.perf_counter() - start) * 1000
            timings = []
            for _ in range(repeats):
                for q in queries:
                    start = time.perf_counter()
                    search_schema(q, wide, index=index)
                    timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            results.append(
                SizeResult(
                    fields=size,
                    documents=len(index.documents),
                    build_s=round(build, 3),
                    first_query_ms=round(first, 2),
                    p50_ms=round(statistics.median(timings), 2),
                    p95_ms=round(timings[int(0.95 * (len(timings) - 1))], 2),
                )  # fmt: skip
            )
        finally:
            forget_location(local)
            shutil.rmtree(workdir, ignore_errors=True)
    return results
