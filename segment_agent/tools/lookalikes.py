"""Find the look-alikes of a field: other columns a marketer could mistake it for.

General rules, no list of known pairs: a deprecated field names its replacement (both ways);
names that read as the same concept over the same time window (purchase_count ~ num_orders,
ltv ~ lifetime_value); a description that names the other field or its distinctive concept
('value decline, not churn'). Members of a family that differ by their family slot
(purchases_camping_12m vs purchases_running_12m) are not look-alikes, nor are different windows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import type_kind
from segment_agent.tools.field_words import (
    NameParts,
    concept_word,
    read_name,
    split_name,
    text_concepts,
    vocabulary,
)
from segment_agent.tools.phrase_match import is_negated

MIN_NAME_OVERLAP = 0.5  # Jaccard of concept words: {value} vs {value, predict} is still a look-alike
MIN_FAMILY = 4  # a name slot filled by this many different words is a family slot (category, channel)
MAX_RARE = 3  # a concept word in at most this many names of the table is distinctive
_KIND_GROUPS = {
    "number": "number", "string": "label", "boolean": "label", "date": "time", "timestamp": "time",
}  # fmt: skip
_RECENCY_WORDS = {"since", "ago", "recency"}
# Words that point from one field to another as an alternative, not as an ingredient of a formula.
_POINTERS = r"(?:use|see|not|instead\s+of|rather\s+than|unlike|versus|vs\.?|replaced\s+by|replaces|successor)"


def find_lookalikes(field: str | FieldInfo, catalog: Catalog) -> list[FieldInfo]:
    """Fields of the same table that measure nearly the same thing as `field`, closest first."""
    target = field if isinstance(field, FieldInfo) else catalog.field(field)
    if target is None:
        raise UserError(f"Unknown field {field}.", "Use 'table.column' from segment-agent catalog search.")
    table = [f for f in catalog.fields if f.table == target.table]
    context = _Context(table)
    others = [f for f in table if f.column != target.column and f.name != catalog.entity]
    scored = [(context.score(target, other), other) for other in others]
    return [f for s, f in sorted(scored, key=lambda p: (-p[0], p[1].column)) if s > 0]


class _Context:
    """What the whole table tells about each name: concept words, family slots, word rarity."""

    def __init__(self, fields: list[FieldInfo]) -> None:
        self.parts = {f.column: read_name(f.column) for f in fields}
        self.qualifiers = _family_qualifiers([f.column for f in fields])
        self.frequency = Counter(word for p in self.parts.values() for word in p.concept)

    def score(self, a: FieldInfo, b: FieldInfo) -> float:
        """0 when not look-alikes; higher is closer (replacement 3, named in a description 2, name ~1-2)."""
        if _replaces(a, b) or _replaces(b, a):
            return 3.0
        pa, pb = self.parts[a.column], self.parts[b.column]
        if not _same_window(pa, pb) or not self._same_family_slot(a.column, b.column):
            return 0.0
        if _names(a, b) or _names(b, a):
            return 2.0
        if self._mentions(a, pb, _comparable(a, b)) or self._mentions(b, pa, _comparable(a, b)):
            return 1.5
        union = pa.concept | pb.concept
        overlap = len(pa.concept & pb.concept) / len(union) if union else 0.0
        return 1.0 + overlap if overlap >= MIN_NAME_OVERLAP and _comparable(a, b) else 0.0

    def _same_family_slot(self, a: str, b: str) -> bool:
        """Family words (the 'camping' of purchases_camping_12m) must be shared to compare two names."""
        qa, qb = self.qualifiers.get(a, set()), self.qualifiers.get(b, set())
        return qa <= self.parts[b].concept and qb <= self.parts[a].concept

    def _mentions(self, described: FieldInfo, named: NameParts, comparable: bool) -> bool:
        """The description uses every distinctive concept word of the other name.

        Values of another kind count only when contrasted ('a value decline, not churn').
        """
        words, text = named.concept, described.description or ""
        if not words or any(self.frequency[w] > MAX_RARE for w in words) or not words <= text_concepts(text):
            return False
        return comparable or any(
            concept_word(m.group().lower(), vocabulary()) in words and is_negated(text, m.span())
            for m in re.finditer(r"[A-Za-z0-9]+", text)
        )


def _replaces(old: FieldInfo, new: FieldInfo) -> bool:
    return old.replaced_by is not None and old.replaced_by in (new.name, new.column)


def _names(described: FieldInfo, other: FieldInfo) -> bool:
    """The description points to the other column as an alternative ('see lifetime_value')."""
    if not described.description or "_" not in other.column:
        return False
    pattern = rf"\b{_POINTERS}\s+(?:the\s+)?{re.escape(other.column)}(?!\w)"
    return re.search(pattern, described.description, re.IGNORECASE) is not None


def _same_window(a: NameParts, b: NameParts) -> bool:
    """Same window; or all-time vs the same name with a window; or a forecast vs all-time."""
    if a.window == b.window:
        return True
    if a.window and b.window:
        return False
    return a.base == b.base or (a.forecast and not b.window) or (b.forecast and not a.window)


def _comparable(a: FieldInfo, b: FieldInfo) -> bool:
    """Same kind of value (number, label, time), same unit when both are declared, rates with rates."""
    if _kind(a) != _kind(b):
        return False
    if a.unit and b.unit and a.unit.strip().lower() != b.unit.strip().lower():
        return False
    return _is_rate(a) == _is_rate(b) or None in (_is_rate(a), _is_rate(b))


def _kind(f: FieldInfo) -> str:
    kind = _KIND_GROUPS.get(type_kind(f.type), "other")
    # 'days since last purchase' is a date told as a number of days.
    return "time" if kind == "number" and _RECENCY_WORDS & set(split_name(f.column)) else kind


def _is_rate(f: FieldInfo) -> bool | None:
    """True for a fraction (0..1 with decimals), False for other numbers, None when not profiled."""
    if type_kind(f.type) != "number" or f.profile.min is None or f.profile.max is None:
        return None
    try:
        low, high = float(f.profile.min), float(f.profile.max)
    except ValueError:
        return None
    fractional = not f.type.upper().startswith(("INT", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "U"))
    return fractional and low >= 0.0 and high <= 1.0


def _family_qualifiers(columns: list[str]) -> dict[str, set[str]]:
    """For each column, the concept words sitting in a family slot (a position many names vary in)."""
    tokens = {c: split_name(c) for c in columns}
    fillers: dict[tuple[tuple[str, ...], tuple[str, ...]], set[str]] = defaultdict(set)
    for parts in tokens.values():
        for i, word in enumerate(parts):
            fillers[_slot(parts, i)].add(word)
    out: dict[str, set[str]] = {}
    for column, parts in tokens.items():
        slots = [w for i, w in enumerate(parts) if len(fillers[_slot(parts, i)]) >= MIN_FAMILY]
        words = read_name("_".join(slots)).concept if slots else frozenset()
        if words:
            out[column] = set(words)
    return out


def _slot(parts: list[str], i: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The name around position i: purchases_camping_12m at 1 -> (('purchases',), ('12m',))."""
    return tuple(parts[:i]), tuple(parts[i + 1 :])
