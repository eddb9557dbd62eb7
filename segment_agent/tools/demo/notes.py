"""One catalog annotation entry (a plain dict, as written to the YAML file)."""

from __future__ import annotations

import datetime as dt
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


def frozen_note(freeze: dt.date, what: str, use: str, **kw: Any) -> dict[str, Any]:
    """A deprecated column frozen at the freeze day, pointing to its certified replacement."""
    text = (
        f"Deprecated: {what}, computed on {freeze} and frozen since (stale); NULL for customers who "
        f"signed up later. Use {use}."
    )
    return note(text, status="deprecated", refresh=f"none (frozen {freeze})", replaced_by=use, **kw)
