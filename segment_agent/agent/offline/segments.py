"""Requests for several segments: 'split X into gold and platinum', 'A vs B', 'one for A and one for B'.

Each segment becomes its own text: the shared part (the base) plus one item, in the order
the goal lists them. A single-word item borrows the words that follow the last item
('gold or platinum members' -> 'gold members', 'platinum members').
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from segment_agent.agent.offline.vocabulary import alternation, vocabulary

_COUNT = r"(?:\d+|two|three|four|five|six|several|multiple|separate|distinct|different)"


@dataclass(frozen=True)
class SegmentText:
    """One requested segment: its item (what sets it apart) and the base shared by all segments."""

    item: str
    base: str = ""
    dimension: str = ""

    @property
    def text(self) -> str:
        """The whole segment as one phrase for parsing."""
        if not self.base:
            return self.item
        return f"{self.base}, {self.item}"


def split_segments(goal: str) -> list[SegmentText]:
    """The segments a goal asks for, in order; one segment when it asks for one."""
    v = vocabulary()["splits"]
    nouns = alternation(v["segment_nouns"])
    versus = alternation(v["versus"])
    verbs = alternation(v["verbs"])
    text, said_dimension = _request(goal)

    # "one segment for A and one for B"
    parts = re.split(rf"\b(?:{alternation(v['one_for'])})\s+", text, flags=re.I)
    if len(parts) >= 3:
        items = [re.sub(r"[\s,;]*(?:\band\b|\bthen\b)?[\s,;]*$", "", p, flags=re.I) for p in parts[1:]]
        head = re.sub(
            rf"^(?:please\s+)?(?:{verbs}|give me|create|build|make|i want|i need)\b.*$",
            "",
            parts[0],
            flags=re.I,
        )
        return _items([p for p in items if p.strip()], head)

    # "split X into (two segments[,:]) A and B" / "split X by Y: A vs B" / "three segments: A, B and C"
    into = (  # 'into' before 'in': 'split customers in Texas into men and women'
        re.match(
            rf"^(?:please\s+)?(?:{verbs})\s+(?:up\s+)?(?:(?P<base>.*?)\s+)??{word}\s+(?!(?:the\s+)?(?:last|past|previous|prior)\b)(?:{_COUNT}\s+)*(?:{nouns})?"
            rf"\s*(?:by\s+(?P<dim>[\w\s]+?))?[,:]?\s*(?P<items>.+)$",
            text,
            flags=re.I,
        )
        for word in ("into", "in")
    )
    m = next((found for found in into if found), None)
    m = m or re.match(
        rf"^(?:please\s+)?(?:{verbs})\s+(?P<base>.*?)\s+by\s+(?P<dim>[\w\s-]+?)(?:[,:(]\s*|\s+into\s+)(?P<items>.+?)\)?$",
        text,
        flags=re.I,
    )
    m = m or re.match(
        rf"^(?P<pre>.*?)\b(?:{_COUNT}\s+)+(?:{nouns})(?:\s+(?:of|for|from)\s+(?P<base>[^:,]+?))?\s*:\s*(?P<items>.+)$",
        text,
        flags=re.I,
    )
    # 'Two segments, A and B': a comma will do when the request opens the goal
    m = m or re.match(
        rf"^(?:(?:please\s+)?(?:{_ASK})\s+)?(?:{_COUNT}\s+)+(?:{nouns})"
        rf"(?:\s+by\s+(?P<dim>[\w\s-]+?))?\s*[,:]\s*(?P<items>.+)$",
        text,
        flags=re.I,
    )
    # 'one segment per European market, please: the UK, then Germany, then France'
    m = m or re.match(
        rf"^(?:.*?\b)?(?:one\s+)?(?:{nouns})\s+(?:per|for each|for every)\s+"
        rf"(?P<dim>[^:]+?)\s*:\s*(?P<items>.+)$",
        text,
        flags=re.I,
    )
    if m and len(_list(_each(m.group("items")))) >= 2:
        dimension = m.groupdict().get("dim") or said_dimension
        base = re.sub(r"\s+(?:out|up)$", "", m.groupdict().get("base") or "", flags=re.I)
        return _items(_list(_each(m.group("items"))), base, dimension)

    # "A and B separately", "separate segments for A and B"
    sep = rf"{alternation(v['separately'])}|as\s+(?:{_COUNT}\s+)*(?:{nouns})"
    lead = rf"(?:please\s+)?(?:{verbs})(?:\s+(?:out|up))?\s+(?:(?:our|the|my|all)\s+)?"
    m = re.match(rf"^(?:{lead})?(?P<items>.+?)\s*,?\s*(?:{sep})$", text, flags=re.I) or re.match(
        rf"^.*?\b(?:separate|distinct|individual)\s+(?:{nouns})\s+(?:for|of)\s+(?P<items>.+)$",
        text,
        flags=re.I,
    )
    if m and len(_list(m.group("items"))) >= 2:
        return _items(_list(m.group("items")), "")

    # "A vs B"
    pieces = re.split(rf"\s+(?:{versus})\s+", text, flags=re.I)
    if len(pieces) >= 2:
        return _items(pieces, "")
    return [SegmentText(item=goal.strip())]


_ASK = r"give me|get me|can i get|can you get|create|build|make|i want|i need|want|need|pull"


def _request(goal: str) -> tuple[str, str]:
    """The goal as a request is matched: without 'please', a spaced dash read as a colon ('3 lists --
    A, B'), and a closing '(by genre)' taken out as the dimension said."""
    text = re.sub(r"[\s,]*\bplease\b[\s,]*", " ", goal.strip().rstrip(".!"), flags=re.I).strip()
    text = re.sub(r"\s+-{1,2}\s+|\s*--\s*", ": ", text)
    found = re.search(r"\s*\((?:by|per)\s+([^()]+)\)$", text, flags=re.I)
    return (text[: found.start()], found.group(1).strip()) if found else (text, "")


def _each(items: str) -> str:
    """'one segment each for A, B and C' lists A, B and C."""
    nouns = alternation(vocabulary()["splits"]["segment_nouns"])
    return re.sub(
        rf"^(?:one\s+(?:(?:{nouns})\s+)?(?:each\s+)?for(?:\s+each)?|(?:{nouns})\s+for)\s+",
        "",
        items,
        flags=re.I,
    )


def _list(text: str) -> list[str]:
    """'A, B and C' / 'A vs B' / 'A or B' -> [A, B, C]."""
    versus = alternation(vocabulary()["splits"]["versus"])
    hidden = {",": "\x00", " and ": "\x01", " or ": "\x02"}  # a parenthesis is part of its item

    def hide(m: re.Match[str]) -> str:
        return "".join(hidden.get(c, c) for c in re.split(r"(,| and | or )", m.group(0)))

    text = re.sub(r"\([^()]*\)", hide, text)
    parts = re.split(
        rf"\s*(?:,\s*(?:and|or|then)?|;|\band\b|\bor\b|\bthen\b|\b(?:{versus})\b)\s*",
        text.strip(" ."),
        flags=re.I,
    )
    shown = [functools.reduce(lambda p, kv: p.replace(kv[1], kv[0]), hidden.items(), p) for p in parts]
    shown = [re.sub(r"\s+(?:first|second|third|next|last)$", "", p.strip(" ."), flags=re.I) for p in shown]
    return [p for p in shown if p]  # 'card first, then paypal': the order said, not the item


def _items(items: list[str], base: str, dimension: str = "") -> list[SegmentText]:
    """Segments for the items; single-word items borrow the words after the last item's first word."""
    base = re.sub(r"\b(?:our|my|the|all|of)\s*$", "", base.strip(" ,:"), flags=re.I).strip(" ,:")
    tail = items[-1].split()[1:]
    if any(w[:1].isupper() for w in tail):  # 'New York' is one name: nothing to borrow
        tail = []
    if any(_DEFINED.match(item) for item in items):  # 'high (0.7 or more)': the definition is the item
        items = [(d.group(2) if (d := _DEFINED.match(item)) else item) for item in items]
        base, dimension = f"{base} {dimension}".strip(), ""
        return [SegmentText(item=f"{base} {item}".strip()) for item in items]
    window = _shared_window(items)
    lead = _lead(items[0])
    out = []
    for item in items:
        if lead and item is not items[0] and re.match(rf"(?:{_PREPOSITIONS})\s", item, flags=re.I):
            item = f"{lead} {item}"  # 'born in the 1970s, in the 1980s'
        words = item.strip(" ,.").split()
        if len(words) == 1 and tail:
            words = words + tail
        said = " ".join(words)
        if window and not said.endswith(window):
            said = f"{said} {window}"
        out.append(SegmentText(item=said, base=base, dimension=dimension.strip()))
    return out


_DEFINED = re.compile(r"^([\w\s'-]+?)\s*\((.+)\)$")
_PREPOSITIONS = r"in|on|at|from|with|via|through|by|under|over|before|after"


def _lead(first: str) -> str:
    """The words of the first item before its first prepositional phrase ('members born' in 'members
    born in the 1970s'), which items that are only such a phrase share; empty when it has none."""
    found = re.search(rf"\s(?:{_PREPOSITIONS})\s", first, flags=re.I)
    return first[: found.start()].strip() if found else ""


def _shared_window(items: list[str]) -> str:
    """'on a phone, on a tablet and in a web browser during the last 7 days': a look-back said once,
    after the last item, is every item's when no other item says one."""
    openers = [str(o) for o in vocabulary()["window_openers"] if len(str(o).split()) >= 3]
    found = re.search(rf"\s(?:{alternation(openers)})\s+(?:\d+\s+)?\w+s?$", items[-1], flags=re.I)
    others = re.compile(rf"\b(?:{alternation(openers)})\b", flags=re.I)
    if found is None or len(items) < 2 or any(others.search(item) for item in items[:-1]):
        return ""
    return found.group(0).strip()
