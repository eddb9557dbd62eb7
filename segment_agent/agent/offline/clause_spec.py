"""Turn one clause and its search hits into a criterion on a profile field.

A hit qualifies when its field can express the clause (forms.py) and, for clauses about an
event ('bought camping gear in the last 30 days'), when the field says exactly that: its
name and description cover the clause's words and its window is the clause's window.
Otherwise the clause is left to an event condition (events.py) or reported as missing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Any

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.fields import (
    coverage,
    explained,
    field_words,
    generic,
    kind,
    same_window,
    usable,
)
from segment_agent.agent.offline.forms import field_form, presence_form
from segment_agent.agent.offline.profile_fit import fits, name_said
from segment_agent.agent.offline.vocabulary import words_of
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.field_words import split_name
from segment_agent.tools.lookalikes import find_lookalikes
from segment_agent.tools.segment_spec import FieldCondition

MIN_SCORE = 0.3  # below this, search found nothing that means the clause (calibrated on dev goals)
CLOSE = 0.12  # hits this close to the best are equally plausible: the better-fitting one wins


@dataclass
class Choice:
    """What a clause became: a criterion (with the field and look-alikes to resolve), or why not."""

    criterion: Any = None
    field: str | None = None
    value: str | None = None
    score: float = 0.0
    candidates: list[str] = dataclasses.field(default_factory=list)
    best_other: dict[str, Any] | None = None  # the best hit that could not express the clause


def profile_choice(clause: Clause, hits: list[dict[str, Any]], catalog: Catalog, lean: set[str]) -> Choice:
    """The best profile-field criterion for `clause` among `hits` (criterion None when none fits);
    among close fits, a field in `lean` (what sibling alternatives chose: 'Texas, Florida, New York') wins."""
    fitting: list[Choice] = []
    other: dict[str, Any] | None = None
    for hit in hits:
        info = usable(catalog, hit["field"])
        if info is None or info.table != catalog.entity_table or _retired(info, clause):
            continue
        if not _age_holder(info, clause):
            other = other or hit
            continue
        value = hit.get("value") if hit.get("kind") == "value" else None
        form = field_form(info, clause, value)
        if form is None and value is None and clause.event is None and _named(info, clause):
            form = presence_form(info, clause)
        if form is None or not fits(info, clause, value, catalog):
            other = other or hit
            continue
        fitting.append(Choice(criterion=form, field=info.name, value=value, score=float(hit["score"])))
    best = _prefer(fitting, clause, catalog, lean)
    if best is None:
        return Choice(best_other=other)
    best.best_other = other
    info = catalog.field(best.field or "")
    if info is not None:
        best.candidates = _lookalikes(info, best.value, hits, catalog, clause)
        if best.value is not None:
            best.criterion = _listed(info, best, hits, clause)
    return best


def _listed(info: FieldInfo, best: Choice, hits: list[dict[str, Any]], clause: Clause) -> Any:
    """'prefer SMS or push': other values of the same field that the clause names become a list."""
    chosen = field_words(info, best.value)
    values = [best.value]
    for hit in hits:
        value = hit.get("value")
        if hit.get("kind") != "value" or hit["field"] != info.name or value in values:
            continue
        own = field_words(info, value)
        if any(explained(w, own) and not explained(w, chosen) for w in clause.words if not generic(w)):
            values.append(value)
    if len(values) == 1:
        return best.criterion
    return FieldCondition(field=info.name, op="not_in" if clause.negated else "in", value=values)


def _age_holder(info: FieldInfo, clause: Clause) -> bool:
    """An age of other people ('kids under 5') is on a field that names them, not the entity's own age."""
    cmp = clause.comparison
    if cmp is None or cmp.unit != "age":
        return True
    others = [w for w in clause.words if w.lower() in words_of("aged_person_nouns")]
    return all(explained(w, field_words(info)) for w in others)


def _retired(info: FieldInfo, clause: Clause) -> bool:
    """A deprecated field is only a candidate when the goal names its column ('the ltv column')."""
    return info.status == "deprecated" and info.column.lower() not in {w.lower() for w in clause.words}


def _named(info: FieldInfo, clause: Clause) -> bool:
    """Whether the field's own name says everything the clause does ('open tickets'); a name's kind noun
    need not be said ('loyalty members' of loyalty_tier), nor where its head noun is ('with children' of
    children_in_household), nor a membership noun ('loyalty program')."""
    members = words_of("membership_nouns")
    words = [w for w in clause.words if not generic(w) and w.lower() not in members]
    named = bool(words) and coverage(words, field_words(info, name_only=True), clause.phrase) == 1.0
    tokens = split_name(info.column)
    after = next((i for i, t in enumerate(tokens) if i and t in ("in", "at", "per", "of")), len(tokens))
    unsaid = [t for i, t in enumerate(tokens) if t in words_of("kind_nouns") or i >= after]
    return named and name_said(info, replace(clause, words=[*clause.words, *unsaid]))


def _prefer(fitting: list[Choice], clause: Clause, catalog: Catalog, lean: set[str]) -> Choice | None:
    """The best-scoring fit; among close scores, the one whose window is the clause's and words cover most."""
    if not fitting:
        return None
    top = max(c.score for c in fitting)
    close = [c for c in fitting if c.score >= top - CLOSE]
    days = clause.window.days if clause.window is not None and clause.window.relation != "previous" else None

    def rank(c: Choice) -> tuple[bool, bool, float, float]:
        info = catalog.field(c.field or "")
        exact = info is not None and kind(info) == "number" and same_window(info, days)
        cover = coverage(clause.words, field_words(info, c.value), clause.phrase) if info else 0.0
        return c.field in lean, exact and clause.event is not None, cover, c.score

    return max(close, key=rank)


def _lookalikes(
    info: FieldInfo, value: str | None, hits: list[dict[str, Any]], catalog: Catalog, clause: Clause
) -> list[str]:
    """Fields a marketer could mistake for the chosen one, for resolve_fields (empty: nothing to resolve)."""
    if value is not None:  # the same value in another field that fits the words as well ('TX': state, geo)
        said = [*clause.words, *clause.context]
        cover = coverage(said, field_words(info, value))
        same = [
            h["field"]
            for h in hits
            if h.get("kind") == "value"
            and h.get("value") == value
            and h["field"].split(".")[0] == info.table
            and (other := catalog.field(h["field"])) is not None
            and coverage(said, field_words(other, value)) >= cover
        ]
        names = [n for n in dict.fromkeys([info.name, *same]) if usable(catalog, n)]
        return names if len(names) > 1 else []
    group = {"time": "time"}.get(kind(info), kind(info))
    alike = [
        f.name for f in find_lookalikes(info, catalog) if {"time": "time"}.get(kind(f), kind(f)) == group
    ]
    return [info.name, *alike] if alike else []
