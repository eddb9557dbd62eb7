"""One clause -> one criterion: a glossary term, a profile field, an event, or two measures compared.

Also says when the catalog lacks the data (missing.py words it) and which look-alike fields
need resolve_fields before the criterion is final.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from segment_agent.agent.offline.catalog_words import bare, unknown_to_catalog
from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_read import negation_regex
from segment_agent.agent.offline.clause_spec import MIN_SCORE, Choice, profile_choice
from segment_agent.agent.offline.event_clauses import catalog_event_outcome, event_outcome, inherited_event
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import (
    coverage,
    explained,
    field_words,
    generic,
    is_money,
    kind,
    uncovered,
    usable,
    value_words,
    window_days,
)
from segment_agent.agent.offline.forms import field_form
from segment_agent.agent.offline.missing import missing_reason
from segment_agent.agent.offline.outcome import Outcome, clause_hits, concept
from segment_agent.agent.offline.profile_fit import all_verbs, verb_words
from segment_agent.agent.offline.term_versus import term_criterion, versus_outcome
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import FieldCondition, Group

MIN_NAMED_SCORE = 0.2
MIN_BARE_SCORE = 0.1
MIN_COVER = 0.6  # the chosen field must explain most of what the clause says
GAP = 0.15  # a far better-named field that cannot express the clause means the data is missing


def outcome(
    clause: Clause,
    ev: Evidence,
    catalog: Catalog,
    previous: Clause | None,
    prefer: set[str] | None = None,
    lean: set[str] | None = None,
) -> Outcome:
    """What `clause` becomes, given the tool results so far (searches must be in `ev`); `previous` is
    the last clause before it about an event, whose verb a clause without one may carry on."""
    if clause.term:
        return Outcome(clause, criterion=term_criterion(clause, ev))
    if clause.versus is not None:
        return versus_outcome(clause, ev, catalog)
    hits = clause_hits(clause, ev)
    if clause.event is None and previous is not None:
        inherited = inherited_event(clause, ev, catalog, previous, hits)
        if inherited is not None:
            return inherited
    if clause.since and clause.event is not None:  # 'has not ordered since': an event, after the one before
        found = event_outcome(clause, clause.event, ev, catalog, hits)
        if found is not None:
            return found
    choice = profile_choice(clause, hits, catalog, lean or set())
    parts = (
        _compound(clause, choice, ev, catalog, prefer or set(), lean or set()) if choice.criterion else None
    )
    if parts is not None:
        return parts
    profile = (
        _from_choice(clause, choice, ev, catalog, prefer or set()) if choice.criterion is not None else None
    )
    if profile is not None and profile.missing is None:
        return profile
    if clause.event is not None:
        found = event_outcome(clause, clause.event, ev, catalog, hits)
        if found is not None:
            return found
    found = catalog_event_outcome(clause, ev, catalog, hits)
    if found is not None:
        return found
    return profile or Outcome(clause, missing=missing_reason(clause, hits, choice, catalog))


def _compound(
    clause: Clause, choice: Choice, ev: Evidence, catalog: Catalog, prefer: set[str], lean: set[str]
) -> Outcome | None:
    """'texas women', 'male customers aged 30 to 40': one clause, two criteria. The best field takes the
    words it explains; the rest is looked up on its own and becomes a second criterion (or the data
    is missing). None when the best field explains the whole clause, or the rest is no criterion."""
    info = catalog.field(choice.field or "")
    core = [w for w in _said(clause) if not generic(w)]
    if info is None or clause.event is not None or len(core) < 2:
        return None
    values = choice.criterion.value if isinstance(choice.criterion, FieldCondition) else None
    listed = values if isinstance(values, list) and choice.value is not None else [choice.value]
    said = frozenset().union(*(field_words(info, v) for v in listed))
    rest = uncovered(core, said, clause.phrase)
    if not rest or len(rest) == len(core):
        return None
    took_number = clause.comparison is not None and kind(info) == "number"
    taken = [w for w in core if w not in rest]
    first = replace(clause, words=taken, phrase=[], negated=_negated_part(clause, taken))
    second = replace(
        clause,
        words=rest,
        phrase=[],
        comparison=None if took_number else clause.comparison,
        negated=_negated_part(clause, rest),
    )
    if ev.search(second.query) is None:
        return Outcome(clause, needs=[second.query])
    one = _from_choice(
        first, profile_choice(first, clause_hits(clause, ev), catalog, lean), ev, catalog, prefer
    )
    two = outcome(second, ev, catalog, None, prefer, lean)
    if two.needs:
        return Outcome(clause, needs=two.needs)
    if one.missing or two.missing or one.criterion is None or two.criterion is None:
        return None  # not two criteria after all: the clause is judged whole
    return Outcome(clause, criterion=Group(items=[one.criterion, two.criterion]), field=one.field,
                   resolve=one.resolve + two.resolve)  # fmt: skip


def _negated_part(clause: Clause, words: list[str]) -> bool:
    """A negation covers the words after it: 'Mexico on any plan other than the free one' negates the
    plan, not the country."""
    if not clause.negated:
        return False
    low = [t.lower() for t in clause.tokens]
    found = negation_regex().search(" ".join(low))
    if found is None:
        return True
    at = len(" ".join(low)[: found.start()].split())
    said = {w.lower() for w in words}
    return any(t in said for t in low[at:]) or not any(t in said for t in low)


def _value_names_rest(clause: Clause, info: FieldInfo, value: str, catalog: Catalog) -> bool:
    """Every word the field leaves unexplained stands right beside the value said ('affiliate partners',
    'TV set') and is a word the catalog never uses: it names the value, it is no other criterion."""
    own = field_words(info, value)
    rest = set(uncovered(clause.words, own, clause.phrase))
    said = value_words(info, value)
    anchors = {i for i, w in enumerate(clause.words) if explained(w, said)}
    near = {i for i, w in enumerate(clause.words) if w in rest and {i - 1, i + 1} & anchors}
    return (
        bool(anchors)
        and bool(rest)
        and all(i in near and unknown_to_catalog(w, catalog) for i, w in enumerate(clause.words) if w in rest)
    )


def _window_echo(clause: Clause, hit: dict[str, Any], catalog: Catalog) -> bool:
    """A count over the last N days ranks high for 'more than N days ago' only because the query says the
    days: it cannot answer the clause, so it is no sign the data is missing."""
    info = catalog.field(hit["field"])
    return (
        clause.window is not None
        and clause.window.relation == "older"
        and info is not None
        and kind(info) == "number"
        and bool(window_days(info))
    )


def _said(clause: Clause) -> list[str]:
    """The clause's words that must be explained: event verbs are not (a profile field implies them)."""
    verbs = verb_words(clause) | (all_verbs() if clause.event is None else set())
    return [w for w in clause.words if w not in verbs]


