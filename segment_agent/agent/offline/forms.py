"""The condition a clause makes on one field: 'over $500', 'in the last 30 days', '= gold', 'is true'.

None when the field cannot express the clause (a number asked of a text band, a window asked
of a boolean): the caller then looks further, or reports the data as missing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from segment_agent.agent.offline.bands import band_values
from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.fields import BORN_WORDS, is_money, is_rate, kind, minutes_per_unit
from segment_agent.agent.offline.marks import Comparison, Window
from segment_agent.agent.offline.vocabulary import words_of
from segment_agent.tools.catalog_model import FieldInfo
from segment_agent.tools.field_words import split_name
from segment_agent.tools.segment_spec import FieldCondition, Group

_INVERSE = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "!=", "!=": "=", "in": "not_in", "not_in": "in"}


def field_form(info: FieldInfo, clause: Clause, value: str | None = None) -> Any | None:
    """The criterion `clause` makes on `info` (with a categorical `value` for value hits), or None."""
    k, neg, cmp, window = kind(info), clause.negated, clause.comparison, clause.window
    if value is not None:
        if cmp is not None or window is not None:
            return None
        return FieldCondition(field=info.name, op="!=" if neg else "=", value=value)
    if cmp is not None and cmp.unit == "age" and window is None and born_field(info):
        return _age_condition(info, cmp, neg)
    if k == "boolean":
        if cmp is not None or window is not None:
            return None
        return FieldCondition(field=info.name, op="is_false" if neg else "is_true")
    if k == "number":
        if cmp is not None:
            return compare(info, cmp, neg)
        if cmp is None and clause.event and not is_rate(info):
            # 'bought camping products in the last 12 months' -> at least one; 'never bought' -> none.
            if is_money(info):
                return FieldCondition(field=info.name, op="<=" if neg else ">", value=0)
            return FieldCondition(field=info.name, op="=" if neg else ">=", value=0 if neg else 1)
        return None
    if k == "string" and cmp is not None and window is None and (bands := band_values(info, cmp)):
        op = ("not_in" if neg else "in") if len(bands) > 1 else ("!=" if neg else "=")
        return FieldCondition(field=info.name, op=op, value=bands if len(bands) > 1 else bands[0])
    if k == "time" and cmp is not None and cmp.unit == "year" and window is None:
        return _year_condition(info, cmp, neg)
    if k == "time" and cmp is None:
        if window is not None:
            return recency(info, window, neg)
        if clause.event:  # 'has ever logged in' / 'never logged in'
            return FieldCondition(field=info.name, op="is_null" if neg else "is_not_null")
    return None


def presence_form(info: FieldInfo, clause: Clause) -> FieldCondition | None:
    """'with open tickets' -> open_tickets >= 1; 'gave GDPR consent' -> gdpr_consent_date is set; negated,
    none. Only when the field's own name says the clause (the caller checks)."""
    if clause.comparison or clause.window:
        return None
    absent = _absent_values(info) if kind(info) == "string" else []
    if absent:  # 'loyalty members' of a tier that is 'none' for non-members: any other tier
        if len(absent) == 1:
            return FieldCondition(field=info.name, op="=" if clause.negated else "!=", value=absent[0])
        return FieldCondition(field=info.name, op="in" if clause.negated else "not_in", value=absent)
    if kind(info) in ("time", "string"):
        return FieldCondition(field=info.name, op="is_null" if clause.negated else "is_not_null")
    if kind(info) != "number" or is_rate(info) or is_money(info):
        return None
    return FieldCondition(
        field=info.name, op="=" if clause.negated else ">=", value=0 if clause.negated else 1
    )


def _absent_values(info: FieldInfo) -> list[str]:
    """Values of a text field that say the thing is absent ('none', 'not_enrolled', 'no')."""
    values = info.allowed_values or [str(v) for v, _ in info.profile.top_values[:50]]
    nothing = words_of("negations")
    return [str(v) for v in values if set(re.split(r"[\W_]+", str(v).lower())) & nothing]


