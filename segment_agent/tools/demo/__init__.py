"""The demo customer data platform: a seeded, realistic CDP in DuckDB (shared/design/demo-cdp.md).

build_demo writes the database and its catalog annotations; ensure_demo builds it on first use.
"""

from __future__ import annotations

from segment_agent.tools.demo.build import DemoInfo, annotations_path, build_demo
from segment_agent.tools.demo.ensure import ensure_demo
from segment_agent.tools.demo.families import CATEGORIES, CHANNELS, TOPICS, WINDOWS
from segment_agent.tools.demo.legacy import legacy_names
from segment_agent.tools.demo.profile import customer_columns

__all__ = [
    "CATEGORIES", "CHANNELS", "TOPICS", "WINDOWS", "DemoInfo", "annotations_path", "build_demo",
    "customer_columns", "ensure_demo", "legacy_names",
]  # fmt: skip
