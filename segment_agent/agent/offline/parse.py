"""Read a goal: safety first, then the segments it asks for, then each segment's clauses.

Pure and deterministic: the planner re-reads the goal on every turn and gets the same parse.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.clauses import split_clauses
from segment_agent.agent.offline.fields import field_words_of_text
from segment_agent.agent.offline.goal_text import annotate, first_read, normalize
from segment_agent.agent.offline.safety import check_goal
from segment_agent.agent.offline.segments import SegmentText, split_segments
from segment_agent.agent.offline.vocabulary import words_of
from segment_agent.tools.glossary import Glossary


@dataclass
class SegmentParse:
    """One requested segment: shared clauses (base) and its own (item), each an AND of OR-groups."""

    label: str
    text: str
    base_text: str = ""
    base: list[list[Clause]] = field(default_factory=list)
    item: list[list[Clause]] = field(default_factory=list)

    def clauses(self) -> list[Clause]:
        """Every clause, base first, including the other side of measure comparisons."""
        out = [c for group in [*self.base, *self.item] for c in group]
        return out + [c.versus for c in out if c.versus is not None]


@dataclass
class GoalParse:
    """The whole goal as the planner reads it."""

    goal: str
    refusal: str | None = None
    ignored: list[str] = field(default_factory=list)
    approval_note: bool = False
    segments: list[SegmentParse] = field(default_factory=list)

    def clauses(self) -> list[Clause]:
        """Every clause of every segment."""
        return [c for s in self.segments for c in s.clauses()]

    def terms(self) -> list[str]:
        """Glossary terms used, in order, once each."""
        return list(dict.fromkeys(c.term for c in self.clauses() if c.term))


def parse_goal(goal: str, glossary: Glossary, as_of: dt.date, extra: list[str] | None = None) -> GoalParse:
    """Parse `goal`; `extra` are reviewers' added criteria, applied to every segment."""
    verdict = check_goal(first_read(goal))
    parsed = GoalParse(
        goal=goal, refusal=verdict.refusal, ignored=verdict.ignored, approval_note=verdict.approval_note
    )
    if verdict.refusal or not re.search(r"[A-Za-z]{2}", verdict.text):
        return parsed
    for seg in split_segments(verdict.text):
        parsed.segments.append(_segment(seg, glossary, as_of, extra or []))
    parsed.segments = [s for s in parsed.segments if s.base or s.item]
    return parsed


def parse_text(text: str, glossary: Glossary, as_of: dt.date) -> list[list[Clause]]:
    """Clauses of one piece of text (AND of OR-groups)."""
    text = normalize(text)
    terms: dict[str, str] = {}
    said: dict[str, str] = {}
    for i, match in enumerate(reversed(glossary.find_terms(text))):
        key = f"t{i}"
        terms[key] = match.term
        start, end = match.span
        said[key] = _measure_words(glossary, match.term) or text[start:end]
        text = f"{text[:start]} ⟦{key}⟧ {text[end:]}"
    annotated = annotate(text, as_of)
    marked = _measures(annotated.text, said)
    terms = {k: v for k, v in terms.items() if f"⟦{k}⟧" in marked}
    return split_clauses(marked, annotated.marks, terms, _term_words(glossary, set(terms.values())))


_OWN_NUMBER = re.compile(
    r"⟦(t\d+)⟧(?=\s+(?:(?:of|is|are|at|=)\s+)?⟦c\d+⟧\s*(?:$|[,;)]|(?:and|but|or)\b))", re.I
)


def _measures(text: str, said: dict[str, str]) -> str:
    """A glossary term said with a number of its own ('churn risk at least 0.4 but below 0.7') names the
    measure, not the term's cut-off: it is read as that measure, to be compared with the number."""
    return _OWN_NUMBER.sub(lambda m: said[m.group(1)], text)


def _measure_words(glossary: Glossary, name: str) -> str:
    """The field a term cuts at one threshold ('churn score' for 'likely to churn'), as words; empty when
    the term is not one threshold on one field."""
    term = glossary.get(name)
    if term is None or len(term.criteria) != 1 or term.criteria[0].op not in (">", ">=", "<", "<="):
        return ""
    return term.criteria[0].field.rsplit(".", 1)[-1].replace("_", " ")


def _term_words(glossary: Glossary, names: set[str]) -> dict[str, frozenset[str]]:
    """What each glossary term says: its name, aliases and definition, as stems and concepts."""
    out = {}
    for name in names:
        term = glossary.get(name)
        if term is not None:
            out[name] = field_words_of_text(" ".join([*term.spellings(), term.definition]))
    return out


def _kind_dimension(dimension: str) -> bool:
    """'by status', 'by plan type': the items are values of the field the dimension names, not glossary
    terms spelled the same ('active' subscription status is not the glossary's 'active')."""
    said = dimension.lower().split()
    return bool(said) and said[-1] in words_of("kind_nouns")


def _segment(seg: SegmentText, glossary: Glossary, as_of: dt.date, extra: list[str]) -> SegmentParse:
    base = parse_text(seg.base, glossary, as_of) if seg.base else []
    item = parse_text(seg.item, Glossary() if _kind_dimension(seg.dimension) else glossary, as_of)
    context = parse_text(seg.dimension, glossary, as_of) if seg.dimension else base
    context_words = [w for group in context for c in group for w in c.words]
    for group in item:
        for clause in group:
            if len(clause.words) <= 2 and not clause.term and (seg.base or seg.dimension):
                clause.context = context_words
    for text in extra:
        item += parse_text(text, glossary, as_of)
    return SegmentParse(label=seg.item, text=seg.text, base_text=seg.base, base=base, item=item)
