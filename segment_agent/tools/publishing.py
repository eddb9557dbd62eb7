"""Publish an approved segment exactly once: the approval ledger is the gate, every destination idempotent.

Safe to call any number of times, from any process, for the same approval (graph resumes, old
checkpoints, double clicks, a restart after a crash): one call publishes, the others answer
'already published' or 'in progress', and anything not approved exactly as shown is refused.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.delivery import DestinationReport, Publication, deliver
from segment_agent.tools.destinations import select_destinations
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.ledger import Claim, Ledger, LedgerEntry, proposal_hash
from segment_agent.tools.registry_model import SegmentRecord, segment_key
from segment_agent.tools.warehouse import Warehouse

# How long a second call for the same approval waits for the first to finish before answering.
WAIT_FOR_OTHER_S = 30.0
Status = Literal["published", "already_published", "in_progress", "partial", "failed", "refused"]


class PublishResult(BaseModel):
    """The outcome of one publication, per destination; `message` is what a person is shown."""

    status: Status
    segment_id: str = ""
    proposal_id: str
    proposal_hash: str
    members: int = 0
    excluded: int = Field(0, description="Members left out by consent, summed over the destinations.")
    destinations: dict[str, DestinationReport] = Field(default_factory=dict)
    message: str


def publish_segment(
    *,
    thread_id: str,
    proposal: dict[str, Any],
    decision: dict[str, Any],
    catalog: Catalog,
    settings: Settings,
    warehouse: Warehouse | None = None,
) -> PublishResult:
    """Publish `proposal` to the destinations approved in `decision`, unless that already happened.

    `warehouse` is the open warehouse of `catalog.database`; one is opened from settings when omitted.
    """
    key = {"proposal_id": proposal["id"], "proposal_hash": proposal.get("hash", "")}
    problem = approval_problem(proposal, decision, catalog) or _destination_problem(decision, settings)
    if problem:
        return PublishResult(status="refused", message=problem, **key)
    ledger = Ledger(settings.ledger_path)
    user = decision.get("user") or "anonymous"
    entry, accepted = ledger.record(
        thread_id, proposal["id"], proposal["hash"], "approve", user, decision["destinations"]
    )
    if not accepted:
        return PublishResult(status="refused", message=_already_decided(proposal["name"], entry), **key)
    claim = ledger.claim(thread_id, proposal["id"], proposal["hash"])
    if claim.outcome == "in_progress":
        claim = _wait_for_other(ledger, claim)
    if claim.outcome != "claimed" or claim.entry is None:
        return _earlier(claim.entry, proposal["name"], key)
    record = _record(thread_id, proposal, catalog, claim.entry)
    result = PublishResult(
        status="failed", segment_id=record.id, message="Publishing was interrupted.", **key
    )
    source = warehouse
    try:
        source = source or DuckDBWarehouse.from_settings(Path(catalog.database), settings)
        result = _publish(record, claim.entry.destinations, catalog, source, settings, ledger, key)
    except UserError as err:
        result = result.model_copy(update={"message": f"'{record.name}' was not published: {err.message}"})
    finally:
        if warehouse is None and source is not None:
            source.close()
        state = "published" if result.status == "published" else "failed"
        ledger.finish(thread_id, proposal["id"], claim.token, state, result.model_dump())
    return result


def approval_problem(proposal: dict[str, Any], decision: dict[str, Any], catalog: Catalog) -> str | None:
    """Why `decision` does not allow publishing `proposal` as it stands, or None when it does."""
    name = proposal.get("name", proposal.get("id", "?"))
    if decision.get("action") != "approve":
        return f"'{name}' was not approved ({decision.get('action')}): nothing was published."
    actual = proposal_hash(proposal["name"], proposal["sql"], catalog.entity, catalog.database)
    if actual != proposal.get("hash"):
        return f"'{name}' changed after it was shown for approval: nothing was published. Review it again."
    approved = [h for h in (decision.get("proposal_hash"), decision.get("hash")) if h]
    if not approved or any(h != actual for h in approved):
        return f"The approval was for another version of '{name}': nothing was published. Review it again."
    return None


def _destination_problem(decision: dict[str, Any], settings: Settings) -> str | None:
    try:
        select_destinations(decision.get("destinations") or [], settings)
    except UserError as err:
        return f"{err.message} {err.hint or ''}".strip()
    return None


def _wait_for_other(ledger: Ledger, claim: Claim) -> Claim:
    """Give a publication running elsewhere (a double click, a concurrent resume) time to finish."""
    entry = claim.entry
    deadline = time.monotonic() + WAIT_FOR_OTHER_S
    while entry is not None and entry.state == "publishing" and time.monotonic() < deadline:
        time.sleep(0.1)
        entry = ledger.get(entry.thread_id, entry.segment_id)
    return claim.model_copy(update={"entry": entry})


def _earlier(entry: LedgerEntry | None, name: str, key: dict[str, str]) -> PublishResult:
    """What another call did with this approval: its stored result, or 'in progress' while it runs."""
    if entry is None or entry.result is None or entry.state not in ("published", "failed"):
        return PublishResult(status="in_progress", message=f"'{name}' is being published right now.", **key)
    done = PublishResult.model_validate(entry.result)
    if entry.state == "published":
        return done.model_copy(
            update={"status": "already_published", "message": f"Already done. {done.message}"}
        )
    return done.model_copy(update={"message": f"Another request just tried. {done.message}"})


def _publish(
    record: SegmentRecord,
    destinations: list[str],
    catalog: Catalog,
    warehouse: Warehouse,
    settings: Settings,
    ledger: Ledger,
    key: dict[str, str],
) -> PublishResult:
    members = warehouse.member_ids(record.sql)
    pub = Publication(
        record=record, members=members, catalog=catalog, warehouse=warehouse, settings=settings, ledger=ledger
    )
    reports = {
        name: deliver(name, config, pub)
        for name, config in select_destinations(destinations, settings).items()
    }
    ok = [r.ok for r in reports.values()]
    status: Status = "published" if all(ok) else "partial" if any(ok) else "failed"
    return PublishResult(
        status=status,
        segment_id=record.id,
        members=len(members),
        excluded=sum(r.excluded for r in reports.values()),
        destinations=reports,
        message=_message(record, len(members), reports),
        **key,
    )


def _record(thread_id: str, proposal: dict[str, Any], catalog: Catalog, entry: LedgerEntry) -> SegmentRecord:
    """The registry entry: definition, owner (who asked, else the approver) and approver with when."""
    return SegmentRecord(
        id=segment_key(proposal["name"], proposal["hash"]),
        name=proposal["name"],
        description=proposal.get("description") or "",
        goal=proposal.get("goal") or "",
        sql=proposal["sql"],
        entity=catalog.entity,
        database=catalog.database,
        proposal_hash=proposal["hash"],
        owner=proposal.get("owner") or entry.decided_by,
        approver=entry.decided_by,
        approved_at=entry.decided_at,
        thread_id=thread_id,
        proposal_id=proposal["id"],
    )


def _message(record: SegmentRecord, members: int, reports: dict[str, DestinationReport]) -> str:
    """One sentence per outcome: what went where, what consent excluded, what failed and why."""
    parts = []
    for name, report in reports.items():
        if not report.ok:
            parts.append(f"{name} failed: {report.error}")
            continue
        excluded = f", {report.excluded:,} excluded by {report.channel} consent" if report.excluded else ""
        parts.append(f"{name}: {report.members:,} members{excluded}")
    verb = "Published" if any(r.ok for r in reports.values()) else "Could not publish"
    return f"{verb} '{record.name}' ({record.id}, {members:,} members). " + "; ".join(parts) + "."


def _already_decided(name: str, entry: LedgerEntry) -> str:
    what = {"approve": "approved", "reject": "rejected", "edit": "edited"}.get(entry.action, entry.action)
    when = f"{what} by {entry.decided_by} at {entry.decided_at}"
    return f"'{name}' was already decided: {when}. Nothing more was done."
