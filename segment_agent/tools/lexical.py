"""Lexical matching for schema search: one text analyser (shared with the embedding) and BM25 scoring.

Field names are split on '_', words are accent-folded and lightly stemmed, time windows are
canonical ('12 months', '12m' and '365 days' are all '365d'), and the marketing lexicon in
data/lexicon.yaml adds a concept term ('~purchase') for every word marketers use interchangeably.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"

STOPWORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or", "but",
    "who", "whom", "whose", "that", "which", "their", "they", "them", "theirs", "our", "we", "us", "you",
    "your", "i", "me", "my", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "haven", "hasn", "do", "does", "did", "didn", "don", "doesn", "done", "t", "s", "ve", "re", "ll", "d",
    "this", "these", "those", "it", "its", "than", "then", "there", "here", "over", "under", "above",
    "below", "more", "most", "least", "what", "how", "many", "much", "some", "only", "just",
    "actually", "completely", "really", "very", "highly", "extremely", "super", "fairly", "pretty", "about", "into", "out", "via", "through", "according",
    "stuff", "thing", "things", "ago", "since", "get", "got", "gotten", "ones", "one",
    "whether", "quite", "rather",
})  # fmt: skip
NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
_UNIT_DAYS = {
    "d": 1,
    "day": 1,
    "w": 7,
    "wk": 7,
    "week": 7,
    "m": 30,
    "mo": 30,
    "month": 30,
    "y": 365,
    "yr": 365,
}
_UNIT_DAYS["year"] = 365
_WINDOW = re.compile(r"^(\d{1,3})(d|w|m|y)$")
_SYMBOLS = {"$": " dollar ", "€": " dollar ", "£": " dollar ", "%": " percent ", "#": " number ", "+": " "}
BM25_K1, BM25_B = 1.2, 0.5


@dataclass(frozen=True)
class Lexicon:
    """Phrases read as one word, one-way expansions, and the concepts of each stemmed word."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    expansions: dict[str, tuple[str, ...]]
    concepts: dict[str, tuple[str, ...]]
    known: frozenset[str]  # every word the lexicon mentions, so the speller never 'corrects' one
    time: frozenset[str]  # stems that say when, not what ('last', 'week')


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the lexicon YAML once per process."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = {tuple(k.split()): tuple(str(v).split()) for k, v in data.get("phrases", {}).items()}
    expansions = {str(k): tuple(map(str, v)) for k, v in data.get("expansions", {}).items()}
    concepts: dict[str, list[str]] = {}
    for group in data.get("synonyms", []):
        concept = "~" + stem(str(group[0]))
        for word in group:
            concepts.setdefault(stem(str(word)), []).append(concept)
    known = {w for group in data.get("synonyms", []) for w in map(str, group)}
    known |= {w for k, v in expansions.items() for w in (k, *v)} | {w for k in phrases for w in k}
    grouped = {w: tuple(dict.fromkeys(c)) for w, c in concepts.items()}
    time = frozenset(stem(str(w)) for w in data.get("time", []))
    return Lexicon(phrases, expansions, grouped, frozenset(known), time)


