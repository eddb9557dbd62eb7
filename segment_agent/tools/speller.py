"""Typo correction for query words against the catalog's own vocabulary ('purchses' -> 'purchases').

An unknown agent noun is first read as its activity ('golfers' -> golf, 'returners' -> returns):
people are named after what they do, and the catalog names the doing. Corrections are cautious,
because a real word the catalog lacks ('watch', 'house') is better left alone than turned into a
catalog word it resembles ('match', 'hours'): the first letter stays, short words allow one swap or
one missing letter, longer ones one edit, and only long words two.
"""

from __future__ import annotations

from collections import Counter

from segment_agent.tools.lexical import STOPWORDS, agent_noun_bases, stem

MIN_LENGTH = 5  # shorter words are too often real words that merely look alike
MAX_EDITS = 2
ONE_EDIT = 8  # words shorter than this get at most one edit
SHORT = 7  # words this short: a swap or a missing letter only (a changed letter is usually another word)


class Speller:
    """Symmetric single-delete lookup, then the closest known word (most frequent on ties)."""

    def __init__(self, vocabulary: Counter[str]) -> None:
        self.vocabulary = vocabulary
        self.variants: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) >= MIN_LENGTH - 1 and word.isalpha():
                for variant in {word, *_deletes(word)}:
                    self.variants.setdefault(variant, []).append(word)
        self.stems: dict[str, str] = {}
        for word, _ in vocabulary.most_common():
            self.stems.setdefault(stem(word), word)

    def __call__(self, word: str) -> str:
        """`word` itself when known, short or not a word; else its closest known spelling within MAX_EDITS."""
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self.vocabulary or word in STOPWORDS:
            return word
        if stem(word) in self.stems:  # another form of a known word ('weeks' for 'week')
            return self.stems[stem(word)]
        base = self._activity(word)
        if base:
            return base
        found = {c for v in (word, *_deletes(word)) for c in self.variants.get(v, ()) if c[0] == word[0]}
        ranked = sorted((_distance(word, c), -self.vocabulary[c], c) for c in found)
        return ranked[0][2] if ranked and _plausible(word, ranked[0][2], ranked[0][0]) else word

    def is_agent(self, word: str) -> bool:
        """`word` is an agent noun the catalog knows only as an activity ('returners': people who return)."""
        return (
            len(word) >= MIN_LENGTH and word.isalpha() and word not in self.vocabulary
            and stem(word) not in self.stems and self._activity(word) is not None
        )  # fmt: skip

    def _activity(self, word: str) -> str | None:
        """The known word a plural agent noun is made from: 'golfers' -> 'golf', 'runners' -> 'running'
        (plural only: 'summer' and 'center' are no people)."""
        if len(word) - 1 < MIN_LENGTH:
            return None
        for candidate in agent_noun_bases(word):
            # the activity itself ('return'), not its commonest form ('returned': a past event, not a habit)
            for form in (candidate, candidate + "s"):
                if form in self.vocabulary:
                    return form
            known = self.stems.get(stem(candidate))
            if known:
                return known
        return None


def _plausible(word: str, known: str, edits: int) -> bool:
    """A typo this far from `known` is likelier than a different word (see the module docstring)."""
    if len(word) <= SHORT:
        return edits == 1 and (len(known) == len(word) + 1 or sorted(known) == sorted(word))
    return edits <= (1 if len(word) < ONE_EDIT else MAX_EDITS)


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
