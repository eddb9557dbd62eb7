"""Split one segment's text into clauses: AND of OR-groups, each clause one criterion to find.

'Women in New York state who prefer SMS' -> [women] AND [New York state] AND [prefer SMS];
'Texas or California' -> one OR-group; 'not in the US' keeps its negation; glossary terms,
numbers and time windows were already marked (goal_text.annotate), so each clause knows its own.
"""

from __future__ import annotations

import re
from dataclasses import replace

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_read import negation_regex, read_clause
from segment_agent.agent.offline.fields import explained
from segment_agent.agent.offline.marks import Comparison
from segment_agent.agent.offline.profile_fit import all_verbs, verb_words
from segment_agent.agent.offline.vocabulary import phrase_regex, vocabulary, words_of
from segment_agent.tools.lexical import agent_noun_bases

_QUALIFIERS = ("including", "incl", "inclusive")
_SUFFIX_QUALIFIERS = ("included", "inclusive")
TOKEN = re.compile(r"⟦[a-z]\d+⟧|[A-Za-z0-9$](?:[\w'+/@&$-]|\.(?=\w))*|[,;:()]")


def split_clauses(
    text: str, marks: dict[str, object], terms: dict[str, str], term_words: dict[str, frozenset[str]]
) -> list[list[Clause]]:
    """AND-list of OR-groups of clauses for one segment's marked text; `terms` maps term markers to
    glossary terms, `term_words` each term to the words of its name, aliases and definition."""
    pieces = _restated(_pieces(_unplaced(_included(TOKEN.findall(_parentheses(text, marks)))), marks))
    groups: list[list[Clause]] = []
    carry_negation = False
    for connector, tokens in pieces:
        if _compares_back(tokens) and groups and not groups[-1][-1].term:
            before = groups[-1][-1]  # 'revenue, returns included, is more than twice their ...': one clause
            groups[-1][-1] = read_clause([*before.tokens, *tokens], marks)
            continue
        for clause in _analyse(tokens, marks, terms, term_words):
            clause.exclusion |= connector in ("excluding", "except")
            clause.negated ^= carry_negation or connector in ("without", "excluding", "except")
            carry_negation = False
            if clause.empty and clause.window is not None and groups and not groups[-1][-1].term:
                before = groups[-1][-1]  # '..., in the past year': the clause before's window, or a second
                if before.window is None:  # one on the same measure ('over 6 months ago and within a year')
                    before.window = clause.window
                else:
                    groups.append([replace(before, window=clause.window, tokens=clause.tokens)])
                continue
            if clause.empty:
                carry_negation = clause.negated
                continue
            if not clause.words and not clause.term and groups and groups[-1][-1].comparison is None:
                groups[-1][-1].comparison = clause.comparison  # 'gross revenue, incl. returns, above $1,000'
                continue
            if not clause.words and not clause.term and groups and not groups[-1][-1].term:
                before = groups[-1][-1]  # 'churn risk at least 0.4 but below 0.7': the same measure
                clause.words, clause.phrase = list(before.words), list(before.phrase)
                clause.event, clause.verb = before.event, before.verb
                clause.window = before.window = clause.window or before.window
            if connector == "or" and groups:
                groups[-1].append(clause)
            else:
                groups.append([clause])
            connector = "and"
    for group in groups:
        _share(group)
    _share_window(groups)
    _refer_back(groups)
    return groups


_COPULAS = ("is", "are", "was", "were")
_OTHER_SIDE = ("their", "the", "its", "his", "her")


def _compares_back(tokens: list[str]) -> bool:
    """A piece that opens with 'is'/'are' and compares to 'their'/'the' something: the measure compared
    is the piece before it, cut off by a comma aside."""
    low = [t.lower() for t in tokens]
    if len(low) < 3 or low[0] not in _COPULAS or not any(t in _OTHER_SIDE for t in low[2:]):
        return False
    comparatives = {str(w) for w in vocabulary()["comparators"]["comparatives"]}
    return any(t.startswith("⟦c") or t in comparatives or t == "than" for t in low[1:])


def _combined(tokens: list[str]) -> bool:
    """'than B and C combined': the 'and' joins the two sides summed after 'than', not two clauses."""
    upto = next((i for i, t in enumerate(tokens) if t in ",;:"), len(tokens))
    return any(t.lower() in ("combined", "together") for t in tokens[:upto])


_RESTATE = ("i.e", "ie", "i.e.", "meaning", "namely")


