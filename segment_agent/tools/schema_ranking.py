"""What schema search precomputes once per index: BM25 over fields, name terms, value phrases, priors.

Built in memory from the index's documents and kept per (index, catalog fingerprint), so a query
costs one Chroma call plus a few numpy and set operations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from segment_agent.tools.bm25 import BM25, bag
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.lexical import (
    concepts,
    concepts_of,
    content_words,
    joined_pairs,
    load_lexicon,
    stem,
    words,
)
from segment_agent.tools.profiling import column_kind
from segment_agent.tools.schema_documents import SchemaDocument
from segment_agent.tools.schema_index import SchemaIndex
from segment_agent.tools.schema_values import ValueIndex, build_value_index
from segment_agent.tools.speller import Speller

STATUS_PRIOR = {
    "certified": 0.06,
    "experimental": 0.01,
    "undocumented": -0.02,
    "deprecated": -0.05,
    "legacy": -0.08,
}
EMPTY_PENALTY = 0.05  # a constant or nearly all-NULL column rarely answers a question
FROZEN_PENALTY = 0.05  # profiling found the column stopped changing
KEY_PENALTY = 0.1  # nor does a key: segments select customers by what keys point at
NAME_WEIGHT = 3.0  # a word in the name counts three times a word of the description
RECORD_COLUMNS = 40  # tables this narrow are records (events), not profiles
MAX_KEPT = 8
MAX_NAMED = 40  # a concept in more names than this is no way to find candidates ('purchase')
YEARS = frozenset({"year", "years", "yr", "yrs"})  # units of an age: what a bare number about a person means
_WINDOW = re.compile(r"^\d+d$")


class NameInfo(NamedTuple):
    """A field's name as search compares it: its words (idf-weighted) and what else explains a query word."""

    terms: tuple[str, ...]
    weights: tuple[float, ...]
    concepts: tuple[frozenset[str], ...]
    alternates: tuple[frozenset[str], ...]  # per word: what it abbreviates, run-together pairs it is in
    total: float
    explains: frozenset[str]  # name terms, the table's words (except the entity's) and their concepts


@dataclass
class Ranking:
    """Precomputed lookups over one index's documents (field documents come first, by position)."""

    documents: list[SchemaDocument]
    position: dict[str, int]
    n_fields: int
    bm25: BM25
    names: list[NameInfo]
    context: list[frozenset[str]]  # name, description, table and record words of each field, with concepts
    prior: np.ndarray
    pii: np.ndarray
    legacy: np.ndarray
    tables: np.ndarray
    entity: np.ndarray  # field of the entity table
    windowed: np.ndarray  # name carries a window ('_90d')
    temporal: np.ndarray  # a date or time
    dated: np.ndarray  # a date, or a field of a dated record (an event table)
    aged: np.ndarray  # the entity's own measure in years (its unit says so): what 'under 25' is about
    values: ValueIndex
    filler: frozenset[str]  # the entity's words ('customer') and their concepts
    speller: Speller
    twins: dict[str, str]
    by_concept: dict[str, list[int]]  # concept -> the few fields whose name says it ('signup' for 'joined')
    named: frozenset[str]  # every stem some field name uses
    table_words: dict[str, frozenset[str]]  # each table's name words and their concepts


_KEPT: dict[tuple[str, str], Ranking] = {}


def ranking_for(index: SchemaIndex, catalog: Catalog) -> Ranking:
    """The ranking tables of `index`, built on first use and kept for the process (a few at most)."""
    key = (index.name, catalog.fingerprint)  # the fingerprint covers what documents omit (NULL rates)
    if key not in _KEPT:
        if len(_KEPT) >= MAX_KEPT:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[key] = build_ranking(index.documents, catalog)
    return _KEPT[key]


def field_terms(text: str) -> list[str]:
    """Stems of a name plus run-together pairs ('home_owner' -> hom, owner, homeowner)."""
    raw = content_words(text)
    return [stem(w) for w in raw] + joined_pairs(raw)


