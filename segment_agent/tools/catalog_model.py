"""The catalog's data model: one FieldInfo per column, profiled and optionally annotated."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["certified", "experimental", "deprecated", "legacy", "undocumented"]


class FieldProfile(BaseModel):
    """What profiling measured on the data itself."""

    null_rate: float = 0.0
    distinct: int = 0
    top_values: list[tuple[str, int]] = Field(default_factory=list)
    min: str | None = None
    max: str | None = None
    quantiles: dict[str, float] = Field(default_factory=dict)
    constant: bool = False
    frozen: bool = False
    frozen_reason: str | None = None


class FieldInfo(BaseModel):
    """One column: its type, profile and (when annotated) meaning and governance."""

    table: str
    column: str
    type: str
    description: str | None = None
    status: Status = "undocumented"
    owner: str | None = None
    refresh: str | None = None
    pii: bool = False
    replaced_by: str | None = None
    unit: str | None = None
    allowed_values: list[str] | None = None
    value_labels: dict[str, str] | None = None  # human names of coded values, e.g. {'CA': 'California'}
    tags: list[str] = Field(default_factory=list)
    profile: FieldProfile = Field(default_factory=FieldProfile)

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


class Catalog(BaseModel):
    """Every field of one database, with the entity the segments are made of."""

    database: str
    entity: str = Field(description="'table.key', e.g. customers.customer_id")
    fingerprint: str = ""
    as_of: str | None = None
    row_counts: dict[str, int] = Field(default_factory=dict)
    fields: list[FieldInfo] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="Problems met while building, e.g. stray annotations."
    )

    @property
    def entity_table(self) -> str:
        return self.entity.split(".", 1)[0]

    @property
    def entity_key(self) -> str:
        return self.entity.split(".", 1)[1]

    def field(self, name: str) -> FieldInfo | None:
        """The field 'table.column' (or a bare column of the entity table), or None."""
        table, _, column = name.rpartition(".")
        table = table or self.entity_table
        return next((f for f in self.fields if f.table == table and f.column == column), None)

    def tables(self) -> list[str]:
        return sorted({f.table for f in self.fields})

    def schema(self) -> dict[str, dict[str, str]]:
        """{table: {column: type}}, the shape sqlglot's qualify and the guard expect."""
        out: dict[str, dict[str, str]] = {}
        for f in self.fields:
            out.setdefault(f.table, {})[f.column] = f.type
        return out
