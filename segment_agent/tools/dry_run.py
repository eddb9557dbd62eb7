"""Dry-run a segment before anyone approves it: size, reach, a masked sample, overlap, warnings.

Runs on the sandboxed, time-limited warehouse: the size of the base, the members and the
reachable members per channel come from one scan of the entity table. A timeout on that
scan is an error the user can act on; a timeout on the optional parts (sample, overlap)
becomes a warning and the rest of the result still comes back.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from typing import Any

import sqlglot
from pydantic import BaseModel, Field
from sqlglot import exp

from segment_agent.tools.catalog_model import Catalog
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
    published: dict[str, list[int]] | None = None,
    show_pii: bool = False,
    sample_size: int = 5,
    min_size: int = 50,
    fields_used: list[str] | None = None,
    slow_ms: float = SLOW_MS,
) -> DryRunResult:
    """Count, reach, sample and compare the segment `sql` (already accepted by the SQL guard)."""
    started = time.perf_counter()
    channels = consent_channels(catalog)
    try:
        row = warehouse.rows(counts_sql(catalog, sql, channels, warehouse.dialect))[0]
    except QueryTimeout as err:
        raise QueryTimeout(f"The dry run did not finish: {err.message}", err.hint) from err
    base, count, *reach = (int(v or 0) for v in row)
    reachable = dict(zip(channels, reach, strict=True))
    result = DryRunResult(count=count, base=base, share=count / base if base else 0.0, reachable=reachable)
    try:
        if count:
            result.sample = _sample(warehouse, catalog, sql, fields_used or [], sample_size, show_pii)
        result.overlap = _overlap(warehouse, sql, count, published or {})
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


def counts_sql(catalog: Catalog, sql: str, channels: dict[str, exp.Expression], dialect: str) -> str:
    """One scan of the entity table: base size, members, and members reachable per channel."""
    segment = sqlglot.parse_one(sql, dialect=dialect)
    alias = exp.TableAlias(this=exp.to_identifier("seg"), columns=[exp.to_identifier("member")])
    members = exp.select("member").distinct().from_(exp.Subquery(this=segment, alias=alias))
    member = exp.column("member", "m")
    is_member = exp.not_(exp.Is(this=member.copy(), expression=exp.null()))

    def tally(condition: exp.Expression, name: str) -> exp.Expression:
        one, zero = exp.Literal.number(1), exp.Literal.number(0)
        case = exp.Case(ifs=[exp.If(this=condition, true=one)], default=zero)
        return exp.alias_(exp.Sum(this=case), name)

    projections = [exp.alias_(exp.Count(this=exp.Star()), "base"), tally(is_member, "members")]
    projections += [tally(exp.and_(is_member.copy(), cond), f"reach_{ch}") for ch, cond in channels.items()]
    on = exp.EQ(this=member, expression=exp.column(catalog.entity_key, "c"))
    query = exp.select(*projections).from_(exp.to_table(catalog.entity_table).as_("c"))
    return query.join(exp.Subquery(this=members).as_("m"), on=on, join_type="left").sql(dialect=dialect)


def mask(value: Any) -> Any:
    """A PII value as 'j***@example.com' for emails and '***' otherwise (None stays None)."""
    if value is None:
        return None
    local, at, domain = str(value).partition("@")
    return f"{local[:1]}***@{domain}" if at and local else "***"


def _sample(
    warehouse: Warehouse, catalog: Catalog, sql: str, fields_used: list[str], n: int, show_pii: bool
) -> list[dict[str, Any]]:
    entity, key = catalog.entity_table, catalog.entity_key
    infos = [catalog.field(name) for name in fields_used]
    columns = list(dict.fromkeys(i.column for i in infos if i and i.table == entity and i.column != key))
    rows = warehouse.sample(sql, columns, n, entity, key)
    pii = {i.column for i in catalog.fields if i.table == entity and i.pii and not show_pii}
    return [{k: mask(v) if k in pii else _plain(v) for k, v in row.items()} for row in rows]


def _overlap(
    warehouse: Warehouse, sql: str, count: int, published: dict[str, list[int]]
) -> dict[str, Overlap]:
    if not published or not count:
        return {name: Overlap(shared=0, share=0.0) for name in published}
    members = set(warehouse.member_ids(sql))
    shared = {name: len(members.intersection(ids)) for name, ids in published.items()}
    return {name: Overlap(shared=n, share=n / len(members) if members else 0.0) for name, n in shared.items()}


def _plain(value: Any) -> Any:
    """JSON-friendly sample values: decimals as floats, dates as ISO strings."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value
