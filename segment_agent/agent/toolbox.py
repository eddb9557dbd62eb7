"""The agent's tools: thin LangChain wrappers over plain functions of `segment_agent.tools`."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from segment_agent.errors import UserError
from segment_agent.settings import Settings
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.glossary import Glossary
from segment_agent.tools.glossary_resolve import resolve_term
from segment_agent.tools.schema_index import SchemaIndex
from segment_agent.tools.schema_search import search_schema
from segment_agent.tools.segment_draft import SegmentDraft, draft_segment
from segment_agent.tools.segment_spec import SegmentSpec
from segment_agent.tools.synonyms import resolve_fields
from segment_agent.tools.warehouse import Warehouse


class SearchArgs(BaseModel):
    query: str = Field(description="Words naming one concept, e.g. 'number of orders' or 'Texas'")
    k: int = Field(8, ge=1, le=25)


class ResolveArgs(BaseModel):
    concept: str = Field(description="The concept as the marketer said it, e.g. 'online orders'")
    candidates: list[str] = Field(description="Candidate fields 'table.column' from search_schema")
    goal: str = Field("", description="The whole goal, for scope words like 'online' or 'predicted'")


class GlossaryArgs(BaseModel):
    term: str = Field(description="A business term, e.g. 'high-value' or 'lapsed'")


class ProfileArgs(BaseModel):
    field: str = Field(description="'table.column'")


class DraftArgs(BaseModel):
    segments: list[SegmentSpec] = Field(default_factory=list, description="Structured segments (preferred)")
    sql: list[str] = Field(default_factory=list, description="Raw SELECT statements, one per segment")


@dataclass
class Toolbox:
    """Every capability the planner may call, bound to one database, its catalog and index."""

    settings: Settings
    catalog: Catalog
    warehouse: Warehouse
    index: SchemaIndex
    glossary: Glossary
    published: dict[str, list[int]] = dataclasses.field(default_factory=dict)

    def search(self, query: str, k: int = 8) -> dict[str, Any]:
        hits = search_schema(query, self.catalog, k=k, index=self.index)
        return {"query": query, "hits": [h.model_dump() for h in hits]}

    def resolve(self, concept: str, candidates: list[str], goal: str = "") -> dict[str, Any]:
        return resolve_fields(concept, candidates, self.catalog, goal=goal).model_dump()

    def lookup_term(self, term: str) -> dict[str, Any]:
        return resolve_term(term, self.glossary, self.catalog, self.warehouse).model_dump()

    def profile(self, field: str) -> dict[str, Any]:
        info = self.catalog.field(field)
        if info is None:
            raise UserError(f"There is no field {field!r} in the catalog.", "Use search_schema to find it.")
        return info.model_dump(
            include={
                "table",
                "column",
                "type",
                "description",
                "status",
                "unit",
                "replaced_by",
                "allowed_values",
                "profile",
            }
        )

    def draft(self, segments: list[SegmentSpec], sql: list[str]) -> list[SegmentDraft]:
        inputs: list[SegmentSpec | str] = [SegmentSpec.model_validate(s) for s in segments] + list(sql)
        if not inputs:
            raise UserError("draft_segment needs at least one segment spec or SQL statement.")
        return [self.draft_one(item) for item in inputs]

    def draft_one(self, item: SegmentSpec | str, name: str | None = None) -> SegmentDraft:
        """Draft one segment (a spec or SQL): the planner's drafts and a person's edits alike."""
        return draft_segment(
            item, self.catalog, self.warehouse, self.glossary, published=self.published, name=name
        )

    def as_tools(self) -> list[BaseTool]:
        """The LangChain tools; each returns compact JSON content and the full result as artifact."""
        return [
            _tool(
                self.search,
                "search_schema",
                SearchArgs,
                "Find catalog fields (and categorical values) matching a concept. Best first.",
            ),
            _tool(
                self.resolve,
                "resolve_fields",
                ResolveArgs,
                "Choose one field among look-alike candidates, with the reason and the runners-up.",
            ),
            _tool(
                self.lookup_term,
                "glossary",
                GlossaryArgs,
                "Resolve a business term to criteria, with thresholds computed on the data.",
            ),
            _tool(
                self.profile,
                "profile_field",
                ProfileArgs,
                "Profile of one field: type, status, NULL rate, quantiles, top values, freshness.",
            ),
            _tool(
                self._draft_tool,
                "draft_segment",
                DraftArgs,
                "Compile, guard and dry-run proposed segments; returns SQL, counts, warnings or errors.",
            ),
        ]

    def _draft_tool(self, segments: list[SegmentSpec], sql: list[str]) -> dict[str, Any]:
        drafts = self.draft(segments, sql)
        return {"segments": [d.model_dump() for d in drafts], "ok": all(d.ok for d in drafts)}


def _tool(func: Any, name: str, schema: type[BaseModel], description: str) -> StructuredTool:
    """Wrap a method so it returns (compact JSON for the model, full dict for the graph)."""

    def run(**kwargs: Any) -> tuple[str, dict[str, Any]]:
        result = func(**kwargs)
        return json.dumps(result, default=str)[:6000], result

    return StructuredTool.from_function(
        func=run,
        name=name,
        description=description,
        args_schema=schema,
        response_format="content_and_artifact",
    )
