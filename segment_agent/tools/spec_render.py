"""Render a segment spec in plain English, one line per criterion, for the approval card.

Values are shown the way a marketer reads them: money with $ and thousands separators,
0..1 rates as percentages, day windows as "in the last 30 days". Where SQL's NULL rules
differ from everyday reading ("is not CA" leaves out customers with no state), the line says so.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path, type_kind
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)
from segment_agent.tools.spec_fields import coerce_scalar, resolve_field

# A 0..1 rate: a rate word, or a "0..1" / "0-1" range (but not "0-100").
_RATE_UNIT = re.compile(r"ratio|fraction|share|probability|rate|\b0\s*(?:\.\.|-|to)\s*1(?![\d.])", re.I)
_SILENT_UNITS = {"count", "number", "score", "flag", "boolean", "date", "timestamp", "text", "code", "id"}
_VALUE_OPS = {"=": "is", "!=": "is not", ">": "is more than", ">=": "is at least", "<": "is less than",
              "<=": "is at most"}  # fmt: skip
_DATE_OPS = {">": "is after", ">=": "is on or after", "<": "is before", "<=": "is on or before"}
_COUNT_OPS = {"=": "exactly", "!=": "other than", ">": "more than", ">=": "at least", "<": "fewer than",
              "<=": "at most"}  # fmt: skip
_PY_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "!=": operator.ne, ">": operator.gt,
    ">=": operator.ge, "<": operator.lt, "<=": operator.le,
}  # fmt: skip
_GROUP_HEADERS = {("and", False): "all of:", ("or", False): "any of:",
                  ("and", True): "not all of:", ("or", True): "none of:"}  # fmt: skip
_LIST_OPS = {("in", True): "is", ("in", False): "is one of",
             ("not_in", True): "is not", ("not_in", False): "is none of"}  # fmt: skip
_NULLARY = {"is_null": "is missing", "is_not_null": "is known", "is_true": "is true", "is_false": "is false"}
_AGG_WORDS = {"sum": "total", "avg": "average", "max": "largest", "min": "smallest"}


def render_spec(spec: SegmentSpec, catalog: Catalog) -> list[str]:
    """One plain-English line per criterion; nested groups get a header ('any of:') and indented lines."""
    renderer = _Renderer(catalog)
    top = spec.criteria
    if top.op == "and" and not top.negate:
        return [line for item in top.items for line in renderer.item(item, 0)]
    return renderer.item(top, 0)


def label(name: str) -> str:
    """A column name as words: 'lifetime_value' -> 'lifetime value'."""
    return name.rpartition(".")[2].replace("_", " ")


def format_value(info: FieldInfo | None, value: Any) -> str:
    """One value as a marketer reads it, using the field's type and unit."""
    kind = type_kind(info.type) if info else "other"
    try:
        value = coerce_scalar(kind, value)
    except (ValueError, TypeError):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, int | float):
        return str(value.isoformat() if hasattr(value, "isoformat") else value)
    unit = (info.unit or "").strip() if info else ""
    if "USD" in unit.upper() or "$" in unit or unit.lower() in ("dollar", "dollars"):
        sign, amount = ("-" if value < 0 else ""), abs(value)
        return f"{sign}${amount:,.0f}" if float(amount).is_integer() else f"{sign}${amount:,.2f}"
    if _RATE_UNIT.search(unit):
        return f"{round(value * 100, 2):g}%"
    if "%" in unit or "percent" in unit.lower():
        return f"{value:g}%"
    number = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    # Only a plain word reads well after the number ("3 orders"; not "50 score 0-100").
    return f"{number} {unit}" if unit.isalpha() and unit.lower() not in _SILENT_UNITS else number


def _join(words: list[str], last: str = "or") -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def _noun(table: str, plural: bool) -> str:
    words = table.replace("_", " ")
    singular = words[:-1] if words.endswith("s") else words
    return words if plural else singular


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


