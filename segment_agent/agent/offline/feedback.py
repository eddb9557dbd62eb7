"""A reviewer's feedback after a rejection, applied to the parsed goal before it is planned again.

'use 1000 instead' replaces the goal's threshold (of the same kind: money, percent, count);
'make it 60 days' replaces its window; a named field ('use revenue_12m, not lifetime_value')
is preferred over the one chosen; any other criterion ('only in Texas') is added to every segment.
Feedback is data like the goal: unsafe or injected parts are ignored.
"""

from __future__ import annotations

import datetime as dt
import re

from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.parse import GoalParse, parse_text
from segment_agent.agent.offline.safety import check_goal
from segment_agent.agent.offline.vocabulary import words_of
from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.glossary import Glossary

_AGAINST = re.compile(
    r"\b(?:not|instead\s+of|rather\s+than|never|don't\s+use|do\s+not\s+use)\s+(?:the\s+)?$", re.I
)


def apply_feedback(
    parsed: GoalParse, feedback: list[str], glossary: Glossary, catalog: Catalog, as_of: dt.date
) -> set[str]:
    """Change `parsed` in place as the feedback asks; return the fields the reviewer wants used."""
    prefer: set[str] = set()
    for text in feedback:
        verdict = check_goal(text)
        if verdict.refusal or not verdict.text:
            continue
        remaining = verdict.text
        for info in catalog.fields:
            for m in re.finditer(
                rf"(?<![\w.])(?:{re.escape(info.table)}\.)?{re.escape(info.column)}(?!\w)", remaining
            ):
                if info.status != "legacy" and not _AGAINST.search(remaining[: m.start()]):
                    prefer.add(info.name)
        for info in catalog.fields:
            remaining = re.sub(
                rf"(?<![\w.])(?:{re.escape(info.table)}\.)?{re.escape(info.column)}(?!\w)", " ", remaining
            )
        for group in parse_text(remaining, glossary, as_of):
            _apply(parsed, group)
    return prefer


def _apply(parsed: GoalParse, group: list[Clause]) -> None:
    """A number or window alone replaces the goal's own; anything else is one more criterion."""
    ignore = words_of("feedback_words")
    for clause in group:
        clause.words = [w for w in clause.words if w not in ignore]
    if all(not c.words and not c.term for c in group):
        for clause in group:
            _replace_numbers(parsed, clause)
        return
    for seg in parsed.segments:
        seg.item.append([c for c in group if c.words or c.term])


def _replace_numbers(parsed: GoalParse, new: Clause) -> None:
    clauses = parsed.clauses()
    if new.comparison is not None:
        same = [c for c in clauses if c.comparison is not None and c.comparison.unit == new.comparison.unit]
        for clause in same or [c for c in clauses if c.comparison is not None]:
            old = clause.comparison
            assert old is not None
            clause.comparison = type(old)(
                new.comparison.op if new.comparison.op != "=" else old.op,
                new.comparison.values,
                old.unit or new.comparison.unit,
            )
    if new.window is not None:
        for clause in [c for c in clauses if c.window is not None]:
            clause.window = type(clause.window)(new.window.days, clause.window.relation)
