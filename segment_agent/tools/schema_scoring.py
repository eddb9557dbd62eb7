"""The arithmetic of schema search: how well one query fits each candidate field and named value.

Field score = W_LEX * BM25 (scaled by what a perfect match would score) + W_EMB * embedding
similarity + W_NAME * name coverage + W_EXACT * the column spelled out + a status prior.
A value hit scores as its field plus a bonus for how distinctly the query names the value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from segment_agent.tools.lexical import (
    STOPWORDS,
    concepts,
    concepts_of,
    content_words,
    joined_pairs,
    load_lexicon,
    stem,
    words,
)
from segment_agent.tools.schema_ranking import CONCEPT, EXACT, Ranking

CANDIDATES = 60  # from Chroma
LEXICAL_CANDIDATES = 150
W_LEX, W_EMB, W_NAME, W_EXACT = 0.35, 0.25, 0.40, 0.15
VALUE_BONUS = 0.3
ENUMERATION = 0.75  # a query listing (nearly) every value of a field names a scope, not a filter
FILLER = 0.2  # BM25 weight of entity words
ENTITY_VALUE = 0.03  # a value of the entity table itself is a direct segment criterion
WINDOW_PENALTY = 0.06
MISFIT = 0.15  # the rest of the query is about something else than the value's field
PIN = 0.3  # a value named at least this distinctly is shown near the top whatever fields score
_WINDOW = re.compile(r"^\d+d$")
NEGATIONS = frozenset({"not", "no", "without", "excluding", "except", "never"})


class QueryTerms:
    """A sanitised query analysed once: stems, concepts, run-together pairs, case-kept tokens, weights."""

    def __init__(self, text: str, ranking: Ranking) -> None:
        self.text = text
        raw = content_words(text, fix=ranking.speller, expand=False)
        stems = [stem(w) for w in raw]
        expansions = load_lexicon().expansions
        # What a word abbreviates ('ltv' -> lifetime, value) stands in for it, not beside it.
        self.alternates = {stem(w): frozenset(stem(e) for e in expansions.get(w, ())) for w in raw}
        everything = [w for w in words(text, fix=ranking.speller) if w not in STOPWORDS]
        self.sequence = [stem(w) for w in everything]  # digits kept: values such as '100-150k'
        self.value_joined = joined_pairs(everything)
        # Words naming the entity ('customers', 'shoppers') say nothing about which field is meant.
        self.filler = frozenset(s for s in stems if s in ranking.filler or concepts_of(s) & ranking.filler)
        self.stems = [s for s in dict.fromkeys(stems) if s not in self.filler] or stems
        expanded = sorted({e for s in self.stems for e in self.alternates.get(s, ())})
        self.negated = _negated(words(text, fix=ranking.speller))
        self.joined = joined_pairs(raw)
        self.concepts = concepts(self.stems + expanded)
        self.all = frozenset(self.stems) | frozenset(expanded) | frozenset(self.joined) | frozenset(self.concepts)
        self.tokens = re.findall(r"[A-Za-z0-9]+", text)
        self.identifiers = {t.lower() for t in re.findall(r"\w+", text)}
        idf = ranking.bm25.idf
        self.unknown = frozenset(s for s in self.stems if s not in idf and not self.alternates.get(s))
        self.importance = {s: _importance(s, self.alternates.get(s, frozenset()), idf, ranking.bm25.rarest) for s in self.stems}
        self.mass = sum(v for s, v in self.importance.items() if s not in self.negated) or 1.0
        self.filler_mass = FILLER * sum(idf.get(s, 0.0) for s in self.filler - set(self.stems))
        time = load_lexicon().time
        self.time = frozenset(s for s in self.stems if s in time or _WINDOW.match(s))
        self.windows = frozenset(s for s in self.stems if _WINDOW.match(s))
        # A word the catalog never uses can only match through its synonyms: they get its full weight.
        self.weights: dict[str, float] = dict.fromkeys(self.concepts, 0.5)
        self.weights.update(dict.fromkeys(concepts(sorted(self.unknown)), 1.0))
        self.weights.update(dict.fromkeys(self.joined, 0.7))
        self.weights.update(dict.fromkeys(self.stems + expanded, 1.0))
        for s in self.filler - set(self.stems):
            self.weights[s] = FILLER


def _negated(raw: list[str]) -> frozenset[str]:
    """Stems right after a negation ('not bot opens'): what the query excludes is no evidence for a name."""
    out = set()
    for i, w in enumerate(raw):
        if w in NEGATIONS:
            out |= {stem(x) for x in raw[i + 1 : i + 3] if x not in STOPWORDS}
    return frozenset(out)


def _importance(s: str, alternates: frozenset[str], idf: dict[str, float], rarest: float) -> float:
    """How much a query word weighs: its idf, else what it abbreviates or its synonyms', else half the rarest."""
    if s in idf:
        return idf[s]
    found = [idf[a] for a in alternates if a in idf] + [idf[c] for c in concepts_of(s) if c in idf]
    return max(found, default=rarest / 2)


