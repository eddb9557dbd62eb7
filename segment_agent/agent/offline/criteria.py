"""One clause -> one criterion: a glossary term, a profile field, an event, or two measures compared.

Also says when the catalog lacks the data (missing.py words it) and which look-alike fields
need resolve_fields before the criterion is final.
"""

from __future__ import annotations

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clause_spec import profile_choice
from segment_agent.agent.offline.comparison_outcome import relation_outcome
from segment_agent.agent.offline.compound import compound_outcome
from segment_agent.agent.offline.event_clauses import catalog_event_outcome, event_outcome, inherited_event
from segment_agent.agent.offline.evidence import Evidence
from segment_agent.agent.offline.missing import missing_reason
from segment_agent.agent.offline.outcome import Outcome, clause_hits
from segment_agent.agent.offline.profile_outcome import profile_outcome
from segment_agent.agent.offline.term_versus import term_criterion, versus_outcome
from segment_agent.tools.catalog_model import Catalog


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
    if clause.relation is not None:  # 'more than twice their X', 'within 30 days of joining'
        related = relation_outcome(clause, ev, catalog)
        if related is not None:
            return related
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

    def judge(part: Clause) -> Outcome:
        return outcome(part, ev, catalog, None, prefer, lean)

    parts = (
        compound_outcome(clause, choice, ev, catalog, prefer or set(), lean or set(), judge)
        if choice.criterion
        else None
    )
    if parts is not None:
        return parts
    profile = (
        profile_outcome(clause, choice, ev, catalog, prefer or set())
        if choice.criterion is not None
        else None
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
