"""Dry-run a segment before anyone approves it: size, reach, a masked sample, overlap, warnings.

Runs on the sandboxed, time-limited warehouse: the size of the base, the members and the
reachable members per channel come from one query (dry_run_sql.py), a single filtered scan for
segments that only filter the entity table. A timeout on that query is an error the user can
act on; a timeout on the optional parts (sample, overlap) becomes a warning and the rest of the
result still comes back.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
from pydantic import BaseModel, Field
from sqlglot import exp

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.dry_run_sql import EntityScan, counts_sql, entity_scan, members_sql, sample_sql
from segment_agent.tools.dry_run_warnings import (
    DryRunWarning,
    deprecated_warnings,
    size_warnings,
    slow_warning,
)
from segment_agent.tools.event_paths import type_kind
from segment_agent.tools.warehouse import QueryTimeout, Warehouse

CHANNEL_OPT_INS = {"email": "email_opt_in", "sms": "sms_opt_in", "push": "push_opt_in"}
DO_NOT_CONTACT = "do_not_contact"
SLOW_MS = 3000.0

PublishedIds = Mapping[str, Sequence[int] | np.ndarray]
"""Published segment id -> its member ids, as dry runs compare a draft with."""


class Overlap(BaseModel):
    """Members shared with one published segment; `share` is of this segment's members."""

    shared: int
    share: float


class DryRunResult(BaseModel):
    """What the approval card shows about a segment's members."""

    count: int
    base: int
    share: float = Field(description="count / base")
    reachable: dict[str, int] = Field(default_factory=dict, description="Members reachable per channel")
    sample: list[dict[str, Any]] = Field(default_factory=list)
    overlap: dict[str, Overlap] = Field(default_factory=dict)
    warnings: list[DryRunWarning] = Field(default_factory=list)
    elapsed_ms: float = 0.0


def dry_run(
    warehouse: Warehouse,
    catalog: Catalog,
    sql: str,
    *,
    published: PublishedIds | None = None,
    show_pii: bool = False,
    sample_size: int = 5,
    min_size: int = 50,
    fields_used: list[str] | None = None,
    slow_ms: float = SLOW_MS,
) -> DryRunResult:
    """Count, reach, sample and compare the segment `sql` (already accepted by the SQL guard).

    `published` maps each published segment to its member ids (lists or NumPy arrays).
    """
    started = time.perf_counter()
    channels = consent_channels(catalog)
    try:
        unique = warehouse.unique_key(catalog.entity_table, catalog.entity_key)
        scan = entity_scan(catalog, sql, warehouse.dialect) if unique else None
        row = warehouse.rows(counts_sql(catalog, sql, channels, warehouse.dialect, scan=scan))[0]
    except QueryTimeout as err:
        raise QueryTimeout(f"The dry run did not finish: {err.message}", err.hint) from err
    base, count, *reach = (int(v or 0) for v in row)
    reachable = dict(zip(channels, reach, strict=True))
    result = DryRunResult(count=count, base=base, share=count / base if base else 0.0, reachable=reachable)
    try:
        if count:
            result.sample = _sample(warehouse, catalog, sql, scan, fields_used or [], sample_size, show_pii)
        result.overlap = _overlap(warehouse, catalog, sql, scan, count, published)
    except QueryTimeout as err:
        message = f"Sample or overlap skipped: {err.message}."
        result.warnings.append(DryRunWarning(code="timeout", message=message))
    result.warnings += size_warnings(count, base, min_size, catalog.entity_table)
    result.warnings += deprecated_warnings(catalog, fields_used or [])
    result.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    result.warnings += slow_warning(result.elapsed_ms, slow_ms)
    return result


def consent_channels(catalog: Catalog) -> dict[str, exp.Expression]:
    """Per channel with an opt-in column: the condition 'opted in and not suppressed' on the entity row."""
    entity = catalog.entity_table

    def flag(column: str) -> bool:
        info = catalog.field(f"{entity}.{column}")
        return info is not None and type_kind(info.type) == "boolean"

    # NULL consent counts as no consent: only an explicit opt-in and an explicit 'not suppressed' reach.
    not_suppressed = exp.EQ(this=exp.column(DO_NOT_CONTACT, "c"), expression=exp.false())
    suppressed = [not_suppressed] if flag(DO_NOT_CONTACT) else []
    return {
        channel: exp.and_(exp.EQ(this=exp.column(column, "c"), expression=exp.true()), *suppressed)
        for channel, column in CHANNEL_OPT_INS.items()
        if flag(column)
    }


def mask(value: Any) -> Any:
    """A PII value as 'j***@example.com' for emails and '***' otherwise (None stays None)."""
    if value is None:
        return None
    local, at, domain = str(value).partition("@")
    return f"{local[:1]}***@{domain}" if at and local else "***"


def _sample(
    warehouse: Warehouse,
    catalog: Catalog,
    sql: str,
    scan: EntityScan | None,
    fields_used: list[str],
    n: int,
    show_pii: bool,
) -> list[dict[str, Any]]:
    entity, key = catalog.entity_table, catalog.entity_key
    infos = [catalog.field(name) for name in fields_used]
    columns = list(dict.fromkeys(i.column for i in infos if i and i.table == entity and i.column != key))
    if scan is None:
        rows = warehouse.sample(sql, columns, n, entity, key)
    else:
        rows = warehouse.dicts(sample_sql(scan, key, columns, n, warehouse.dialect))
    pii = {i.column for i in catalog.fields if i.table == entity and i.pii and not show_pii}
    return [{k: mask(v) if k in pii else _plain(v) for k, v in row.items()} for row in rows]


def _overlap(
    warehouse: Warehouse,
    catalog: Catalog,
    sql: str,
    scan: EntityScan | None,
    count: int,
    published: PublishedIds | None,
) -> dict[str, Overlap]:
    """Members shared with each published segment, the member ids fetched once as a NumPy array."""
    if not published or not count:
        return {name: Overlap(shared=0, share=0.0) for name in published or {}}
    ids = warehouse.key_array(members_sql(catalog, sql, warehouse.dialect, scan))
    shared = {name: int(np.isin(ids, np.asarray(other)).sum()) for name, other in published.items()}
    return {name: Overlap(shared=n, share=n / len(ids) if len(ids) else 0.0) for name, n in shared.items()}


def _plain(value: Any) -> Any:
    """JSON-friendly sample values: decimals as floats, dates as ISO strings."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
