"""Choose among look-alike fields for one concept of a goal, and say why in words a marketer can check.

Ranking (see synonym_signals.py): usable (not deprecated, not frozen on the data) > scope fit
(the goal's scope words vs the field's name and description) > status > coverage > name match.
A deprecated candidate brings its replacement along. A tie on every signal is not guessed: it
becomes a clarifying question naming the tied fields and what differs between them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from segment_agent.errors import UserError
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.synonym_signals import Signals, asked_scopes, label, mark_coverage, measure


class Resolution(BaseModel):
    """The chosen field (None when a question must be asked first), why, and why not the others."""

    concept: str
    choice: str | None
    reason: str
    runners_up: list[dict[str, str]] = Field(default_factory=list, description="{field, why_not}, best first")
    question: str | None = None


def resolve_fields(concept: str, candidates: list[str], catalog: Catalog, goal: str = "") -> Resolution:
    """Pick the field that means `concept` for `goal` among `candidates` ('table.column' names)."""
    asked = asked_scopes(f"{concept}. {goal}")
    signals = [measure(info, asked, concept) for info in _candidates(candidates, catalog)]
    mark_coverage(signals)
    ranked = sorted(signals, key=lambda s: s.key(), reverse=True)
    best = ranked[0]
    tied = [s for s in ranked if s.key() == best.key()]
    if len(tied) > 1:
        return Resolution(
            concept=concept,
            choice=None,
            reason=f"{_names(tied)} tie on every signal (status, freshness, scope, coverage, name).",
            runners_up=[{"field": s.info.name, "why_not": "tied; needs your answer"} for s in tied]
            + [
                {"field": s.info.name, "why_not": _lose(s, best, asked, concept)} for s in ranked[len(tied) :]
            ],
            question=_question(concept, tied),
        )
    if len(ranked) == 1:
        note = f" (it {_usable_facts(best)})" if best.retired or best.frozen else ""
        return Resolution(
            concept=concept, choice=best.info.name, reason=f"{best.info.column} is the only candidate{note}."
        )
    runner = ranked[1]
    win, lose = _win(best, runner, asked, concept), _lose(runner, best, asked, concept)
    return Resolution(
        concept=concept,
        choice=best.info.name,
        reason=f"{best.info.column} {win}; {runner.info.column} {lose}.",
        runners_up=[{"field": s.info.name, "why_not": _lose(s, best, asked, concept)} for s in ranked[1:]],
    )


def _candidates(names: list[str], catalog: Catalog) -> list[FieldInfo]:
    """The candidates' catalog entries, plus the replacement named by any deprecated one."""
    if not names:
        raise UserError("No candidate fields to choose from.", "Search the catalog for the concept first.")
    unknown = [n for n in names if catalog.field(n) is None]
    if unknown:
        raise UserError(
            f"Unknown fields: {', '.join(unknown)}.", "Use 'table.column' names from catalog search."
        )
    infos: list[FieldInfo] = []
    for info in (catalog.field(n) for n in names):
        replacement = catalog.field(f"{info.table}.{info.replaced_by}") if info.replaced_by else None
        infos += [f for f in (info, replacement) if f is not None and f.name not in {i.name for i in infos}]
    return infos


def _decisive(a: Signals, b: Signals) -> int:
    """Index of the first signal (usable, scope, status, coverage, name) on which `a` and `b` differ."""
    return next((i for i, (x, y) in enumerate(zip(a.key(), b.key(), strict=True)) if x != y), 4)


def _win(best: Signals, other: Signals, asked: dict[str, str], concept: str) -> str:
    """Why `best` beat `other`, as a fact about `best`."""
    status = best.info.status
    match _decisive(best, other):
        case 0:
            return f"is {status} and still updated"
        case 1:
            matched = sorted(best.scopes & asked.keys())
            if matched:
                return f"is {label(matched[0])}, as '{asked[matched[0]]}' in the goal asks"
            return f"is {status} and not {' or '.join(label(u) for u in other.unasked)}"
        case 2:
            return f"is {status}"
        case 3:
            return f"is {status} and filled for {1 - best.null_rate:.0%} of rows"
        case _:
            return f"is {status} and named closest to '{concept}'"


def _lose(s: Signals, best: Signals, asked: dict[str, str], concept: str) -> str:
    """Why `s` lost to `best`: the first signal it is worse on, as a checkable fact."""
    match _decisive(s, best):
        case 0:
            return _usable_facts(s)
        case 1:
            if s.limits > best.limits:
                return f"is {' and '.join(label(u) for u in s.unasked)}, which the goal does not ask for"
            wanted = sorted(best.scopes & asked.keys())[0]
            return f"is not {label(wanted)}, which '{asked[wanted]}' in the goal asks for"
        case 2:
            return f"is {s.info.status}, while {best.info.column} is {best.info.status}"
        case 3:
            return f"is empty for {s.null_rate:.0%} of rows ({best.info.column}: {best.null_rate:.0%})"
        case _:
            return f"is named less like '{concept}'"


def _usable_facts(s: Signals) -> str:
    """'is deprecated (replaced by x) and stopped updating: <measured reason>'."""
    parts = []
    if s.retired:
        replaced = f" (replaced by {s.info.replaced_by})" if s.info.replaced_by else ""
        parts.append(f"is {s.info.status}{replaced}")
    if s.frozen:
        parts.append(f"stopped updating: {s.info.profile.frozen_reason or 'its values no longer change'}")
    return " and ".join(parts)


def _names(tied: list[Signals]) -> str:
    cols = [s.info.column for s in tied]
    return ", ".join(cols[:-1]) + f" and {cols[-1]}"


def _question(concept: str, tied: list[Signals]) -> str:
    options = " or ".join(f"{s.info.column} ({_describe(s.info, tied)})" for s in tied[:3])
    return f"For '{concept}', which field do you mean: {options}?"


def _describe(info: FieldInfo, tied: list[Signals]) -> str:
    """What sets this field apart from the other tied ones: its description, else what profiling saw."""
    if info.description and len({s.info.description for s in tied}) > 1:
        return info.description.rstrip(".")
    p = info.profile
    if p.top_values:
        shown = ", ".join(v for v, _ in p.top_values[:3])
        return f"{info.type}, values like {shown}, {1 - p.null_rate:.0%} filled"
    if p.min is not None and p.max is not None:
        return f"{info.type}, {p.min} to {p.max}, {1 - p.null_rate:.0%} filled"
    return f"{info.type}, {1 - p.null_rate:.0%} filled"
