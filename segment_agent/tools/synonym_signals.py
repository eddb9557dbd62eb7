"""The signals that rank look-alike fields, each one a fact a marketer can check.

In order of weight: usable (not deprecated, not frozen as measured on the data), scope fit
(the goal's scope words against the field's name and description), status, coverage (NULL
rate), and how closely the name matches the concept asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from segment_agent.tools.catalog_model import FieldInfo
from segment_agent.tools.field_words import read_name, text_concepts
from segment_agent.tools.phrase_match import find_phrases, is_negated
from segment_agent.tools.shipped_data import shipped_yaml

STATUS_RANK = {"certified": 3, "experimental": 2, "undocumented": 1, "deprecated": 0, "legacy": 0}
MATCH_WEIGHT = 2  # a scope the goal asks for outweighs one extra limit (IP-based state of web visits)
COVERAGE_SLACK = 0.05  # NULL rates within this of the fullest candidate count as complete


@dataclass(frozen=True)
class Scope:
    """One way a goal narrows a measure (a channel, a forecast, gross amounts...)."""

    name: str
    label: str
    channel: bool
    implies: tuple[str, ...]
    goal: tuple[str, ...]
    field: tuple[str, ...]


@dataclass(frozen=True)
class ScopeWords:
    scopes: dict[str, Scope]
    broad: tuple[str, ...]


@dataclass
class Signals:
    """What was measured about one candidate; `key` orders candidates, best highest."""

    info: FieldInfo
    retired: bool
    frozen: bool
    scopes: set[str]
    fit: int
    status: int
    null_rate: float
    relevance: float
    complete: bool = True
    limits: int = 0
    unasked: list[str] = field(default_factory=list)

    def key(self) -> tuple[int, int, int, bool, float]:
        return (-(self.retired + self.frozen), self.fit, self.status, self.complete, round(self.relevance, 2))


@lru_cache(maxsize=1)
def scope_words() -> ScopeWords:
    """The packaged scope vocabulary (data/scope_words.yaml), read once."""
    data = shipped_yaml("scope_words.yaml")
    scopes = {
        name: Scope(
            name=name,
            label=body["label"],
            channel=bool(body.get("channel")),
            implies=tuple(body.get("implies", ())),
            goal=tuple(body["goal"]),
            field=tuple(body["field"]),
        )
        for name, body in data["scopes"].items()
    }
    return ScopeWords(scopes, tuple(data["broad"]))


def asked_scopes(text: str) -> dict[str, str]:
    """Scopes the goal asks for, each with the phrase that asked ({'online': 'online'})."""
    words = scope_words()
    found = find_phrases(text, [(s.name, p) for s in words.scopes.values() for p in s.goal])
    return {m.key: text[m.span[0] : m.span[1]] for m in reversed(found)}


def field_scopes(info: FieldInfo) -> set[str]:
    """Scopes the field is narrowed to, from its name and (non-negated) description."""
    words = scope_words()
    phrases = [(s.name, p) for s in words.scopes.values() for p in s.field]
    named = {m.key for m in find_phrases(info.column.replace("_", " "), phrases)}
    text = info.description or ""
    described = {m.key for m in find_phrases(text, phrases) if not is_negated(text, m.span)}
    channels = merge_channels({s for s in described if words.scopes[s].channel}, words)
    broad = len(channels) >= 2 or bool(find_phrases(text, [("broad", p) for p in words.broad]))
    return named | {s for s in described if not words.scopes[s].channel} | (set() if broad else channels)


def merge_channels(found: set[str], words: ScopeWords) -> set[str]:
    """Channels a description names, merged: web and app -> online; app next to online -> online."""
    channels = set(found)
    for scope in words.scopes:
        parts = {c for c in channels if scope in words.scopes[c].implies}
        if len(parts) >= 2 or (parts and scope in channels):
            channels = (channels - parts) | {scope}
    return channels


def measure(info: FieldInfo, asked: dict[str, str], concept: str) -> Signals:
    """Every signal of one candidate for a goal asking `asked` scopes about `concept`."""
    scopes = field_scopes(info)
    implied = {i for a in asked for i in scope_words().scopes[a].implies}
    extra = {s for s in scopes if s not in asked and s not in implied}
    # Every extra limit counts; the explanation names only the narrowest (a value-decline forecast
    # is also a forecast).
    unasked = sorted(s for s in extra if not any(s in scope_words().scopes[o].implies for o in extra))
    wanted, name = text_concepts(concept), read_name(info.column).concept
    return Signals(
        info=info,
        retired=info.status in ("deprecated", "legacy") or info.replaced_by is not None,
        frozen=info.profile.frozen,
        scopes=scopes,
        fit=MATCH_WEIGHT * len(scopes & asked.keys()) - len(extra),
        status=STATUS_RANK.get(info.status, 1),
        null_rate=info.profile.null_rate,
        relevance=len(wanted & name) / len(wanted | name) if wanted | name else 0.0,
        limits=len(extra),
        unasked=unasked,
    )


def mark_coverage(signals: list[Signals]) -> None:
    """A candidate is complete when its NULL rate is close to the fullest candidate's."""
    best = min((s.null_rate for s in signals), default=0.0)
    for s in signals:
        s.complete = s.null_rate <= best + COVERAGE_SLACK


def label(scope: str) -> str:
    return scope_words().scopes[scope].label
