"""The business glossary as search evidence: a query saying a term ('one-time buyers') is about its fields.

A term's criteria name the fields it is defined on. The field most particular to the term counts
fully; a field many terms share (a 'has bought at all' precondition) counts in proportion, the way
idf weighs a common word: 'lapsed' is about the last purchase date more than the purchase count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from segment_agent.errors import UserError
from segment_agent.tools.glossary import Glossary, load_glossary
from segment_agent.tools.lexical import content_words

GLOSSARY_BONUS = 0.15  # a field a glossary term in the query is defined on
WHOLE_TERM = 2.0  # a query that is nothing but the term ('one-time buyers') asks exactly for its definition


@dataclass(frozen=True)
class GlossaryFields:
    """The glossary, and for each term the field positions it is defined on with their weights."""

    glossary: Glossary | None = None
    fields: dict[str, dict[int, float]] = field(default_factory=dict)

    def named(self, text: str) -> dict[int, float]:
        """{field position: weight} of the fields defining the glossary terms `text` says."""
        if self.glossary is None or not self.fields:
            return {}
        out: dict[int, float] = {}
        for match in self.glossary.find_terms(text):
            rest = content_words(text[: match.span[0]] + " " + text[match.span[1] :])
            whole = WHOLE_TERM if not rest else 1.0
            for i, w in self.fields.get(match.term, {}).items():
                out[i] = max(out.get(i, 0.0), w * whole)
        return out


def glossary_fields(position: dict[str, int], glossary: Glossary | None = None) -> GlossaryFields:
    """The terms of `glossary` (default: the configured one) mapped to field positions (`position`:
    'field:<name>' -> index)."""
    try:
        glossary = glossary or load_glossary()
    except UserError:  # a broken glossary is reported where it is used; search goes on without it
        return GlossaryFields()
    shared = Counter(f for t in glossary.terms for f in {c.field for c in t.criteria})
    fields: dict[str, dict[int, float]] = {}
    for term in glossary.terms:
        names = {c.field for c in term.criteria if f"field:{c.field}" in position}
        if not names:
            continue
        rarest = min(shared[n] for n in names)
        fields[term.name] = {position[f"field:{n}"]: rarest / shared[n] for n in names}
    return GlossaryFields(glossary, fields)
