"""What schema search precomputes once per index: BM25 over fields, name terms, value phrases, priors.

Built in memory from the index's documents and kept per (index, catalog fingerprint), so a query
costs one Chroma call plus a few numpy and set operations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from segment_agent.tools.bm25 import BM25, bag
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.lexical import content_words, load_lexicon, stem, words
from segment_agent.tools.profiling import column_kind
from segment_agent.tools.schema_documents import SchemaDocument
from segment_agent.tools.schema_glossary import GlossaryFields, glossary_fields
from segment_agent.tools.schema_index import SchemaIndex
from segment_agent.tools.schema_names import NameInfo, by_concept, field_terms, name_info, with_concepts
from segment_agent.tools.schema_priors import keys, prior, twins
from segment_agent.tools.schema_scopes import affirmed, covers_every_channel, field_channels, value_channels
from segment_agent.tools.schema_values import ValueIndex, build_value_index
from segment_agent.tools.speller import Speller

NAME_WEIGHT = 3.0  # a word in the name counts three times a word of the description
RECORD_COLUMNS = 40  # tables this narrow are records (events), not profiles
MAX_KEPT = 8
YEARS = frozenset({"year", "years", "yr", "yrs"})  # units of an age: what a bare number about a person means
_WINDOW = re.compile(r"^\d+d$")


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
    windows: list[frozenset[str]]  # per field: the windows its name carries ('90d')
    temporal: np.ndarray  # a date or time
    dated: np.ndarray  # a date, or a field of a dated record (an event table)
    aged: np.ndarray  # the entity's own measure in years (its unit says so): what 'under 25' is about
    counted: np.ndarray  # an integer counting what its unit names ('orders'): what 'how many' asks for
    occurred: np.ndarray  # the first date of an event table: when its record happened (opened_at, sent_at)
    values: ValueIndex
    filler: frozenset[str]  # the entity's words ('customer') and their concepts
    speller: Speller
    twins: dict[str, str]
    by_concept: dict[str, list[int]]  # concept -> the few fields whose name says it ('signup' for 'joined')
    named: frozenset[str]  # every stem some field name uses
    table_words: dict[str, frozenset[str]]  # each table's name words and their concepts
    channels: list[frozenset[str]]  # per document: the sales or contact channels it is narrowed to
    every_channel: np.ndarray  # per field: its description says it counts every channel
    glossary: GlossaryFields  # the fields each business term is defined on
    # the column's name identifies it when typed out: 'last_csat', or a word no other column uses ('csat'
    # is in 'last_csat' too, so saying it is only a word that both names share)
    unique: np.ndarray


_KEPT: dict[tuple[str, str], Ranking] = {}


def ranking_for(index: SchemaIndex, catalog: Catalog) -> Ranking:
    """The ranking tables of `index`, built on first use and kept for the process (a few at most)."""
    key = (index.name, catalog.fingerprint)  # the fingerprint covers what documents omit (NULL rates)
    if key not in _KEPT:
        if len(_KEPT) >= MAX_KEPT:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[key] = build_ranking(index.documents, catalog)
    return _KEPT[key]


def build_ranking(documents: list[SchemaDocument], catalog: Catalog) -> Ranking:
    """Index the documents for lexical scoring, name coverage, value matching and twin ordering."""
    fields = [d for d in documents if d.kind == "field"]
    names = [field_terms(d.name_text) for d in fields]
    bodies = [[stem(w) for w in content_words(affirmed(d.body_text))] for d in fields]
    bm25 = BM25([bag([(n, NAME_WEIGHT), (b, 1.0)]) for n, b in zip(names, bodies, strict=True)])
    record = _record_words(catalog)
    info = {f.name: f for f in catalog.fields}
    key_columns, dated, first_dates = keys(catalog), _dated_tables(catalog), _first_dates(catalog)
    # each distinct text read once: a value's document repeats its field's description
    texts = Counter(t for d in documents for t in (d.name_text, d.body_text))
    vocabulary: Counter[str] = Counter()
    for text, times in texts.items():
        for w in words(text):
            vocabulary[w] += times
    vocabulary.update(load_lexicon().known)
    vocabulary.update(w for d in documents for c in d.context for w in words(c))  # 'speakers' is no typo

    def flags(test: Callable[[SchemaDocument], bool]) -> np.ndarray:
        return np.array([test(d) for d in fields], dtype=bool)

    return Ranking(
        documents=documents, position={d.id: i for i, d in enumerate(documents)}, n_fields=len(fields),
        bm25=bm25,
        names=[name_info(d, n, bm25.idf, catalog.entity_table) for d, n in zip(fields, names, strict=True)],
        context=[
            with_concepts(n + b + field_terms(d.table) + record.get(d.table, []))
            for d, n, b in zip(fields, names, bodies, strict=True)
        ],
        prior=np.array([prior(info.get(d.field), d.status, key_columns) for d in fields]),
        pii=flags(lambda d: d.pii), legacy=flags(lambda d: d.legacy),
        tables=np.array([d.table for d in fields]),
        entity=flags(lambda d: d.table == catalog.entity_table),
        windowed=np.array([any(_WINDOW.match(t) for t in n) for n in names], dtype=bool),
        windows=[frozenset(t for t in n if _WINDOW.match(t)) for n in names],
        temporal=flags(lambda d: _is_temporal(info.get(d.field))),
        dated=flags(lambda d: _is_temporal(info.get(d.field)) or d.table in dated),
        aged=flags(lambda d: d.table == catalog.entity_table and _unit(info.get(d.field)) in YEARS),
        occurred=flags(lambda d: d.field in first_dates),
        counted=flags(lambda d: _counts(info.get(d.field))),
        values=build_value_index(documents), filler=with_concepts(field_terms(catalog.entity_table)),
        speller=Speller(vocabulary), twins=twins(catalog), by_concept=by_concept(names),
        named=frozenset(t for n in names for t in n),
        table_words={t: with_concepts(field_terms(t)) for t in catalog.tables()},
        channels=[
            field_channels(info.get(d.field)) if d.kind == "field" else value_channels(d.value or "")
            for d in documents
        ],
        every_channel=flags(lambda d: covers_every_channel(info.get(d.field))),
        glossary=glossary_fields({d.id: i for i, d in enumerate(fields)}),
        unique=_unique_columns(fields),
    )  # fmt: skip


def _unique_columns(fields: list[SchemaDocument]) -> np.ndarray:
    """Per field: its column is compound ('last_csat') or its one word is in no other column's name."""
    used = Counter(w for d in fields for w in set(d.column.lower().split("_")))
    return np.array(["_" in d.column or used[d.column.lower()] <= 1 for d in fields], dtype=bool)


def _unit(f: FieldInfo | None) -> str:
    return (f.unit or "").strip().lower() if f is not None else ""


def _counts(f: FieldInfo | None) -> bool:
    """An integer whose unit is a plural noun ('orders', 'visits'), not a measure ('years', 'score 1-5')."""
    unit = _unit(f)
    plural = unit.isalpha() and unit.endswith("s") and unit not in YEARS
    return f is not None and "INT" in f.type.upper() and plural


def _is_temporal(f: FieldInfo | None) -> bool:
    return f is not None and column_kind(f.type) == "temporal"


def _first_dates(catalog: Catalog) -> frozenset[str]:
    """The first date or time column of each event table: when its record happened (closed_at is later)."""
    first: dict[str, str] = {}
    for f in catalog.fields:
        if f.table != catalog.entity_table and _is_temporal(f):
            first.setdefault(f.table, f.name)
    return frozenset(first.values())


def _dated_tables(catalog: Catalog) -> frozenset[str]:
    """Event tables: not the entity, with a date or time column."""
    return frozenset(f.table for f in catalog.fields if f.table != catalog.entity_table and _is_temporal(f))


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
