"""Turn one proposed segment (a spec or raw SQL) into a checked, counted draft.

The same path serves the planner's drafts and a human's edits: glossary terms are resolved
to numbers, the spec is validated and compiled, every statement passes the SQL guard, and
the dry run counts it. Problems come back as structured errors, never as exceptions.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.dialects import transpile_all
from segment_agent.tools.dry_run import PublishedIds, dry_run
from segment_agent.tools.glossary import Glossary
from segment_agent.tools.glossary_resolve import expand_terms
from segment_agent.tools.segment_spec import SegmentSpec
from segment_agent.tools.spec_compiler import SpecError, compile_spec
from segment_agent.tools.spec_render import render_spec
from segment_agent.tools.spec_validate import validate_spec
from segment_agent.tools.sql_guard import guard_sql
from segment_agent.tools.warehouse import Warehouse


class SegmentDraft(BaseModel):
    """A drafted segment: its rules, guarded SQL and dry-run numbers, or what stopped it."""

    name: str
    description: str = ""
    ok: bool = False
    spec: dict[str, Any] | None = None
    sql: str | None = None
    rules: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)
    dialects: dict[str, str] = Field(default_factory=dict)
    dry_run: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = Field(default_factory=list)


def draft_segment(
    item: SegmentSpec | str,
    catalog: Catalog,
    warehouse: Warehouse,
    glossary: Glossary,
    *,
    published: PublishedIds | None = None,
    name: str | None = None,
) -> SegmentDraft:
    """Resolve, compile, guard and count one segment; errors are returned, not raised."""
    if isinstance(item, SegmentSpec):
        draft = SegmentDraft(name=name or item.name, description=item.description)
        try:
            _compile(item, catalog, warehouse, glossary, draft)
        except SpecError as err:
            draft.errors = list(err.errors)
        except UserError as err:
            draft.errors = [{"what": err.message, "where": None, "hint": err.hint or ""}]
        if draft.errors:
            return draft
    else:
        draft = SegmentDraft(
            name=name or "Custom SQL segment", sql=item, rules=["Members are the rows of the SQL below."]
        )
    return _guard_and_count(draft, catalog, warehouse, published)


def _compile(
    spec: SegmentSpec, catalog: Catalog, warehouse: Warehouse, glossary: Glossary, draft: SegmentDraft
) -> None:
    resolved, assumptions = expand_terms(spec, glossary, catalog, warehouse)
    draft.assumptions = assumptions
    draft.spec = resolved.model_dump()
    draft.errors = validate_spec(resolved, catalog)
    if draft.errors:
        return
    draft.sql = compile_spec(resolved, catalog)
    draft.rules = render_spec(resolved, catalog)


def _guard_and_count(
    draft: SegmentDraft, catalog: Catalog, warehouse: Warehouse, published: PublishedIds | None
) -> SegmentDraft:
    verdict = guard_sql(draft.sql or "", catalog.schema(), catalog.entity)
    if not verdict.ok:
        draft.errors = [
            {"what": e.message, "where": e.where, "hint": e.hint, "code": e.code} for e in verdict.errors
        ]
        return draft
    draft.sql = verdict.sql
    draft.fields = verdict.columns
    draft.dialects = transpile_all(draft.sql)
    try:
        result = dry_run(warehouse, catalog, draft.sql, published=published, fields_used=draft.fields)
    except UserError as err:
        draft.errors = [{"what": err.message, "where": None, "hint": err.hint or ""}]
        return draft
    draft.dry_run = result.model_dump()
    draft.ok = True
    return draft
