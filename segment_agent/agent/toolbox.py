"""The agent's tools: thin LangChain wrappers over plain functions of `segment_agent.tools`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from segment_agent.agent.draft_call import DRAFT_SCHEMA, parse_draft_args
from segment_agent.agent.tool_content import draft_text, profile_text, resolution_text, search_text, term_text
from segment_agent.errors import UserError
from segment_agent.prompts import tool_descriptions
from segment_agent.settings import Settings
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.dry_run import PublishedIds
from segment_agent.tools.glossary import Glossary
from segment_agent.tools.glossary_resolve import resolve_term
from segment_agent.tools.schema_index import SchemaIndex
from segment_agent.tools.schema_search import search_schema
from segment_agent.tools.segment_draft import SegmentDraft, draft_segment
from segment_agent.tools.segment_spec import SegmentSpec
from segment_agent.tools.synonyms import resolve_fields
from segment_agent.tools.warehouse import Warehouse

Render = Callable[[dict[str, Any]], str]


class SearchArgs(BaseModel):
    query: str = Field(description="A few words naming one concept, e.g. 'number of orders'")
    k: int = Field(8, ge=1, le=25)


class ResolveArgs(BaseModel):
    concept: str = Field(description="The concept in the goal's words, e.g. 'online orders'")
    candidates: list[str] = Field(description="'table.column' fields from search_schema")
    goal: str = Field("", description="The whole goal (its scope words: online, predicted...)")


class GlossaryArgs(BaseModel):
    term: str = Field(description="A term of the glossary list, e.g. 'lapsed'")


class ProfileArgs(BaseModel):
    field: str = Field(description="'table.column'")


@dataclass
class Toolbox:
    """Every capability the planner may call, bound to one database, its catalog and index."""

    settings: Settings
    catalog: Catalog
    warehouse: Warehouse
    index: SchemaIndex
    glossary: Glossary
    published: PublishedIds = dataclasses.field(default_factory=dict)

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
        """The LangChain tools; each returns compact text for the model and the full result as artifact."""
        catalog = self.catalog
        return [
            _tool("search_schema", SearchArgs, self.search, lambda r: search_text(r, catalog)),
            _tool("resolve_fields", ResolveArgs, self.resolve, resolution_text),
            _tool("glossary", GlossaryArgs, self.lookup_term, term_text),
            _tool("profile_field", ProfileArgs, self.profile, profile_text),
            _tool("draft_segment", DRAFT_SCHEMA, self._draft_call, draft_text),
        ]

    def _draft_call(self, **arguments: Any) -> dict[str, Any]:
        """draft_segment as the model calls it: checked against the full SegmentSpec models first."""
        args = parse_draft_args(arguments)
        drafts = self.draft(args.segments, args.sql)
        return {"segments": [d.model_dump() for d in drafts], "ok": all(d.ok for d in drafts)}


def _tool(
    name: str, schema: type[BaseModel] | dict[str, Any], func: Callable[..., dict[str, Any]], content: Render
) -> StructuredTool:
    """Wrap a method so it returns (compact text for the model, full dict for the graph and the UI)."""

    def run(**kwargs: Any) -> tuple[str, dict[str, Any]]:
        result = func(**kwargs)
        return content(result), result

    return StructuredTool.from_function(
        func=run,
        name=name,
        description=tool_descriptions()[name],
        args_schema=schema,
        response_format="content_and_artifact",
    )
