"""Open what the agent works on: the database (demo by default), its catalog, index and glossary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from segment_agent.agent.toolbox import Toolbox
from segment_agent.settings import Settings
from segment_agent.tools.catalog import ensure_catalog
from segment_agent.tools.demo import annotations_path, ensure_demo
from segment_agent.tools.duckdb_warehouse import DuckDBWarehouse
from segment_agent.tools.glossary import load_glossary
from segment_agent.tools.published_members import PublishedMembers
from segment_agent.tools.registry import registry_path
from segment_agent.tools.schema_index import ensure_index

Progress = Callable[[str, float], None]


def open_toolbox(
    settings: Settings, db: Path | None = None, entity: str | None = None, progress: Progress | None = None
) -> Toolbox:
    """The tools bound to one database; the demo is built, profiled and indexed on first use."""
    db = Path(db) if db else ensure_demo(settings)
    notes = annotations_path(db)
    catalog = ensure_catalog(
        db, entity=entity, annotations=notes if notes.exists() else None, progress=progress, settings=settings
    )
    return Toolbox(
        settings=settings,
        catalog=catalog,
        warehouse=DuckDBWarehouse.from_settings(db, settings),
        index=ensure_index(catalog, settings, progress=progress),
        glossary=load_glossary(settings.glossary_path),
        # Re-read when the registry changes: a server sees segments published after it started.
        published=PublishedMembers(registry_path(settings), catalog.database),
    )