def _restated(pieces: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """'who rent, i.e. not homeowners': the piece after 'i.e.' says the piece before in other words, and
    is the one read."""
    out: list[tuple[str, list[str]]] = []
    for connector, tokens in pieces:
        if tokens[0].lower().rstrip(".") in {r.rstrip(".") for r in _RESTATE} and len(tokens) > 1:
            if out:
                connector = out.pop()[0]
            tokens = tokens[2:] if tokens[1] == "," else tokens[1:]
        out.append((connector, tokens))
    return out


def _refer_back(groups: list[list[Clause]]) -> None:
    """'open our newsletters but have never clicked on one': 'one' is a newsletter, so the event's
    object words carry over from the clause before."""
    for first, then in zip(groups, groups[1:], strict=False):
        a, b = first[-1], then[0]
        said = [t.lower() for t in b.tokens if not t.startswith("⟦")]
        if a.event is None or b.event is None or not said or said[-1] not in ("one", "ones", "them", "it"):
            continue
        own = verb_words(a)
        b.words = [*b.words, *[w for w in a.words if w not in own and w not in b.words]]
        b.phrase = []


def _share_window(groups: list[list[Clause]]) -> None:
    """'bought cycling and running products in the last 90 days': objects of one verb share the window
    said after the last of them (the later clause has no verb of its own)."""
    for first, then in zip(groups, groups[1:], strict=False):
        a, b = first[-1], then[0]
        if (
            a.event is not None
            and a.window is None
            and b.event is None
            and b.window is not None
            and not (a.term or b.term)
            and b.words
        ):
            a.window = b.window


def _included(tokens: list[str]) -> list[str]:
    """', returned and cancelled orders included' qualifies the words before it, like ', including ...'."""
    out = list(tokens)
    for i, token in enumerate(out):
        if token.lower() not in _SUFFIX_QUALIFIERS or (i + 1 < len(out) and out[i + 1] not in ",;:"):
            continue
        start = max((j for j in range(i) if out[j] in ",;:"), default=-1)
        if start >= 0:
            out = [*out[: start + 1], "including", *out[start + 1 : i], *out[i + 1 :]]
    return out


def _share(group: list[Clause]) -> None:
    """Alternatives share what only one of them says: 'camping or running gear in the last 30 days'."""
    if len(group) < 2:
        return
    for attr in ("event", "window", "comparison"):
        said = next((getattr(c, attr) for c in group if getattr(c, attr) is not None), None)
        for clause in group:
            if attr == "window" and _state(clause):
                continue  # 'are behind on billing or had a charge fail in the last 14 days': a state now
            if getattr(clause, attr) is None and not clause.term:
                setattr(clause, attr, said)
    if group[0].negated and not any(c.negated for c in group[1:]):  # 'not in Texas or California'
        for clause in group[1:]:
            clause.negated = True


def _state(clause: Clause) -> bool:
    """A clause saying what someone is now ('are behind on billing'), which no look-back window fits."""
    return clause.event is None and any(t.lower() in ("is", "are", "'re") for t in clause.tokens[:3])


def _parentheses(text: str, marks: dict[str, object]) -> str:
    """A parenthesis with a number and no negation belongs to the clause before it; others stand alone."""

    def inline(m: re.Match[str]) -> str:
        inner = m.group(1)
        numbers = any(isinstance(marks.get(k), Comparison) for k in re.findall(r"⟦(c\d+)⟧", inner))
        negated = negation_regex().search(inner) or phrase_regex("exclusion_suffixes").search(inner)
        horizon = re.fullmatch(r"\s*(?:next|coming|following|upcoming)\s+\d+[dwmy]\s*", inner, flags=re.I)
        inline = numbers or horizon or _channels(inner)
        return f" {inner} " if inline and not negated else f" , {inner} , "

    return re.sub(r"\(([^()]*)\)", inline, text)


def _channels(inner: str) -> bool:
    """'online (web or app)': a parenthesis listing only channels spells out the word before it."""
    said = [w for w in re.split(r"[\s,/]+", inner.lower()) if w and w not in ("or", "and")]
    return bool(said) and all(w in words_of("channel_words") for w in said)


def _unplaced(tokens: list[str]) -> list[str]:
    """'who live in Canada', 'living anywhere except Asia': a verb of residence before a place says
    nothing the place does not, so it is dropped ('live chat' keeps its 'live')."""
    verbs, places = words_of("residence_verbs"), words_of("place_openers")
    return [
        t
        for t, nxt in zip(tokens, [*tokens[1:], ""], strict=True)
        if t.lower() not in verbs or not (nxt.lower() in places or nxt[:1].isupper())
    ]


def _pieces(tokens: list[str], marks: dict[str, object]) -> list[tuple[str, list[str]]]:
    """(connector, tokens) pieces split at clause connectors, keeping channel lists and 'in store' whole."""
    v = vocabulary()
    connectors = sorted((c.split() for c in v["connectors"]), key=len, reverse=True)
    keeps, takers, channels = words_of("in_keeps"), words_of("in_takers"), words_of("channel_words")
    out: list[tuple[str, list[str]]] = [("and", [])]
    qualifying = False  # 'including returned and cancelled orders' qualifies the words before it
    i = 0
    while i < len(tokens):
        qualifying = (qualifying or tokens[i].lower() in _QUALIFIERS) and tokens[i] != ","
        low = [t.lower() for t in tokens[i : i + 3]]
        found = next((c for c in connectors if low[: len(c)] == c), None)
        word = " ".join(found) if found else tokens[i] if tokens[i] in ",;:" else None
        prev = tokens[i - 1].lower() if i else ""
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if (
            word == "in"
            and (
                nxt in keeps
                or f"{nxt} {tokens[i + 2].lower() if i + 2 < len(tokens) else ''}" in keeps
                or prev in takers
                or _measured(prev, marks)  # 'over $3,000 in gross revenue': the amount's measure
                or _predicate(tokens[:i])  # 'whose billing is in good standing': the state of the billing
            )
        ):
            word = None
        if word == "and" and "than" in (t.lower() for t in out[-1][1]) and _combined(tokens[i + 1 :]):
            word = None
        if word in ("that", "which") and nxt in ("was", "were"):
            word = None  # 'tickets still unresolved that were opened ...': what the thing named was
        if word in ("in", "with") and _verb(prev):  # 'paid with a gift card', 'streams in a web browser'
            word = None
        if word in ("where", "that", "which", "with", "in") and prev in words_of("event_nouns"):
            word = None  # 'spent $400 on orders where they used a coupon': which orders are summed
        if word == "in" and _channel_of_event(out[-1][1], tokens[i + 1 : i + 5], channels):
            word = None  # 'bought kitchen items in one of our stores': where the event happened
        if (
            word in ("and", "or", ",")
            and prev in channels
            and nxt in channels
            or word in ("and", "or")
            and qualifying
        ):
            word = None
        if word is None:
            out[-1][1].append(tokens[i])
            i += 1
            continue
        out.append((word if word in ("or", "without", "excluding", "except") else "and", []))
        i += len(found) if found else 1
    kept: list[tuple[str, list[str]]] = []
    for connector, piece in out:  # 'or whose engagement is slipping': the 'or' before an empty piece stays
        if not piece and connector == "or" and kept:
            kept.append(("or", []))
        elif piece:
            kept.append(("or" if kept and kept[-1] == ("or", []) else connector, piece))
    merged: list[tuple[str, list[str]]] = []
    for connector, piece in ((c, t) for c, t in kept if t):
        if merged and piece[0].lower() in _QUALIFIERS:  # ', including returns,' qualifies the words before
            merged[-1][1].extend(piece)
        else:
            merged.append((connector, piece))
    return merged


def _measured(token: str, marks: dict[str, object]) -> bool:
    """An amount whose measure may follow 'in' ('over $3,000 in gross revenue'); a count of times says
    its measure before it ('purchased at least 2 times in Texas': in Texas is where they live)."""
    mark = marks.get(token[1:-1]) if token.startswith("⟦c") else None
    return isinstance(mark, Comparison) and mark.unit != "times"


def _predicate(before: list[str]) -> bool:
    """'in' right after 'is'/'are' whose subject is a content word ('billing is in good standing') says
    the subject's state; after a person ('who are in Texas') it is a place and splits as usual."""
    if len(before) < 2 or before[-1].lower() not in ("is", "are", "was", "were"):
        return False
    subject = before[-2].lower()
    plain = words_of("fillers") | words_of("connectors") | words_of("population_nouns")
    return subject.isalpha() and subject not in plain


def _channel_of_event(before: list[str], after: list[str], channels: frozenset[str]) -> bool:
    """'in' between an event verb and a channel ('in one of our stores') says where it happened."""
    verbs = all_verbs()
    return any(t.lower() in verbs for t in before) and any(t.lower() in channels for t in after)


def _verb(token: str) -> bool:
    """A past tense or an event verb of the vocabulary: what follows 'with' or 'in' after it says how."""
    if _agent_noun(token):
        return False  # 'buyers in Texas': where the people are, not how they bought
    return token.endswith("ed") or token in words_of("irregular_past") or token in all_verbs()


def _agent_noun(token: str) -> bool:
    """'buyers', 'shopper', 'users': a person named after a verb of the vocabulary."""
    verbs = all_verbs()
    return any(base in verbs for base in agent_noun_bases(token, singular_too=True))


def _analyse(
    tokens: list[str], marks: dict[str, object], terms: dict[str, str], term_words: dict[str, frozenset[str]]
) -> list[Clause]:
    """Clauses of one piece: each glossary term on its own, then the rest with its numbers and words.
    Words the term itself says ('at risk of churning') belong to the term."""
    term_keys = [t[1:-1] for t in tokens if t.startswith("⟦t")]
    rest = [t for t in tokens if not t.startswith("⟦t")]
    clause = read_clause(rest, marks)
    out = [Clause(tokens=[f"⟦{k}⟧"], term=terms[k]) for k in term_keys]
    said = frozenset().union(*(term_words.get(terms[k], frozenset()) for k in term_keys))
    if out and all(
        explained(w, said) for w in clause.words
    ):  # 'active in the last 7 days': the term's window
        out[-1].window, out[-1].comparison, out[-1].negated = clause.window, clause.comparison, clause.negated
        return out
    return [*out, clause]
