"""The structured segment spec: what the planner states and the compiler turns into SQL.

A spec is a tree of criteria over the entity's profile fields and its event tables. Glossary
terms and percentile thresholds appear unresolved in a draft and are resolved to numbers
(on the data) before compiling, so every proposal shows the exact value it used. Every model
refuses keys it does not know: a misspelt 'factor' is an error to fix, not a criterion dropped.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Op = Literal[
    "=",
    "!=",
    ">",
    ">=",
    "<",
    "<=",
    "in",
    "not_in",
    "between",
    "is_null",
    "is_not_null",
    "is_true",
    "is_false",
    "within_last_days",
    "older_than_days",
]


class Strict(BaseModel):
    """A spec model: an unknown key is a validation error naming it."""

    model_config = ConfigDict(extra="forbid")


class FieldCondition(Strict):
    """`field op value`, or `field op factor * (value_field + value_plus...) + offset` / `value_field + N
    days` against other fields of the same row; `percentile` (0..1) stands for a threshold resolved on the
    data."""

    kind: Literal["field"] = "field"
    field: str = Field(description="'table.column' or a column of the entity table")
    op: Op
    value: Any = None
    percentile: float | None = Field(None, ge=0, le=1)
    or_null: bool = Field(False, description="Also match rows where the field is NULL (e.g. 'never active').")
    value_field: str | None = Field(
        None,
        description="Compare with this other field of the same row instead of a value (sessions_30d < "
        "sessions_prev_30d); ops =, !=, <, <=, >, >=.",
    )
    value_plus: list[str] | None = Field(
        None, description="Numeric fields added to value_field (orders_m01 > orders_m02 + orders_m03)."
    )
    value_factor: float | None = Field(
        None, description="Multiplies the value_field side (total_revenue > 2 * lifetime_value)."
    )
    value_offset: float | None = Field(
        None,
        description="A number added to the value_field side after the factor, negative to subtract "
        "(sessions_30d >= sessions_prev_30d + 5).",
    )
    value_offset_days: int | None = Field(
        None,
        description="Days added to the value_field date, negative for before (cancelled <= joined + 30).",
    )


class TermCondition(Strict):
    """A business-glossary term ('high-value', 'lapsed'); the glossary expands it before compiling."""

    kind: Literal["term"] = "term"
    term: str


class EventCondition(Strict):
    """EXISTS / NOT EXISTS over an event table, optionally with a count or sum threshold."""

    kind: Literal["event"] = "event"
    table: str = Field(description="Event table, e.g. orders, order_items, sessions, email_events")
    where: list[FieldCondition] = Field(default_factory=list, description="Conditions on that table's rows")
    within_days: int | None = Field(None, ge=1, description="Only events in the last N days")
    exists: bool = True
    aggregate: Literal["count", "sum", "avg", "max", "min"] | None = None
    aggregate_field: str | None = None
    aggregate_op: Literal["=", "!=", ">", ">=", "<", "<="] | None = None
    aggregate_value: float | None = None


class SequenceCondition(Strict):
    """`first` happened (in its window) and `then_not` did not happen after it ('no order since')."""

    kind: Literal["sequence"] = "sequence"
    first: EventCondition
    then_not: EventCondition


Criterion = Annotated[
    "FieldCondition | TermCondition | EventCondition | SequenceCondition | Group",
    Field(discriminator="kind"),
]


class Group(Strict):
    """AND / OR of criteria, optionally negated (NOT)."""

    kind: Literal["group"] = "group"
    op: Literal["and", "or"] = "and"
    negate: bool = False
    items: list[Criterion] = Field(default_factory=list)


Group.model_rebuild()


class SegmentSpec(Strict):
    """One segment: a name, the goal it serves and its criteria."""

    name: str
    description: str = ""
    criteria: Group


class SegmentPlan(Strict):
    """Everything the planner proposes for one goal: one or several segments."""

    goal: str
    segments: list[SegmentSpec]
