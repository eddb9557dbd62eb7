"""Split one segment's text into clauses: AND of OR-groups, each clause one criterion to find.

'Women in New York state who prefer SMS' -> [women] AND [New York state] AND [prefer SMS];
'Texas or California' -> one OR-group; 'not in the US' keeps its negation; glossary terms,
numbers and time windows were already marked (goal_text.annotate), so each clause knows its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from segment_agent.agent.offline.goal_text import Comparison, Window
from segment_agent.agent.offline.vocabulary import alternation, phrase_regex, vocabulary, words_of

SINCE = re.compile(r"\b(?:since|since then|after that|afterwards|afterward|thereafter)\b", re.I)
TOKEN = re.compile(r"⟦[a-z]\d+⟧|[A-Za-z0-9$](?:[\w'+/@&$-]|\.(?=\w))*|[,;:()]")


@dataclass
class Clause:
    """One criterion as written: its words for search, and what the goal said around them."""

    tokens: list[str]
    words: list[str] = field(default_factory=list)
    negated: bool = False
    comparison: Comparison | None = None
    window: Window | None = None
    event: str | None = None
    verb: str = ""  # the words that named the event ('bought', 'started a checkout')
    term: str | None = None
    proper: list[str] = field(default_factory=list)
    versus: Clause | None = None  # the other side of a comparison between two measures
    versus_op: str | None = None
    context: list[str] = field(default_factory=list)  # words that help search but are not criteria
    phrase: list[str] = field(default_factory=list)  # the words as said, for search (keeps 'logged into')
    measure: bool = False  # one side of a comparison between two measures

    @property
    def text(self) -> str:
        return " ".join(t for t in self.tokens if not t.startswith("⟦"))

    @property
    def query(self) -> str:
        """What to search the catalog for: the clause's words and any context words."""
        said = self.phrase or self.words
        return " ".join([*said, *[w for w in self.context if w not in said]])

    @property
    def queries(self) -> list[str]:
        """The query, and with its window too when a windowed measure may answer it ('purchases 90 days')."""
        plain = self.query
        if self.window is None or not plain:
            return [plain] if plain else []
        days = ("previous " if self.window.relation == "previous" else "") + f"{self.window.days} days"
        if self.comparison is None and self.event is None and not self.measure:
            return [plain]
        return [plain, f"{plain} {days}"]

    @property
    def since(self) -> bool:
        """'has not ordered since': the event is counted after the one before it."""
        return bool(SINCE.search(self.text))

    @property
    def empty(self) -> bool:
        return not (self.words or self.term or self.comparison)


def split_clauses(text: str, marks: dict[str, object], terms: dict[str, str]) -> list[list[Clause]]:
    """AND-list of OR-groups of clauses for one segment's marked text."""
    pieces = _pieces(TOKEN.findall(_parentheses(text, marks)))
    groups: list[list[Clause]] = []
    carry_negation = False
    for connector, tokens in pieces:
        for clause in _analyse(tokens, marks, terms):
            clause.negated ^= carry_negation or connector in ("without", "excluding", "except")
            carry_negation = False
            if clause.empty:
                carry_negation = clause.negated
                continue
            if connector == "or" and groups:
                groups[-1].append(clause)
            else:
                groups.append([clause])
            connector = "and"
    for group in groups:
        _share(group)
    return groups


def _share(group: list[Clause]) -> None:
    """Alternatives share what only one of them says: 'camping or running gear in the last 30 days'."""
    if len(group) < 2:
        return
    for attr in ("event", "window", "comparison"):
        said = next((getattr(c, attr) for c in group if getattr(c, attr) is not None), None)
        for clause in group:
            if getattr(clause, attr) is None and not clause.term:
                setattr(clause, attr, said)
    if group[0].negated and not any(c.negated for c in group[1:]):  # 'not in Texas or California'
        for clause in group[1:]:
            clause.negated = True


def _parentheses(text: str, marks: dict[str, object]) -> str:
    """A parenthesis with a number and no negation belongs to the clause before it; others stand alone."""

    def inline(m: re.Match[str]) -> str:
        inner = m.group(1)
        numbers = any(isinstance(marks.get(k), Comparison) for k in re.findall(r"⟦(c\d+)⟧", inner))
        negated = _negation_regex().search(inner) or phrase_regex("exclusion_suffixes").search(inner)
        return f" {inner} " if numbers and not negated else f" , {inner} , "

    return re.sub(r"\(([^()]*)\)", inline, text)


def _pieces(tokens: list[str]) -> list[tuple[str, list[str]]]:
    """(connector, tokens) pieces split at clause connectors, keeping channel lists and 'in store' whole."""
    v = vocabulary()
    connectors = sorted((c.split() for c in v["connectors"]), key=len, reverse=True)
    keeps, takers, channels = words_of("in_keeps"), words_of("in_takers"), words_of("channel_words")
    out: list[tuple[str, list[str]]] = [("and", [])]
    i = 0
    while i < len(tokens):
        low = [t.lower() for t in tokens[i : i + 3]]
        found = next((c for c in connectors if low[: len(c)] == c), None)
        word = " ".join(found) if found else tokens[i] if tokens[i] in ",;:" else None
        prev = tokens[i - 1].lower() if i else ""
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if word == "in" and (nxt in keeps or f"{nxt} {tokens[i + 2].lower() if i + 2 < len(tokens) else ''}" in keeps
                             or prev in takers):
            word = None
        if word in ("and", "or", ",") and prev in channels and nxt in channels:
            word = None
        if word is None:
            out[-1][1].append(tokens[i])
            i += 1
            continue
        out.append((word if word in ("or", "without", "excluding", "except") else "and", []))
        i += len(found) if found else 1
    return [(c, t) for c, t in out if t]


