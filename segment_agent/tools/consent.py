"""Consent at publish time: who in a segment may be contacted on a channel, read fresh from the warehouse.

A channel reaches a member only with an explicit opt-in for it and an explicit `do_not_contact =
false` (the same rule the dry run counts with, see dry_run.consent_channels); NULL is no consent.
"""

from __future__ import annotations

import sqlglot
from pydantic import BaseModel
from sqlglot import exp

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.dry_run import CHANNEL_OPT_INS, consent_channels, counts_sql
from segment_agent.tools.warehouse import Warehouse


class Audience(BaseModel):
    """The members a destination may receive, and how many consent took out."""

    channel: str
    members: list[int]
    total: int
    excluded: int


def audience(
    warehouse: Warehouse, catalog: Catalog, sql: str, channel: str, members: list[int] | None = None
) -> Audience:
    """The segment's members reachable on `channel` ('none': everyone); `members` saves recomputing them."""
    everyone = warehouse.member_ids(sql) if members is None else members
    if channel == "none":
        return Audience(channel=channel, members=everyone, total=len(everyone), excluded=0)
    condition = consent_channels(catalog).get(channel)
    if condition is None:
        column = CHANNEL_OPT_INS.get(channel, f"{channel}_opt_in")
        raise UserError(
            f"Cannot apply {channel} consent: {catalog.entity_table} has no boolean {column} column.",
            "Publish to a destination without a channel, or add the consent columns to the warehouse.",
        )
    reachable = warehouse.member_ids(reachable_sql(catalog, sql, condition, warehouse.dialect))
    return Audience(
        channel=channel, members=reachable, total=len(everyone), excluded=len(everyone) - len(reachable)
    )


def reach_counts(warehouse: Warehouse, catalog: Catalog, sql: str) -> dict[str, int]:
    """Members reachable per channel, for destinations that do not filter (the registry)."""
    channels = consent_channels(catalog)
    _base, _members, *reach = (
        int(v or 0) for v in warehouse.rows(counts_sql(catalog, sql, channels, warehouse.dialect))[0]
    )
    return dict(zip(channels, reach, strict=True))


def reachable_sql(catalog: Catalog, sql: str, condition: exp.Expression, dialect: str) -> str:
    """The entity keys of the segment's members whose entity row `c` meets `condition`."""
    segment = sqlglot.parse_one(sql, dialect=dialect)
    alias = exp.TableAlias(this=exp.to_identifier("seg"), columns=[exp.to_identifier("member")])
    members = exp.select("member").distinct().from_(exp.Subquery(this=segment, alias=alias))
    key = exp.column(catalog.entity_key, "c")
    on = exp.EQ(this=exp.column("member", "m"), expression=key.copy())
    query = exp.select(key).from_(exp.to_table(catalog.entity_table).as_("c"))
    return query.join(exp.Subquery(this=members).as_("m"), on=on).where(condition.copy()).sql(dialect=dialect)