def compare(info: FieldInfo, cmp: Comparison, negated: bool = False) -> Any | None:
    """A numeric comparison on `info`; percentages become fractions on 0..1 fields."""
    if kind(info) != "number":
        return None
    if cmp.unit == "percentile":
        op = _INVERSE[cmp.op] if negated else cmp.op
        return FieldCondition(field=info.name, op=op, percentile=cmp.values[0])
    scale = 100.0 if cmp.unit == "percent" and is_rate(info) else 1.0
    if cmp.unit == "minutes":
        scale = minutes_per_unit(info) or 1.0
    values = [round(v / scale, 6) for v in cmp.values]
    values = [int(v) if float(v).is_integer() else v for v in values]
    if cmp.op == "between":
        cond = FieldCondition(field=info.name, op="between", value=sorted(values))
        return Group(negate=True, items=[cond]) if negated else cond
    if cmp.op == "in":
        op = "not_in" if negated else "in"
        return FieldCondition(field=info.name, op=op, value=values)
    op = _INVERSE[cmp.op] if negated else cmp.op
    return FieldCondition(field=info.name, op=op, value=values[0])


def recency(info: FieldInfo, window: Window, negated: bool) -> FieldCondition | None:
    """A date in (or not in) a look-back window; 'haven't X in N days' includes never (README rule 5)."""
    days = window.days
    if window.relation == "previous":
        return None
    if window.relation == "older":
        op = "within_last_days" if negated else "older_than_days"
        return FieldCondition(field=info.name, op=op, value=days)
    if negated:
        return FieldCondition(field=info.name, op="older_than_days", value=days, or_null=True)
    if window.relation == "duration":  # 'members for over a year': the date is older than that
        return FieldCondition(field=info.name, op="older_than_days", value=days)
    return FieldCondition(field=info.name, op="within_last_days", value=days)


def born_field(info: FieldInfo) -> bool:
    """A birth year or birth date ('birth_year', 'dob'): what an age is counted from."""
    return kind(info) in ("number", "time") and bool(set(split_name(info.column)) & BORN_WORDS)


def _age_condition(info: FieldInfo, cmp: Comparison, negated: bool) -> Any | None:
    """'aged 65 or older' on a birth year: born in 1961 or before (this year 2026); the older the age,
    the earlier the year, so the comparison turns round."""
    if cmp.op not in (">", ">=", "<", "<=", "=", "between"):
        return None
    this_year = dt.date.today().year
    years = sorted(this_year - int(v) for v in cmp.values)
    flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "between": "between"}[cmp.op]
    as_years = Comparison(flipped, tuple(float(y) for y in years), "year")
    if kind(info) == "time":
        return _year_condition(info, as_years, negated)
    if flipped == "between":
        cond = FieldCondition(field=info.name, op="between", value=years)
        return Group(negate=True, items=[cond]) if negated else cond
    op = _INVERSE[flipped] if negated else flipped
    return FieldCondition(field=info.name, op=op, value=years[0])


def _year_condition(info: FieldInfo, cmp: Comparison, negated: bool) -> Any | None:
    """'joined before 2020' on a date: compared with the first day of the year (or of the next);
    'born in the 1970s': from the first day of the first year to the first day after the last."""
    if cmp.op not in (">", ">=", "<", "<=", "=", "between"):
        return None
    year = int(cmp.values[0])
    start, after = f"{year}-01-01", f"{int(cmp.values[-1]) + 1}-01-01"
    if cmp.op in ("=", "between"):
        cond: Any = Group(items=[
            FieldCondition(field=info.name, op=">=", value=start),
            FieldCondition(field=info.name, op="<", value=after),
        ])  # fmt: skip
        return Group(negate=True, items=[cond]) if negated else cond
    op, value = {">": (">=", after), ">=": (">=", start), "<": ("<", start), "<=": ("<", after)}[cmp.op]
    return FieldCondition(field=info.name, op=_INVERSE[op] if negated else op, value=value)
