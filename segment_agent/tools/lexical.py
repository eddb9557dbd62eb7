"""The text analyser of schema search, shared by BM25, name matching, value matching and the embedding.

Field names are split on '_', words are accent-folded and lightly stemmed, time windows are
canonical ('12 months', '12m' and '365 days' are all '365d'), and the marketing lexicon in
data/lexicon.yaml adds a concept term ('~purchase') for every word marketers use interchangeably.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"

STOPWORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or", "but",
    "who", "whom", "whose", "that", "which", "their", "they", "them", "theirs", "our", "we", "us", "you",
    "your", "i", "me", "my", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "haven", "hasn", "do", "does", "did", "didn", "don", "doesn", "done", "t", "s", "ve", "re", "ll", "d",
    "this", "these", "those", "it", "its", "than", "then", "there", "here", "over", "under", "above",
    "below", "more", "most", "least", "what", "how", "many", "much", "some", "only", "just",
    "actually", "completely", "really", "very", "highly", "extremely", "super", "fairly", "pretty",
    "about", "into", "out", "via", "through", "according", "stuff", "thing", "things", "since", "get",
    "got", "gotten", "ones", "one", "whether", "quite", "rather", "exceed", "exceeds", "exceeding",
    "beyond", "few", "several", "couple", "want", "wants", "need", "needs", "please",
})  # fmt: skip
NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenties": "20s", "thirties": "30s",
    "forties": "40s", "fifties": "50s", "sixties": "60s", "seventies": "70s", "eighties": "80s",
    "nineties": "90s",
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
_UNIT_DAYS["year"] = 365  # stem('year') is 'year'
_WINDOW = re.compile(r"^l?(\d{1,3})(d|w|m|y)$")  # '90d', and 'l90d' as dashboards write 'last 90 days'
_THOUSANDS = frozenset({"thousand", "grand"})  # '100 thousand' is written '100k' in bands
_AGO = frozenset({"ago", "back", "earlier"})  # '3 months ago', '3 months back'
_ONE = frozenset({"a", "an", "one"})
_DETERMINERS = frozenset({"the", "a", "an", "our", "their", "your", "my", "his", "her", "its"})
_COMPARISONS = frozenset({"over", "under"})  # what 'more than', 'at least', 'less than' are rewritten to
_AMOUNT = re.compile(r"^\d+(?:k|mm|bn)?$")  # '2k', '150k': a number said with its magnitude
_DECADE = re.compile(r"^[1-9]0s$")  # 'in their 30s': an age
_SYMBOLS = {"$": " dollar ", "€": " dollar ", "£": " dollar ", "%": " percent ", "#": " number ", "+": " "}


@dataclass(frozen=True)
class Lexicon:
    """Phrases read as one word, one-way expansions, and the concepts of each stemmed word."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    expansions: dict[str, tuple[str, ...]]
    concepts: dict[str, tuple[str, ...]]
    known: frozenset[str]  # every word the lexicon mentions, so the speller never 'corrects' one
    time: frozenset[str]  # stems that say when, not what ('last', 'week')
    qualifiers: frozenset[str]  # stems that say how much, not what ('high', 'top')
    people: frozenset[str] = frozenset()  # stems naming a kind of person ('women'): who, not what they buy
    extremes: dict[str, str] = field(default_factory=dict)  # stem -> 'top' or 'bottom' of an ordered scale
    starts: frozenset[str] = frozenset()  # first words of the phrases: a quick test per word


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the lexicon YAML once per process."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = {tuple(k.split()): tuple(str(v).split()) for k, v in data.get("phrases", {}).items()}
    for key, value in list(phrases.items()):  # 'zip code' is also written 'zipcode'; 'birthdays' is plural
        if len(key) == 2 and all(w.isalpha() for w in key):
            phrases.setdefault(("".join(key),), value)
    for key, value in list(phrases.items()):
        if key[-1].isalpha() and not key[-1].endswith("s"):
            phrases.setdefault((*key[:-1], key[-1] + "s"), value)
    for key, value in list(phrases.items()):  # 'opened the app' is also 'opened our app': determiners skipped
        plain = tuple(w for w in key if w not in _DETERMINERS)
        if plain and plain != key and len(plain) > 1:
            phrases.setdefault(plain, value)
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
    qualifiers = frozenset(stem(str(w)) for w in data.get("qualifiers", []))
    people = frozenset(stem(str(w)) for w in data.get("people", []))
    extremes = {stem(str(w)): end for end, ws in data.get("extremes", {}).items() for w in ws}
    starts = frozenset(k[0] for k in phrases)
    return Lexicon(phrases, expansions, grouped, frozenset(known), time, qualifiers, people, extremes, starts)


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
    if word.endswith("ie") and len(word) > 4:  # 'aussie' as 'aussies' -> 'aussy'
        word = word[:-2] + "y"
    for suffix in ("ing", "ed", "ly", "ment", "ity"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("eed"):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "se":
                word = word[:-1]  # shipping -> ship, cancelled -> cancel
            break
    trimmed = word.rstrip("e")
    return trimmed if len(trimmed) >= 3 else word


def agent_noun_bases(word: str, singular_too: bool = False) -> list[str]:
    """The verbs a person noun could be made from: 'returners' -> return, 'shoppers' -> shop, 'users' -> use.
    Plural only unless asked ('summer' and 'center' are no people)."""
    for suffix in ("ers", "er") if singular_too else ("ers",):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: -len(suffix)]
            doubled = [base[:-1]] if len(base) > 2 and base[-1] == base[-2] else []
            return [base, *doubled, base + "e"]
    return []


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
    starts = lexicon.starts
    rewritten = False
    i = 0
    while i < len(raw):
        found = _phrase(raw, i, lexicon) if raw[i] in starts else None
        if found:
            out += found[0]
            i += found[1]
            rewritten = True
        else:
            compared = bool(out) and out[-1] in _COMPARISONS
            word, used = _window(*(raw[i : i + 3] + ["", ""])[:3], compared=compared)
            out.append(word)
            i += used
    if rewritten:  # one rewrite may complete another: 'opened our mobile app' -> 'opened app' -> 'app login'
        out = _rewrite(out, lexicon)
    return (out + [e for w in out for e in lexicon.expansions.get(w, ())]) if expand else out


