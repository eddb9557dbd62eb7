"""One clause, two criteria: 'texas women', 'male customers aged 30 to 40', 'Mexico on any plan but free'.

The best field takes the words it explains; the rest is judged as a clause of its own. A negation
covers only the words after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from segment_agent.agent.offline.catalog_words import set_aside
from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_read import negation_regex
from segment_agent.agent.offline.clause_spec import Choice, profile_choice
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.fields import (
    explained,
    field_words,
    field_words_of_text,
    generic,
    kind,
    uncovered,
    value_words,
)
from segment_agent.agent.offline.outcome import Outcome, clause_hits
from segment_agent.agent.offline.profile_outcome import profile_outcome, said_words
from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.segment_spec import EventCondition, FieldCondition, Group


def compound_outcome(
    clause: Clause,
    choice: Choice,
    ev: Evidence,
    catalog: Catalog,
    prefer: set[str],
    lean: set[str],
    judge: Callable[[Clause], Outcome],
) -> Outcome | None:
    """'texas women', 'male customers aged 30 to 40': one clause, two criteria. The best field takes the
    words it explains; the rest is judged on its own (`judge`) and becomes a second criterion (or the data
    is missing). None when the best field explains the whole clause, or the rest is no criterion."""
    info = catalog.field(choice.field or "")
    core = [w for w in said_words(clause) if not generic(w)]
    if info is None or clause.event is not None or len(core) < 2:
        return None
    values = choice.criterion.value if isinstance(choice.criterion, FieldCondition) else None
    listed = values if isinstance(values, list) and choice.value is not None else [choice.value]
    said = frozenset().union(*(field_words(info, v) for v in listed))
    named = frozenset().union(*(value_words(info, v) for v in listed if v is not None))
    # a noun naming the value's kind ('affiliate partners') stays with the value
    rest = [w for w in uncovered(core, said, clause.phrase) if not set_aside(clause, [w], named, catalog)]
    if not rest or len(rest) == len(core):
        return None
    took_number = clause.comparison is not None and kind(info) == "number"
    taken = [w for w in core if w not in rest]
    first = replace(
        clause,
        words=taken,
        phrase=[],
        comparison=clause.comparison if took_number else None,
        negated=_negated_part(clause, taken),
    )
    second = replace(
        clause,
        words=rest,
        phrase=[],
        comparison=None if took_number else clause.comparison,
        negated=_negated_part(clause, rest),
    )
    if ev.search(second.query) is None:
        return Outcome(clause, needs=[second.query])
    two = judge(second)
    if two.needs:
        return Outcome(clause, needs=two.needs)
    hits = [h for h in clause_hits(clause, ev) if h["field"] != two.field]  # the rest's field is no rival
    one = profile_outcome(first, profile_choice(first, hits, catalog, lean), ev, catalog, prefer)
    if one.missing or two.missing or one.criterion is None or two.criterion is None:
        return None  # not two criteria after all: the clause is judged whole
    if isinstance(two.criterion, EventCondition) and any(
        explained(w, field_words_of_text(two.criterion.table.replace("_", " ")))
        for w in taken
        if not generic(w)
    ):
        return None  # 'refunded card payments adding up to $30': the rest qualifies the payments themselves
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
    demonyms = vocabulary()["demonyms"]  # 'Canadian' said the word 'canada'

    def names(token: str) -> bool:
        return token in said or bool(set(str(demonyms.get(token, "")).split()) & said)

    return any(names(t) for t in low[at:]) or not any(names(t) for t in low)
