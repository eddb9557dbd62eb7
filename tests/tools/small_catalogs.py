"""Hand-made catalogs for schema-search tests: a few fields, their values, and the search over them."""

from __future__ import annotations

from collections.abc import Callable

from segment_agent.tools.catalog_model import Catalog, FieldInfo, FieldProfile
from segment_agent.tools.schema_index import SchemaIndex
from segment_agent.tools.schema_search import SearchHit, search_schema


def values(*names: str) -> FieldProfile:
    """A profile whose top values are `names`, most frequent first."""
    return FieldProfile(distinct=len(names), top_values=[(v, 100 - i) for i, v in enumerate(names)])


def catalog_of(fields: list[FieldInfo], name: str) -> Catalog:
    """A customers catalog of `fields`; `name` keeps each module's index apart."""
    return Catalog(database=f"{name}.duckdb", entity="customers.customer_id", fingerprint=name, fields=fields)


def searcher(catalog: Catalog) -> Callable[[str, SchemaIndex], list[SearchHit]]:
    """search(query, index) -> the top 5 hits over `catalog`."""

    def search(query: str, index: SchemaIndex) -> list[SearchHit]:
        return search_schema(query, catalog, index=index, k=5)

    return search