def _from_choice(clause: Clause, choice: Choice, ev: Evidence, catalog: Catalog, prefer: set[str]) -> Outcome:
    """The profile criterion, with the field resolve_fields (or a reviewer) chose among look-alikes."""
    info = catalog.field(choice.field or "")
    words = _said(clause)
    core = [w for w in words if not generic(w)] or words  # 'credit score': 'score' says nothing
    cover = coverage(core, field_words(info, choice.value), clause.phrase) if info is not None else 0.0
    named = info is not None and coverage(core, field_words(info, choice.value, True), clause.phrase) == 1.0
    thin = info is not None and bare(info)
    if thin and info is not None and cover < 1.0:
        own = field_words(info, choice.value)
        rest = uncovered(core, own, clause.phrase)
        said = len(clause.words) - len(uncovered(clause.words, own, clause.phrase))  # it says part of it
        if said >= max(1, len(rest)) and all(unknown_to_catalog(w, catalog) for w in rest):
            cover, named = 1.0, True  # the catalog has no word for the rest: the name says all it can
    if (
        info is not None
        and cover < 1.0
        and choice.value is not None
        and _value_names_rest(clause, info, choice.value, catalog)
    ):
        cover = 1.0  # 'affiliate partners': the rest only names the value said
    better = (
        choice.best_other is not None
        and float(choice.best_other["score"]) > choice.score + GAP
        and not _window_echo(clause, choice.best_other, catalog)
    )
    # A value or name said exactly ('US', 'joined') is certain even when a short query scores low;
    # on an undocumented field search has only the name to go by, so its scores run lower still.
    floor = MIN_NAMED_SCORE if cover == 1.0 and (choice.value is not None or named) else MIN_SCORE
    floor = MIN_BARE_SCORE if thin and floor == MIN_NAMED_SCORE else floor
    if choice.score < floor or cover < MIN_COVER or better:
        return Outcome(clause, missing=missing_reason(clause, [], choice, catalog))
    if info is not None and _beyond_data(info, choice.criterion):
        return Outcome(
            clause,
            missing=f"{info.name} never comes near the amount asked in '{clause.text}' "
            f"(its largest value is {info.profile.max}), so it measures something else",
        )
    out = Outcome(clause, criterion=choice.criterion, field=choice.field)
    chosen = None
    if choice.candidates:
        out.resolve = [(concept(clause), choice.candidates)]
        resolution = ev.resolution(concept(clause)) or {}
        chosen = usable(catalog, resolution.get("choice") or "")
        if resolution and not resolution.get("choice") and resolution.get("question"):
            out.question = resolution["question"]
    wanted = [usable(catalog, name) for name in sorted(prefer) if name != choice.field]
    chosen = (
        next(
            (
                w
                for w in wanted
                if w is not None
                and kind(w) == kind(info)
                and w.table == info.table
                and is_money(w) == is_money(info)
            ),
            chosen,
        )
        if info is not None
        else chosen
    )
    if chosen is not None and chosen.name != choice.field:
        form = field_form(chosen, clause, choice.value)
        if form is not None:
            out.criterion, out.field = form, chosen.name
    return out


def _beyond_data(info: FieldInfo, criterion: Any) -> bool:
    """A threshold ten times above the largest value on record ('net worth over $1M' against lifetime
    value) means the goal asks about a quantity this field does not hold."""
    if not isinstance(criterion, FieldCondition) or criterion.op not in (">", ">=", "="):
        return False
    try:
        top, value = float(info.profile.max or "nan"), float(criterion.value)
    except (TypeError, ValueError):
        return False
    return top > 0 and value > 10 * top
