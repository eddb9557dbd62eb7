"""Read the numbers of a goal: money, percentages, counts, comparisons and time windows.

`annotate` replaces each comparison ("more than 5", "between $25 and $34", "under 20%") and
each time window ("in the last 30 days", "more than 180 days ago", "this year") by a marker
such as ⟦c0⟧ or ⟦w1⟧, so clauses can be split safely and each clause knows its own numbers.
"""

from __future__ import annotations

import datetime as dt
import re

from segment_agent.agent.offline.marks import Annotated, Comparison, Marker
from segment_agent.agent.offline.vocabulary import alternation, phrase_regex, vocabulary
from segment_agent.agent.offline.windows import mark_windows
from segment_agent.tools.informal import expand_informal

_NUM = r"\d+(?:\.\d+)?"
_CUR = r"(?:us\$|\$|usd|€|£)"


def _units() -> str:
    v = vocabulary()
    words = [*v["percent_words"], *v["money_words"], *v["age_words"], *v["times_words"], *v["duration_units"]]
    return alternation(words)


def normalize(text: str) -> str:
    """Plain quotes and dashes, rewrites, '1,000' -> '1000', '$1.5k' -> '$1500', 'five' -> '5'."""
    v = vocabulary()
    text = first_read(text)
    text = re.sub(r"\s+--+\s+", ", ", text)  # a spaced double dash sets a remark apart, like a comma
    for phrase, replacement in sorted(v["rewrites"].items(), key=lambda p: -len(p[0])):
        text = re.sub(rf"(?<![\w-]){alternation([phrase])}(?![\w-])", replacement, text, flags=re.I)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    text = _symbols(text)
    text = re.sub(
        rf"(?<!year )(?<!month )(?<![\w-])(?:{alternation(v['all_time'])})(?![\w-])", " ", text, flags=re.I
    )

    text = re.sub(r"\s*(?:out of|on a scale of)\s+\d+", "", text, flags=re.I)
    mags = v["magnitudes"]

    def magnitude(m: re.Match[str]) -> str:
        value = float(m.group(2)) * mags[m.group(3).lower()]
        return f"{m.group(1) or ''}{value:.15g}" if value < 1e15 else m.group(0)

    words = "k|thousand|million|billion"
    text = re.sub(rf"({_CUR}\s*)?({_NUM})\s*({words})\b", magnitude, text, flags=re.I)
    text = re.sub(rf"({_CUR}\s*)({_NUM})\s*(m|mm|b)\b", magnitude, text, flags=re.I)
    text = re.sub(  # 'over the past 30d': a window said in shorthand after its opener
        r"\b(last|past|previous|prior)\s+(\d{1,3})([dwmy])\b",
        lambda m: f"{m.group(1)} {m.group(2)} {_UNIT_LETTERS[m.group(3).lower()]}",
        text,
        flags=re.I,
    )
    text = re.sub(
        r"\b(\d{1,3})-(day|week|month|year)s?\b", lambda m: m.group(1) + m.group(2)[0], text, flags=re.I
    )  # '12-month value' is a name, not a look-back window; so is 'the next 12 months' (a horizon)
    text = re.sub(
        r"\b(next|coming|following|upcoming)\s+(\d{1,3})\s+(day|week|month|year)s?\b",
        lambda m: f"{m.group(1)} {m.group(2)}{m.group(3)[0]}",
        text,
        flags=re.I,
    )
    text = _carried_unit(text)
    text = _ticket_topic(text)
    text = _person_age(text)
    # 'with auto-renew switched off': without it; 'turned on': with it
    text = re.sub(r"\bwith\s+([\w-]+)\s+(?:switched|turned|set)\s+off\b", r"without \1", text, flags=re.I)
    text = re.sub(r"\bwith\s+([\w-]+)\s+(?:switched|turned|set)\s+on\b", r"with \1", text, flags=re.I)
    # '$20 off', '15% off': the discount of an order
    text = re.sub(
        rf"\b((?:{_NUM_PREFIX})\s+)?({_CUR}\s*{_NUM}|{_NUM}\s*%)\s+off\b", r"discount \1\2", text, flags=re.I
    )
    text = _single(text)
    # 'reachable by text or by push': the second alternative is said with the same head
    text = re.sub(r"\b(\w+)\s+(by|via|through)\s+(\w+)\s+or\s+\2\s+", r"\1 \2 \3 or \1 \2 ", text, flags=re.I)
    numbers = {k: v for k, v in v["number_words"].items() if k != "one"}

    def number(m: re.Match[str]) -> str:
        value = numbers[m.group(1).lower()]
        return f"{value} times" if m.group(1).lower() in ("once", "twice", "thrice") else str(value)

    text = re.sub(rf"(?<![\w-])({alternation(numbers)})(?![\w-])", number, text, flags=re.I)
    text = re.sub(r"\blast\s+seen\s+(\w+ing)\b", r"last \1", text, flags=re.I)  # 'last seen watching'
    unit = r"(?:days?|weeks?|months?|years?)"
    text = re.sub(  # 'between six months and a year ago', 'between 3 and 6 months ago': older, yet within
        rf"\b(?:between\s+(\d+|an?)(?:\s+({unit}))?\s+and|(\d+)(?:\s+({unit}))?\s+(?:to|-))\s+(\d+|an?)\s+({unit})"
        rf"\s+(?:{alternation(v['ago_words'])})\b",
        lambda m: (
            f"more than {m.group(1) or m.group(3)} {m.group(2) or m.group(4) or m.group(6)} ago "
            f"and in the last {m.group(5)} {m.group(6)}"
        ),
        text,
        flags=re.I,
    )
    text = re.sub(  # 'in the last 48 hours': windows are read in whole days
        r"\b(last|past)\s+(\d+)\s+hours?\b",
        lambda m: f"{m.group(1)} {max(1, -(-int(m.group(2)) // 24))} days",
        text,
        flags=re.I,
    )
    one_after = r"(?:more than|at least|less than|fewer than|over|under|exactly|only|just)"
    text = re.sub(rf"\b({one_after})\s+(?:one|an?(?=\s+(?:hour|minute)s?\b))\b", r"\1 1", text, flags=re.I)
    for phrase, replacement in v["calendar_rewrites"].items():  # spelled out, so no window is read in them
        text = re.sub(rf"(?<!the )(?<!this )\b{alternation([phrase])}\b", replacement, text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


_NUM_PREFIX = r"more than|over|at least|under|less than|above|below"
_UNIT_LETTERS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def _carried_unit(text: str) -> str:
    """'... over the next 12 months than they spent in the last 12': a bare number after 'the last' is a
    window in the unit said before it, not an amount."""

    def add(m: re.Match[str]) -> str:
        said = re.findall(r"\b\d+\s*(days?|weeks?|months?|years?|[dwmy])\b", text[: m.start()], flags=re.I)
        if not said:
            return m.group(0)
        unit = said[-1].lower()
        return f"{m.group(0)} {_UNIT_LETTERS.get(unit, unit.rstrip('s') + 's')}"

    ending = r"(?=\s*(?:[,.;)]|$|\s(?:and|or|but)\b))"
    text = re.sub(rf"\bthe\s+(?:last|past|previous|prior)\s+\d+{ending}", add, text, flags=re.I)
    return re.sub(r"\bthe\s+\d+(?=\s+(?:before|prior|previous|earlier)\b)", add, text, flags=re.I)


def _person_age(text: str) -> str:
    """'customers under 30', 'women over 65': a bare number said of people is their age."""
    people = alternation([*vocabulary()["population_nouns"], "women", "men", "adults"])
    return re.sub(
        rf"\b({people})\s+(under|over|below|above)\s+(\d{{1,2}})\b(?!\s*(?:%|[$\w]))",
        r"\1 aged \2 \3",
        text,
        flags=re.I,
    )


def _ticket_topic(text: str) -> str:
    """'returns tickets', 'order tickets': an event word before what support handles is the topic of the
    ticket ('tickets about returns'), not an event of its own."""
    spec = vocabulary()["events"]["ticket"]
    nouns = [str(n) for n in spec["nouns"] if len(str(n).split()) == 1]
    others = {str(v).lower() for k, e in vocabulary()["events"].items() if k != "ticket" for v in e["verbs"]}

    def swap(m: re.Match[str]) -> str:
        return f"support {m.group(2)} about {m.group(1)}" if m.group(1).lower() in others else m.group(0)

    return re.sub(rf"\b([a-z]+)\s+({alternation(nouns)})\b", swap, text, flags=re.I)


def _symbols(text: str) -> str:
    """'LTV < $75', '>= 3 orders': comparison signs before a number read as words; '1997 or later'
    as 'since 1997'."""
    signs = {"<=": "at most", "=<": "at most", "≤": "at most", ">=": "at least", "=>": "at least",
             "≥": "at least", "<": "less than", ">": "more than"}  # fmt: skip
    pattern = "|".join(re.escape(s) for s in sorted(signs, key=len, reverse=True))
    text = re.sub(
        rf"\s*({pattern})\s*(?=(?:{_CUR})?\s*\d)", lambda m: f" {signs[m.group(1)]} ", text, flags=re.I
    )
    text = re.sub(r"\b((?:19|20)\d\d)\s+or\s+(?:later|after|since)\b", r"since \1", text, flags=re.I)
    return re.sub(r"\b((?:19|20)\d\d)\s+or\s+(?:earlier|before)\b", r"until \1", text, flags=re.I)


def first_read(text: str) -> str:
    """Plain quotes and dashes, chat shorthand written out ('custs w/' -> 'customers with')."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return expand_informal(re.sub(r"[–—]", "-", text))


def _same_window(text: str) -> str:
    """'... in the last 30 days who haven't opened one in that time': the window marked before."""

    def again(m: re.Match[str]) -> str:
        before = re.findall(r"⟦w\d+⟧", text[: m.start()])
        return f" {before[-1]} " if before else m.group(0)

    return phrase_regex("same_window").sub(again, text)


def _single(text: str) -> str:
    """'only a single profile' is one; 'not a single email' is none at all, so any."""
    negation = phrase_regex("negations")

    def swap(m: re.Match[str]) -> str:
        before = " ".join(text[: m.start()].split()[-4:])
        if negation.search(before):
            return " any "
        # 'a single order over $400': one order's own amount, not a count of orders
        return (
            " a "
            if re.match(rf"\s+[\w-]+\s+(?:over|under|above|below|of)\s+{_CUR}", text[m.end() :], re.I)
            else " 1 "
        )

    return re.sub(r"\s+a\s+single(?=\s)", swap, text, flags=re.I)


def annotate(text: str, as_of: dt.date | None = None) -> Annotated:
    """Markers for every time window and comparison of `text` (already normalized)."""
    marker = Marker()
    text = _same_window(mark_windows(text, marker, as_of or dt.date.today()))
    text = _comparisons(text, marker)
    return Annotated(re.sub(r"\s+", " ", text).strip(), marker.marks)


def quantity(text: str) -> tuple[float, str | None]:
    """'$1500' -> (1500, 'money'); '40%' -> (40, 'percent'); '34 years old' -> (34, 'age')."""
    v = vocabulary()
    value = float(re.search(_NUM, text).group(0))  # type: ignore[union-attr]
    low = text.lower()
    if re.search(_CUR, low) or any(re.search(rf"\b{w}\b", low) for w in v["money_words"]):
        return value, "money"
    if "%" in low or any(w in low for w in ("percent", "per cent", "pct")):
        return value, "percent"
    if any(w in low for w in v["age_words"]):
        return value, "age"
    if re.search(rf"\b(?:{alternation(v['times_words'])})\b", low):
        return value, "times"
    duration = next((u for u in v["duration_units"] if re.search(rf"\b{u}\b", low)), None)
    if duration is not None:  # durations are read in minutes; forms.compare converts to the field's unit
        return value * v["duration_units"][duration], "minutes"
    return value, None


def _comparisons(text: str, marker: Marker) -> str:
    v = vocabulary()
    qty = rf"(?:{_CUR}\s*)?{_NUM}(?:\s*(?:{_units()})(?![\w]))?"
    prefix, suffix = alternation(v["comparators"]["prefix"]), alternation(v["comparators"]["suffix"])

    def put(op: str, parts: list[str], age: bool = False) -> str:
        # '6 to 12 hours', '18 to 25 years old': a unit said once is every number's
        said = next((u for p in reversed(parts) if (u := re.sub(_NUM, "", p, count=1).strip())), "")
        found = [quantity(p if re.sub(_NUM, "", p, count=1).strip() else f"{p} {said}") for p in parts]
        unit = next((u for _, u in found if u), "age" if age else None)
        return marker.put(Comparison(op, tuple(q for q, _ in found), unit))

    def ranked(m: re.Match[str]) -> str:
        share = float(m.group(2)) / 100
        top = m.group(1).lower() in ("top", "highest", "best")
        return marker.put(
            Comparison(">=" if top else "<", (round(1 - share if top else share, 4),), "percentile")
        )

    text = re.sub(
        rf"\b(top|highest|best|bottom|lowest|worst)\s+({_NUM})\s*(?:%|percent)", ranked, text, flags=re.I
    )
    ops = v["comparators"]
    year = r"((?:19|20)\d\d)(?![\w.])"
    rules: list[tuple[str, object]] = [
        (r"\b(?:in\s+the\s+)?((?:19|20)\d0)'?s\b", lambda m: _decade(marker, m)),
        (rf"\b(?:{alternation(v['year_comparators'])})\s+{year}", lambda m: _year(marker, m)),
        (
            rf"\bbetween\s+({qty})\s+(?:and|to|-)\s+({qty})",
            lambda m: put("between", [m.group(1), m.group(2)]),
        ),
        (
            rf"\bfrom\s+({qty})\s+(?:to|-|through|until)\s+({qty})",
            lambda m: put("between", [m.group(1), m.group(2)]),
        ),
        (
            rf"(?<![\w.])({qty})\s*(?:-|to|through)\s*({qty})",
            lambda m: put("between", [m.group(1), m.group(2)]),
        ),
        (
            rf"(?<![\w.])({qty}(?:\s*,\s*{qty})*)\s*,?\s+or\s+({qty})(?!\s*(?:{suffix}))",
            lambda m: put("in", [*re.split(r"\s*,\s*", m.group(1)), m.group(2)]),
        ),
        (
            rf"\b(aged\s+|older\s+|younger\s+)?({prefix})\s+(?:an?\s+)?({qty})",  # 'at least a 50% chance'
            lambda m: put(_op(ops["prefix"], m.group(2)), [m.group(3)], _aged(m.group(1), m.group(2))),
        ),
        (
            rf"(\baged\s+)?(?<![\w.])({qty})\s*({suffix})\b",
            lambda m: put(_op(ops["suffix"], m.group(3)), [m.group(2)], _aged(m.group(1), m.group(3))),
        ),
        (rf"(?<![\w.])({qty})\s*\+", lambda m: put(">=", [m.group(1)])),
        # a bare number after "in"/"on" names a format ("in 4K", "on 5G"), no amount
        (rf"(?<![\w.⟦])(?<!\bin )(?<!\bon )({qty})(?![\w.⟧])", lambda m: put("=", [m.group(1)])),
    ]
    for pattern, callback in rules:
        text = re.sub(pattern, callback, text, flags=re.I)  # type: ignore[call-overload]
    return text


def _year(marker: Marker, m: re.Match[str]) -> str:
    """'born before 1970', 'released after 2015', 'since 2020': a calendar year compared."""
    phrase = re.sub(r"[\s\-]+", " ", m.group(0).rsplit(None, 1)[0].lower())
    op = vocabulary()["year_comparators"][phrase]
    return marker.put(Comparison(op, (float(m.group(1)),), "year"))


def _aged(before: str | None, phrase: str) -> bool:
    """'aged 30 or more', 'older than', 'or younger': the comparison is about an age."""
    return bool(before) or bool(re.search(r"\b(?:older|younger)\b", phrase, re.I))


def _decade(marker: Marker, m: re.Match[str]) -> str:
    """'born in the 1970s': the ten calendar years of a decade."""
    start = float(m.group(1))
    return marker.put(Comparison("between", (start, start + 9), "year"))


def _op(table: dict[str, str], phrase: str) -> str:
    key = re.sub(r"[\s\-]+", " ", phrase.lower())
    return table[key]
