"""What schema search precomputes once per index: BM25 over fields, name terms, value phrases, priors.

Built in memory from the index's documents (cached by index name), so a query costs one
Chroma call plus a few numpy and set operations.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.lexical import (
    BM25,
    Speller,
    bag,
    concepts,
    content_words,
    joined_pairs,
    load_lexicon,
    stem,
    words,
)
from segment_agent.tools.schema_documents import SchemaDocument
from segment_agent.tools.schema_index import SchemaIndex

STATUS_PRIOR = {
    "certified": 0.06,
    "experimental": 0.01,
    "undocumented": -0.02,
    "deprecated": -0.05,
    "legacy": -0.08,
}
EMPTY_PENALTY = 0.05  # a constant or nearly all-NULL column rarely answers a question
NAME_WEIGHT = 3.0
EXACT, CONCEPT = 1.0, 0.7  # strength of a value named outright vs through a synonym


@dataclass
class Ranking:
    """Precomputed lookups over one index's documents (field documents come first)."""

    documents: list[SchemaDocument]
    n_fields: int
    bm25: BM25
    name_terms: list[frozenset[str]]
    context_terms: list[frozenset[str]]
    prior: np.ndarray
    pii: np.ndarray
    legacy: np.ndarray
    tables: np.ndarray
    position: dict[str, int]
    value_phrases: dict[tuple[str, ...], list[tuple[int, float]]]
    value_codes: dict[str, list[int]]
    name_df: Counter[str]
    speller: Speller
    twins: dict[str, str] = field(default_factory=dict)


def field_terms(text: str) -> list[str]:
    """Stems of a field name plus run-together pairs ('home_owner' -> hom, owner, homeowner)."""
    raw = content_words(text)
    return [stem(w) for w in raw] + joined_pairs(raw)


def _with_concepts(stems: list[str]) -> frozenset[str]:
    return frozenset(stems) | frozenset(concepts(stems))


_RANKINGS: dict[tuple[str, str], Ranking] = {}


def ranking_for(index: SchemaIndex, catalog: Catalog) -> Ranking:
    """The ranking tables of `index`, built on first use and kept for the process (a few per process)."""
    key = (
        index.name,
        catalog.fingerprint,
    )  # the fingerprint covers what documents omit (replaced_by, NULL rates)
    found = _RANKINGS.get(key)
    if found is None:
        if len(_RANKINGS) >= 8:
            _RANKINGS.pop(next(iter(_RANKINGS)))
        found = _RANKINGS[key] = build_ranking(index.documents, catalog)
    return found


def build_ranking(documents: list[SchemaDocument], catalog: Catalog) -> Ranking:
    """Index the documents for lexical scoring, value matching and twin ordering."""
    fields = [d for d in documents if d.kind == "field"]
    names = [field_terms(d.name_text) for d in fields]
    bodies = [[stem(w) for w in content_words(d.body_text)] for d in fields]
    bm25 = BM25([bag([(n, NAME_WEIGHT), (b, 1.0)]) for n, b in zip(names, bodies, strict=True)])
    context = [
        _with_concepts(n + b + field_terms(d.table)) for d, n, b in zip(fields, names, bodies, strict=True)
    ]
    name_df: Counter[str] = Counter(t for n in names for t in set(n))
    phrases, codes = _value_patterns(documents)
    vocabulary: Counter[str] = Counter(w for d in documents for w in words(d.text))
    vocabulary.update(load_lexicon().known)
    info = {f.name: f for f in catalog.fields}
    return Ranking(
        documents=documents, n_fields=len(fields), bm25=bm25,
        name_terms=[_with_concepts(n) for n in names], context_terms=context,
        prior=np.array([_prior(info.get(d.field), d.status) for d in fields]),
        pii=np.array([d.pii for d in fields], dtype=bool), legacy=np.array([d.legacy for d in fields], dtype=bool),
        tables=np.array([d.table for d in fields]), position={d.id: i for i, d in enumerate(documents)},
        value_phrases=phrases, value_codes=codes, name_df=name_df, speller=Speller(vocabulary),
        twins=_twins(catalog),
    )  # fmt: skip


def _prior(f: object, status: str) -> float:
    prior = STATUS_PRIOR.get(status, 0.0)
    profile = getattr(f, "profile", None)
    if profile is not None and (profile.constant or profile.null_rate >= 0.95):
        prior -= EMPTY_PENALTY
    return prior


def _value_patterns(
    documents: list[SchemaDocument],
) -> tuple[dict[tuple[str, ...], list[tuple[int, float]]], dict[str, list[int]]]:
    """Word sequences that name each value (its words, its human names, synonyms), and exact-case codes."""
    phrases: dict[tuple[str, ...], list[tuple[int, float]]] = {}
    codes: dict[str, list[int]] = {}

    def add(key: tuple[str, ...], i: int, strength: float) -> None:
        if key:
            phrases.setdefault(key, []).append((i, strength))

    for i, d in enumerate(documents):
        if d.kind != "value" or d.value is None:
            continue
        value = d.value.strip()
        if len(value) <= 2 or (value.isupper() and len(value) <= 3):
            if not value.islower():
                codes.setdefault(value, []).append(i)  # 'TX', 'ON', 'R3': only as written, never 'on'
        else:
            stems = tuple(stem(w) for w in content_words(value)) or tuple(stem(w) for w in words(value))
            add(stems, i, EXACT)
            if len(stems) > 1:
                add((stem("".join(content_words(value))),), i, EXACT)
            own = set(concepts([stem(w) for w in content_words(d.column.replace("_", " "))]))
            for c in concepts(list(stems)):
                if c not in own:
                    add((c,), i, CONCEPT)
        for name in d.names:
            add(tuple(stem(w) for w in content_words(name)), i, EXACT)
    return phrases, codes


def _twins(catalog: Catalog) -> dict[str, str]:
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


def distinctiveness(ranking: Ranking, stems: list[str]) -> float:
    """Near 1 for words no field is named after ('texas'), low for common ones ('email')."""
    if not stems:
        return 1.0
    return sum(1.0 / (1.0 + math.log1p(ranking.name_df.get(s, 0))) for s in stems) / len(stems)
