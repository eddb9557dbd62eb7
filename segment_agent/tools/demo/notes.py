"""One catalog annotation entry (a plain dict, as written to the YAML file)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def note(
    description: str,
    status: str = "certified",
    owner: str = "analytics-engineering",
    refresh: str = "daily",
    pii: bool = False,
    unit: str | None = None,
    values: Iterable[str] | None = None,
    labels: Mapping[str, str] | None = None,
    tags: Iterable[str] = (),
    replaced_by: str | None = None,
) -> dict[str, Any]:
    """An annotation entry; optional keys (unit, allowed_values, value_labels, replaced_by) only when set."""
    out: dict[str, Any] = {
        "description": description, "status": status, "owner": owner, "refresh": refresh, "pii": pii,
        "tags": list(tags),
    }  # fmt: skip
    if unit:
        out["unit"] = unit
    if values is not None:
        out["allowed_values"] = [str(v) for v in values]
    if labels:
        out["value_labels"] = dict(labels)
    if replaced_by:
        out["replaced_by"] = replaced_by
    return out
