"""The arithmetic of schema search: how well one query fits each candidate field and named value.

Field score = W_LEX * BM25 (against what a perfect match would score) + W_EMB * embedding
similarity + W_NAME * name coverage + W_EXACT * the column spelled out + a status prior, less a
penalty when the query's time window and the field's disagree. A value hit scores like its field
with the value joining the name, plus a bonus for how distinctly and how fittingly it is named.
Event tables: 'when ...' asks for a date (the named record's first one), 'their last ...' for the
profile's summary of the latest event, and a value the query's past verb names ('clicked') is the event.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from segment_agent.tools.lexical import concepts_of, content_words, load_lexicon, stem
from segment_agent.tools.schema_glossary import GLOSSARY_BONUS
from segment_agent.tools.schema_query import QueryTerms
from segment_agent.tools.schema_ranking import Ranking
from segment_agent.tools.schema_scopes import scope_fit
from segment_agent.tools.schema_values import CONCEPT, EXACT, match_values

CANDIDATES = 60  # nearest documents asked of Chroma
LEXICAL_CANDIDATES = 150
W_LEX, W_EMB, W_NAME, W_EXACT = 0.35, 0.25, 0.40, 0.15
WINDOW_PENALTY = 0.06
UNDATED = 0.08  # a date answers 'when', 'since', 'last' or a window: 'open tickets' is no question of when
NOT_A_DATE = 0.15  # 'when the session began': a count or a flag does not say when
LATEST = 0.15  # 'csat on their last ticket': the profile's last_csat, not every ticket's csat
RECORD_DATE = 0.1  # 'when the ticket was created': the first date of the record the query names
OFF_SUBJECT = 0.08  # 'joined in the last 30 days': a field matching only the window misses the subject
RECORD_PENALTY = 0.12  # a field of an event table the query never names: 'tablet users' (no session)
VALUE_BONUS = 0.3
WHOLE_RECORD = 0.08  # 'bought pet supplies': the event's own value, over the profile's per-value columns
DONE = 0.12  # 'clicked through on a campaign email': a value the query's past verb names is what happened
ENTITY_VALUE = 0.03  # a value of the entity table itself is a direct segment criterion
MISFIT = 0.15  # the rest of the query is about something other than the value's field
ENUMERATION = 0.75  # a query listing (nearly) every value of a field names a scope, not a filter
PIN = 0.3  # a value named at least this distinctly is shown near the top whatever fields score
AGE_PRIOR = 0.35  # 'customers under 25': a bare number about the entity is its age
AGENT = 0.1  # 'returners' are people who return: their profile's count, not the 'returned' value of an order
PEOPLE = 0.15  # 'women', 'guys': a query naming only a kind of person asks who, i.e. the entity's own value
DATE_WORDS = concepts_of(stem("date"))  # 'date', 'time', 'ts': what a date field's name says of itself
COUNTED = 0.08  # 'two orders': a number of things asks for a field counting them, not their value
COUNT_WORDS = concepts_of(stem("count"))  # 'count', 'number', 'times', 'how many' (rewritten to 'count')


@dataclass
class Scored:
    """One scored candidate before it becomes a SearchHit."""

    field_position: int
    score: float
    why: str
    value: str | None = None
    pinned: float = 0.0  # how distinctly a value is named, when enough to claim a top slot


class Scorer:
    """Scores the fields and values of one query; lexical and embedding evidence computed once."""

    def __init__(
        self, q: QueryTerms, ranking: Ranking, allowed: np.ndarray, similar: dict[str, float]
    ) -> None:
        self.q, self.ranking, self.allowed, self.similar = q, ranking, allowed, similar
        self.lexical = ranking.bm25.scores(q.weights) * allowed
        # What a field holding every query word (or a synonym) in its name would score.
        self.scale = ranking.bm25.saturation(3.0) * (sum(q.importance.values()) + q.filler_mass)
        field_sims = [s for i, s in similar.items() if ranking.position[i] < ranking.n_fields]
        self.floor = min(field_sims, default=0.0)  # fields Chroma did not return are at most this similar
        self.max_idf = math.log(1 + (ranking.n_fields + 0.5) / 0.5)
        self.who = all(s in load_lexicon().people for s in q.stems)  # only kinds of person: 'women', 'guys'
        self.subject = [s for s in q.stems if s not in q.time and s not in q.negated]  # what, not when
        self.defined = ranking.glossary.named(q.text)  # fields of the business terms the query says
        self.matched = match_values(ranking.values, q.sequence, q.value_joined, q.stems, q.tokens)
        # 'bought electronics': an event with a value of an event table said outright and no window: the
        # whole record answers it, and a windowed count ('purchases_electronics_12m') only part of it.
        self.whole_record = (
            q.past
            and not q.time
            and any(
                (strength >= EXACT or bool(said) and said <= q.unknown)  # 'tent': only a synonym ('camping')
                and not ranking.entity[ranking.position[f"field:{ranking.documents[i].field}"]]
                for i, (strength, said) in self.matched.items()
            )
        )
        # ... and when the past verb is no value's own word ('returned and cancelled orders' name statuses),
        # the event's value is what was done: 'bought pet supplies' is order_items.category = 'pet'.
        exact = frozenset(s for strength, said in self.matched.values() if strength >= EXACT for s in said)
        self.event_done = self.whole_record and bool(q.past_stems - exact)

    def fields(self) -> list[Scored]:
        """The candidate fields: best lexical matches and Chroma's nearest, within the filters."""
        found = {int(i) for i in np.argsort(-self.lexical)[:LEXICAL_CANDIDATES] if self.lexical[i] > 0}
        found |= {
            self.ranking.position[i] for i in self.similar if self.ranking.position[i] < self.ranking.n_fields
        }
        found |= {i for c in self.q.concepts for i in self.ranking.by_concept.get(c, ())}
        found |= set(self.defined)
        if self.q.bare_number:
            found |= {int(i) for i in np.flatnonzero(self.ranking.aged)}
        return [self.field(i) for i in sorted(found) if self.allowed[i]]

    def field(self, i: int) -> Scored:
        """The score of field document `i` for the query."""
        doc = self.ranking.documents[i]
        lex, name = self._lex(i), self._name_cover(i)
        exact = 1.0 if doc.column.lower() in self.q.identifiers and self.ranking.unique[i] else 0.0
        score = self._combine(i, lex, self.similar.get(doc.id, self.floor), name) + W_EXACT * exact
        score += self._scope(i) + GLOSSARY_BONUS * self.defined.get(i, 0.0)
        score -= PEOPLE * self.who  # a field is no kind of person; one of its values may be
        score += COUNTED * (self.ranking.counted[i] and any(self._hears(i, s) for s in self.q.counted))
        score -= OFF_SUBJECT * (bool(self.subject) and not any(self._hears(i, s) for s in self.subject))
        why = (
            "name match"
            if exact or name >= 0.75
            else "description match"
            if lex >= 0.3
            else "similar wording"
        )
        return Scored(i, score, why)

    def values(self) -> list[Scored]:
        """Hits for the categorical values the query names."""
        ranking = self.ranking
        matched = self.matched
        named = Counter(ranking.documents[i].field for i in matched)
        who = self.who
        out = []
        for i, (strength, said) in matched.items():
            doc = ranking.documents[i]
            f = ranking.position[f"field:{doc.field}"]
            if not self.allowed[f] or (said and said <= self.q.negated):  # 'not paused' excludes the value
                continue
            fit = self._fit(f, said)
            own = frozenset(stem(w) for w in content_words(doc.value or "")) or said
            if strength < EXACT:  # named through a synonym: only as good as the rest of the query fits
                strength *= fit
            distinct = self._distinct(said if strength >= EXACT else own)
            weight = sum(ranking.bm25.idf.get(s, self.max_idf) for s in own) / len(own)
            name = self._name_cover(f, (weight, strength, said))
            score = self._combine(f, self._lex(f), self.similar.get(doc.id, self.floor), name)
            # a common word ('high', 'store') names a value only as far as the rest of the query fits
            score += VALUE_BONUS * strength * distinct * max(fit, distinct)
            score += ENTITY_VALUE * ranking.entity[f] - AGENT * (self.q.agent and not ranking.entity[f])
            score += WHOLE_RECORD * (self.event_done and strength >= EXACT and not ranking.entity[f])
            score += self._scope(i) if ranking.channels[i] else self._scope(f)
            if who:  # 'women' is all of 'female' (a trait of the entity) but only half of 'apparel_women'
                score += PEOPLE if ranking.entity[f] and matched[i][0] >= CONCEPT else -PEOPLE
            score -= MISFIT * (1.0 - fit)
            listed = named[doc.field] >= 2 and named[doc.field] * 3 >= ranking.values.per_field[doc.field] * 2
            # a value the past verb names is what happened, unless the query asks how often or when
            asked = self.q.counts or self.q.asks_when
            if said & self.q.past_stems and not (ranking.entity[f] or asked or listed):
                score += DONE
            effective = strength * distinct
            pinned = effective if effective >= PIN and fit > 0 and not listed else 0.0
            score *= ENUMERATION if listed else 1.0
            out.append(
                Scored(f, score, f'value "{doc.value}" of {doc.column}', value=doc.value, pinned=pinned)
            )
        # One value in two fields ('TX' in state and in geo_state_ip): the less trusted field concedes.
        best: dict[str | None, float] = {}
        for s in out:
            best[s.value] = max(best.get(s.value, -1.0), float(ranking.prior[s.field_position]))
        for s in out:
            s.score -= best[s.value] - float(ranking.prior[s.field_position])
        return out

    def _scope(self, i: int) -> float:
        """What the channels document `i` is narrowed to say of the channels the query asks for."""
        every = i < self.ranking.n_fields and bool(self.ranking.every_channel[i])
        return scope_fit(self.ranking.channels[i], every, self.q.channels, self.q.every_channel)

    def _lex(self, i: int) -> float:
        return min(self.lexical[i] / self.scale, 1.0) if self.scale > 0 else 0.0

    def _combine(self, i: int, lex: float, emb: float, name: float) -> float:
        score = W_LEX * lex + W_EMB * max(emb, 0.0) + W_NAME * name + float(self.ranking.prior[i])
        score += AGE_PRIOR * (self.q.bare_number and self.ranking.aged[i])
        table = self.ranking.table_words[self.ranking.tables[i]]
        if not self.ranking.entity[i] and not table & self.q.all:
            score -= RECORD_PENALTY  # segments select customers: their own profile answers first
        if not self.ranking.entity[i] and self.q.latest:
            score -= LATEST  # an event table holds every event: the profile keeps the latest one
        if self.ranking.temporal[i] and not (self.q.time or DATE_WORDS & self.q.all or i in self.defined):
            score -= UNDATED
        elif self.q.asks_when and not self.ranking.temporal[i]:
            score -= NOT_A_DATE
        if self.q.asks_when and self.ranking.occurred[i] and table & self.q.named:  # the record, by name
            score += RECORD_DATE
        if not self.q.time - self.q.point and self.ranking.windowed[i]:  # '_90d': a question about 90 days
            score -= WINDOW_PENALTY * (1 + self.whole_record)
        elif self.q.windows and self.ranking.windowed[i] and not self.q.windows & self.ranking.windows[i]:
            score -= WINDOW_PENALTY  # 'visits in the last month' is not a question about 90 days
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
        # 'joined in the last 30 days' asks for the date of joining: a date's 'date' word goes without saying
        dated = DATE_WORDS if q.time and self.ranking.temporal[i] else frozenset()
        said = sum(
            w * max(1.0 if t in q.all or c & dated else 0.6 if c & q.all else 0.0, _share(a, q.all))
            for t, w, c, a in zip(info.terms, info.weights, info.concepts, info.alternates, strict=True)
        )
        total = info.total
        if value is not None:
            said, total = said + value[0] * value[1], total + value[0]
        said /= total
        heard = 0.0
        for s in q.stems:
            if s in q.negated:
                continue
            stands_for = q.alternates.get(s, frozenset()) - q.filler
            if (value and s in value[2]) or s in info.explains or self._when(i, s) or self._counts(i, s):
                heard += q.importance[s]
            elif stands_for & info.explains:  # 'pclv' is only partly said by 'lifetime_value'
                heard += q.importance[s] * len(stands_for & info.explains) / len(stands_for)
            elif concepts_of(s) & info.explains:
                # a word no name uses ('joined') is said by a name only through its synonyms ('signup')
                heard += q.importance[s] * (0.9 if s in q.unknown or s not in self.ranking.named else 0.6)
        heard /= q.mass
        return 2 * said * heard / (said + heard) if said + heard > 0 else 0.0

    def _hears(self, i: int, s: str) -> bool:
        """Field `i`'s name or table says query word `s`, what it abbreviates, or a synonym."""
        explains = self.ranking.names[i].explains
        return s in explains or bool((self.q.alternates.get(s, frozenset()) | concepts_of(s)) & explains)

    def _when(self, i: int, s: str) -> bool:
        """A date answers 'when' and 'in the last 30 days'; a dated record (event) only the window."""
        return bool(self.ranking.temporal[i] and s in self.q.time) or bool(
            self.ranking.dated[i] and s in self.q.windows
        )

    def _counts(self, i: int, s: str) -> bool:
        """A count of things ('purchases_12m' counts orders) answers 'how many' and 'number of' ('time' is a
        date word too: 'ticket opened time')."""
        meant = concepts_of(s)
        return bool(self.ranking.counted[i] and COUNT_WORDS & meant and not DATE_WORDS & meant)

    def _fit(self, f: int, said: frozenset[str]) -> float:
        """Share of the query's other (not time) words that the field's name, table or description uses."""
        rest = [
            s
            for s in self.q.stems
            if s not in said and s not in self.q.time and not self.q.alternates.get(s, frozenset()) & said
        ]  # 'website' names 'web' through what it stands for: it is no other word
        context = self.ranking.context[f]
        return sum(s in context or bool(concepts_of(s) & context) for s in rest) / len(rest) if rest else 1.0

    def _distinct(self, stems: frozenset[str]) -> float:
        """Near 1 for words the catalog's fields hardly use ('texas'), low for common ones ('email')."""
        if not stems:
            return 1.0
        idf = self.ranking.bm25.idf
        return sum(idf.get(s, self.max_idf) / self.max_idf for s in stems) / len(stems)


def _share(stands_for: frozenset[str], said: frozenset[str]) -> float:
    """How much of what a name's abbreviation stands for the query says ('order' is a third of 'aov')."""
    return len(stands_for & said) / len(stands_for) if stands_for else 0.0
