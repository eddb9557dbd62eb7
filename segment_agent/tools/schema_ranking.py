"""What schema search precomputes once per index: BM25 over fields, name terms, value phrases, priors.

Built in memory from the index's documents (cached by index name), so a query costs one
Chroma call plus a few numpy and set operations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import re

import numpy as np

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.lexical import (
    BM25,
    STOPWORDS,
    Speller,
    bag,
    concepts,
    concepts_of,
    content_words,
    joined_pairs,
    load_lexicon,
    stem,
    words,
)
from segment_agent.tools.schema_documents import SchemaDocument
from segment_agent.tools.profiling import column_kind
from segment_agent.tools.schema_index import SchemaIndex

STATUS_PRIOR = {
    "certified": 0.06,
    "experimental": 0.01,
    "undocumented": -0.02,
    "deprecated": -0.05,
    "legacy": -0.08,
}
EMPTY_PENALTY = 0.05  # a constant or nearly all-NULL column rarely answers a question
KEY_PENALTY = 0.1  # nor does a key: segments select customers by what keys point at
NAME_WEIGHT = 3.0
RECORD_COLUMNS = 40  # tables this narrow are records (events), not profiles
_WINDOW = re.compile(r"^\d+d$")
EXACT, CONCEPT = 1.0, 0.7  # strength of a value named outright vs through a synonym


class NameInfo(NamedTuple):
    """A field's name as search compares it: its own terms (idf-weighted) and what else explains a query word."""

    terms: tuple[str, ...]
    weights: tuple[float, ...]
    concepts: tuple[frozenset[str], ...]
    together: tuple[frozenset[str], ...]  # per term: what it abbreviates, run-together pairs it is part of
    total: float
    explains: frozenset[str]  # name terms, the table's words (except the entity's) and their concepts


@dataclass
class Ranking:
    """Precomputed lookups over one index's documents (field documents come first)."""

    documents: list[SchemaDocument]
    n_fields: int
    bm25: BM25
    names: list[NameInfo]
    windowed: np.ndarray
    temporal: np.ndarray
    dated: np.ndarray  # a date itself, or a field of a dated record (an event table)
    context_terms: list[frozenset[str]]
    prior: np.ndarray
    pii: np.ndarray
    legacy: np.ndarray
    tables: np.ndarray
    position: dict[str, int]
    value_phrases: dict[tuple[str, ...], list[tuple[int, float]]]
    value_codes: dict[str, list[int]]
    entity: np.ndarray
    filler: frozenset[str]
    speller: Speller
    values_per_field: Counter[str]
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
    record = _record_words(catalog)
    context = [
        _with_concepts(n + b + field_terms(d.table) + record.get(d.table, []))
        for d, n, b in zip(fields, names, bodies, strict=True)
    ]
    entity_words = field_terms(catalog.entity_table)
    phrases, codes = _value_patterns(documents)
    vocabulary: Counter[str] = Counter(w for d in documents for w in words(d.text))
    vocabulary.update(load_lexicon().known)
    info = {f.name: f for f in catalog.fields}
    dated = _dated_tables(catalog)
    return Ranking(
        documents=documents, n_fields=len(fields), bm25=bm25,
        names=[_name_info(d, n, bm25.idf, catalog.entity_table) for d, n in zip(fields, names, strict=True)],
        context_terms=context,
        windowed=np.array([any(_WINDOW.match(t) for t in n) for n in names], dtype=bool),
        temporal=np.array([_is_temporal(info, d.field) for d in fields], dtype=bool),
        dated=np.array([_is_temporal(info, d.field) or d.table in dated for d in fields], dtype=bool),
        prior=np.array([_prior(info.get(d.field), d.status, _keys(catalog)) for d in fields]),
        pii=np.array([d.pii for d in fields], dtype=bool), legacy=np.array([d.legacy for d in fields], dtype=bool),
        tables=np.array([d.table for d in fields]), position={d.id: i for i, d in enumerate(documents)},
        value_phrases=phrases, value_codes=codes, speller=Speller(vocabulary),
        values_per_field=Counter(d.field for d in documents if d.kind == "value"), twins=_twins(catalog),
        entity=np.array([d.table == catalog.entity_table for d in fields], dtype=bool),
        filler=_with_concepts(entity_words),
    )  # fmt: skip


def _is_temporal(info: dict[str, FieldInfo], name: str) -> bool:
    return name in info and column_kind(info[name].type) == "temporal"


def _dated_tables(catalog: Catalog) -> frozenset[str]:
    """Event tables: not the entity, with a date or time column."""
    return frozenset(
        f.table for f in catalog.fields if f.table != catalog.entity_table and column_kind(f.type) == "temporal"
    )


def _keys(catalog: Catalog) -> frozenset[str]:
    """Columns that identify a row: the entity key and '<table>_id' of every table."""
    return frozenset({catalog.entity_key} | {f"{t.rstrip('s')}_id" for t in catalog.tables()})


def _name_info(doc: SchemaDocument, terms: list[str], idf: dict[str, float], entity: str) -> NameInfo:
    raw = content_words(doc.name_text, expand=False)
    plain = [stem(w) for w in raw]
    expansions = load_lexicon().expansions
    # A word is also said by what it abbreviates ('csat' -> satisfaction) or run together ('homeowner').
    pairs = [stem(a + b) for a, b in zip(raw, raw[1:], strict=False)]
    alternates = [
        frozenset(stem(e) for e in expansions.get(w, ())) | {p for j, p in enumerate(pairs) if j in (i - 1, i)}
        for i, w in enumerate(raw)
    ]
    weights = tuple(idf.get(t, 1.0) for t in plain)
    table = field_terms(doc.table) if doc.table != entity else []
    return NameInfo(
        tuple(plain), weights, tuple(concepts_of(t).union(*map(concepts_of, a)) for t, a in zip(plain, alternates)),
        tuple(alternates), sum(weights) or 1.0, _with_concepts(terms + table),
    )  # fmt: skip


def _record_words(catalog: Catalog) -> dict[str, list[str]]:
    """The column-name words of each small (event) table: a value's row holds them too ('newsletter sends')."""
    columns: dict[str, list[str]] = {}
    for f in catalog.fields:
        columns.setdefault(f.table, []).append(f.column)
    return {t: [w for c in cols for w in field_terms(c)] for t, cols in columns.items() if len(cols) <= RECORD_COLUMNS}


def _prior(f: FieldInfo | None, status: str, keys: frozenset[str]) -> float:
    prior = STATUS_PRIOR.get(status, 0.0)
    if f is None:
        return prior
    if f.profile.constant or f.profile.null_rate >= 0.95:
        prior -= EMPTY_PENALTY
    if "key" in f.tags or f.column in keys:
        prior -= KEY_PENALTY
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
            stems = tuple(stem(w) for w in words(value) if w not in STOPWORDS)  # digits kept: '150k' vs '100-150k'
            add(stems, i, EXACT)
            if len(stems) > 1:
                add((stem("".join(stems)),), i, EXACT)
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
