"""The registry's records: a published segment's definition and the drift between membership snapshots."""

from __future__ import annotations

import re

from pydantic import BaseModel


class SegmentRecord(BaseModel):
    """One published segment as the registry lists it."""

    id: str
    name: str
    description: str = ""
    goal: str = ""
    sql: str
    entity: str
    database: str
    proposal_hash: str
    owner: str
    approver: str
    approved_at: str
    thread_id: str = ""
    proposal_id: str = ""
    dynamic: bool = True
    size: int = 0
    version: int = 0
    created_at: str = ""
    refreshed_at: str = ""


class Drift(BaseModel):
    """How a membership snapshot changed: members added and removed, and the net change in size."""

    segment_id: str
    version: int
    before: int
    after: int
    added: int
    removed: int
    net: int
    at: str = ""


def segment_key(name: str, proposal_hash: str) -> str:
    """A readable, stable registry id: the name's slug and the start of the proposal hash."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-") or "segment"
    return f"{slug}-{proposal_hash[:8]}"
