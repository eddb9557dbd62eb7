"""Read one clause's tokens: its negation, numbers, window, event verb and words for search."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.comparison_read import read_relation
from segment_agent.agent.offline.comparison_tokens import words as comparison_words
from segment_agent.agent.offline.marks import Comparison, Window
from segment_agent.agent.offline.profile_fit import all_verbs
from segment_agent.agent.offline.vocabulary import alternation, phrase_regex, vocabulary, words_of


def negation_regex() -> re.Pattern[str]:
    """Words that negate a clause: 'not', 'never', "haven't", 'without'..."""
    return phrase_regex("negations")


def read_clause(tokens: list[str], marks: dict[str, object], relation: bool = True) -> Clause:
    """One clause from its tokens: negation, comparison and window markers, event verb and words;
    with `relation`, also a comparison between two fields it states (each side read without one)."""
    lowered = " ".join(t.lower() for t in tokens)
    clause = Clause(tokens=tokens)
    clause.exclusion = bool(phrase_regex("exclusion_suffixes").search(lowered))
    clause.negated = bool(negation_regex().search(lowered)) or clause.exclusion
    found = [marks[t[1:-1]] for t in tokens if t.startswith("⟦")]
    clause.comparison = next((m for m in found if isinstance(m, Comparison)), None)
    windows = [m for m in found if isinstance(m, Window)]
    clause.window = windows[0] if windows else None
    # 'revenue including returned orders' names no event: a qualifier is not a verb
    verbal = re.sub(r"\b(?:including|incl|inclusive)\b.*$", "", lowered)
    found_event = None if phrase_regex("habitual").search(lowered) else _event(verbal)
    clause.event, clause.verb = found_event or (None, "")
    clause.words = _words(tokens)
    clause.phrase = _phrase(tokens, clause.words)
    cmp = clause.comparison
    if cmp is not None and cmp.unit is None and _qualifies_person(tokens, marks, cmp):
        clause.comparison = cmp = replace(cmp, unit="age")  # 'kids under 5'
    if cmp is not None and cmp.unit is None and {"aged", "age"} & set(clause.words):
        clause.comparison = replace(cmp, unit="age")  # 'aged between 25 and 34'
        clause.words = [w for w in clause.words if w != "aged"]
    if clause.comparison is not None and clause.comparison.unit == "age":
        if "age" not in clause.words:
            clause.words.append("age")  # '65 years old' is about age
            clause.phrase = [*clause.phrase, "age"] if clause.phrase else []
        clause.context = ["birth"]  # an age may be counted from a birth year or date
    _versus(clause, tokens, marks)
    if relation:
        clause.relation = read_relation(tokens, marks, lambda part, m: read_clause(part, m, relation=False))
    related = clause.relation
    if related is not None and not clause.words:
        # 'more than half of their spend ...' is no comparison of two measures around 'than'
        clause.words, clause.window, clause.versus = related.left.words, related.left.window, None
    return clause


def _qualifies_person(tokens: list[str], marks: dict[str, object], cmp: Comparison) -> bool:
    """Whether the comparison directly follows a person noun ('kids under 5'), so it is their age."""
    at = next((i for i, t in enumerate(tokens) if t.startswith("⟦") and marks[t[1:-1]] is cmp), 0)
    return at > 0 and tokens[at - 1].lower() in words_of("aged_person_nouns")


def _event(text: str) -> tuple[str, str] | None:
    """(kind, verb phrase) of the event the clause names (the longest phrase wins), if any."""
    best: tuple[int, str, str] | None = None
    for kind, spec in vocabulary()["events"].items():
        for m in re.finditer(
            rf"(?<![\w'])(?:{alternation([*spec['verbs'], *spec.get('nouns', [])])})(?![\w'])", text
        ):
            needs = spec.get("objects")
            if needs and not re.search(rf"\b(?:{alternation(needs)})\b", text):
                continue
            if best is None or len(m.group(0)) > best[0]:
                best = (len(m.group(0)), kind, m.group(0))
    return (best[1], best[2]) if best else None


def _words(tokens: list[str]) -> list[str]:
    """Content words: fillers, connectors, negations and markers removed; demonyms read as countries."""
    v = vocabulary()
    population = words_of("population_nouns")
    drop = (
        words_of("fillers")
        | words_of("negations")
        | words_of("connectors")
        | population
        | {"either", "than", "neither", "both"}
    )
    acronyms = {t.lower() for t in tokens if len(t) >= 2 and t.isupper() and t.isalpha()}  # 'US' is not 'us'
    counted = _counted_noun(tokens, population)
    vague = words_of("vague_qualifiers")  # hyphenated ones ('long-time') before hyphens are split
    happened, events = words_of("happened_markers"), all_verbs()
    nexts = [t.lower() for t in tokens[1:]] + [""] * bool(tokens)
    text = " ".join(
        t.lower()
        for t, nxt in zip(tokens, nexts, strict=True)
        if not t.startswith("⟦")
        and t not in ",;:()"
        and t.lower() not in vague
        and not (t.lower() in happened and nxt in events)
    ).replace("-", " ")
    text = phrase_regex("exclusion_suffixes").sub(" ", text)
    text = _any_kind().sub(" ", text)
    text = re.sub(r"\b(?:other than|yet to|outside of|rather than)\b", " ", text)  # two-word negations
    words = [
        w.upper() if w in acronyms else w
        for w in text.split()
        if (w not in drop or w in acronyms or w == counted) and not w.endswith("n't")
    ]
    if not phrase_regex("purpose").sub(" ", " ".join(words)).split():  # only why it is wanted: 'win back'
        return []
    if not phrase_regex("language_cues").search(text):  # 'German customers', not 'British Columbia'
        names = {t.lower() for t, nxt in zip(tokens, [*tokens[1:], ""], strict=True) if not nxt[:1].isupper()}
        words = [c for w in words for c in (v["demonyms"].get(w, w) if w in names else w).split()]
    return words


@lru_cache(maxsize=1)
def _any_kind() -> re.Pattern[str]:  # noqa: N802
    """'across all their devices', 'on any channel': every kind of a thing restricts nothing."""
    kinds = alternation(vocabulary()["kind_nouns"])
    return re.compile(rf"\b(?:all|any|every|each)\s+(?:of\s+)?(?:their|our|the|his|her|its)?\s*(?:{kinds})\b")


def _counted_noun(tokens: list[str], population: frozenset[str]) -> str | None:
    """The population noun a number counts ('four or more viewer profiles' -> 'profiles'): the last one
    after a comparison marker; it names what is counted, so it stays a word of the clause."""
    marks = [i for i, t in enumerate(tokens) if t.startswith("⟦c")]
    if not marks:
        return None
    rest = [t.lower() for t in tokens[marks[0] + 1 :]]
    if rest[:1] == ["of"]:  # 'the top 5% of subscribers' is a share of the population, not a count of it
        return None
    nexts = [*rest[1:], ""][: len(rest)]
    # 'a single viewer profile': a population noun before another noun only describes it
    after = [t for t, nxt in zip(rest, nexts, strict=True) if t in population and not _noun_after(nxt)]
    return after[-1] if after else None


def _noun_after(token: str) -> bool:
    """A word that carries content (no filler, connector or punctuation) follows."""
    plain = words_of("fillers") | words_of("connectors")
    return token.isalpha() and token not in plain


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
        for part, low_part in zip(token.split("-"), low.split("-"), strict=True):
            if low_part in lowered:
                out.append(part if part.isupper() and len(part) > 1 else low_part)
            elif low_part in keeps and out:
                out.append(low_part)
    return (
        out if [w for w in out if w not in keeps] == [w for w in words if w.lower() not in keeps] else words
    )


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
    said = low[at + 1 : at + 3]
    if len(said) == 2 and said[0] in ("a", "an") and said[1] in comparison_words()["article_units"]:
        _article_amount(clause, word, said[1])  # 'less than an hour': an amount, no other measure
        return
    left = [t for t in tokens[:at] if t.lower() != word]
    right = tokens[at + 1 :]
    a, b = read_clause(left, marks), read_clause(right, marks)
    time_words = {
        "last",
        "full",
        "calendar",
        "month",
        "months",
        "previous",
        "before",
        "current",
        "two",
        "week",
    }
    nouns = [w for w in a.words if w not in time_words]
    own = [w for w in b.words if w not in time_words and not w.isdigit()]
    if not own:  # 'than in the 30 days before': the same measure; 'than they spent' names its own
        b.words = [*nouns, *[w for w in b.words if w not in nouns]]
    b.phrase = []
    b.measure = True
    clause.words, clause.window, clause.versus, clause.versus_op = a.words, a.window, b, comparatives[word]
    clause.phrase = a.phrase
    clause.measure = True


def _article_amount(clause: Clause, word: str, unit: str) -> None:
    """'watched less than an hour': one unit compared with, in minutes when it is a duration."""
    minutes = comparison_words()["article_units"][unit]
    if minutes:
        op = vocabulary()["comparators"]["comparatives"][word]
        clause.comparison = Comparison(op, (float(minutes),), "minutes")
        clause.words = [w for w in clause.words if w not in (unit, word)]
        clause.phrase = [w for w in clause.phrase if w not in (unit, word)]
