"""Hybrid schema search: which fields (and categorical values) of the catalog a phrase is about.

Score = embedding similarity (one Chroma query) + BM25 over names and descriptions + how much
of the field's name the query covers + a small status prior. Values named in the query
('Texas', 'paused') come back as value hits. Final rule: a deprecated field never ranks above
the field that replaces it. The query is only ever text to match: it cannot change filters or rules.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.lexical import concepts, content_words, joined_pairs, stem
from segment_agent.tools.schema_index import SchemaIndex, ensure_index
from segment_agent.tools.schema_ranking import CONCEPT, EXACT, Ranking, distinctiveness, ranking_for

MAX_QUERY_CHARS = 500
MAX_K = 100
CANDIDATES = 60
W_LEX, W_EMB, W_NAME, W_EXACT = 0.35, 0.25, 0.40, 0.15
VALUE_BOOST = 0.1
SCALE = 1.2  # the largest raw score, mapped to 1.0


class SearchHit(BaseModel):
    """One result: a field, or one categorical value of a field; higher score is better (0..1)."""

    field: str
    score: float
    status: str
    kind: Literal["field", "value"] = "field"
    value: str | None = None
    description: str | None = None
    why: str


class _Query:
    """A sanitised query, analysed once: stems, concepts, run-together pairs and case-kept tokens."""

    def __init__(self, text: str, ranking: Ranking) -> None:
        self.text = text
        raw = content_words(text, fix=ranking.speller)
        self.stems = [stem(w) for w in raw]
        self.joined = joined_pairs(raw)
        self.concepts = concepts(self.stems)
        self.all = frozenset(self.stems) | frozenset(self.joined) | frozenset(self.concepts)
        self.tokens = re.findall(r"[A-Za-z0-9]+", text)
        self.identifiers = {t.lower() for t in re.findall(r"\w+", text)}
        self.weights: dict[str, float] = {}
        for terms, weight in ((self.concepts, 0.5), (self.joined, 0.7), (self.stems, 1.0)):
            self.weights.update(dict.fromkeys(terms, weight))


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
    text = sanitize_query(query)
    if k < 1:
        raise UserError(
            f"k must be at least 1, not {k}.", hint="Ask for the number of results to show, e.g. 10."
        )
    known = set(catalog.tables())
    unknown = sorted(set(tables or []) - known)
    if unknown:
        raise UserError(
            f"Unknown table(s): {', '.join(unknown)}.", hint=f"Tables: {', '.join(sorted(known))}."
        )
    index = index or ensure_index(catalog)
    ranking = ranking_for(index, catalog)
    q = _Query(text, ranking)
    allowed = _allowed(ranking, include_pii, include_legacy, tables)
    similar = index.query(text, CANDIDATES, where=_where(include_pii, include_legacy, tables))
    fields = _field_scores(q, ranking, allowed, similar)
    values = _value_hits(q, ranking, allowed, similar)
    for hit in values:  # a field whose value the query names is itself more likely
        i = ranking.position[f"field:{hit.field}"]
        score, why = fields.get(i, (float(ranking.prior[i]), hit.why))
        fields[i] = (score + VALUE_BOOST * hit.score, why)
    hits = [_field_hit(ranking, i, s, why) for i, (s, why) in fields.items()] + values
    hits.sort(key=lambda h: -h.score)
    k = min(k, MAX_K)
    return _finish(_twins_above(hits[: k * 2], ranking, allowed))[:k]


def _allowed(ranking: Ranking, pii: bool, legacy: bool, tables: list[str] | None) -> np.ndarray:
    mask = np.ones(ranking.n_fields, dtype=bool)
    if not pii:
        mask &= ~ranking.pii
    if not legacy:
        mask &= ~ranking.legacy
    if tables:
        mask &= np.isin(ranking.tables, tables)
    return mask


def _where(pii: bool, legacy: bool, tables: list[str] | None) -> dict[str, Any] | None:
    """The same filter as `_allowed`, as a Chroma metadata filter."""
    rules: list[dict[str, Any]] = []
    if not pii:
        rules.append({"pii": False})
    if not legacy:
        rules.append({"legacy": False})
    if tables:
        rules.append({"table": {"$in": list(tables)}})
    return None if not rules else rules[0] if len(rules) == 1 else {"$and": rules}


def _field_scores(
    q: _Query, ranking: Ranking, allowed: np.ndarray, similar: dict[str, float]
) -> dict[int, tuple[float, str]]:
    """{field position: (score, why)} for the candidate fields."""
    lexical = ranking.bm25.scores(q.weights) * allowed
    top = float(lexical.max()) if lexical.size else 0.0
    candidates = set(
        np.argsort(-lexical)[:CANDIDATES][lexical[np.argsort(-lexical)[:CANDIDATES]] > 0].tolist()
    )
    emb = {ranking.position[i]: s for i, s in similar.items() if ranking.position[i] < ranking.n_fields}
    candidates |= set(emb)
    floor = min(emb.values(), default=0.0)
    out: dict[int, tuple[float, str]] = {}
    for i in candidates:
        if not allowed[i]:
            continue
        doc = ranking.documents[i]
        lex = lexical[i] / top if top > 0 else 0.0
        name = _name_cover(q, ranking.name_terms[i])
        exact = _mentions(q, doc.column)
        score = W_LEX * lex + W_EMB * max(emb.get(i, floor), 0.0) + W_NAME * name + W_EXACT * exact
        why = (
            "name match"
            if exact or name >= 0.99
            else "name and description match"
            if name > 0
            else "description match"
        )
        out[i] = (score + float(ranking.prior[i]), why)
    return out


def _name_cover(q: _Query, name: frozenset[str]) -> float:
    """How much of the field's name the query says, and how much of the query the name says."""
    plain = {t for t in name if not t.startswith("~")}
    if not plain or not q.stems:
        return 0.0
    said = sum(1.0 if t in q.all else 0.6 if set(concepts([t])) & q.all else 0.0 for t in plain)
    heard = sum(1.0 if s in name else 0.6 if set(concepts([s])) & name else 0.0 for s in q.stems)
    return 0.5 * said / len(plain) + 0.5 * heard / len(q.stems)


