"""Words the catalog knows: every usable field's name, description and categorical values.

A field with no description can only be matched by its name. A goal word that no field, value or
description of the whole catalog says ('their subscription', 'free tier' on a bare warehouse) is
then no evidence against the field that explains the rest of the clause: the catalog simply has
no word for it. On a documented catalog the descriptions are the evidence, so this is not used.
"""

from __future__ import annotations

from segment_agent.agent.offline.fields import explained, field_words, usable, value_words
from segment_agent.tools.catalog_model import Catalog, FieldInfo

_KNOWN: dict[tuple[str, str, int], frozenset[str]] = {}


def known_words(catalog: Catalog) -> frozenset[str]:
    """Stems and concepts of every usable field and its top values (computed once per catalog)."""
    key = (catalog.database, catalog.fingerprint, len(catalog.fields))
    if key not in _KNOWN:
        words: set[str] = set()
        for info in catalog.fields:
            if usable(catalog, info.name) is None:
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


def bare(info: FieldInfo) -> bool:
    """A field only its name describes (no description, no unit)."""
    return not (info.description or "").strip() and not info.unit