@dataclass
class Scored:
    """One scored candidate before it becomes a SearchHit; `pinned` values may claim a top slot."""

    field_position: int
    score: float
    why: str
    value: str | None = None
    pinned: float = 0.0  # how distinctly a value is named, when enough to claim a top slot


class Scorer:
    """Scores fields and values of one query; lexical and embedding evidence computed once."""

    def __init__(self, q: QueryTerms, ranking: Ranking, allowed: np.ndarray, similar: dict[str, float]) -> None:
        self.q, self.ranking, self.allowed = q, ranking, allowed
        self.lexical = ranking.bm25.scores(q.weights) * allowed
        # What a field holding every query word (or a synonym) in its name would score.
        self.scale = ranking.bm25.saturation(3.0) * (sum(q.importance.values()) + q.filler_mass)
        self.similar = similar
        field_sims = [s for i, s in similar.items() if ranking.position[i] < ranking.n_fields]
        self.floor = min(field_sims, default=0.0)  # fields Chroma did not return are at most this similar
        self.max_idf = math.log(1 + (ranking.n_fields + 0.5) / 0.5)

    def fields(self) -> list[Scored]:
        """The candidate fields: best lexical matches and Chroma's nearest, within the filters."""
        order = np.argsort(-self.lexical)[:LEXICAL_CANDIDATES]
        found = {int(i) for i in order if self.lexical[i] > 0}
        found |= {self.ranking.position[i] for i in self.similar if self.ranking.position[i] < self.ranking.n_fields}
        return [self.field(i) for i in sorted(found) if self.allowed[i]]

    def field(self, i: int) -> Scored:
        """The score of field document `i` for the query."""
        doc = self.ranking.documents[i]
        lex = self._lex(i)
        name = self._name_cover(i)
        exact = 1.0 if doc.column.lower() in self.q.identifiers else 0.0
        score = self._combine(i, lex, self.similar.get(doc.id, self.floor), name) + W_EXACT * exact
        why = "name match" if exact or name >= 0.75 else "description match" if lex >= 0.3 else "similar wording"
        return Scored(i, score, why)

    def _lex(self, i: int) -> float:
        return min(self.lexical[i] / self.scale, 1.0) if self.scale > 0 else 0.0

    def _combine(self, i: int, lex: float, emb: float, name: float) -> float:
        score = W_LEX * lex + W_EMB * max(emb, 0.0) + W_NAME * name + float(self.ranking.prior[i])
        if not self.q.time and self.ranking.windowed[i]:  # a '_90d' field answers a question about 90 days
            score -= WINDOW_PENALTY
        elif self.q.windows and not self.ranking.windowed[i] and not self.ranking.dated[i]:
            score -= WINDOW_PENALTY  # 'in the past 12 months' is not a question about all time
        return score

    def _name_cover(self, i: int, value: tuple[float, float, frozenset[str]] | None = None) -> float:
        """F1 of 'the query says the field's name' and 'the name (or its table) says the query', idf-weighted.

        For a value hit, `value` = (weight, strength, query words naming it) joins the name.
        """
        info, q = self.ranking.names[i], self.q
        if not q.stems:
            return 0.0
        said = sum(
            w * (1.0 if t in q.all or j & q.all else 0.6 if c & q.all else 0.0)
            for t, w, c, j in zip(info.terms, info.weights, info.concepts, info.together, strict=True)
        )
        total = info.total
        if value is not None:
            said, total = said + value[0] * value[1], total + value[0]
        said /= total
        heard = 0.0
        for s in q.stems:
            if s in q.negated:
                continue
            if (value and s in value[2]) or s in info.explains or q.alternates.get(s, frozenset()) & info.explains or self._when(i, s):
                heard += q.importance[s]
            elif concepts_of(s) & info.explains:
                heard += q.importance[s] * (0.9 if s in q.unknown else 0.6)
        heard /= q.mass
        return 2 * said * heard / (said + heard) if said + heard > 0 else 0.0

    def _when(self, i: int, s: str) -> bool:
        """A date answers 'when' and 'in the last 30 days'; a dated record (event) only the window."""
        return (self.ranking.temporal[i] and s in self.q.time) or (self.ranking.dated[i] and s in self.q.windows)

    def values(self) -> list[Scored]:
        """Hits for the categorical values the query names, scored like fields with the value in the name."""
        matched = match_values(self.q, self.ranking)
        per_field = Counter(self.ranking.documents[i].field for i in matched)
        idf = self.ranking.bm25.idf
        out = []
        for i, (strength, said) in matched.items():
            doc = self.ranking.documents[i]
            f = self.ranking.position[f"field:{doc.field}"]
            if not self.allowed[f]:
                continue
            fit = self._fit(f, said)
            own = frozenset(stem(w) for w in content_words(doc.value or "")) or said
            if strength < EXACT:  # named through a synonym: only as good as the rest of the query fits
                strength *= fit
            distinct = self._distinct(said if strength >= EXACT else own)
            weight = sum(idf.get(s, self.max_idf) for s in own) / len(own)
            name = self._name_cover(f, (weight, strength, said))
            score = self._combine(f, self._lex(f), self.similar.get(doc.id, self.floor), name)
            # a common word ('high', 'store') names a value only as far as the rest of the query fits its field
            score += VALUE_BONUS * strength * distinct * max(fit, distinct) + ENTITY_VALUE * self.ranking.entity[f]
            score -= MISFIT * (1.0 - fit)
            listed = per_field[doc.field] >= 2 and per_field[doc.field] * 3 >= self.ranking.values_per_field[doc.field] * 2
            score *= ENUMERATION if listed else 1.0
            effective = strength * distinct
            pinned = effective if effective >= PIN and fit > 0 and not listed else 0.0
            out.append(Scored(f, score, f'value "{doc.value}" of {doc.column}', value=doc.value, pinned=pinned))
        return out

    def _fit(self, f: int, said: frozenset[str]) -> float:
        """Share of the query's other words that the field's name, table or description also uses."""
        rest = [s for s in self.q.stems if s not in said and s not in self.q.time]
        context = self.ranking.context_terms[f]
        return sum(s in context or bool(set(concepts([s])) & context) for s in rest) / len(rest) if rest else 1.0

    def _distinct(self, stems: frozenset[str]) -> float:
        """Near 1 for words the catalog's fields hardly use ('texas'), low for common ones ('email')."""
        if not stems:
            return 1.0
        idf = self.ranking.bm25.idf
        return sum(idf.get(s, self.max_idf) / self.max_idf for s in stems) / len(stems)


def match_values(q: QueryTerms, ranking: Ranking) -> dict[int, tuple[float, frozenset[str]]]:
    """{value document: (strength, the query words that named it)} by words, names, synonyms or codes."""
    matched: dict[int, tuple[float, frozenset[str]]] = {}

    def keep(i: int, strength: float, said: frozenset[str]) -> None:
        if strength > matched.get(i, (0.0, frozenset()))[0]:
            matched[i] = (strength, said)

    for n in (4, 3, 2, 1):
        for j in range(len(q.sequence) - n + 1):
            key = tuple(q.sequence[j : j + n])
            for i, strength in ranking.value_phrases.get(key, ()):
                keep(i, strength, frozenset(key))
    for term in q.value_joined:
        for i, strength in ranking.value_phrases.get((term,), ()):
            keep(i, strength, frozenset([term]))
    for c in q.concepts:
        said = frozenset(s for s in q.stems if c in concepts([s]))
        for i, _ in ranking.value_phrases.get((c,), ()):
            keep(i, CONCEPT, said)
    for token in q.tokens:
        for i in ranking.value_codes.get(token, ()):
            keep(i, EXACT, frozenset([token.lower()]))
    return matched
