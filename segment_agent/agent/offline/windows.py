"""Time windows in a goal: 'in the last 30 days', 'more than 180 days ago', 'this year', 'since March'.

Each becomes a marker for a Window of days relative to the database's as-of date (README: a week
is 7 days, a month 30, a quarter 90, a year and 12 months 365).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from segment_agent.agent.offline.marks import Marker, Window
from segment_agent.agent.offline.vocabulary import alternation, vocabulary

_NUM = r"\d+(?:\.\d+)?"


def _days(n: str | None, unit: str) -> int:
    units = vocabulary()["time_units"]
    count = 1.0 if n is None or n.lower() in ("a", "an", "one") else float(n)
    per_unit = units[unit.lower()]
    if per_unit == 30 and count % 12 == 0:  # 12 months is a year (365 days), not 360
        return round(count / 12 * units["year"])
    return max(1, round(count * per_unit))


# 'within 30 days of joining', '2 weeks after signup': a gap from another date, no look-back from today
_NOT_RELATIVE = r"(?!\s+(?:of|after|from)\s+(?!the\s+(?:last|past)\b))"


def mark_windows(text: str, marker: Marker, as_of: dt.date) -> str:
    """`text` with every time window replaced by a marker."""
    v = vocabulary()
    unit = rf"(?P<unit>{alternation(v['time_units'])})(?!\s*-?\s*olds?\b)"
    n = rf"(?P<n>{_NUM}|an?|one)"
    ago = alternation(v["ago_words"])
    before = alternation(v["previous_window"])

    def mark(relation: str) -> Callable[[re.Match[str]], str]:
        return lambda m: marker.put(Window(_days(m.group("n"), m.group("unit")), relation))

    text = _calendar(text, marker, as_of)
    patterns = [
        (
            rf"\b(?:in\s+|during\s+|over\s+)?the\s+{n}\s+{unit}\s+(?:{before})(?:\s+(?:that|then|it))?\b",
            "previous",
        ),
        (rf"(?<=than )(?:in\s+)?the\s+(?:previous|prior|preceding)\s+{n}\s+{unit}\b", "previous"),
        (rf"\b(?:less than|under|within|fewer than)\s+{n}\s+{unit}\s+(?:{ago})\b", "within"),
        (
            rf"\b(?:(?:more than|over|at least|longer than)\s+)?{n}\+?\s*{unit}\s+(?:or more\s+)?(?:{ago})\b",
            "older",
        ),
        (rf"\b(?:older than|before the last|prior to the last|earlier than)\s+{n}\s+{unit}\b", "older"),
        (rf"\b(?:{alternation(v['duration_openers'])})\s+{n}\s+{unit}\b", "duration"),
        (rf"\bin\s+(?:over|more than)\s+{n}\s+{unit}\b", "duration"),
        (rf"\b(?:{alternation(v['window_openers'])})\s+(?:{n}\s+)?{unit}(?![\w-]){_NOT_RELATIVE}", "within"),
        (
            rf"(?<![\w-])(?<!next )(?<!coming )(?<!following )(?<!upcoming )"
            rf"{n}\s+{unit}(?![\w-]){_NOT_RELATIVE}",
            "within",
        ),
    ]
    for pattern, relation in patterns:
        text = re.sub(pattern, mark(relation), text, flags=re.I)
    return text


def _calendar(text: str, marker: Marker, as_of: dt.date) -> str:
    """'this year', 'year to date', 'since March' -> the days from that start to the as-of date."""
    starts = {
        "year": dt.date(as_of.year, 1, 1),
        "month": as_of.replace(day=1),
        "quarter": dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1),
    }
    for phrase, period in vocabulary()["calendar"].items():
        window = Window(max(1, (as_of - starts[period]).days), "within")
        text = re.sub(
            rf"\b(?:in\s+|during\s+)?{alternation([phrase])}\b",
            lambda _m, w=window: marker.put(w),
            text,
            flags=re.I,
        )
    months = vocabulary()["months"]

    def since(m: re.Match[str]) -> str:
        month = months.index(m.group(1).lower()) + 1
        year = int(m.group(2)) if m.group(2) else as_of.year - (month > as_of.month)
        return marker.put(Window(max(1, (as_of - dt.date(year, month, 1)).days), "within"))

    return re.sub(
        rf"\bsince\s+(?:the\s+start\s+of\s+)?({alternation(months)})(?:\s+(\d{{4}}))?\b",
        since,
        text,
        flags=re.I,
    )
