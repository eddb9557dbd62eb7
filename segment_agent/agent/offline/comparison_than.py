"""Comparisons said with 'than' between measures of the same row, beyond one field against another.

By an amount: 'at least 5 more sessions in the last 30 days than in the 30 before' is left >= right + 5,
'20% more' a factor of 1.2. Against fields listed and summed: 'more in store than web and app combined'.
Against the same calendar month earlier: 'less last month than in the same month a year earlier' is
the last full month against the month 13 months back. Which fields they are is left to search.
"""

from __future__ import annotations

from segment_agent.agent.offline.clause import Clause, Relation
from segment_agent.agent.offline.comparison_tokens import (
    Reader,
    ends_with,
    lowered,
    mark_of,
    window_tokens,
    words,
)
from segment_agent.agent.offline.marks import Comparison, Window
from segment_agent.agent.offline.vocabulary import vocabulary, words_of

DAYS_PER_MONTH = 30.4


def than_relation(tokens: list[str], marks: dict[str, object], read: Reader) -> Relation | None:
    """The comparison a clause with 'than' states between measures of the row, if it is one of these."""
    low = lowered(tokens)
    if "than" not in low:
        return None
    at = low.index("than")
    for reader in (_by_amount, _same_month, _listed):
        found = reader(tokens, at, marks, read)
        if found is not None:
            return found
    return None


def _comparatives() -> dict[str, str]:
    comparatives: dict[str, str] = vocabulary()["comparators"]["comparatives"]
    return comparatives


def _period_words() -> set[str]:
    """Words that only say which period a measure covers ('last', 'calendar', 'before')."""
    return {*words()["period_words"], *words()["calendar_month"]}


def _by_amount(tokens: list[str], at: int, marks: dict[str, object], read: Reader) -> Relation | None:
    """'at least 5 more sessions ... than ...' is left >= right + 5; '10% less than' left <= 0.9 * right."""
    low = lowered(tokens)
    comparatives = _comparatives()
    for i in range(at - 1):
        cmp = mark_of(tokens[i], marks)
        if not (isinstance(cmp, Comparison) and low[i + 1] in comparatives):
            continue
        if len(cmp.values) != 1 or cmp.op not in ("=", ">=", ">") or cmp.unit in words()["amount_skip_units"]:
            return None  # 'up to 5 more', '3 times more': not a plain amount
        direction = comparatives[low[i + 1]]
        left, right = [*tokens[:i], *tokens[i + 2 : at]], tokens[at + 1 :]
        a = read(left, marks)
        b = _other_period(right, a, marks, read)
        if not a.words or b is None:
            return None
        if a.window is None and b.window is not None and b.window.relation != "previous":
            a = read([*left, *window_tokens(right, marks)], marks)  # 'more overall than on TV in May'
        a.measure = True
        sign = 1 if direction == ">" else -1
        op = direction if cmp.op == ">" else f"{direction}="
        if cmp.unit == "percent":
            factor = round(1 + sign * cmp.values[0] / 100, 6)
            return Relation(left=a, right=[b], op=op, factor=factor) if factor > 0 else None
        return Relation(left=a, right=[b], op=op, offset=sign * cmp.values[0], unit=cmp.unit)
    return None


def _other_period(right: list[str], left: Clause, marks: dict[str, object], read: Reader) -> Clause | None:
    """The side after 'than': its own measure ('than returns'), or the left's measure over the period
    it names ('than in the 30 days before'; 'than the 30 before' is as long as the left's window)."""
    b = read(right, marks)
    period = _period_words()
    if [w for w in b.words if w not in period and not w.isdigit()]:
        b.measure = True
        return b
    window = b.window
    before = words()["before_words"]
    if window is None and left.window is not None and any(t.lower() in before for t in right):
        said = [m.values[0] for t in right if isinstance(m := mark_of(t, marks), Comparison)]
        days = left.window.days
        if said and said[0] in {days / per for per in (1, 7, 30, 365)}:
            window = Window(days, "previous")  # 'the 30 before', 'the 4 before' after 'the last 4 weeks'
    if window is None or window.relation != "previous":
        return None
    nouns = [w for w in left.words if w not in period]
    return Clause(tokens=right, words=nouns, window=window, measure=True)


