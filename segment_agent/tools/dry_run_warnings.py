"""The dry run's warnings: what a marketer should look at before approving a segment."""

from __future__ import annotations

from pydantic import BaseModel

from segment_agent.tools.catalog_model import Catalog

NEAR_TOTAL_SHARE = 0.95


class DryRunWarning(BaseModel):
    """One warning: a stable `code` for programs and a sentence for people."""

    code: str
    message: str


def size_warnings(count: int, base: int, min_size: int, entity: str) -> list[DryRunWarning]:
    """empty / near_total / below_min_size, judged against the whole base."""
    if count == 0:
        return [DryRunWarning(code="empty", message=f"No {entity} match: the segment is empty.")]
    found: list[DryRunWarning] = []
    if base and count / base >= NEAR_TOTAL_SHARE:
        message = f"{count:,} of {base:,} {entity} ({count / base:.0%}) match: a criterion may be missing."
        found.append(DryRunWarning(code="near_total", message=message))
    if count < min_size:
        message = f"Only {count:,} {entity} match, fewer than the minimum of {min_size:,}."
        found.append(DryRunWarning(code="below_min_size", message=message))
    return found


def deprecated_warnings(catalog: Catalog, fields_used: list[str]) -> list[DryRunWarning]:
    """One deprecated_field_used warning per deprecated field, naming its replacement when known."""
    found: list[DryRunWarning] = []
    for name in fields_used:
        info = catalog.field(name)
        if info is None or info.status != "deprecated":
            continue
        instead = f"; use {info.replaced_by} instead" if info.replaced_by else ""
        message = f"{info.name} is deprecated{instead}."
        found.append(DryRunWarning(code="deprecated_field_used", message=message))
    return found


def slow_warning(elapsed_ms: float, slow_ms: float) -> list[DryRunWarning]:
    """slow: the dry run took longer than `slow_ms` (refreshing this segment will too)."""
    if elapsed_ms <= slow_ms:
        return []
    message = f"The dry run took {elapsed_ms / 1000:.1f} s; refreshing this segment will be slow too."
    return [DryRunWarning(code="slow", message=message)]