def _phrase(raw: list[str], i: int, lexicon: Lexicon) -> tuple[tuple[str, ...], int] | None:
    """The lexicon phrase at raw[i] (longest first, determiners skipped): (replacement, words used)."""
    kept: list[str] = []
    ends: list[int] = []
    j = i
    while j < len(raw) and len(kept) < 4:
        if not (kept and raw[j] in _DETERMINERS):
            kept.append(raw[j])
            ends.append(j + 1)
        j += 1
    for n in range(len(kept), 0, -1):
        replacement = lexicon.phrases.get(tuple(kept[:n]))
        if replacement:
            return replacement, ends[n - 1] - i
    return None


def _rewrite(said: list[str], lexicon: Lexicon) -> list[str]:
    """Lexicon phrases applied once more to already rewritten words."""
    out: list[str] = []
    i = 0
    while i < len(said):
        found = _phrase(said, i, lexicon) if said[i] in lexicon.starts else None
        out += found[0] if found else [said[i]]
        i += found[1] if found else 1
    return out


def _window(word: str, after: str, then: str, compared: bool = False) -> tuple[str, int]:
    """('30', 'days') -> ('30d', 2 words used); ('12m', ...) -> ('365d', 1); ('100', 'thousand') -> '100k';
    anything else unchanged.

    '30s' (a decade of life) -> ('age', 1).
    '3 months ago' (or 'back') is one calendar month, not a window: the month index 'm03' (spend_m03), and
    '2 years ago' is 'm24' and 'a year ago' 'm12';
    'over 3 months ago' (`compared`) is a threshold on a date, so it stays a window.
    """
    unit = stem(after)
    if word.isdigit() and after in _THOUSANDS:
        return f"{word}k", 2
    if _DECADE.match(word):
        return "age", 1
    count = "1" if word in _ONE else word  # 'a year ago' is 12 months ago
    months = {"month": 1, "year": 12}.get(unit, 0) * int(count) if count.isdigit() else 0
    if then in _AGO and 0 < months < 100 and not compared:
        return f"m{months:02d}", 3
    if word.isdigit() and unit in _UNIT_DAYS and int(word) * _UNIT_DAYS[unit] <= 730:
        return _days(int(word) * _UNIT_DAYS[unit]), 2
    m = _WINDOW.match(word)
    return (_days(int(m.group(1)) * _UNIT_DAYS[m.group(2)]), 1) if m else (word, 1)


def _days(days: int) -> str:
    return "365d" if days in (360, 365) else f"{days}d"


def content_words(
    text: str, lexicon: Lexicon | None = None, fix: Callable[[str], str] | None = None, expand: bool = True
) -> list[str]:
    """The words of `text` that carry meaning: stopwords and amounts ('3', '2k') dropped, not yet stemmed."""
    return [w for w in words(text, lexicon, fix, expand) if w not in STOPWORDS and not _AMOUNT.match(w)]


def terms(text: str, fix: Callable[[str], str] | None = None) -> list[str]:
    """Stemmed content words of `text`, in order."""
    return [stem(w) for w in content_words(text, fix=fix)]


def concepts(stems: list[str]) -> list[str]:
    """The lexicon concepts of stemmed words, in order, e.g. ['bought'] -> ['~purchas']."""
    return list(dict.fromkeys(c for s in stems for c in concepts_of(s)))


@lru_cache(maxsize=65536)
def concepts_of(stem_: str) -> frozenset[str]:
    """The concepts of one stemmed word under the default lexicon (cached: called per candidate)."""
    return frozenset(load_lexicon().concepts.get(stem_, ()))


def joined_pairs(raw: list[str]) -> list[str]:
    """Adjacent words run together and stemmed ('home owner' -> 'homeowner'): people write both.

    A pair whose stemming eats the second word ('quebec city' -> 'quebec') is left out.
    """
    pairs = [(a, stem(a + b)) for a, b in zip(raw, raw[1:], strict=False) if a.isalpha() and b.isalpha()]
    return [joined for a, joined in pairs if len(joined) > len(a)]
