"""Catalog annotations: load and validate the YAML, merge it into the profiled fields, infer legacy status."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import FieldInfo, Status
from segment_agent.tools.profiling import format_value

LEGACY_NAME = re.compile(
    r"(^|_)(legacy|tmp|temp|bak|bkp|backup|old|migr|migration|reserved|deprecated|etl|dw)(_|\d|$)|^x_attr_|^z_"
)
NEARLY_CONSTANT = 0.95  # share of rows holding one same value (NULL included)
LEGACY_TAG = "legacy"
_STATUSES = get_args(Status)


class ColumnAnnotation(BaseModel):
    """What a data owner declared about one column; keys left out keep the catalog's defaults."""

    model_config = ConfigDict(extra="ignore")

    description: str | None = None
    status: Status | None = None
    owner: str | None = None
    refresh: str | None = None
    pii: bool = False
    replaced_by: str | None = None
    unit: str | None = None
    allowed_values: list[str] | None = None
    value_labels: dict[str, str] | None = None
    tags: list[str] = []

    @field_validator("allowed_values", "tags", mode="before")
    @classmethod
    def _as_strings(cls, value: Any) -> Any:
        """YAML turns `[1, yes]` into numbers and booleans; the catalog keeps SQL-style text."""
        return [format_value(v) for v in value] if isinstance(value, list) else value

    @field_validator("value_labels", mode="before")
    @classmethod
    def _labels_as_strings(cls, value: Any) -> Any:
        """Codes and names as text, like allowed_values ('NO' may arrive as a boolean)."""
        if isinstance(value, dict):
            return {format_value(k): format_value(v) for k, v in value.items()}
        return value


Annotations = dict[tuple[str, str], ColumnAnnotation]


def load_annotations(path: Path) -> Annotations:
    """Read `tables: {table: {columns: {column: {...}}}}` into {(table, column): annotation}."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as err:
        raise UserError(
            f"Cannot read the annotation file {path}: {err.strerror}.", hint="Check --annotations."
        ) from err
    except yaml.YAMLError as err:
        raise UserError(f"The annotation file {path} is not valid YAML: {err}.") from err
    tables = data.get("tables") if isinstance(data, dict) else None
    if not isinstance(tables, dict):
        raise UserError(
            f"The annotation file {path} has no `tables:` mapping.",
            hint="Expected tables: {TABLE: {columns: {COLUMN: {description: ..., status: ...}}}}.",
        )
    out: Annotations = {}
    for table, spec in tables.items():
        columns = spec.get("columns") if isinstance(spec, dict) else None
        if not isinstance(columns, dict):
            raise UserError(f"{path}: table {table!r} needs a `columns:` mapping.")
        for column, declared in columns.items():
            out[(str(table), str(column))] = _parse_column(path, f"{table}.{column}", declared or {})
    return out


def _parse_column(path: Path, name: str, declared: Any) -> ColumnAnnotation:
    if not isinstance(declared, dict):
        raise UserError(f"{path}: {name} must be a mapping of keys such as description and status.")
    status = declared.get("status")
    if status is not None and status not in _STATUSES:
        raise UserError(
            f"{path}: {name} has unknown status {status!r}.",
            hint=f"Use one of: {', '.join(_STATUSES)}.",
        )
    try:
        return ColumnAnnotation.model_validate(declared)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise UserError(f"{path}: {name} is not a valid annotation ({problems}).") from err


def merge_annotations(fields: list[FieldInfo], annotations: Annotations) -> list[str]:
    """Copy declared keys onto matching fields; returns a warning per annotation naming no real column."""
    by_name = {(f.table, f.column): f for f in fields}
    warnings: list[str] = []
    for (table, column), note in annotations.items():
        field = by_name.get((table, column))
        if field is None:
            warnings.append(f"annotation for {table}.{column} ignored: no such column in the database")
            continue
        for key in note.model_fields_set:
            setattr(field, key, getattr(note, key))
    return warnings


def infer_legacy(fields: list[FieldInfo], annotated: bool) -> None:
    """Give undocumented columns that look like leftovers the status 'legacy', tagged 'legacy'.

    A leftover has a legacy-looking name (legacy_*, tmp_*, *_bkp, x_attr_*) and is mostly NULL or nearly
    constant. In an annotated database, where the owners documented what matters, an undocumented column
    with such a name, or a nearly constant one, is a leftover too. Schema search leaves legacy fields out.
    """
    for f in fields:
        legacy_name, useless = bool(LEGACY_NAME.search(f.column.lower())), _nearly_constant(f)
        mostly_null = f.profile.null_rate >= 0.5
        if f.status == "undocumented" and (
            (legacy_name and (annotated or useless or mostly_null)) or (annotated and useless)
        ):
            f.status = "legacy"
        if f.status == "legacy" and LEGACY_TAG not in f.tags:
            f.tags.append(LEGACY_TAG)


def _nearly_constant(f: FieldInfo) -> bool:
    """At least NEARLY_CONSTANT of the rows hold one same value, NULL counting as a value."""
    p = f.profile
    filled = sum(c for _, c in p.top_values)
    top_share = p.top_values[0][1] / filled * (1 - p.null_rate) if filled else 0.0
    return p.constant or max(p.null_rate, top_share) >= NEARLY_CONSTANT