def build_ranking(documents: list[SchemaDocument], catalog: Catalog) -> Ranking:
    """Index the documents for lexical scoring, name coverage, value matching and twin ordering."""
    fields = [d for d in documents if d.kind == "field"]
    names = [field_terms(d.name_text) for d in fields]
    bodies = [[stem(w) for w in content_words(d.body_text)] for d in fields]
    bm25 = BM25([bag([(n, NAME_WEIGHT), (b, 1.0)]) for n, b in zip(names, bodies, strict=True)])
    record = _record_words(catalog)
    info = {f.name: f for f in catalog.fields}
    keys, dated = _keys(catalog), _dated_tables(catalog)
    vocabulary: Counter[str] = Counter(w for d in documents for w in words(d.text))
    vocabulary.update(load_lexicon().known)
    vocabulary.update(w for d in documents for c in d.context for w in words(c))  # 'speakers' is no typo

    def flags(test: Callable[[SchemaDocument], bool]) -> np.ndarray:
        return np.array([test(d) for d in fields], dtype=bool)

    return Ranking(
        documents=documents, position={d.id: i for i, d in enumerate(documents)}, n_fields=len(fields),
        bm25=bm25,
        names=[_name_info(d, n, bm25.idf, catalog.entity_table) for d, n in zip(fields, names, strict=True)],
        context=[
            _with_concepts(n + b + field_terms(d.table) + record.get(d.table, []))
            for d, n, b in zip(fields, names, bodies, strict=True)
        ],
        prior=np.array([_prior(info.get(d.field), d.status, keys) for d in fields]),
        pii=flags(lambda d: d.pii), legacy=flags(lambda d: d.legacy),
        tables=np.array([d.table for d in fields]),
        entity=flags(lambda d: d.table == catalog.entity_table),
        windowed=np.array([any(_WINDOW.match(t) for t in n) for n in names], dtype=bool),
        temporal=flags(lambda d: _is_temporal(info.get(d.field))),
        dated=flags(lambda d: _is_temporal(info.get(d.field)) or d.table in dated),
        aged=flags(lambda d: d.table == catalog.entity_table and _unit(info.get(d.field)) in YEARS),
        values=build_value_index(documents), filler=_with_concepts(field_terms(catalog.entity_table)),
        speller=Speller(vocabulary), twins=_twins(catalog), by_concept=_by_concept(names),
        named=frozenset(t for n in names for t in n),
        table_words={t: _with_concepts(field_terms(t)) for t in catalog.tables()},
    )  # fmt: skip


def _with_concepts(stems: list[str]) -> frozenset[str]:
    return frozenset(stems) | frozenset(concepts(stems))


def _name_info(doc: SchemaDocument, terms: list[str], idf: dict[str, float], entity: str) -> NameInfo:
    raw = content_words(doc.name_text, expand=False)
    plain = [stem(w) for w in raw]
    expansions = load_lexicon().expansions
    # A word is also said by what it abbreviates ('csat' -> satisfaction) or run together ('homeowner').
    pairs = [stem(a + b) for a, b in zip(raw, raw[1:], strict=False)]
    alternates = [
        frozenset(stem(e) for e in expansions.get(w, ()))
        | {p for j, p in enumerate(pairs) if j in (i - 1, i)}
        for i, w in enumerate(raw)
    ]
    weights = tuple(idf.get(t, 1.0) for t in plain)
    table = field_terms(doc.table) if doc.table != entity else []
    meanings = tuple(
        concepts_of(t).union(*map(concepts_of, a)) for t, a in zip(plain, alternates, strict=True)
    )
    return NameInfo(
        tuple(plain), weights, meanings, tuple(alternates), sum(weights) or 1.0, _with_concepts(terms + table)
    )


def _by_concept(names: list[list[str]]) -> dict[str, list[int]]:
    """Fields by the concepts their names say, for concepts few names say: BM25 weighs a synonym at half,
    so without this a field named only by synonyms can drop out of the candidates."""
    found: dict[str, list[int]] = {}
    for i, terms in enumerate(names):
        for c in concepts(terms):
            found.setdefault(c, []).append(i)
    return {c: ids for c, ids in found.items() if len(ids) <= MAX_NAMED}


def _unit(f: FieldInfo | None) -> str:
    return (f.unit or "").strip().lower() if f is not None else ""


def _is_temporal(f: FieldInfo | None) -> bool:
    return f is not None and column_kind(f.type) == "temporal"


def _dated_tables(catalog: Catalog) -> frozenset[str]:
    """Event tables: not the entity, with a date or time column."""
    return frozenset(f.table for f in catalog.fields if f.table != catalog.entity_table and _is_temporal(f))


def _keys(catalog: Catalog) -> frozenset[str]:
    """Columns that identify a row: the entity key and '<table>_id' of every table."""
    return frozenset({catalog.entity_key} | {f"{t.rstrip('s')}_id" for t in catalog.tables()})


def _record_words(catalog: Catalog) -> dict[str, list[str]]:
    """Column-name words of each narrow (event) table: a value's row holds them too ('newsletter sends')."""
    columns: dict[str, list[str]] = {}
    for f in catalog.fields:
        columns.setdefault(f.table, []).append(f.column)
    return {
        t: [w for c in cols for w in field_terms(c)]
        for t, cols in columns.items()
        if len(cols) <= RECORD_COLUMNS
    }


def _prior(f: FieldInfo | None, status: str, keys: frozenset[str]) -> float:
    prior = STATUS_PRIOR.get(status, 0.0)
    if f is not None and (f.profile.constant or f.profile.null_rate >= 0.95):
        prior -= EMPTY_PENALTY
    if f is not None and f.profile.frozen and status != "deprecated":  # stale, even if nobody said so
        prior -= FROZEN_PENALTY
    if f is not None and ("key" in f.tags or f.column in keys):
        prior -= KEY_PENALTY
    return prior


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
