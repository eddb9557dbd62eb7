"""Read comparisons between two fields of one row out of a clause's tokens.

'more than twice their lifetime value' (a factor), 'most of their viewing on TV' (more than
half of the whole), '200 minutes per profile' (a factor of a count field), 'within 30 days of
joining' and '30 days before their last viewing' (a day offset). Each side becomes a clause of
its own, searched like any other; which fields they are is left to search and the catalog.
"""

from __future__ import annotations

from segment_agent.agent.offline.clause import Clause, Relation
from segment_agent.agent.offline.comparison_than import than_relation
from segment_agent.agent.offline.comparison_tokens import (
    Reader,
    ends_with,
    find,
    lowered,
    mark_of,
    read_sides,
    window_tokens,
    words,
)
from segment_agent.agent.offline.marks import Comparison, Window
from segment_agent.agent.offline.vocabulary import vocabulary

_MIRROR = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


def read_relation(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """The comparison between two fields the tokens state, if any; `read` reads each side's tokens."""
    for reader in (_gap, _share, _per, _factor, _combined, than_relation):
        found = reader(tokens, marks, read)
        if found is not None:
            return found
    return None


def _factor(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """'gross revenue is more than twice their lifetime value': left > 2 * right."""
    low = lowered(tokens)
    for i, token in enumerate(tokens):
        cmp = mark_of(token, marks)
        if not (isinstance(cmp, Comparison) and cmp.unit == "times" and cmp.op in _MIRROR):
            continue
        rest = low[i + 1 :]
        if not rest or rest[0] not in words()["factor_leads"] or rest[:2] == ["the", "same"]:
            return None
        left, right = tokens[:i], tokens[i + 2 :]
        a, b = read_sides(left, [*right, *window_tokens(left, marks)], marks, read)
        if not (a.words and b.words):
            return None
        return Relation(left=a, right=[b], op=cmp.op, factor=cmp.values[0], same_unit=False)
    return None


def _share(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """'did most of their viewing on TV in the last 30 days': the part > 0.5 * the whole."""
    low = lowered(tokens)
    for phrase in sorted(words()["share_words"], key=len, reverse=True):
        at = find(low, f"{phrase} of")
        if at < 0:
            continue
        start = at + len(phrase.split()) + 1
        if start < len(low) and low[start] in words()["factor_leads"]:
            start += 1
        frame = [t for t in tokens[:at] if not t.startswith("⟦")]  # 'did', the verb of the whole
        cut = next((j for j in range(start + 1, len(low)) if low[j] in words()["share_parts"]), None)
        if cut is None:
            return _recent_share(tokens[start:], frame, marks, read)
        whole, part = tokens[start:cut], [t for t in tokens[cut + 1 :] if not t.startswith("⟦")]
        when = window_tokens(tokens, marks)
        a, b = read_sides([*frame, *part, *whole, *when], [*frame, *whole, *when], marks, read)
        if not part or not whole:
            return None
        return Relation(left=a, right=[b], op=">", factor=0.5)
    return None


def _recent_share(
    rest: list[str], frame: list[str], marks: dict[str, object], read: Reader
) -> Relation | None:
    """'more than half of their lifetime spend came in the last 12 months': the part is the whole
    measure over the window (without 'lifetime'), compared with the whole over all time."""
    at = next((i for i, t in enumerate(rest) if isinstance(mark_of(t, marks), Window)), None)
    if at is None or at == 0:
        return None
    whole = [t for t in rest[:at] if not t.startswith("⟦") and t.lower() not in words()["share_verbs"]]
    part = [t for t in whole if t.lower() not in words()["whole_words"]]
    if not part:
        return None
    a, b = read_sides([*frame, *part, rest[at]], [*frame, *whole], marks, read)
    if not (a.words and b.words):
        return None
    return Relation(left=a, right=[b], op=">", factor=0.5)


def _per(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """'watched more than 200 minutes per profile': left > 200 * the count of profiles."""
    low = lowered(tokens)
    for phrase in words()["per_words"]:
        at = find(low, phrase)
        if at < 1 or at + len(phrase.split()) >= len(low):
            continue
        cmp = mark_of(tokens[at - 1], marks)
        noun = low[at + len(phrase.split())]
        if not isinstance(cmp, Comparison) or cmp.op not in _MIRROR or noun in words()["per_skip"]:
            return None
        if not noun.isalpha():
            return None
        a = read([*tokens[: at - 1], *window_tokens(tokens[at:], marks)], marks)
        if not a.words:
            return None
        a.measure = True
        counted = Clause(tokens=[noun], words=[noun], measure=True)  # a population noun is a word here
        return Relation(
            left=a, right=[counted], op=cmp.op, factor=cmp.values[0], same_unit=False, unit=cmp.unit
        )
    return None


def _gap(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """'cancelled within 30 days of joining', 'more than 30 days before their last viewing':
    a date compared with another date shifted by some days."""
    low = lowered(tokens)
    units: dict[str, int] = words()["gap_units"]
    for i, token in enumerate(tokens):
        mark = mark_of(token, marks)
        if isinstance(mark, Window) and mark.relation == "within":
            days, end, said_op = mark.days, i + 1, None
        elif (
            isinstance(mark, Comparison)
            and len(mark.values) == 1
            and i + 1 < len(low)
            and low[i + 1] in units
        ):
            days, end = int(mark.values[0] * units[low[i + 1]]), i + 2
            said_op = None if mark.op == "=" else mark.op
        else:
            continue
        if end >= len(low) or low[end] not in ("before", "after", "of"):
            continue
        lead, op = _gap_lead(low[:i], said_op)
        if op is None and isinstance(mark, Window) and low[end] == "of":
            op = "<="  # the window said 'within' itself
        if op is None or (low[end] == "of" and op not in ("<", "<=")):
            return None
        a, b = read_sides(tokens[:lead], tokens[end + 1 :], marks, read)
        if not (a.words and b.words):
            return None
        before = low[end] == "before"
        return Relation(
            left=a,
            right=[b],
            op=_MIRROR[op] if before else op,
            offset_days=-days if before else days,
            dated=True,
        )
    return None


def _gap_lead(before: list[str], said_op: str | None) -> tuple[int, str | None]:
    """Where the words saying how the gap compares start, and its op ('more than' -> '>')."""
    if said_op is not None:
        return len(before), said_op
    for phrase, op in sorted(words()["gap_comparatives"].items(), key=lambda p: -len(p[0])):
        n = len(phrase.split())
        if before[-n:] == phrase.split():
            return len(before) - n, op
    return len(before), None


def _combined(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """'more orders last month than in the two months before it combined': the last calendar month's
    measure against the sum of the same measure in each of the months before it."""
    low = lowered(tokens)
    said = next(
        (p for p in sorted(words()["combined_words"], key=len, reverse=True) if ends_with(low, p)), None
    )
    if said is None or "than" not in low:
        return None
    at = low.index("than")
    comparatives: dict[str, str] = vocabulary()["comparators"]["comparatives"]
    word = next((w for w in low[:at] if w in comparatives), None)
    window = next((m for t in tokens[at:] if isinstance(m := mark_of(t, marks), Window)), None)
    if word is None or window is None or window.relation != "previous":
        return None
    months = round(window.days / 30)
    month_words = words()["calendar_month"]
    a = read([t for t in tokens[:at] if t.lower() != word], marks)
    if months < 2 or not all(w in a.words for w in month_words):
        return None
    time_words = {*month_words, "last", "full", "previous", "current"}
    nouns = [w for w in a.words if w not in time_words]
    if not nouns:
        return None
    a.measure = True
    right = []
    for k in range(2, months + 2):
        earlier = words()["earlier_month"].format(k=k).split()
        right.append(Clause(tokens=[*nouns, *earlier], words=[*nouns, *earlier], measure=True))
    return Relation(left=a, right=right, op=comparatives[word])
