"""Percentile thresholds computed on the data ('the 90th percentile of lifetime_value' -> 665.95).

A threshold is rounded to the column's precision in the direction that keeps exactly the same
rows, so the number a proposal shows is the number it compiles and the members do not change.
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from sqlglot import exp

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import type_kind
from segment_agent.tools.segment_spec import FieldCondition, Group, SegmentSpec
from segment_agent.tools.spec_compiler import ENTITY_ALIAS, build_query
from segment_agent.tools.warehouse import Warehouse


def percentile_threshold(
    info: FieldInfo,
    percentile: float,
    op: str,
    warehouse: Warehouse,
    catalog: Catalog,
    among: list[FieldCondition] | None = None,
) -> float | int:
    """`info`'s percentile over its table, or over the entities meeting `among`, rounded for `op`."""
    if type_kind(info.type) != "number":
        raise UserError(
            f"Cannot take a percentile of {info.name}: it is {info.type}, not a number.",
            "Use a fixed value for this field instead of a percentile.",
        )
    if among:
        query = build_query(SegmentSpec(name="population", criteria=Group(items=among)), catalog)
        column = exp.column(info.column, ENTITY_ALIAS, quoted=True)
    else:
        query = exp.select("*").from_(exp.table_(info.table, quoted=True))
        column = exp.column(info.column, quoted=True)
    query.set("expressions", [exp.PercentileCont(this=column, expression=exp.Literal.number(percentile))])
    raw = warehouse.rows(query.sql(warehouse.dialect))[0][0]
    if raw is None:
        raise UserError(
            f"{info.name} has no values to compute its {ordinal(percentile)} percentile on.",
            "Use a fixed value for this field or another field.",
        )
    return round_threshold(float(raw), info.type, op)


def round_threshold(value: float, sql_type: str, op: str) -> float | int:
    """Round to the column's precision, up for >= and <, down for > and <= (the same rows match).

    Integers to whole numbers, DECIMAL(p, s) to s places, floating point to 3 significant digits.
    """
    t = sql_type.upper()
    if t.startswith(("DECIMAL", "NUMERIC")) and "," in t:
        places = int(t.split(",")[1].rstrip(") "))
    elif t.startswith(("DOUBLE", "FLOAT", "REAL")):
        places = max(0, 2 - math.floor(math.log10(abs(value)))) if value else 0
    else:
        places = 0
    mode = ROUND_CEILING if op in (">=", "<") else ROUND_FLOOR
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=mode)
    return int(rounded) if places == 0 else float(rounded)


def ordinal(p: float) -> str:
    """0.9 -> '90th', 0.25 -> '25th', 0.01 -> '1st', 0.995 -> '99.5th'."""
    n = f"{p * 100:.4g}"
    last = int(float(n)) % 100 if float(n).is_integer() else 0
    special = {1: "st", 2: "nd", 3: "rd"}
    suffix = "th" if 10 <= last <= 20 else special.get(last % 10, "th")
    return f"{n}{suffix}"
