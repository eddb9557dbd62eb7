"""Assemble one segment's criteria from its clauses' outcomes.

OR-groups of values of one field become IN lists ('Texas or California'); negated lists become
NOT IN; values of one field joined by 'and' are a list too (nobody lives in two states); an
exclusion narrows the event before it; 'started a checkout and has not ordered since' becomes
a sequence; shared (base) clauses that only name the split's dimension are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.criteria import outcome
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import explained, field_words, generic
from segment_agent.agent.offline.outcome import Outcome, clause_hits
from segment_agent.agent.offline.parse import SegmentParse
from segment_agent.agent.offline.vocabulary import vocabulary
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
    _carry_window([c for c, _ in base if c is not None and c not in kept], [c for c, _ in item])
    items = _merge_and([*kept, *[c for c, _ in item if c is not None]])
    result = SegmentResult(None, [*[o for _, outs in base for o in outs], *item_outcomes], missing)
    if not missing and items:
        result.criteria = Group(items=items)
    elif not missing:
        result.missing = [f"no criterion in '{seg.label}'"]
    return result


def _carry_window(dropped: list[Any], items: list[Any]) -> None:
    """'people who paid in the last 30 days, by method: card, paypal': the shared event, dropped as the
    split's dimension, still dates each item's event on the same table."""
    for shared in (d for d in dropped if isinstance(d, EventCondition) and d.within_days):
        for item in items:
            if isinstance(item, EventCondition) and item.table == shared.table and item.within_days is None:
                item.within_days = shared.within_days


def _groups(
    groups: list[list[Any]], ev: Evidence, catalog: Catalog, prefer: set[str], lean: set[str]
) -> list[tuple[Any, list[Outcome]]]:
    """(criterion, outcomes) per OR-group; attachments fold into the event before them (criterion None)."""
    done: list[tuple[Any, list[Outcome]]] = []
    previous: Clause | None = None
    for group in groups:
        outs = [_judged(c, group, ev, catalog, previous, prefer, lean) for c in group]
        fields = {o.field for o in outs if o.field}
        if len(fields) > 1 or fields and len(group) > 1 and any(not o.field for o in outs):
            # alternatives of one list are values of one field when they can be ('women's or men's')
            outs = [
                _judged(c, group, ev, catalog, previous, prefer, lean | (fields - {o.field}))
                for c, o in zip(group, outs, strict=True)
            ]
            outs = _one_list(outs, ev, catalog)
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


def _judged(
    clause: Clause,
    group: list[Clause],
    ev: Evidence,
    catalog: Catalog,
    previous: Clause | None,
    prefer: set[str],
    lean: set[str],
) -> Outcome:
    """The clause's outcome; when its data is missing, the same clause read another way, if that reading
    finds data: a word as the negation of its opposite, or an alternative with the head it shares."""
    out = outcome(clause, ev, catalog, previous, prefer, lean)
    if not out.missing:
        return out
    for other in (_opposite(clause), _shared_head(clause, group)):
        if other is None:
            continue
        if ev.search(other.query) is None:
            return Outcome(clause, needs=[other.query])
        found = outcome(other, ev, catalog, previous, prefer, lean)
        if not (found.missing or found.needs or isinstance(found.criterion, EventCondition)):
            return found
    return out


def _opposite(clause: Clause) -> Clause | None:
    """'paid plans' where the catalog only says 'free': not the free plans ('paid search' stays itself
    where a value says it, as the clause is only read so when its own words find no data)."""
    opposites = vocabulary()["opposites"]
    if not any(w.lower() in opposites for w in clause.words):
        return None
    words = [opposites.get(w.lower(), w) for w in clause.words]
    # the negation goes where the word was, so 'Canadian members on a paid plan' negates only the plan
    tokens = [
        p for t in clause.tokens for p in (["not", opposites[t.lower()]] if t.lower() in opposites else [t])
    ]
    return replace(clause, tokens=tokens, words=words, phrase=[], negated=not clause.negated)


def _shared_head(clause: Clause, group: list[Clause]) -> Clause | None:
    """'North or South America': a one-word alternative before the last may share the last one's head."""
    last = group[-1]
    if len(group) < 2 or clause is last or len(clause.words) != 1 or len(last.words) < 2:
        return None
    words = [*clause.words, *last.words[1:]]
    return replace(clause, tokens=[*clause.tokens, *last.words[1:]], words=words, phrase=[])


def _one_list(outs: list[Outcome], ev: Evidence, catalog: Catalog) -> list[Outcome]:
    """'favourite category other than women's or men's clothing': when the list's first item is a value of
    a field, an item said without that event or field is another value of it, if its words name one."""
    first = outs[0].criterion
    if not (isinstance(first, FieldCondition) and first.op in ("=", "!=") and outs[0].field):
        return outs
    info = catalog.field(outs[0].field)
    out = list(outs)
    for index, item in enumerate(outs[1:], start=1):
        clause = item.clause
        if info is None or item.field == info.name or clause.event is not None or clause.comparison:
            continue
        words = [w for w in clause.words if not generic(w)]
        for hit in clause_hits(clause, ev):
            value = hit.get("value") if hit.get("kind") == "value" else None
            if (
                hit["field"] == info.name
                and value is not None
                and words
                and all(explained(w, field_words(info, value)) for w in words)
            ):
                op = "!=" if clause.negated else "="
                out[index] = Outcome(clause, criterion=FieldCondition(field=info.name, op=op, value=value),
                                     field=info.name)  # fmt: skip
                break
    return out


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
