"""The approval card: everything a person needs to approve one segment, and its hash."""

from __future__ import annotations

from typing import Any

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.ledger import proposal_hash

__all__ = ["build_proposal", "proposal_hash"]


def build_proposal(
    draft: dict[str, Any], *, segment_id: str, goal: str, catalog: Catalog, resolutions: dict[str, Any]
) -> dict[str, Any]:
    """A JSON-friendly proposal from one OK draft and the field resolutions made on the way."""
    counts = draft.get("dry_run") or {}
    return {
        "id": segment_id,
        "name": draft["name"],
        "goal": goal,
        "description": draft.get("description", ""),
        "rules": draft.get("rules", []),
        "sql": draft["sql"],
        "dialects": draft.get("dialects", {}),
        "fields": [
            _field_choice(name, catalog, resolutions, draft.get("assumptions", []))
            for name in draft.get("fields", [])
            if name.split(".")[-1] != catalog.entity_key
        ],
        "assumptions": draft.get("assumptions", []),
        "counts": {k: counts.get(k) for k in ("count", "base", "share", "reachable", "overlap")},
        "sample": counts.get("sample", []),
        "warnings": counts.get("warnings", []),
        "spec": draft.get("spec"),
        "hash": proposal_hash(draft["name"], draft["sql"], catalog.entity, catalog.database),
    }


def _field_choice(
    name: str, catalog: Catalog, resolutions: dict[str, Any], assumptions: list[str]
) -> dict[str, Any]:
    """Why a field was used: the look-alike resolution that chose it, the glossary, or its catalog status."""
    for resolution in resolutions.values():
        if resolution.get("choice") == name:
            return {
                "field": name,
                "why": resolution.get("reason", ""),
                "rejected": resolution.get("runners_up", []),
            }
    column = name.split(".")[-1]
    glossary = next((a for a in assumptions if f"{column} " in a), None)
    if glossary:
        return {"field": name, "why": f"business glossary: {glossary}", "rejected": []}
    info = catalog.field(name)
    why = f"{info.status} field: {info.description}" if info and info.description else "named in the rules"
    return {"field": name, "why": why, "rejected": []}
