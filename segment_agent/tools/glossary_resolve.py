"""Turn glossary terms and percentile thresholds into plain field conditions with numbers from the data.

Every proposal states the meaning it applied ("high-value = lifetime_value >= $1,240.51 (the 90th
percentile)"), so the thresholds are computed here, once, and shown exactly as compiled.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path
from segment_agent.tools.glossary import Glossary
from segment_agent.tools.percentiles import ordinal, percentile_threshold
from segment_agent.tools.segment_spec import (
    EventCondition,
    FieldCondition,
    Group,
    SegmentSpec,
    SequenceCondition,
    TermCondition,
)
from segment_agent.tools.spec_validate import resolve_field
from segment_agent.tools.warehouse import Warehouse

_PHRASES = {"within_last_days": "within the last {} days", "older_than_days": "older than {} days"}
_MONEY_UNITS = ("usd", "$", "dollars", "us dollars")
_WORDS = {"is_null": "is missing", "is_not_null": "is set", "is_true": "is true", "is_false": "is false"}


class ResolvedTerm(BaseModel):
    """A glossary term as applied: plain criteria (all must hold) and the sentence that states them."""

    term: str
    criteria: list[FieldCondition]
    assumption: str


class _Resolver:
    """Resolves terms and percentiles against one catalog and warehouse, each at most once."""

    def __init__(self, glossary: Glossary, catalog: Catalog, warehouse: Warehouse) -> None:
        self.glossary, self.catalog, self.warehouse = glossary, catalog, warehouse
        self.terms: dict[str, ResolvedTerm] = {}
        self.thresholds: dict[tuple[str, float, str, str], float | int] = {}

    def term(self, name: str) -> ResolvedTerm:
        """The term called `name` (or with that alias), resolved on this database."""
        entry = self.glossary.get(name)
        if entry is None:
            raise UserError(
                f"Unknown glossary term '{name}'.",
                f"Known terms: {', '.join(self.glossary.names())}. Use one, or state the criteria directly.",
            )
        if entry.name not in self.terms:
            tables = [self.catalog.entity_table]
            # A percentile ranks the entities that meet the term's other criteria (low-value buyers).
            plain = [self.condition(c, tables, entry.name) for c in entry.criteria if c.percentile is None]
            among = [c for c, _ in plain]
            parts = [self.condition(c, tables, entry.name, among) for c in entry.criteria]
            self.terms[entry.name] = ResolvedTerm(
                term=entry.name,
                criteria=[c for c, _ in parts],
                assumption=f"{entry.name} = {' AND '.join(text for _, text in parts)}",
            )
        return self.terms[entry.name]

    def condition(
        self,
        cond: FieldCondition,
        tables: list[str],
        term: str | None = None,
        among: list[FieldCondition] | None = None,
    ) -> tuple[FieldCondition, str]:
        """`cond` qualified, its percentile (ranking the entities meeting `among`) made a number; its text."""
        info = resolve_field(self.catalog, cond.field, tables)
        if info is None and term is None:
            raise UserError(
                f"Cannot compute a percentile of {cond.field}: there is no such field.",
                "Use a field of the catalog (segment-agent catalog search).",
            )
        if info is None:
            raise UserError(
                f"The glossary term '{term}' uses the field {cond.field}, which this database does not have.",
                f"Edit the glossary ({self.glossary.source}) to define '{term}' with fields of this database "
                "(set SEGMENT_AGENT_GLOSSARY_PATH to your copy).",
            )
        label = self._label(info.name)
        if cond.percentile is None:
            return cond.model_copy(update={"field": info.name}), _render(cond, label)
        key = (info.name, cond.percentile, cond.op, repr(among))
        if key not in self.thresholds:
            self.thresholds[key] = percentile_threshold(
                info, cond.percentile, cond.op, self.warehouse, self.catalog, among
            )
        resolved = cond.model_copy(
            update={"field": info.name, "value": self.thresholds[key], "percentile": None}
        )
        population = (
            f" among {' AND '.join(_render(c, self._label(c.field)) for c in among)}" if among else ""
        )
        return (
            resolved,
            f"{_render(resolved, label, info)} (the {ordinal(cond.percentile)} percentile{population})",
        )

    def _label(self, name: str) -> str:
        """A field as the assumption shows it: the bare column on the entity table, else table.column."""
        table, _, column = name.rpartition(".")
        return column if table == self.catalog.entity_table else name

    def walk(self, item: Any, assumptions: list[str]) -> Any:
        """A copy of `item` with every term and percentile resolved; states what it applied."""
        if isinstance(item, TermCondition):
            resolved = self.term(item.term)
            _note(assumptions, resolved.assumption)
            return resolved.criteria[0] if len(resolved.criteria) == 1 else Group(items=resolved.criteria)
        if isinstance(item, Group):
            return item.model_copy(update={"items": [self.walk(i, assumptions) for i in item.items]})
        if isinstance(item, FieldCondition):
            return self._plain(item, [self.catalog.entity_table], assumptions)
        if isinstance(item, EventCondition):
            path = event_path(self.catalog, item.table)
            tables = [t for t in (item.table, path.via if path else None) if t]
            return item.model_copy(
                update={"where": [self._plain(c, tables, assumptions) for c in item.where]}
            )
        if isinstance(item, SequenceCondition):
            return item.model_copy(
                update={
                    "first": self.walk(item.first, assumptions),
                    "then_not": self.walk(item.then_not, assumptions),
                }
            )
        return item

    def _plain(self, cond: FieldCondition, tables: list[str], assumptions: list[str]) -> FieldCondition:
        if cond.percentile is None:
            return cond
        resolved, text = self.condition(cond, tables)
        _note(assumptions, text)
        return resolved


def resolve_term(term: str, glossary: Glossary, catalog: Catalog, warehouse: Warehouse) -> ResolvedTerm:
    """The criteria `term` (a name or alias) stands for on this database, percentiles computed on the data."""
    return _Resolver(glossary, catalog, warehouse).term(term)


def expand_terms(
    spec: SegmentSpec, glossary: Glossary, catalog: Catalog, warehouse: Warehouse
) -> tuple[SegmentSpec, list[str]]:
    """`spec` with no glossary terms or percentiles left, and the assumptions applied (in order)."""
    assumptions: list[str] = []
    criteria = _Resolver(glossary, catalog, warehouse).walk(spec.criteria, assumptions)
    return spec.model_copy(update={"criteria": criteria}), assumptions


def _note(assumptions: list[str], text: str) -> None:
    if text not in assumptions:
        assumptions.append(text)


def _render(cond: FieldCondition, label: str, info: FieldInfo | None = None) -> str:
    """'lifetime_value >= $1,240.51', 'last_active_date older than 90 days or missing'."""
    if cond.op in _WORDS:
        text = f"{label} {_WORDS[cond.op]}"
    elif cond.op == "between" and isinstance(cond.value, list) and len(cond.value) == 2:
        text = f"{label} between {_value(cond.value[0], info)} and {_value(cond.value[1], info)}"
    elif cond.op in _PHRASES:
        text = f"{label} {_PHRASES[cond.op].format(cond.value)}"
    else:
        text = f"{label} {cond.op.replace('_', ' ')} {_value(cond.value, info)}"
    return f"{text} or missing" if cond.or_null else text


def _value(value: Any, info: FieldInfo | None) -> str:
    if isinstance(value, list):
        return "(" + ", ".join(_value(v, info) for v in value) + ")"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int | float) and not isinstance(value, bool):
        money = info is not None and (info.unit or "").strip().lower() in _MONEY_UNITS
        return f"${value:,.2f}" if money else f"{value:,}"
    return str(value)
