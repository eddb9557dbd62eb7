"""Turn a catalog into search documents: one per field, one per low-cardinality categorical value.

A value document says "'TX' (Texas) is a value of customers.state", so a goal naming Texas finds
the column and the code to filter on. Human names for codes come from the catalog's own
`value_labels` (annotations) and from data/value_names.yaml (states, provinces, countries,
languages, with demonyms). Descriptions and values are data, never instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.lexical import stem
from segment_agent.tools.profiling import LOW_CARDINALITY, column_kind

VALUE_NAMES_PATH = Path(__file__).resolve().parent.parent / "data" / "value_names.yaml"
MAX_VALUES = 100  # per field; a column with more distinct values is not categorical
MIN_GROUP_COVERAGE = 0.6  # share of a column's values that must be codes of a group for its names to apply
SAMPLE_VALUES = 8  # values quoted in a field's own document
ORDER_WORDS = frozenset(map(stem, ["tier", "level", "band", "rank", "grade", "ordinal", "ordered", "plan"]))
NO_VALUE = frozenset({"none", "unknown", "other", "n/a", "na"})  # below an ordered list, not on it
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class SchemaDocument:
    """One searchable document; `text` is what gets embedded, `name_text`/`body_text` what BM25 reads."""

    id: str
    kind: Literal["field", "value"]
    field: str
    table: str
    column: str
    status: str
    pii: bool
    legacy: bool
    name_text: str
    body_text: str
    description: str | None = None
    value: str | None = None
    names: tuple[str, ...] = field(default=())
    context: tuple[str, ...] = field(default=())  # words a query must use for `names` to count fully
    end: str | None = None  # 'top' or 'bottom' when the value ends an ordered list of values
    scale: tuple[str, ...] = field(default=())  # the field's own words: what 'top' must be said with

    @property
    def text(self) -> str:
        return f"{self.name_text} | {self.body_text}"

    def metadata(self) -> dict[str, str | bool]:
        """Chroma metadata: what the search filters on (no None values: Chroma rejects them)."""
        meta: dict[str, str | bool] = {
            "kind": self.kind, "field": self.field, "table": self.table, "status": self.status,
            "pii": self.pii, "legacy": self.legacy,
        }  # fmt: skip
        if self.value is not None:
            meta["value"] = self.value
        return meta


@dataclass(frozen=True)
class ValueNames:
    """Code groups ({group: {code: names}}), the column-name hints that favour each group, and the
    context words without which a group's names are ambiguous ('French': a language or a nationality)."""

    groups: dict[str, dict[str, tuple[str, ...]]]
    hints: dict[str, tuple[str, ...]]
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)


@lru_cache(maxsize=2)
def load_value_names(path: Path = VALUE_NAMES_PATH) -> ValueNames:
    """Read the code-name tables once per process."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {
        g: {str(c): tuple(map(str, n)) for c, n in codes.items()} for g, codes in data["groups"].items()
    }
    hints = {g: tuple(h) for g, h in data.get("hints", {}).items()}
    context = {g: tuple(map(str, w)) for g, w in data.get("context", {}).items()}
    return ValueNames(groups, hints, context)


def column_words(column: str) -> str:
    """'lifetime_value' -> 'lifetime value'."""
    return " ".join(w for w in column.split("_") if w)


def is_legacy(f: FieldInfo) -> bool:
    """Legacy fields are left out of search unless asked for."""
    return f.status == "legacy" or "legacy" in f.tags


def categorical_values(f: FieldInfo) -> list[str]:
    """The declared or profiled values of a low-cardinality text column (none for PII or other types)."""
    if f.pii or column_kind(f.type) != "text":
        return []
    if f.allowed_values:
        values = f.allowed_values
    elif f.profile.top_values and f.profile.distinct <= LOW_CARDINALITY:
        values = [v for v, _ in f.profile.top_values]
    else:
        values = _codes_in_range(f)
    return [v for v in dict.fromkeys(values) if v.strip()][:MAX_VALUES]


def _codes_in_range(f: FieldInfo) -> list[str]:
    """Too many distinct values to list, but a code column by name (state, country): the group's codes
    between the profiled min and max, so 'Texas' still finds state = 'TX'."""
    p, tables = f.profile, load_value_names()
    for group in _hinted_groups(f.column, tables):
        codes = tables.groups[group]
        if p.min in codes and p.max in codes:
            return sorted(c for c in codes if p.min <= c <= p.max)
    return []


def _hinted_groups(column: str, tables: ValueNames) -> list[str]:
    words = set(column.lower().split("_"))
    return [g for g, hints in tables.hints.items() if words & set(hints)]


def value_group(column: str, values: list[str]) -> str | None:
    """The code group of data/value_names.yaml that covers enough of `values` (the best one), if any."""
    tables = load_value_names()
    if not values:
        return None
    hinted = _hinted_groups(column, tables)

    def coverage(group: str) -> tuple[float, bool]:
        codes = tables.groups[group]
        return sum(v in codes for v in values) / len(values), group in hinted

    best = max(tables.groups, key=coverage)
    return best if coverage(best)[0] >= MIN_GROUP_COVERAGE else None


def value_names(
    column: str, values: list[str], labels: dict[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Human names of coded values ({'TX': ('Texas', 'Texan')}): the declared `labels` first, then the
    names of the best-covering group."""
    group = value_group(column, values)
    known = load_value_names().groups.get(group or "", {})
    out = {}
    for v in values:
        names = tuple(dict.fromkeys(n for n in ((labels or {}).get(v), *known.get(v, ())) if n))
        if names:
            out[v] = names
    return out


