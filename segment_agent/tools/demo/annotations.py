"""Write the demo's catalog annotation file (YAML) next to the database.

Format (read by the catalog builder; legacy columns have no entry)::

    format: segment-agent-annotations/1
    database: demo
    entity: customers.customer_id
    as_of: '2026-11-20'            # generation day of the data
    freeze_date: '2025-05-29'      # as_of - 540 days: when deprecated frozen columns stopped
    tables:
      customers:
        description: One row per customer ...
        columns:
          total_purchases:
            description: Lifetime number of completed orders across all channels ...
            status: certified      # certified | deprecated | experimental
            owner: analytics-engineering
            refresh: daily         # hourly | daily | monthly | "none (frozen YYYY-MM-DD)"
            pii: false
            tags: [purchases, orders, ...]
            unit: orders           # optional
            allowed_values: [...]  # optional, categoricals only, strings
            value_labels: {CA: California, ...}   # optional, human names of codes
            replaced_by: total_purchases          # optional, deprecated columns: a column of the same table
      orders: {description: ..., columns: {...}}
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml

from segment_agent.tools.demo.docs_core import core_notes
from segment_agent.tools.demo.docs_engagement import engagement_notes
from segment_agent.tools.demo.docs_events import event_tables
from segment_agent.tools.demo.docs_families import family_notes
from segment_agent.tools.demo.docs_identity import identity_notes
from segment_agent.tools.demo.docs_metrics import metric_notes
from segment_agent.tools.demo.profile import customer_columns

FORMAT = "segment-agent-annotations/1"


def build_annotations(as_of: dt.date, freeze: dt.date) -> dict[str, Any]:
    """The whole annotation document as plain data."""
    notes = identity_notes(freeze) | metric_notes(freeze) | engagement_notes(freeze) | core_notes()
    notes |= family_notes()
    columns = {c: notes[c] for c in customer_columns() if c in notes}
    customers = {
        "description": "One row per customer: the unified profile with identity, consent, purchase and "
        "engagement aggregates, model scores and attribute families, refreshed daily from the event tables.",
        "columns": columns,
    }
    return {
        "format": FORMAT, "database": "demo", "entity": "customers.customer_id",
        "as_of": as_of.isoformat(), "freeze_date": freeze.isoformat(),
        "tables": {"customers": customers, **event_tables()},
    }  # fmt: skip


def write_annotations(path: Path, as_of: dt.date, freeze: dt.date) -> Path:
    """Write the annotation YAML to `path` atomically; return the path."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    text = yaml.safe_dump(build_annotations(as_of, freeze), sort_keys=False, allow_unicode=True, width=120)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
