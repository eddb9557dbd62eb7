"""Words the catalog knows, and which unknown goal words may be set aside without losing a criterion.

A field with no description can only be matched by its name, so a goal word that no field, value or
description says is not by itself proof the data is missing. It may be set aside only when it carries
no data of its own: a word about the customer's relationship or about counting ('their subscription',
'different titles'), or a noun that only names the kind of the value said right before it ('free tier',
'web browser', 'failed charges'). Any other unknown word ('corporate card', 'Venmo payment', 'free
trial') is a concept the catalog lacks, and the clause is reported missing.
"""

from __future__ import annotations

import re

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.fields import explained, field_words, generic, usable, value_words
from segment_agent.agent.offline.vocabulary import words_of
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.lexical import stem

_KNOWN: dict[tuple[str, str, int], frozenset[str]] = {}


def known_words(catalog: Catalog) -> frozenset[str]:
    """Stems and concepts of every usable field and its top values (computed once per catalog); a key
    ('member_id') names who a row is about, no data ('their subscription' is not member_id)."""
    key = (catalog.database, catalog.fingerprint, len(catalog.fields))
    if key not in _KNOWN:
        words: set[str] = set()
        for info in catalog.fields:
            if usable(catalog, info.name) is None or info.column.lower().endswith("_id"):
                continue
            words |= field_words(info)
            values = info.allowed_values or [str(v) for v, _ in info.profile.top_values[:50]]
            for value in values:
                words |= value_words(info, str(value))
        _KNOWN[key] = frozenset(words)
    return _KNOWN[key]


def unknown_to_catalog(word: str, catalog: Catalog) -> bool:
    """Whether no field, value or description of the catalog says `word`."""
    return not explained(word, known_words(catalog))


def set_aside(clause: Clause, words: list[str], anchors: frozenset[str], catalog: Catalog) -> bool:
    """Whether every one of `words` (what the criterion leaves unexplained) carries no data: unknown to
    the whole catalog, and either a relationship or counting word, or a kind noun right after a word the
    criterion says (`anchors`) that ends its noun phrase."""
    if not words:
        return False
    free = _stems("unnamed_relationship_words")
    kinds = _stems("kind_nouns")
    said = _said_tokens(clause)
    content = {w.lower() for w in clause.words if not generic(w)}  # 'charges total': how it is measured
    for word in words:
        if not unknown_to_catalog(word, catalog):
            return False
        key = stem(word.lower())
        if key in free:
            continue
        if key not in kinds or not _head_after(word.lower(), said, anchors, content):
            return False
    return True


def _head_after(word: str, said: list[str], anchors: frozenset[str], content: set[str]) -> bool:
    """`word` directly follows an anchor and nothing of the clause follows it in the same noun phrase
    ('free tier members', 'in a web browser'), or ends the clause right before its anchor ('a charge
    fail'); not 'failed SMS charge' or 'refunded Venmo payment'."""
    for i, token in enumerate(said):
        if token != word:
            continue
        before = said[i - 1] if i > 0 else ""
        after = said[i + 1] if i + 1 < len(said) else ""
        if before and explained(before, anchors) and (after not in content or explained(after, anchors)):
            return True
        if after and explained(after, anchors) and i + 2 == len(said):
            return True
    return False


def _said_tokens(clause: Clause) -> list[str]:
    """The clause's tokens as plain lower-case words, hyphenated ones split ('free-tier' -> free, tier)."""
    out: list[str] = []
    for token in clause.tokens:
        if token.startswith("⟦"):
            continue
        out += [p for p in re.split(r"[-\s]+", re.sub(r"['’]s?$|[.,;:()\"]", "", token.lower())) if p]
    return out


def _stems(key: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words_of(key))


def bare(info: FieldInfo) -> bool:
    """A field only its name describes (no description, no unit)."""
    return not (info.description or "").strip() and not info.unit