def _mentions(q: _Query, column: str) -> float:
    """1.0 when the query spells the column name itself ('ltv', 'spend_m01')."""
    return 1.0 if column.lower() in q.identifiers else 0.0


def _value_hits(
    q: _Query, ranking: Ranking, allowed: np.ndarray, similar: dict[str, float]
) -> list[SearchHit]:
    """Hits for the categorical values the query names, by their words, human names, synonyms or codes."""
    matched: dict[int, tuple[float, frozenset[str]]] = {}

    def keep(i: int, strength: float, said: frozenset[str]) -> None:
        if strength > matched.get(i, (0.0, frozenset()))[0]:
            matched[i] = (strength, said)

    for n in (4, 3, 2, 1):
        for j in range(len(q.stems) - n + 1):
            key = tuple(q.stems[j : j + n])
            for i, strength in ranking.value_phrases.get(key, ()):
                keep(i, strength, frozenset(key))
    for term in q.joined:
        for i, strength in ranking.value_phrases.get((term,), ()):
            keep(i, strength, frozenset([term]))
    for c in q.concepts:
        said = frozenset(s for s in q.stems if c in concepts([s]))
        for i, _ in ranking.value_phrases.get((c,), ()):
            keep(i, CONCEPT, said)
    for token in q.tokens:
        for i in ranking.value_codes.get(token, ()):
            keep(i, EXACT, frozenset([token.lower()]))
    hits = []
    for i, (strength, said) in matched.items():
        doc = ranking.documents[i]
        f = ranking.position[f"field:{doc.field}"]
        if not allowed[f]:
            continue
        rest = [s for s in q.stems if s not in said]
        context = ranking.context_terms[f]
        fit = (
            sum(s in context or bool(set(concepts([s])) & context) for s in rest) / len(rest) if rest else 0.5
        )
        distinct = distinctiveness(ranking, sorted(said))
        score = 0.35 + 0.35 * strength * distinct + 0.25 * fit + 0.05 * similar.get(doc.id, 0.0)
        why = f'value "{doc.value}" of {doc.column}'
        hits.append(_hit(ranking, f, score + float(ranking.prior[f]), why, kind="value", value=doc.value))
    return hits


def _field_hit(ranking: Ranking, i: int, score: float, why: str) -> SearchHit:
    return _hit(ranking, i, score, why)


def _hit(
    ranking: Ranking, i: int, score: float, why: str, kind: str = "field", value: str | None = None
) -> SearchHit:
    doc = ranking.documents[i]
    return SearchHit(
        field=doc.field, score=score / SCALE, status=doc.status, kind=kind, value=value,
        description=doc.description, why=why,
    )  # fmt: skip


def _twins_above(hits: list[SearchHit], ranking: Ranking, allowed: np.ndarray) -> list[SearchHit]:
    """Reorder so no hit of a deprecated field precedes its replacement (added when missing)."""
    out: list[SearchHit] = []
    placed: set[int] = set()
    for hit in hits:
        if id(hit) in placed:
            continue
        target = ranking.twins.get(hit.field)
        if target and not any(o.field == target for o in out):
            twin = next((o for o in hits if o.field == target and id(o) not in placed), None)
            position = ranking.position.get(f"field:{target}")
            if twin is None and position is not None and allowed[position]:
                twin = _field_hit(ranking, position, 0.0, f"replaces deprecated {hit.field.split('.')[-1]}")
            if twin is not None:
                twin.score = max(twin.score, hit.score)
                out.append(twin)
                placed.add(id(twin))
        out.append(hit)
        placed.add(id(hit))
    return out


def _finish(hits: list[SearchHit]) -> list[SearchHit]:
    """Scores in 0..1, rounded, never increasing down the list."""
    ceiling = 1.0
    for hit in hits:
        hit.score = round(min(max(hit.score, 0.0), ceiling), 4)
        ceiling = hit.score
    return hits
