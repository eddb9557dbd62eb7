"""One search query, analysed once: its words, their weights and what kind of word each is.

Typos are corrected against the catalog's vocabulary; words naming the entity ('customers') or a
degree ('high', 'top') weigh little; abbreviations ('ltv') stand for what they abbreviate; words
after a negation ('not bot opens') are no evidence for a field's name; time words are told apart.
An absence over a window or since a time ('no purchase in the last 90 days', 'no order since March')
asks when it last happened: a date. 'Two orders' counts orders; 'top 10%' is a share of customers, not a
rate; 'quantity of each SKU' is broken down by SKU, not about it.
'Past' in 'the past 30 days' belongs to the window; 'when' and 'last bought' ask for a date.
A bare number about the entity itself ('customers under 25') asks for its measure in years (age).
"""

from __future__ import annotations

import re

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
from segment_agent.tools.schema_ranking import Ranking
from segment_agent.tools.schema_scopes import query_channels

FILLER = 0.2  # BM25 weight of entity and degree words
NEGATIONS = frozenset({"not", "no", "without", "excluding", "except", "never", "ignoring"})
WINDOW = re.compile(r"^\d+d$")
WINDOW_LEADS = frozenset(map(stem, ["past", "last", "recent", "within", "trailing", "rolling"]))
LATEST = frozenset(map(stem, ["last", "latest", "newest", "recent"]))  # one event: the latest
AMOUNT = re.compile(r"^\d+k?$")  # '3', '2k': a number of events or an amount
COUNTING = concepts_of(stem("count"))  # 'count', 'number', 'times'
SHARE = frozenset({"percent", "pct", "percentile"})
RECENCY = "last date"  # what an absence over a window asks about
IRREGULAR_PAST = frozenset({
    "bought", "spent", "sent", "paid", "made", "got", "went", "gone", "gave", "given", "took", "taken",
    "came", "left", "saw", "seen", "chose", "chosen", "did", "done", "rung", "sold", "won", "lost", "kept",
})  # fmt: skip


class QueryTerms:
    """Stems (with importance), concepts, run-together pairs, case-kept tokens and BM25 weights."""

    def __init__(self, text: str, ranking: Ranking) -> None:
        lexicon, idf = load_lexicon(), ranking.bm25.idf
        said = words(text, fix=ranking.speller)
        absence = bool(NEGATIONS & set(said)) and any(WINDOW.match(w) or w == "since" for w in said)
        if absence:  # the negation is how the question is put, not what it is about
            text = " ".join([*(w for w in text.split() if w.lower() not in NEGATIONS), RECENCY])
        self.text = text
        self.channels, self.every_channel = query_channels(text)
        raw = content_words(text, fix=ranking.speller, expand=False)
        leads = _window_leads([w for w in words(text, fix=ranking.speller) if w not in STOPWORDS])
        stems = [s for s in map(stem, raw) if s not in leads]
        # What a word abbreviates ('ltv' -> lifetime, value) stands in for it, not beside it.
        self.alternates = {stem(w): frozenset(stem(e) for e in lexicon.expansions.get(w, ())) for w in raw}
        everything = [w for w in words(text, fix=ranking.speller) if w not in STOPWORDS]
        self.sequence = [stem(w) for w in everything]  # digits kept: values such as '100-150k'
        self.value_joined = joined_pairs(everything)
        # degrees ('high'), shares ('top 10 percent') and breakdowns ('each SKU') say how, not what;
        # 'each ticket' still says which record
        shares = _ranked_share(everything, lexicon.qualifiers)
        framing = lexicon.qualifiers | shares | _grouping(everything, ranking.table_words)
        self.filler = frozenset(
            s for s in stems if s in ranking.filler or concepts_of(s) & ranking.filler or s in framing
        )
        self.stems = [s for s in dict.fromkeys(stems) if s not in self.filler] or stems
        expanded = sorted({e for s in self.stems for e in self.alternates.get(s, ())})
        self.negated = frozenset() if absence else _negated(said)
        self.joined = joined_pairs(raw)
        self.concepts = concepts(self.stems + expanded)
        self.all = (
            frozenset(self.stems) | frozenset(expanded) | frozenset(self.joined) | frozenset(self.concepts)
        )
        self.tokens = re.findall(r"[A-Za-z0-9]+", text)
        # 'bought', 'clicked': the query says something happened (an event), not how many times
        # (read before spelling: the speller writes a known word's commonest form, 'ordered' as 'orders')
        unfixed = words(text, expand=False)
        self.past_stems = frozenset(stem(w) for w in unfixed if _past(w))
        self.past = bool(self.past_stems)
        # 'returned more than 2 orders', 'how many': a number of events, not whether one happened
        self.counts = any(AMOUNT.match(w) or COUNTING & concepts_of(stem(w)) for w in unfixed)
        # 'two orders', '3 tickets': the word after a bare number is what is counted
        after = [stem(b) for a, b in zip(unfixed, unfixed[1:], strict=False) if a.isdigit()]
        self.counted = frozenset(
            s for s in after if s not in STOPWORDS and s not in lexicon.time and not COUNTING & concepts_of(s)
        )
        # 'returners': people named after a habit, which the entity's profile counts, not one event
        self.agent = any(ranking.speller.is_agent(w) for w in unfixed)
        # a column spelled out, as typed or as a lexicon phrase reads ('mobile number' is 'phone')
        self.identifiers = {t.lower() for t in re.findall(r"\w+", text)} | set(unfixed)
        self.unknown = frozenset(s for s in self.stems if s not in idf and not self.alternates.get(s))
        self.importance = {
            s: _importance(s, self.alternates.get(s, frozenset()), idf, ranking.bm25.rarest)
            for s in self.stems
        }
        self.mass = sum(v for s, v in self.importance.items() if s not in self.negated) or 1.0
        self.filler_mass = FILLER * sum(idf.get(s, 0.0) for s in self.filler - set(self.stems))
        self.time = frozenset(s for s in self.stems if s in lexicon.time or WINDOW.match(s))
        self.windows = frozenset(s for s in self.stems if WINDOW.match(s))
        self.named = frozenset(self.stems)  # the words as said, without their synonyms
        self.latest = bool(LATEST & self.named)  # 'their last ticket': one event, the latest
        self.point = self.time & (LATEST | {"when"})  # time words naming a moment, not a period
        # 'when the ticket was created', 'last bought camping gear': only a date answers it
        self.asks_when = "when" in self.stems or any(
            w == "last" and _past(after) for w, after in zip(unfixed, unfixed[1:], strict=False)
        )
        # Nothing but the entity and a number: 'customers under 25', 'over 60'.
        self.bare_number = not (set(self.stems) - self.filler) and any(
            w.isdigit() for w in words(text, expand=False)
        )
        # A word the catalog never uses can only match through its synonyms: they get its full weight.
        self.weights: dict[str, float] = dict.fromkeys(self.concepts, 0.5)
        self.weights.update(dict.fromkeys(concepts(sorted(self.unknown)), 1.0))
        self.weights.update(dict.fromkeys(self.joined, 0.7))
        self.weights.update(dict.fromkeys(self.stems + expanded, 1.0))
        for s in self.filler - set(self.stems):
            self.weights[s] = FILLER


