"""A clause answered by one profile field: is the field the search chose really what the clause says?

The chosen field must explain every word of the clause (or the rest carries no data, catalog_words.py),
score high enough, not be far outranked by a field that cannot express the clause, and hold amounts
near the one asked; otherwise the data is reported missing. Look-alike fields go to resolve_fields,
or to the field a reviewer preferred.
"""

from __future__ import annotations

from typing import Any

from segment_agent.agent.offline.catalog_words import bare, set_aside
from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_spec import MIN_SCORE, Choice
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
from segment_agent.agent.offline.outcome import Outcome, concept
from segment_agent.agent.offline.profile_fit import all_verbs, verb_words
from segment_agent.agent.offline.vocabulary import phrase_regex, words_of
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import FieldCondition

MIN_NAMED_SCORE = 0.2
MIN_BARE_SCORE = 0.1
GAP = 0.15  # a far better-named field that cannot express the clause means the data is missing


def _value_names_rest(clause: Clause, info: FieldInfo, value: str, catalog: Catalog) -> bool:
    """The value is said, and every word the field leaves unexplained only names its kind ('affiliate
    partners', 'TV set'): no other criterion hides in them."""
    rest = uncovered(clause.words, field_words(info, value), clause.phrase)
    said = value_words(info, value)
    return any(explained(w, said) for w in clause.words) and set_aside(clause, rest, said, catalog)


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


def said_words(clause: Clause) -> list[str]:
    """The clause's words that must be explained: event verbs are not (a profile field implies them)."""
    # 'mostly shop on desktop': a habit names no event; any other verb no event framed must be explained
    habit = clause.event is None and bool(phrase_regex("habitual").search(clause.text))
    verbs = verb_words(clause) | (all_verbs() if habit else set())
    return [w for w in clause.words if w not in verbs]


def profile_outcome(
    clause: Clause, choice: Choice, ev: Evidence, catalog: Catalog, prefer: set[str]
) -> Outcome:
    """The profile criterion, with the field resolve_fields (or a reviewer) chose among look-alikes."""
    info = catalog.field(choice.field or "")
    words = said_words(clause)
    if choice.value is None:  # 'loyalty program members': belonging is having a loyalty tier at all
        words = [w for w in words if w.lower() not in words_of("membership_nouns")] or words
    core = [w for w in words if not generic(w)] or words  # 'credit score': 'score' says nothing
    cover = coverage(core, field_words(info, choice.value), clause.phrase) if info is not None else 0.0
    named = info is not None and coverage(core, field_words(info, choice.value, True), clause.phrase) == 1.0
    thin = info is not None and bare(info)
    if thin and info is not None and cover < 1.0:
        own = field_words(info, choice.value)
        rest = uncovered(core, own, clause.phrase)
        said = len(clause.words) - len(uncovered(clause.words, own, clause.phrase))  # it says part of it
        if said >= max(1, len(rest)) and set_aside(clause, rest, own, catalog):
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
    if choice.score < floor or cover < 1.0 or better:
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