def fold(text: str) -> str:
    """Lower case without accents or symbols: 'México +10%' -> 'mexico 10 percent'."""
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    """A light English stemmer: plural, -ing/-ed/-ly/-ment, final e ('purchases' -> 'purchas')."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly", "ment", "ity"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "se":
                word = word[:-1]  # shipping -> ship, cancelled -> cancel
            break
    trimmed = word.rstrip("e")
    return trimmed if len(trimmed) >= 3 else word


def words(
    text: str, lexicon: Lexicon | None = None, fix: Callable[[str], str] | None = None, expand: bool = True
) -> list[str]:
    """The words of `text`, folded, with number words, time windows and lexicon phrases applied.

    `fix` may correct each raw word first (typos); expansions ('ltv' -> lifetime value) come last.
    """
    lexicon = lexicon or load_lexicon()
    raw = [NUMBER_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+", fold(text).replace("_", " "))]
    raw = [fix(w) for w in raw] if fix else raw
    out: list[str] = []
    i = 0
    while i < len(raw):
        for n in (4, 3, 2, 1):
            replacement = lexicon.phrases.get(tuple(raw[i : i + n]))
            if replacement:
                out += replacement
                i += n
                break
        else:
            word, used = _window(raw[i], raw[i + 1] if i + 1 < len(raw) else "")
            out.append(word)
            i += used
    return (out + [e for w in out for e in lexicon.expansions.get(w, ())]) if expand else out


def _window(word: str, after: str) -> tuple[str, int]:
    """('30', 'days') -> ('30d', 2 words used); ('12m', ...) -> ('365d', 1); anything else unchanged."""
    unit = stem(after)
    if word.isdigit() and unit in _UNIT_DAYS and int(word) * _UNIT_DAYS[unit] <= 730:
        return _days(int(word) * _UNIT_DAYS[unit]), 2
    m = _WINDOW.match(word)
    return (_days(int(m.group(1)) * _UNIT_DAYS[m.group(2)]), 1) if m else (word, 1)


def _days(days: int) -> str:
    return "365d" if days in (360, 365) else f"{days}d"


def content_words(
    text: str, lexicon: Lexicon | None = None, fix: Callable[[str], str] | None = None, expand: bool = True
) -> list[str]:
    """The words of `text` that carry meaning: stopwords and bare numbers dropped, not yet stemmed."""
    return [w for w in words(text, lexicon, fix, expand) if w not in STOPWORDS and not w.isdigit()]


def terms(text: str, lexicon: Lexicon | None = None, fix: Callable[[str], str] | None = None) -> list[str]:
    """Stemmed content words of `text` in order."""
    return [stem(w) for w in content_words(text, lexicon, fix)]


def concepts(stems: list[str], lexicon: Lexicon | None = None) -> list[str]:
    """The lexicon concepts of stemmed words, e.g. ['bought'] -> ['~purchas']."""
    if lexicon is None:
        return list(dict.fromkeys(c for s in stems for c in concepts_of(s)))
    return list(dict.fromkeys(c for s in stems for c in lexicon.concepts.get(s, ())))


@lru_cache(maxsize=65536)
def concepts_of(stem_: str) -> frozenset[str]:
    """The concepts of one stemmed word under the default lexicon (cached: called per candidate)."""
    return frozenset(load_lexicon().concepts.get(stem_, ()))


def joined_pairs(raw: list[str]) -> list[str]:
    """Adjacent words run together and stemmed ('home owner' -> 'homeowner'): people write both."""
    return [stem(a + b) for a, b in zip(raw, raw[1:], strict=False) if a.isalpha() and b.isalpha()]


class BM25:
    """Okapi BM25 over weighted bags of terms; postings kept as numpy arrays for fast queries."""

    def __init__(self, bags: list[dict[str, float]]) -> None:
        self.size = len(bags)
        lengths = np.array([sum(b.values()) for b in bags], dtype=np.float64)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(lengths.mean() if self.size else 1.0, 1e-9))
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, bag in enumerate(bags):
            for term, tf in bag.items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf * (BM25_K1 + 1) / (tf + norm[i]))
        self.idf = {t: math.log(1 + (self.size - len(ids) + 0.5) / (len(ids) + 0.5)) for t, (ids, _) in postings.items()}
        self.postings = {t: (np.array(ids), np.array(tfs) * self.idf[t]) for t, (ids, tfs) in postings.items()}

    def scores(self, query: dict[str, float]) -> np.ndarray:
        """BM25 of every document for `query` ({term: weight})."""
        out = np.zeros(self.size)
        for term, weight in query.items():
            found = self.postings.get(term)
            if found is not None:
                out[found[0]] += weight * found[1]
        return out

    @property
    def rarest(self) -> float:
        """The idf of a term no document holds."""
        return math.log(1 + (self.size + 0.5) / 0.5)

    @staticmethod
    def saturation(tf: float) -> float:
        """What a term found `tf` times in an average-length document adds, per unit of idf."""
        return tf * (BM25_K1 + 1) / (tf + BM25_K1)


def bag(parts: list[tuple[list[str], float]], lexicon: Lexicon | None = None) -> dict[str, float]:
    """A weighted bag of terms from (stems, weight) parts, each part also adding its concepts at half weight."""
    out: Counter[str] = Counter()
    for stems, weight in parts:
        for s in stems:
            out[s] += weight
        for c in concepts(stems, lexicon):
            out[c] += weight / 2
    return dict(out)


class Speller:
    """Corrects typos in query words against the catalog's own vocabulary (symmetric single deletes)."""

    MIN_LENGTH = 5  # shorter words are too often real words that merely look alike

    def __init__(self, vocabulary: Counter[str]) -> None:
        self.vocabulary = vocabulary
        self.variants: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) >= self.MIN_LENGTH - 1 and word.isalpha():
                for variant in {word, *_deletes(word)}:
                    self.variants.setdefault(variant, []).append(word)

    def __call__(self, word: str) -> str:
        if len(word) < self.MIN_LENGTH or not word.isalpha() or word in self.vocabulary or word in STOPWORDS:
            return word
        found = {c for v in (word, *_deletes(word)) for c in self.variants.get(v, ())}
        ranked = sorted((_distance(word, c), -self.vocabulary[c], c) for c in found)
        return ranked[0][2] if ranked and ranked[0][0] <= 2 else word


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: edits with adjacent transpositions counting as one."""
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
