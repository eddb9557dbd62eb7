"""Hybrid schema search: which fields (and categorical values) of the catalog a phrase is about.

One Chroma query (embedding similarity) plus BM25 over names and descriptions, name coverage and
a status prior (see schema_scoring). Values named in the query ('Texas', 'paused') come back as
value hits. Final rule: a deprecated field never ranks above the field that replaces it. The query
is only ever text to match: nothing in it can change the filters or the rules.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import numpy as np
from pydantic import BaseModel

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.informal import expand_informal
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from segment_agent.tools.schema_query import QueryTerms
from segment_agent.tools.schema_ranking import Ranking, ranking_for
from segment_agent.tools.schema_scoring import CANDIDATES, Scored, Scorer

MAX_QUERY_CHARS = 500
MAX_K = 100
SCALE = 1.4  # raw scores above this are shown as 1.0
VALUE_SLOT = 2  # a distinctly named value ranks no lower than third


class SearchHit(BaseModel):
    """One result: a field, or one categorical value of a field; higher score is better (0..1)."""

    field: str
    score: float
    status: str
    kind: Literal["field", "value"] = "field"
    value: str | None = None
    description: str | None = None
    why: str


def sanitize_query(query: str) -> str:
    """Printable, single-spaced, at most MAX_QUERY_CHARS; an empty query is a UserError."""
    text = unicodedata.normalize("NFKC", str(query))
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    if not text:
        raise UserError(
            "The search query is empty.",
            hint="Describe the attribute you need, e.g. 'lifetime value' or 'customers in Texas'.",
        )
    return text[:MAX_QUERY_CHARS]


def search_schema(
    query: str,
    catalog: Catalog,
    *,
    k: int = 10,
    include_pii: bool = False,
    include_legacy: bool = False,
    tables: list[str] | None = None,
    index: SchemaIndex | None = None,
) -> list[SearchHit]:
    """The `k` best fields and values of `catalog` for `query`, best first."""
    text = expand_informal(sanitize_query(query))  # every signal, the embedding too, reads plain words
    if k < 1:
        raise UserError(f"k must be at least 1, not {k}.", hint="Ask for a number of results, e.g. 10.")
    known = set(catalog.tables())
    unknown = sorted(set(tables or []) - known)
    if unknown:
        raise UserError(
            f"Unknown table(s): {', '.join(unknown)}.", hint=f"Tables: {', '.join(sorted(known))}."
        )
    index = index or ensure_index(catalog)
    ranking = ranking_for(index, catalog)
    allowed = _allowed(ranking, include_pii, include_legacy, tables)
    similar = index.query(
        text, CANDIDATES, include_pii=include_pii, include_legacy=include_legacy, tables=tables
    )
    scorer = Scorer(QueryTerms(text, ranking), ranking, allowed, similar)
    scored = _value_slot(sorted(scorer.fields() + scorer.values(), key=lambda s: -s.score))
    k = min(k, MAX_K)
    ordered = _twins_above(scored, ranking, scorer)[:k]
    return _finish([_hit(ranking, s) for s in ordered])


def _allowed(ranking: Ranking, pii: bool, legacy: bool, tables: list[str] | None) -> np.ndarray:
    mask = np.ones(ranking.n_fields, dtype=bool)
    if not pii:
        mask &= ~ranking.pii
    if not legacy:
        mask &= ~ranking.legacy
    if tables:
        mask &= np.isin(ranking.tables, tables)
    return mask


def _value_slot(scored: list[Scored]) -> list[Scored]:
    """Move the best distinctly named value up to VALUE_SLOT: field look-alikes must not bury it."""
    pinned = [i for i, s in enumerate(scored) if s.pinned]
    best = max(pinned, key=lambda i: scored[i].pinned, default=None)
    if best is None or best <= VALUE_SLOT:
        return scored
    out = scored[:VALUE_SLOT] + [scored[best]] + scored[VALUE_SLOT:best] + scored[best + 1 :]
    out[VALUE_SLOT].score = max(out[VALUE_SLOT].score, out[VALUE_SLOT + 1].score)
    return out


def _twins_above(scored: list[Scored], ranking: Ranking, scorer: Scorer) -> list[Scored]:
    """No hit of a deprecated field above its replacement: the replacement moves up to just above the
    first such hit and takes its score (what matched the old field is evidence for the new one)."""
    out = list(scored)

    def field_of(item: Scored) -> str:
        return ranking.documents[item.field_position].field

    for name in dict.fromkeys(field_of(s) for s in scored if field_of(s) in ranking.twins):
        target = ranking.twins[name]
        first = next((i for i, s in enumerate(out) if field_of(s) == target), None)
        dep = next(i for i, s in enumerate(out) if field_of(s) == name)
        position = ranking.position.get(f"field:{target}")
        if (first is not None and first < dep) or position is None or not scorer.allowed[position]:
            continue
        replaces = f"replaces deprecated {name.rsplit('.', 1)[-1]}"
        if first is not None:
            twin = out.pop(first)
            twin.why = f"{twin.why}; {replaces}"
        else:
            twin = scorer.field(position)
            twin.why = replaces
        twin.score = max(twin.score, out[dep].score)
        out.insert(dep, twin)
    return out


def _hit(ranking: Ranking, s: Scored) -> SearchHit:
    doc = ranking.documents[s.field_position]
    kind = "field" if s.value is None else "value"
    return SearchHit(
        field=doc.field, score=s.score / SCALE, status=doc.status, kind=kind, value=s.value,
        description=doc.description, why=s.why,
    )  # fmt: skip


def _finish(hits: list[SearchHit]) -> list[SearchHit]:
    """Scores in 0..1, rounded, never increasing down the list."""
    ceiling = 1.0
    for hit in hits:
        hit.score = round(min(max(hit.score, 0.0), ceiling), 4)
        ceiling = hit.score
    return hits
