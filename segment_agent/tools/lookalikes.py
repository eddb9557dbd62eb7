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
from functools import lru_cache

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

MIN_NAME_OVERLAP = 0.6  # Jaccard of concept words: {purchase} vs {coupon, purchase} is another measure
MIN_FAMILY = 4  # a name slot filled by this many different words is a family slot (category, channel)
MAX_RARE = 3  # a concept word in at most this many names of the table is distinctive
_KIND_GROUPS = {"date": "time", "timestamp": "time"}
_RECENCY_WORDS = {"since", "ago", "recency"}
# Words that point from one field to another as an alternative, not as an ingredient of a formula.
_POINTERS = r"(?:use|see|not|instead\s+of|rather\s+than|unlike|versus|vs\.?|replaced\s+by|replaces|successor)"


def find_lookalikes(field: str | FieldInfo, catalog: Catalog) -> list[FieldInfo]:
    """Fields of the same table that measure nearly the same thing as `field`, closest first."""
    target = field if isinstance(field, FieldInfo) else catalog.field(field)
    if target is None:
        raise UserError(f"Unknown field {field}.", "Use 'table.column' from segment-agent catalog search.")
    table = [f for f in catalog.fields if f.table == target.table]
    context = _context(tuple(f.column for f in table))
    others = [f for f in table if f.column != target.column and f.name != catalog.entity]
    scored = [(context.score(target, other), other) for other in others]
    return [f for s, f in sorted(scored, key=lambda p: (-p[0], p[1].column)) if s > 0]


@lru_cache(maxsize=8)
def _context(columns: tuple[str, ...]) -> _Context:
    """The table's name analysis, computed once per set of column names."""
    return _Context(columns)


class _Context:
    """What the whole table's names tell: concept words, family slots, word rarity."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.parts = {c: read_name(c) for c in columns}
        self.qualifiers = _family_qualifiers(list(columns))
        self.frequency = Counter(word for p in self.parts.values() for word in p.concept)

    def score(self, a: FieldInfo, b: FieldInfo) -> float:
        """0 when not look-alikes; higher is closer (replacement 3, pointed to 2, mentioned 1.5, name 1-2)."""
        if _replaces(a, b) or _replaces(b, a):
            return 3.0
        pa, pb = self.parts[a.column], self.parts[b.column]
        if not _same_window(pa, pb) or not self._same_family_slot(a.column, b.column):
            return 0.0
        if _names(a, b) or _names(b, a):
            return 2.0
        if self._contrasts(a, pb) or self._contrasts(b, pa):
            return 1.5
        if not _comparable(a, b):
            return 0.0
        if pa.concept & pb.concept and (self._mentions(a, pb) or self._mentions(b, pa)):
            return 1.5
        # A forecast compares with what it forecasts: clv_predicted_12m ~ lifetime_value.
        ca, cb = pa.concept - vocabulary().forecast, pb.concept - vocabulary().forecast
        overlap = len(ca & cb) / len(ca | cb) if ca | cb else 0.0
        return 1.0 + overlap if overlap >= MIN_NAME_OVERLAP else 0.0

    def _same_family_slot(self, a: str, b: str) -> bool:
        """Family words ('camping' in purchases_camping_12m) must be in both names, numbers must be equal."""
        pa, pb = self.parts[a], self.parts[b]
        if _numbers(pa) != _numbers(pb):
            return False
        qa, qb = self.qualifiers.get(a, set()), self.qualifiers.get(b, set())
        return qa <= pb.concept and qb <= pa.concept

    def _distinctive(self, named: NameParts) -> bool:
        return bool(named.concept) and all(self.frequency[w] <= MAX_RARE for w in named.concept)

    def _mentions(self, described: FieldInfo, named: NameParts) -> bool:
        """The description uses every (distinctive) concept word of the other name."""
        return self._distinctive(named) and named.concept <= text_concepts(described.description or "")

    def _contrasts(self, described: FieldInfo, named: NameParts) -> bool:
        """The description sets itself apart from the other name's concept ('a value decline, not churn')."""
        text = described.description or ""
        return self._mentions(described, named) and any(
            concept_word(m.group().lower(), vocabulary()) in named.concept and is_negated(text, m.span())
            for m in re.finditer(r"[A-Za-z0-9_]+", text)  # do_not_contact is one word, not a negation
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
    """Same kind of value (number, string, boolean, time); numbers: same declared unit, rates with rates."""
    if _kind(a) != _kind(b):
        return False
    if _kind(a) != "number":
        return True
    if a.unit and b.unit and a.unit.strip().lower() != b.unit.strip().lower():
        return False
    return _is_rate(a) == _is_rate(b) or None in (_is_rate(a), _is_rate(b))


def _kind(f: FieldInfo) -> str:
    kind = _KIND_GROUPS.get(type_kind(f.type), type_kind(f.type))
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
    """For each column, the concept words in a family slot: one or two words that many names vary in,
    between words that say what is measured (purchases_*_12m, affinity_*; not *_12m or *_date)."""
    tokens = {c: split_name(c) for c in columns}
    fillers: dict[tuple[tuple[str, ...], tuple[str, ...]], set[tuple[str, ...]]] = defaultdict(set)
    for parts in tokens.values():
        for (i, j), slot in _slots(parts):
            fillers[slot].add(tuple(parts[i:j]))
    out: dict[str, set[str]] = {}
    for column, parts in tokens.items():
        family = [
            w
            for (i, j), (before, after) in _slots(parts)
            if len(fillers[(before, after)]) >= MIN_FAMILY and read_name("_".join(before + after)).concept
            for w in parts[i:j]
        ]
        words = read_name("_".join(family)).concept if family else frozenset()
        if words:
            out[column] = set(words)
    return out


def _numbers(parts: NameParts) -> set[str]:
    """The numbers in a name (x_attr_001 and x_attr_002 are different columns)."""
    return {str(int(t)) for t in parts.base if t.isdigit()}


def _slots(parts: list[str]) -> list[tuple[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Every one- or two-word middle of a name with the words around it (at least one around)."""
    return [
        ((i, j), (tuple(parts[:i]), tuple(parts[j:])))
        for i in range(len(parts))
        for j in range(i + 1, min(i + 2, len(parts)) + 1)
        if i > 0 or j < len(parts)
    ]
