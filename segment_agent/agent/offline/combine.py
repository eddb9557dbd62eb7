"""Assemble one segment's criteria from its clauses' outcomes.

OR-groups of values of one field become IN lists ('Texas or California'); negated lists become
NOT IN; values of one field joined by 'and' are a list too (nobody lives in two states); an
exclusion narrows the event before it; 'started a checkout and has not ordered since' becomes
a sequence; shared (base) clauses that only name the split's dimension are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.criteria import outcome
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import explained, field_words
from segment_agent.agent.offline.outcome import Outcome
from segment_agent.agent.offline.parse import SegmentParse
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import EventCondition, FieldCondition, Group, SequenceCondition


@dataclass
class SegmentResult:
    """A segment's criteria (None when a clause is missing), and every outcome that produced them."""

    criteria: Group | None
    outcomes: list[Outcome] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def segment_result(
    seg: SegmentParse, ev: Evidence, catalog: Catalog, prefer: set[str], lean: set[str] | None = None
) -> SegmentResult:
    """Criteria of one segment from the tool results so far (`prefer`: fields a reviewer asked for;
    `lean`: fields the other segments of a split chose, preferred among equally good ones)."""
    item = _groups(seg.item, ev, catalog, prefer, lean or set())
    base = _groups(seg.base, ev, catalog, prefer, set())
    item_outcomes = [o for _, outs in item for o in outs]
    missing = [o.missing for o in item_outcomes if o.missing]
    item_fields = {o.field for o in item_outcomes if o.field} | {_field(o.criterion) for o in item_outcomes}
    kept = [
        c for c, outs in base if c is not None and not any(_dimension(o, item_fields, catalog) for o in outs)
    ]
    items = _merge_and([*kept, *[c for c, _ in item if c is not None]])
    result = SegmentResult(None, [*[o for _, outs in base for o in outs], *item_outcomes], missing)
    if not missing and items:
        result.criteria = Group(items=items)
    elif not missing:
        result.missing = [f"no criterion in '{seg.label}'"]
    return result


def _groups(
    groups: list[list[Any]], ev: Evidence, catalog: Catalog, prefer: set[str], lean: set[str]
) -> list[tuple[Any, list[Outcome]]]:
    """(criterion, outcomes) per OR-group; attachments fold into the event before them (criterion None)."""
    done: list[tuple[Any, list[Outcome]]] = []
    previous: Clause | None = None
    for group in groups:
        outs = [outcome(clause, ev, catalog, previous, prefer, lean) for clause in group]
        fields = {o.field for o in outs if o.field}
        if len(fields) > 1 or fields and len(group) > 1 and any(not o.field for o in outs):
            # alternatives of one list are values of one field when they can be ('women's or men's')
            outs = [
                outcome(c, ev, catalog, previous, prefer, lean | (fields - {o.field}))
                for c, o in zip(group, outs, strict=True)
            ]
        previous = next((o.clause for o in reversed(outs) if o.clause.event), previous)
        attached = [o.attach for o in outs if o.attach is not None]
        if any(o.missing or o.needs for o in outs):
            done.append((None, outs))
        elif attached:
            _attach([c for c, _ in done], attached)
            done.append((None, outs))
        else:
            neither = len(outs) > 1 and all(o.clause.negated for o in outs)  # 'other than A or B'
            done.append((_or([o.criterion for o in outs], neither), outs))
            _sequence(done)
    return done


def _attach(criteria: list[Any], conditions: list[FieldCondition]) -> None:
    """Add conditions to the last event condition (they are about the same table)."""
    for item in reversed(criteria):
        if isinstance(item, EventCondition):
            item.where.extend(conditions)
            return


