"""Deliver one approved segment to one destination, with consent applied for its channel.

Each delivery is idempotent, so a publication retried after a crash repeats nothing: the registry
upserts by segment id (which embeds the proposal hash), export files are named by segment id and
destination and replaced atomically, and webhook batches already delivered are skipped (and carry
idempotency keys in case the crash came between sending and recording).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import duckdb
from pydantic import BaseModel, Field

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.consent import Audience, audience, reach_counts
from segment_agent.tools.destinations import ExportConfig, RegistryConfig, WebhookConfig
from segment_agent.tools.exports import export_path, write_members
from segment_agent.tools.ledger import Ledger
from segment_agent.tools.registry import Registry, registry_path
from segment_agent.tools.registry_model import SegmentRecord
from segment_agent.tools.warehouse import Warehouse
from segment_agent.tools.webhook import WebhookReport, send_batches


class DestinationReport(BaseModel):
    """What one destination received: members delivered, excluded by consent, and any failure."""

    destination: str
    type: str
    channel: str
    ok: bool
    members: int = 0
    excluded: int = 0
    reachable: dict[str, int] = Field(default_factory=dict)
    path: str | None = None
    version: int | None = None
    webhook: WebhookReport | None = None
    error: str | None = None


@dataclass
class Publication:
    """One approved segment being published: its registry record, members, and where to read consent."""

    record: SegmentRecord
    members: list[int]
    catalog: Catalog
    warehouse: Warehouse
    settings: Settings
    ledger: Ledger
    _audiences: dict[str, Audience] = dataclasses.field(default_factory=dict)

    def audience(self, channel: str) -> Audience:
        """The members this channel may reach, computed once per publication."""
        if channel not in self._audiences:
            self._audiences[channel] = audience(
                self.warehouse, self.catalog, self.record.sql, channel, members=self.members
            )
        return self._audiences[channel]


def deliver(
    name: str, config: RegistryConfig | ExportConfig | WebhookConfig, pub: Publication
) -> DestinationReport:
    """Send the segment's audience to one destination; a failure is reported, not raised."""
    report = DestinationReport(destination=name, type=config.type, channel=config.channel, ok=False)
    try:
        people = pub.audience(config.channel)
        report.excluded = people.excluded
        if isinstance(config, RegistryConfig):
            return _to_registry(report, config, pub, people)
        if isinstance(config, ExportConfig):
            return _to_file(report, config, pub, people)
        return _to_webhook(report, config, pub, people)
    except (UserError, OSError, duckdb.Error) as err:
        report.error = str(err)
        return report


def _to_registry(
    report: DestinationReport, config: RegistryConfig, pub: Publication, people: Audience
) -> DestinationReport:
    record = pub.record.model_copy(update={"dynamic": config.dynamic})
    drift = Registry(registry_path(pub.settings)).publish(record, people.members)
    reachable = reach_counts(pub.warehouse, pub.catalog, record.sql)
    return report.model_copy(
        update={"ok": True, "members": drift.after, "version": drift.version, "reachable": reachable}
    )


def _to_file(
    report: DestinationReport, config: ExportConfig, pub: Publication, people: Audience
) -> DestinationReport:
    path = export_path(pub.settings.exports_dir, pub.record.id, config.type, report.destination)
    write_members(people.members, path, config.type, pub.catalog.entity_key)
    return report.model_copy(update={"ok": True, "members": len(people.members), "path": str(path)})


def _to_webhook(
    report: DestinationReport, config: WebhookConfig, pub: Publication, people: Audience
) -> DestinationReport:
    record, ledger = pub.record, pub.ledger
    sent = send_batches(
        config,
        people.members,
        destination=report.destination,
        segment={"id": record.id, "name": record.name, "proposal_hash": record.proposal_hash},
        already_sent=ledger.delivered(record.thread_id, record.proposal_id, report.destination),
        on_sent=lambda key: ledger.mark_delivered(
            record.thread_id, record.proposal_id, report.destination, key
        ),
    )
    members = len(people.members) - sum(f.members for f in sent.failed) - _unsent(sent, config, people)
    error = None
    if not sent.ok:
        first = f" ({sent.failed[0].error})" if sent.failed else ""
        error = f"{len(sent.failed) + sent.not_attempted} of {sent.batches} batches not delivered{first}"
    return report.model_copy(update={"ok": sent.ok, "members": members, "webhook": sent, "error": error})


def _unsent(sent: WebhookReport, config: WebhookConfig, people: Audience) -> int:
    """Members in the batches never attempted (the last `not_attempted` batches)."""
    if not sent.not_attempted:
        return 0
    first = (sent.batches - sent.not_attempted) * config.batch_size
    return len(people.members[first:])
