"""REST for published segments: list, one with its history, refresh (approvers), and the chart data.

Refreshes write the registry under the process's registry lock (see conversations.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request

from segment_agent.errors import UserError
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.registry import Registry, registry_path
from segment_agent.tools.registry_model import SegmentRecord
from segment_agent.tools.warehouse import Warehouse
from segment_agent.web.compare import compare_fields
from segment_agent.web.deps import Approver, WebState, current_user, web_state
from segment_agent.web.problems import ApiError

router = APIRouter(prefix="/api")


@router.get("/segments", dependencies=[Depends(current_user)])
def list_segments(request: Request) -> list[SegmentRecord]:
    """Every published segment, newest first."""
    return _registry(web_state(request)).list()


@router.get("/segments/{segment_id}", dependencies=[Depends(current_user)])
def show(segment_id: str, request: Request) -> dict[str, Any]:
    """One segment's definition, owner and approver, and how its membership changed over time."""
    registry = _registry(web_state(request))
    record = _get(registry, segment_id)
    return {**record.model_dump(), "history": [d.model_dump() for d in registry.history(record.id)]}


@router.post("/segments/{segment_id}/refresh")
def refresh(segment_id: str, request: Request, user: Approver) -> dict[str, Any]:
    """Recompute a dynamic segment's members on its database; answers the drift (added, removed, net)."""
    web = web_state(request)
    registry = _registry(web)
    record = _get(registry, segment_id)
    with _warehouse_for(web, record) as warehouse:
        drift = registry.refresh(record.id, warehouse.member_ids(record.sql))
    web.audit.record(
        user=user.name,
        role=user.role,
        thread_id=record.thread_id,
        proposal_id=record.proposal_id,
        proposal_hash=record.proposal_hash,
        action="refresh",
        destinations=["registry"],
        outcome="accepted",
        detail=f"{record.id}: {drift.before:,} -> {drift.after:,} members",
    )
    return drift.model_dump()


@router.get("/segments/{segment_id}/compare", dependencies=[Depends(current_user)])
def compare(segment_id: str, request: Request) -> list[dict[str, Any]]:
    """Segment versus the whole base on the fields its SQL uses."""
    web = web_state(request)
    record = _get(_registry(web), segment_id)
    toolbox = web.service.toolbox
    if record.database != toolbox.catalog.database:
        raise ApiError(
            409,
            "This segment was published from another database than the one this server uses.",
            f"Serve {record.database} to chart it.",
        )
    return compare_fields(toolbox.warehouse, toolbox.catalog, record.sql)


def _registry(web: WebState) -> Registry:
    return Registry(registry_path(web.settings))


def _get(registry: Registry, segment_id: str) -> SegmentRecord:
    try:
        return registry.get(segment_id)
    except UserError as err:
        raise ApiError(404, err.message, "Pick a segment from the list.") from None


@contextmanager
def _warehouse_for(web: WebState, record: SegmentRecord) -> Iterator[Warehouse]:
    """The served warehouse when the segment is from its database, else that database opened for the call."""
    toolbox = web.service.toolbox
    if record.database == toolbox.catalog.database:
        yield toolbox.warehouse
        return
    if not Path(record.database).is_file():
        raise ApiError(
            409,
            f"The database of this segment is gone: {record.database}.",
            "Refresh it where that database is available.",
        )
    with DuckDBWarehouse.from_settings(Path(record.database), web.settings) as warehouse:
        yield warehouse
