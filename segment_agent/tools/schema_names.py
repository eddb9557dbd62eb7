"""How schema search reads a field's name: its stems, their idf weights, what each word abbreviates.

'home_owner' is also 'homeowner'; 'csat' also says 'satisfaction'; a field of an event table is
also named by its table ('orders.channel' says 'order'). Concepts come from the marketing lexicon.
"""

from __future__ import annotations

from typing import NamedTuple

from segment_agent.tools.lexical import concepts, concepts_of, content_words, joined_pairs, load_lexicon, stem
from segment_agent.tools.schema_documents import SchemaDocument

MAX_NAMED = 40  # a concept in more names than this is no way to find candidates ('purchase')


class NameInfo(NamedTuple):
    """A field's name as search compares it: its words (idf-weighted) and what else explains a query word."""

    terms: tuple[str, ...]
    weights: tuple[float, ...]
    concepts: tuple[frozenset[str], ...]
    alternates: tuple[frozenset[str], ...]  # per word: what it abbreviates, run-together pairs it is in
    total: float
    explains: frozenset[str]  # name terms, the table's words (except the entity's) and their concepts


def field_terms(text: str) -> list[str]:
    """Stems of a name plus run-together pairs ('home_owner' -> hom, owner, homeowner)."""
    raw = content_words(text)
    return [stem(w) for w in raw] + joined_pairs(raw)


def with_concepts(stems: list[str]) -> frozenset[str]:
    """The stems and their lexicon concepts."""
    return frozenset(stems) | frozenset(concepts(stems))


def name_info(doc: SchemaDocument, terms: list[str], idf: dict[str, float], entity: str) -> NameInfo:
    """The name of field document `doc` (whose `field_terms` are `terms`) as search compares it."""
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
        tuple(plain), weights, meanings, tuple(alternates), sum(weights) or 1.0, with_concepts(terms + table)
    )


def by_concept(names: list[list[str]]) -> dict[str, list[int]]:
    """Fields by the concepts their names say, for concepts few names say: BM25 weighs a synonym at half,
    so without this a field named only by synonyms can drop out of the candidates."""
    found: dict[str, list[int]] = {}
    for i, terms in enumerate(names):
        for c in concepts(terms):
            found.setdefault(c, []).append(i)
    return {c: ids for c, ids in found.items() if len(ids) <= MAX_NAMED}
