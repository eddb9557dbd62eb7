"""Which categorical values a query names: by their words, human names, synonyms or exact codes.

'paused subscriptions' names subscription_status = 'paused'; 'Texas' names state = 'TX' through
the value's human name; 'women' names gender = 'female' through the lexicon, and names the category
'apparel_women' less (only one of its two words); 'TX' and 'ON' count only as written (upper case),
so the words 'on' and 'in' never name Ontario or Indiana; a short lower-case value counts as a word only
when the lexicon knows it ('tv', not 'de'). A value's words may come in any order
('men apparel'). Names of an ambiguous group ('French') count fully only with their context words.
'Top' or 'highest' names the last value of an ordered list ('top tier' -> 'platinum'), said with a
word of the field itself: 'top spenders' names no tier.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

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
from segment_agent.tools.schema_documents import SchemaDocument

EXACT, CONCEPT = 1.0, 0.7  # strength of a value named outright vs through a synonym
NOTHING = concepts_of("none")  # 'no' and 'not' name no value

Matches = dict[int, tuple[float, frozenset[str]]]  # value document -> (strength, query words naming it)


@dataclass(frozen=True)
class ValueIndex:
    """Word sequences and codes that name each value document (by position in the document list)."""

    phrases: dict[tuple[str, ...], list[tuple[int, float]]]
    codes: dict[str, list[int]]
    per_field: Counter[str]  # values known per field
    context: dict[int, frozenset[str]]  # stems a query must use for the value's human names to count fully
    ends: dict[str, list[tuple[int, frozenset[str]]]]  # 'top'/'bottom' -> (value, its field's words)


def build_value_index(documents: list[SchemaDocument]) -> ValueIndex:
    """Index every value document under its words, run-together words, human names and synonyms."""
    phrases: dict[tuple[str, ...], list[tuple[int, float]]] = {}
    codes: dict[str, list[int]] = {}
    context: dict[int, frozenset[str]] = {}
    ends: dict[str, list[tuple[int, frozenset[str]]]] = {}

    def add(key: tuple[str, ...], i: int, strength: float) -> None:
        if key:
            phrases.setdefault(key, []).append((i, strength))

    for i, d in enumerate(documents):
        if d.kind != "value" or d.value is None:
            continue
        value = d.value.strip()
        if len(value) <= 2 or (value.isupper() and len(value) <= 3):
            if not value.islower():  # 'TX', 'ON', 'R3': as written only; lower-case 'de', 'en' by name only
                codes.setdefault(value, []).append(i)
            elif _word(value) and not d.names:  # 'tv' is a word the lexicon knows, not a code
                add((stem(value),), i, EXACT)
                for c in concepts_of(stem(value)):
                    add((c,), i, CONCEPT)
        else:
            raw = [w for w in words(value) if w not in STOPWORDS]
            stems = tuple(stem(w) for w in raw)  # digits kept: '100-150k' is not '150k+'
            add(stems, i, EXACT)
            add(tuple(stem(_doer(w)) for w in raw), i, EXACT)  # 'empty nester' is the 'empty nest' crowd
            if len(stems) > 1:
                add(tuple(sorted(stems)), i, EXACT)
            if len(raw) == 2:
                for joined in joined_pairs(raw):
                    add((joined,), i, EXACT)
            own = set(concepts([stem(w) for w in content_words(d.column)]))
            for s in set(stems):
                for c in concepts_of(s):
                    if c not in own:  # 'mobile' is a device: the word 'device' names no particular value
                        add((c,), i, CONCEPT * _part(1, len(stems)))
        named = EXACT if not d.context else CONCEPT
        for name in d.names:
            add(tuple(stem(w) for w in content_words(name)), i, named)
        if d.context:
            context[i] = frozenset(stem(w) for w in d.context)
        if d.end:
            scale = frozenset(stem(w) for w in content_words(" ".join(d.scale)))
            ends.setdefault(d.end, []).append((i, scale))
    per_field = Counter(d.field for d in documents if d.kind == "value")
    return ValueIndex(phrases, codes, per_field, context, ends)


def _word(value: str) -> bool:
    """A short lower-case value that is a word of the marketing lexicon ('tv'), not a code ('de') or 'no'."""
    return value.isalpha() and value not in STOPWORDS and bool(concepts_of(stem(value)) - NOTHING)


def _doer(word: str) -> str:
    """What an agent noun does or has: 'nester' -> 'nest', 'renter' -> 'rent'; other words unchanged."""
    return word[:-2] if word.endswith("er") and len(word) >= 6 else word


def _part(said: int, of: int) -> float:
    """How fully a value is named when a query says `said` of its `of` words: half credit for the rest."""
    return (1 + said / of) / 2


def match_values(
    index: ValueIndex, sequence: list[str], joined: list[str], stems: list[str], tokens: list[str]
) -> Matches:
    """Values named by word n-grams of `sequence`, run-together `joined` words, synonyms of `stems`,
    or case-kept `tokens` equal to a code; the strongest naming of each value wins."""
    matched: Matches = {}

    def keep(i: int, strength: float, said: frozenset[str]) -> None:
        if strength > matched.get(i, (0.0, frozenset()))[0]:
            matched[i] = (strength, said)

    for n in (4, 3, 2, 1):
        for j in range(len(sequence) - n + 1):
            key = tuple(sequence[j : j + n])
            for i, strength in index.phrases.get(key, ()) or index.phrases.get(tuple(sorted(key)), ()):
                keep(i, strength, frozenset(key))
    for term in joined:
        for i, strength in index.phrases.get((term,), ()):
            keep(i, strength, frozenset([term]))
    for c in concepts(stems):
        said = frozenset(s for s in stems if c in concepts_of(s))
        for i, strength in index.phrases.get((c,), ()):
            keep(i, strength, said)
    for token in tokens:
        for i in index.codes.get(token, ()):
            keep(i, EXACT, frozenset([token.lower()]))
    present = set(sequence) | set(stems)
    for i, (_, said) in matched.items():
        if i in index.context and index.context[i] & present:
            matched[i] = (EXACT, said)
    extremes = load_lexicon().extremes
    for word in sequence:  # 'top tier': the last of an ordered list, said together with the field's words
        for i, scale in index.ends.get(extremes.get(word, ""), ()):
            if scale & present:
                keep(i, EXACT, frozenset({word} | (scale & present)))
    return matched
