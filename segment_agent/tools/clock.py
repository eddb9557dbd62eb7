"""The UTC ISO 8601 timestamp that stored records carry (ledger, registry, web threads, audit)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now(timespec: str = "seconds") -> str:
    """Now in UTC as ISO 8601, e.g. 2026-11-20T10:00:00+00:00 (timespec as in datetime.isoformat)."""
    return datetime.now(UTC).isoformat(timespec=timespec)
