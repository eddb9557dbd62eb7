"""A comparison between fields of one row (comparison_read) as a criterion: each side's field is the
best search hit of the right kind on the profile table, so any catalog works."""

from __future__ import annotations

from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_spec import MIN_SCORE
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import kind, minutes_per_unit, usable
from segment_agent.agent.offline.outcome import Outcome, clause_hits
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import FieldCondition, Group


def relation_outcome(clause: Clause, ev: Evidence, catalog: Catalog) -> Outcome | None:
    """The criterion, the searches still needed, or None when the catalog has no fitting fields
    (the clause is then read the ordinary way)."""
    rel = clause.relation
    assert rel is not None
    sides = [rel.left, *rel.right]
    needs = [q for side in sides for q in side.queries if ev.search(q) is None]
    if needs:
        return Outcome(clause, needs=list(dict.fromkeys(needs)))
    wanted = "time" if rel.dated else "number"
    left = _best(clause_hits(rel.left, ev), catalog, wanted, [], None, MIN_SCORE)
    if left is None:
        return None
    right: list[FieldInfo] = []
    like, floor = (left, MIN_SCORE / 2) if rel.same_unit else (None, MIN_SCORE)
    for side in rel.right:
        # a side of the same kind and unit as the left one needs only a weaker match
        found = _best(clause_hits(side, ev), catalog, wanted, [left, *right], like, floor)
        if found is None:
            return None
        right.append(found)
    factor, offset = rel.factor, rel.offset
    if rel.unit == "minutes":  # said in minutes, stored in the left field's unit
        per = minutes_per_unit(left) or 1.0
        factor = None if factor is None else round(factor / per, 6)
        offset = None if offset is None else round(offset / per, 6)
    criterion: Any = FieldCondition(
        field=left.name,
        op=rel.op,
        value_field=right[0].name,
        value_plus=[f.name for f in right[1:]] or None,
        value_factor=factor,
        value_offset=offset,
        value_offset_days=rel.offset_days,
    )
    if clause.negated:
        criterion = Group(negate=True, items=[criterion])
    return Outcome(clause, criterion=criterion, field=left.name)


def _best(
    hits: list[dict[str, Any]],
    catalog: Catalog,
    wanted: str,
    taken: list[FieldInfo],
    like: FieldInfo | None,
    floor: float,
) -> FieldInfo | None:
    """The best-scoring usable profile field of kind `wanted`, not taken, with `like`'s unit when given."""
    for hit in hits:
        info = usable(catalog, hit["field"])
        if (
            info is not None
            and info.table == catalog.entity_table
            and kind(info) == wanted
            and hit.get("kind") != "value"
            and hit["score"] >= floor
            and info.status != "deprecated"
            and info.name not in {t.name for t in taken}
            and (like is None or info.unit == like.unit)
        ):
            return info
    return None
