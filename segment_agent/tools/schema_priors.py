"""What schema search believes about a field before reading the query: status, data quality, twins.

Certified beats experimental beats deprecated and legacy; an empty, constant or frozen column and a
key rarely answer a question; a deprecated field's twin is the field that replaces it.
"""

from __future__ import annotations

from segment_agent.tools.catalog_model import Catalog, FieldInfo

STATUS_PRIOR = {
    "certified": 0.06,
    "experimental": 0.01,
    "undocumented": -0.02,
    "deprecated": -0.05,
    "legacy": -0.08,
}
EMPTY_PENALTY = 0.05  # a constant or nearly all-NULL column rarely answers a question
FROZEN_PENALTY = 0.05  # profiling found the column stopped changing
KEY_PENALTY = 0.1  # nor does a key: segments select customers by what keys point at


def keys(catalog: Catalog) -> frozenset[str]:
    """Columns that identify a row: the entity key and '<table>_id' of every table."""
    return frozenset({catalog.entity_key} | {f"{t.rstrip('s')}_id" for t in catalog.tables()})


def prior(f: FieldInfo | None, status: str, key_columns: frozenset[str]) -> float:
    """The status prior of a field, less what its profile says against it."""
    score = STATUS_PRIOR.get(status, 0.0)
    if f is not None and (f.profile.constant or f.profile.null_rate >= 0.95):
        score -= EMPTY_PENALTY
    if f is not None and f.profile.frozen and status != "deprecated":  # stale, even if nobody said so
        score -= FROZEN_PENALTY
    if f is not None and ("key" in f.tags or f.column in key_columns):
        score -= KEY_PENALTY
    return score


def twins(catalog: Catalog) -> dict[str, str]:
    """{deprecated field: the field that replaces it}, following chains of replacements."""
    direct: dict[str, str] = {}
    for f in catalog.fields:
        if f.status == "deprecated" and f.replaced_by:
            target = f.replaced_by if "." in f.replaced_by else f"{f.table}.{f.replaced_by}"
            if catalog.field(target) is not None and target != f.name:
                direct[f.name] = target
    resolved: dict[str, str] = {}
    for name, target in direct.items():
        seen = {name}
        while target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        resolved[name] = target
    return resolved