class _Renderer:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entity = catalog.entity_table.replace("_", " ")

    def item(self, item: Any, depth: int) -> list[str]:
        pad = "  " * depth
        if isinstance(item, Group):
            # "not all of" one criterion reads better as "none of".
            header = _GROUP_HEADERS[("or" if len(item.items) == 1 else item.op, item.negate)]
            return [pad + header] + [line for child in item.items for line in self.item(child, depth + 1)]
        if isinstance(item, FieldCondition):
            return [pad + self.field(item, [self.catalog.entity_table], describe=True)]
        if isinstance(item, TermCondition):
            return [pad + f"{item.term} (glossary term, not yet resolved)"]
        if isinstance(item, EventCondition):
            return [pad + self.event(item)]
        return [pad + self.sequence(item)]

    def field(self, cond: FieldCondition, tables: list[str], describe: bool = False) -> str:
        info = resolve_field(self.catalog, cond.field, tables)
        name, kind = label(cond.field), type_kind(info.type) if info else "other"
        op, value = cond.op, cond.value
        values = value if isinstance(value, list | tuple) else [value]
        shown = [format_value(info, v) for v in values]
        if cond.percentile is not None and value is None:
            shown = [f"its {_ordinal(round(cond.percentile * 100))} percentile (not yet resolved)"]
        if cond.value_field is not None and op in _VALUE_OPS:
            phrase = (_DATE_OPS if kind in ("date", "timestamp") else _VALUE_OPS).get(op, _VALUE_OPS[op])
            text = f"{name} {phrase} {_other_side(cond)}"
        elif op in _VALUE_OPS:
            phrase = (_DATE_OPS if kind in ("date", "timestamp") else _VALUE_OPS).get(op, _VALUE_OPS[op])
            text = f"{name} {phrase} {shown[0]}"
        elif op in ("in", "not_in"):
            text = f"{name} {_LIST_OPS[(op, len(shown) == 1)]} {_join(shown)}"
        elif op == "between":
            text = f"{name} is between {_join(shown, 'and')}"
        elif op == "within_last_days":
            text = f"{name} is within the last {_days(value)}"
        elif op == "older_than_days":
            text = f"{name} is more than {_days(value)} ago"
        else:
            text = f"{name} {_NULLARY[op]}"
        if cond.or_null and op != "is_null":
            text += ", or missing"
        notes = [_short(info.description) if describe and info else None]
        if op in ("!=", "not_in") and not cond.or_null:
            notes.append(f"{self.entity} with no {name} are not included")
        shown_notes = "; ".join(n for n in notes if n)
        return f"{text} ({shown_notes})" if shown_notes else text

    def event(self, cond: EventCondition, force_exists: bool = False) -> str:
        path = event_path(self.catalog, cond.table)
        tables = path.tables if path else [cond.table]
        where = " and ".join(self.field(w, tables) for w in cond.where)
        scope = (f" where {where}" if where else "") + (
            f" in the last {_days(cond.within_days)}" if cond.within_days else ""
        )
        if cond.aggregate is None:
            if cond.exists or force_exists:
                return f"has at least one {_noun(cond.table, False)}{scope}"
            return f"has no {_noun(cond.table, True)}{scope}"
        text = self._aggregate(cond, tables, scope)
        return text if cond.exists else f"does not meet: {text}"

    def _aggregate(self, cond: EventCondition, tables: list[str], scope: str) -> str:
        op, value = cond.aggregate_op or "=", cond.aggregate_value or 0
        rows = _noun(cond.table, True)
        matches_none = _PY_OPS[op](0, value)
        if cond.aggregate == "count":
            field = cond.aggregate_field
            if field is None:
                counted = _noun(cond.table, value != 1)
            elif field.endswith("_id"):
                counted = f"distinct {label(field)[:-3]}s among {rows}"
            else:
                counted = f"distinct {label(field)} values among {rows}"
            if not any(_PY_OPS[op](n, value) for n in (1, 2, 10**9)):
                return f"has no {rows}{scope}"
            note = f" (including {self.entity} with none)" if matches_none else ""
            return f"has {_COUNT_OPS[op]} {format_value(None, value)} {counted}{scope}{note}"
        info = resolve_field(self.catalog, cond.aggregate_field or "", tables)
        phrase = _VALUE_OPS[op]
        text = f"{_AGG_WORDS[cond.aggregate or 'sum']} {label(cond.aggregate_field or '')} of {rows}{scope}"
        text += f" {phrase} {format_value(info, value)}"
        if cond.aggregate == "sum":
            return text + (f" ({self.entity} with no {rows} count as 0)" if matches_none else "")
        return text + f" ({self.entity} with no {rows} are not included)"

    def sequence(self, cond: SequenceCondition) -> str:
        first = self.event(cond.first, force_exists=True)
        then = cond.then_not.model_copy(update={"exists": False, "aggregate": None})
        return f"{first}, and {self.event(then)} after the latest such {_noun(cond.first.table, False)}"


def _other_side(cond: FieldCondition) -> str:
    """The fields compared with, as said: '2 × lifetime value', 'orders m02 + orders m03',
    'sessions prev 30d + 5', '30 days after joined on'."""
    names = [label(n) for n in [cond.value_field or "", *(cond.value_plus or [])]]
    text = " + ".join(names)
    if cond.value_factor is not None:
        text = f"{cond.value_factor:g} × " + (f"({text})" if len(names) > 1 else text)
    if cond.value_offset:
        text += f" {'+' if cond.value_offset > 0 else '-'} {abs(cond.value_offset):g}"
    if cond.value_offset_days:
        direction = "after" if cond.value_offset_days > 0 else "before"
        text = f"{_days(abs(cond.value_offset_days))} {direction} {text}"
    return text


def _short(description: str | None) -> str | None:
    """The gist of a description (first clause, no parentheticals), lower-cased, if it fits a line."""
    if not description:
        return None
    text = re.sub(r"\s*\([^)]*\)", "", description.strip())
    clause = text.split(". ")[0].split(";")[0].rstrip(".").strip()
    if not 0 < len(clause) <= 100:
        return None
    # Lower-case a leading word ("Net revenue") but not an acronym ("USD").
    return clause[0].lower() + clause[1:] if clause[1:2].islower() else clause
