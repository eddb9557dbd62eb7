"""Channel scope in schema search: 'online', 'in a store' or 'every channel' picks among look-alikes.

A field's channels come from its name and description (data/scope_words.yaml, read as look-alike
resolution reads them): 'web and app only' is online, 'all channels (web, app and store)' is none.
A query naming one channel favours fields of that channel and disfavours fields of another; a
query naming several channels ('web, app and stores', 'online or in a store') or a broad phrase
('every channel', 'combined') asks for all of them, so a field narrowed to one channel misses it; a
query naming no channel ('last order') is a little better answered by a field covering them all.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml

from segment_agent.tools.catalog_model import FieldInfo
from segment_agent.tools.phrase_match import find_phrases, is_negated
from segment_agent.tools.synonym_signals import field_scopes, merge_channels, scope_words

SCOPE_BONUS = 0.06  # the field is narrowed to exactly the channel asked
SCOPE_PENALTY = 0.12  # narrowed to another channel, or to one channel when all were asked
UNASKED = 0.04  # narrowed to a channel the query never names: 'last order' is not only the online ones
SCOPE_WORDS = "data/scope_words.yaml"


@lru_cache(maxsize=1)
def _channel_phrases() -> tuple[tuple[str, str], ...]:
    """(scope, phrase) for every way a query or a field names a channel; search's own readings first
    (of two equally long matches the first listed wins)."""
    words = scope_words()
    extra = yaml.safe_load(files("segment_agent").joinpath(SCOPE_WORDS).read_text("utf-8")).get("search", {})
    own = [(str(s), str(p)) for s, phrases in extra.items() for p in phrases]
    shared = [
        (s.name, p) for s in words.scopes.values() if s.channel for p in dict.fromkeys(s.goal + s.field)
    ]
    return tuple(own + shared)


def field_channels(info: FieldInfo | None) -> frozenset[str]:
    """The channels a field is narrowed to (none for a field covering every channel)."""
    if info is None:
        return frozenset()
    words = scope_words()
    return frozenset(s for s in field_scopes(info) if words.scopes[s].channel)


def covers_every_channel(info: FieldInfo | None) -> bool:
    """The description says the field counts every channel: a broad phrase, or several channels named."""
    text = (info.description or "") if info is not None else ""
    if not text:
        return False
    words = scope_words()
    if find_phrases(text, [("broad", p) for p in words.broad]):
        return True
    found = {m.key for m in find_phrases(text, _channel_phrases()) if not is_negated(text, m.span)}
    return len(merge_channels(found, words)) >= 2


def affirmed(text: str) -> str:
    """`text` without the channels it rules out: 'web and app only (store purchases excluded)' is not
    about stores, so its 'store' must not match a query about stores."""
    spans = [m.span for m in find_phrases(text, _channel_phrases()) if is_negated(text, m.span)]
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def value_channels(value: str) -> frozenset[str]:
    """The channel a categorical value names ('store', 'web'), if any."""
    return frozenset(m.key for m in find_phrases(value.replace("_", " "), _channel_phrases()))


def query_channels(text: str) -> tuple[frozenset[str], bool]:
    """(channels the query narrows to, whether it asks for every channel); negated mentions do not count."""
    words = scope_words()
    if find_phrases(text, [("broad", p) for p in words.broad]):
        return frozenset(), True
    found = {m.key for m in find_phrases(text, _channel_phrases()) if not is_negated(text, m.span)}
    merged = merge_channels(found, words)
    return (frozenset(), True) if len(merged) >= 2 else (frozenset(merged), False)


def scope_fit(channels: frozenset[str], every: bool, asked: frozenset[str], broad: bool) -> float:
    """Score adjustment of a field narrowed to `channels` (or said to cover `every` channel) for a query
    asking `asked` channels (or every channel: `broad`)."""
    if broad and every:
        return SCOPE_BONUS
    if not channels:
        return 0.0
    if broad:
        return -SCOPE_PENALTY
    if not asked:
        return -UNASKED
    if channels & asked:
        return SCOPE_BONUS
    implies = scope_words().scopes
    related = any(a in implies[c].implies or c in implies[a].implies for c in channels for a in asked)
    return 0.0 if related else -SCOPE_PENALTY