def _ranked_share(said: list[str], qualifiers: frozenset[str]) -> frozenset[str]:
    """'top 10 percent': a share of the ranked customers, so 'percent' names no rate field."""
    return frozenset(
        stem(c) for a, b, c in zip(said, said[1:], said[2:], strict=False)
        if stem(a) in qualifiers and b.isdigit() and c in SHARE
    )  # fmt: skip


def _grouping(said: list[str], tables: dict[str, frozenset[str]]) -> frozenset[str]:
    """'quantity of each product': what 'each' names is what the answer is broken down by, not the answer
    (unless it names a table: 'csat of each ticket' is the ticket's own csat)."""
    grouped = (stem(b) for a, b in zip(said, said[1:], strict=False) if a == "each")
    return frozenset(grouped) - frozenset().union(*tables.values())


def _past(word: str) -> bool:
    """A past-tense verb: 'bought', 'clicked'."""
    return word in IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


def _window_leads(said: list[str]) -> frozenset[str]:
    """Stems such as 'past' that only introduce a window ('in the past 30 days'): part of the window, not
    a word of their own (a 'last' said elsewhere, as in 'last order', still counts)."""
    after = [*said[1:], ""][: len(said)]
    leading = {stem(w) for w, a in zip(said, after, strict=True) if WINDOW.match(a)} & WINDOW_LEADS
    elsewhere = {stem(w) for w, a in zip(said, after, strict=True) if not WINDOW.match(a)}
    return frozenset(leading - elsewhere)


def _negated(raw: list[str]) -> frozenset[str]:
    """Stems of the two words after a negation: what the query excludes."""
    out: set[str] = set()
    for i, w in enumerate(raw):
        if w in NEGATIONS:
            out |= {stem(x) for x in raw[i + 1 : i + 3] if x not in STOPWORDS}
    return frozenset(out)


def _importance(s: str, alternates: frozenset[str], idf: dict[str, float], rarest: float) -> float:
    """A query word's weight: its idf, else the best of what it abbreviates or its synonyms, else half the
    rarest (an unknown word still counts against every field, but less than a known rare one)."""
    if s in idf:
        return idf[s]
    found = [idf[a] for a in alternates if a in idf] + [idf[c] for c in concepts_of(s) if c in idf]
    return max(found, default=rarest / 2)