def _negation_regex() -> re.Pattern[str]:
    return phrase_regex("negations")


def _analyse(tokens: list[str], marks: dict[str, object], terms: dict[str, str]) -> list[Clause]:
    """Clauses of one piece: each glossary term on its own, then the rest with its numbers and words."""
    term_keys = [t[1:-1] for t in tokens if t.startswith("⟦t")]
    rest = [t for t in tokens if not t.startswith("⟦t")]
    clause = _clause(rest, marks)
    out = [Clause(tokens=[f"⟦{k}⟧"], term=terms[k]) for k in term_keys]
    if out and not clause.words:  # 'active in the last 7 days': the window belongs to the term
        out[-1].window, out[-1].comparison, out[-1].negated = clause.window, clause.comparison, clause.negated
        return out
    return [*out, clause]


def _clause(tokens: list[str], marks: dict[str, object]) -> Clause:
    lowered = " ".join(t.lower() for t in tokens)
    clause = Clause(tokens=tokens)
    clause.negated = bool(_negation_regex().search(lowered) or phrase_regex("exclusion_suffixes").search(lowered))
    found = [marks[t[1:-1]] for t in tokens if t.startswith("⟦")]
    clause.comparison = next((m for m in found if isinstance(m, Comparison)), None)
    windows = [m for m in found if isinstance(m, Window)]
    clause.window = windows[0] if windows else None
    found_event = None if phrase_regex("habitual").search(lowered) else _event(lowered)
    clause.event, clause.verb = found_event or (None, "")
    clause.proper = [t for t in tokens[1:] if t[:1].isupper() and not t.isupper() and t.isalpha()]
    clause.words = _words(tokens)
    clause.phrase = _phrase(tokens, clause.words)
    if clause.comparison is not None and clause.comparison.unit == "age" and "age" not in clause.words:
        clause.words.append("age")  # '65 years old' is about age
        clause.phrase = [*clause.phrase, "age"] if clause.phrase else []
    _versus(clause, tokens, marks)
    return clause


def _event(text: str) -> tuple[str, str] | None:
    """(kind, verb phrase) of the event the clause names (the longest phrase wins), if any."""
    best: tuple[int, str, str] | None = None
    for kind, spec in vocabulary()["events"].items():
        for m in re.finditer(rf"(?<![\w'])(?:{alternation([*spec['verbs'], *spec.get('nouns', [])])})(?![\w'])",
                             text):
            needs = spec.get("objects")
            if needs and not re.search(rf"\b(?:{alternation(needs)})\b", text):
                continue
            if best is None or len(m.group(0)) > best[0]:
                best = (len(m.group(0)), kind, m.group(0))
    return (best[1], best[2]) if best else None


def _words(tokens: list[str]) -> list[str]:
    """Content words: fillers, connectors, negations and markers removed; demonyms read as countries."""
    v = vocabulary()
    drop = words_of("fillers") | words_of("negations") | words_of("connectors") | {"either", "than", "neither"}
    acronyms = {t.lower() for t in tokens if len(t) >= 2 and t.isupper() and t.isalpha()}  # 'US' is not 'us'
    text = " ".join(t.lower() for t in tokens if not t.startswith("⟦") and t not in ",;:()")
    text = phrase_regex("exclusion_suffixes").sub(" ", text)
    words = [w.upper() if w in acronyms else w for w in text.split()
             if (w not in drop or w in acronyms) and not w.endswith("n't")]
    if not phrase_regex("purpose").sub(" ", " ".join(words)).split():  # only why it is wanted: 'win back'
        return []
    if not phrase_regex("language_cues").search(text):
        words = [c for w in words for c in v["demonyms"].get(w, w).split()]
    return words


def _phrase(tokens: list[str], words: list[str]) -> list[str]:
    """The clause's words with the small words between them that make known phrases ('logged into')."""
    if not words:
        return []
    keeps = words_of("query_keeps")
    lowered = {w.lower() for w in words}
    out: list[str] = []
    for token in tokens:
        low = token.lower()
        if token.startswith("⟦") or token in ",;:()":
            continue
        if low in lowered:
            out.append(token if token.isupper() and len(token) > 1 else low)
        elif low in keeps and out:
            out.append(low)
    return out if [w for w in out if w not in keeps] == [w for w in words if w.lower() not in keeps] else words


def _versus(clause: Clause, tokens: list[str], marks: dict[str, object]) -> None:
    """'fewer sessions in the last 30 days than in the 30 days before': two measures compared."""
    low = [t.lower() for t in tokens]
    if "than" not in low or clause.comparison is not None:
        return
    comparatives = vocabulary()["comparators"]["comparatives"]
    at = low.index("than")
    word = next((w for w in low[:at] if w in comparatives), None)
    if word is None:
        return
    left = [t for t in tokens[:at] if t.lower() != word]
    right = tokens[at + 1 :]
    a, b = _clause(left, marks), _clause(right, marks)
    time_words = {"last", "full", "calendar", "month", "months", "previous", "before", "current", "two", "week"}
    nouns = [w for w in a.words if w not in time_words]
    b.words = [*nouns, *[w for w in b.words if w not in nouns]]
    b.phrase = []
    b.measure = True
    clause.words, clause.window, clause.versus, clause.versus_op = a.words, a.window, b, comparatives[word]
    clause.phrase = a.phrase
    clause.measure = True