def _sequence(done: list[tuple[Any, list[Outcome]]]) -> None:
    """'started a checkout ... and has not ordered since' -> the first, and not the second after it."""
    if len(done) < 2 or len(done[-1][1]) != 1 or not done[-1][1][0].clause.since:
        return
    (first, first_outs), (then, then_outs) = done[-2], done[-1]
    if (
        isinstance(first, EventCondition)
        and isinstance(then, EventCondition)
        and first.exists
        and not then.exists
        and first.aggregate is None
        and then.aggregate is None
    ):
        sequence = SequenceCondition(first=first, then_not=then.model_copy(update={"exists": True}))
        done[-2:] = [(sequence, [*first_outs, *then_outs])]


def _or(items: list[Any], neither: bool = False) -> Any:
    """One criterion for alternatives: a value list when they are values of one field; alternatives
    all negated ('not in Texas or Ohio') must all hold."""
    if len(items) == 1:
        return items[0]
    items = _factored(items)
    if len(items) == 1:
        return items[0]
    fields = {i.field for i in items if isinstance(i, FieldCondition)}
    ops = {i.op for i in items if isinstance(i, FieldCondition)}
    if len(fields) == 1 and all(isinstance(i, FieldCondition) for i in items) and ops in ({"="}, {"!="}):
        values = list(dict.fromkeys(i.value for i in items))
        return FieldCondition(field=fields.pop(), op="in" if ops == {"="} else "not_in", value=values)
    negated = neither or all(isinstance(i, FieldCondition) and i.op == "!=" for i in items)
    return Group(op="and" if negated else "or", items=items)


def _factored(items: list[Any]) -> list[Any]:
    """'Germany or France on the family plan': what the last alternative adds to its value qualifies them
    all -> family plan AND country in (DE, FR)."""
    last = items[-1]
    if not (_plain_and(last) and all(isinstance(i, FieldCondition) and i.op == "=" for i in items[:-1])):
        return items
    fields = {i.field for i in items[:-1]}
    same = [i for i in last.items if isinstance(i, FieldCondition) and i.op == "=" and i.field in fields]
    if len(fields) != 1 or len(same) != 1:
        return items
    values = list(dict.fromkeys([*(i.value for i in items[:-1]), same[0].value]))
    listed = FieldCondition(field=same[0].field, op="in", value=values)
    return [Group(items=[listed, *(i for i in last.items if i is not same[0])])]


def _merge_and(items: list[Any]) -> list[Any]:
    """'customers in Texas and California': equalities on one field, said with 'and', mean a list."""
    out: list[Any] = []
    flat = [i for item in items for i in (item.items if _plain_and(item) else [item])]
    for item in flat:
        same = next(
            (
                o
                for o in out
                if isinstance(o, FieldCondition)
                and isinstance(item, FieldCondition)
                and o.field == item.field
                and o.op in ("=", "in", "!=", "not_in")
                and item.op == "="
                and item.value not in (o.value if o.op in ("in", "not_in") else [o.value])
            ),
            None,
        )
        if same is None:
            out.append(item)
            continue
        # 'outside the US and Canada': a value added with 'and' to an excluded one is excluded too
        op = "not_in" if same.op in ("!=", "not_in") else "in"
        values = same.value if same.op in ("in", "not_in") else [same.value]
        out[out.index(same)] = FieldCondition(field=same.field, op=op, value=[*values, item.value])
    return out


def _dimension(out: Outcome, item_fields: set[str | None], catalog: Catalog) -> bool:
    """A shared clause that is missing, or names what the items split ('top loyalty members' for gold vs
    platinum loyalty tiers): it is the split's dimension, not a filter."""
    if out.missing or out.field in item_fields or _field(out.criterion) in item_fields:
        return True
    named = [catalog.field(f) for f in item_fields if f]
    return not out.clause.term and any(
        explained(w, field_words(info, name_only=True)) for info in named if info for w in out.clause.words
    )


def _plain_and(item: Any) -> bool:
    return isinstance(item, Group) and item.op == "and" and not item.negate


def _field(criterion: Any) -> str | None:
    return criterion.field if isinstance(criterion, FieldCondition) else None