def _same_month(tokens: list[str], at: int, marks: dict[str, object], read: Reader) -> Relation | None:
    """'spent less last month than in the same month a year earlier': the last full calendar month's
    measure against the same measure of the month that many months before it."""
    low = lowered(tokens)
    word = next((w for w in low[:at] if w in _comparatives()), None)
    rest = low[at + 1 :]
    window = next((m for t in tokens[at + 1 :] if isinstance(m := mark_of(t, marks), Window)), None)
    if word is None or window is None or not all(w in rest for w in words()["same_month"]):
        return None
    a = read([t for t in tokens[:at] if t.lower() != word], marks)
    months = round(window.days / DAYS_PER_MONTH)
    if months < 1 or not all(w in a.words for w in words()["calendar_month"]):
        return None
    nouns = [w for w in a.words if w not in _period_words()]
    if not nouns:
        return None
    a.measure = True
    earlier = words()["earlier_month"].format(k=months + 1).split()
    b = Clause(tokens=[*nouns, *earlier], words=[*nouns, *earlier], measure=True)
    return Relation(left=a, right=[b], op=_comparatives()[word])


def _listed(tokens: list[str], at: int, marks: dict[str, object], read: Reader) -> Relation | None:
    """'spent more in store than on web and app combined': left > the sum of the same measure for each
    item listed, the left's own kind ('store', or what follows its preposition) replaced by the item."""
    low = lowered(tokens)
    word = next((w for w in low[:at] if w in _comparatives()), None)
    right = [t for t in tokens[at + 1 :] if not isinstance(mark_of(t, marks), Window)]
    said = next(
        (p for p in sorted(words()["combined_words"], key=len, reverse=True) if ends_with(lowered(right), p)),
        None,
    )
    if word is None or said is None:
        return None
    items = _items(right[: len(right) - len(said.split())])
    if len(items) < 2:
        return None
    left = [t for t in tokens[:at] if t.lower() != word]
    when = window_tokens(tokens, marks)  # 'app revenue in the last 90 days': every item's window too
    own = _own_kind(left, marks)
    parts = set(words()["share_parts"])
    common = [t for t in left if t.lower() not in own | parts and not t.startswith("⟦")]
    if not own or not common:
        return None
    a = read([*left, *[t for t in when if t not in left]], marks)
    a.measure = True
    sides = []
    for item in items:
        b = read([*common, *item, *when], marks)
        if not b.words:
            return None
        b.measure = True
        sides.append(b)
    return Relation(left=a, right=sides, op=_comparatives()[word])


def _items(right: list[str]) -> list[list[str]]:
    """The items listed ('web and app', 'web + app', 'web, app'); channels said side by side are items."""
    items: list[list[str]] = [[]]
    for token in right:
        if token.lower() in words()["list_separators"]:
            items.append([])
        elif token.lower() not in words()["share_parts"]:
            items[-1].append(token)
    items = [i for i in items if i]
    channels = words_of("channel_words")
    if len(items) == 1 and len(items[0]) >= 2 and all(t.lower() in channels for t in items[0]):
        return [[t] for t in items[0]]
    return items


def _own_kind(left: list[str], marks: dict[str, object]) -> set[str]:
    """What sets the left apart from the items: its channel words, else the words after its last
    preposition ('more on shoes': shoes)."""
    low = lowered(left)
    channels = words_of("channel_words")
    found = {w for w in low if w in channels}
    if found:
        return found
    parts = set(words()["share_parts"])
    last = max((i for i, w in enumerate(low) if w in parts), default=None)
    if last is None:
        return set()
    return {w for w in low[last + 1 :] if mark_of(w, marks) is None}