def value_ends(f: FieldInfo) -> dict[str, str]:
    """{value: 'top' | 'bottom'} for a field whose declared values are in order: one named a tier, level
    or band (by column or tag), or whose values' numbers rise ('<50k' .. '150k+'). 'none' is not an end."""
    values = [v for v in f.allowed_values or [] if v.strip().lower() not in NO_VALUE]
    words = {stem(w.lower()) for w in [*f.column.split("_"), *f.tags]}
    numbers = [_NUMBER.search(v) for v in values]
    rising = all(numbers) and all(
        float(a.group()) <= float(b.group()) for a, b in zip(numbers, numbers[1:], strict=False) if a and b
    )
    if len(values) < 3 or not (words & ORDER_WORDS or rising):
        return {}
    return {values[0]: "bottom", values[-1]: "top"}


def build_documents(catalog: Catalog) -> list[SchemaDocument]:
    """Every document of the catalog: fields first (in catalog order), then their values."""
    fields, values = [], []
    for f in catalog.fields:
        options = categorical_values(f)
        names = value_names(f.column, options, f.value_labels)
        context = load_value_names().context.get(value_group(f.column, options) or "", ())
        ends = value_ends(f) if options else {}
        fields.append(_field_document(f, options, names))
        values += [_value_document(f, v, names.get(v, ()), context, ends.get(v)) for v in options]
    return fields + values


def _common(f: FieldInfo) -> dict[str, str | bool | None]:
    return {
        "field": f.name, "table": f.table, "column": f.column, "status": f.status, "pii": f.pii,
        "legacy": is_legacy(f), "description": f.description,
    }  # fmt: skip


def _field_document(f: FieldInfo, options: list[str], names: dict[str, tuple[str, ...]]) -> SchemaDocument:
    kind = column_kind(f.type)
    body = [f.description or "", column_words(f.table), " ".join(f.tags), f.unit or ""]
    body.append({"temporal": "date", "boolean": "flag"}.get(kind, ""))
    if options:
        samples = [" ".join([v, *names.get(v, ())]) for v in options[:SAMPLE_VALUES]]
        body.append("values " + ", ".join(samples))
    return SchemaDocument(
        id=f"field:{f.name}", kind="field", name_text=column_words(f.column),
        body_text=" ".join(b for b in body if b), **_common(f),
    )  # fmt: skip


def _value_document(
    f: FieldInfo, value: str, names: tuple[str, ...], context: tuple[str, ...], end: str | None
) -> SchemaDocument:
    about = f"{column_words(f.column)} {column_words(f.table)} {f.description or ''}".strip()
    scale = tuple(dict.fromkeys([*column_words(f.column).split(), *f.tags])) if end else ()
    return SchemaDocument(
        id=f"value:{f.name}={value}", kind="value", name_text=" ".join([column_words(value), *names]),
        body_text=about, value=value, names=names, context=context, end=end, scale=scale, **_common(f),
    )  # fmt: skip
