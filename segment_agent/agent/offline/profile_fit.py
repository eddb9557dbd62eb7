"""Does a profile field say exactly what an event clause says?

'Bought camping products in the last 12 months' is purchases_camping_12m >= 1: the field's words
cover the clause's, its name says nothing the clause does not (no 'web' for a clause about any
channel), its window is the clause's and its channels are the ones asked. Otherwise the clause
stays an event condition over the event tables.
"""

from __future__ import annotations

from segment_agent.agent.offline.catalog_words import bare, unknown_to_catalog
from segment_agent.agent.offline.clause import Clause
from segment_agent.agent.offline.fields import (
    coverage,
    duration_word,
    explained,
    field_words,
    generic,
    is_money,
    is_rate,
    kind,
    minutes_per_unit,
    money_word,
    same_window,
    window_days,
    window_token,
)
from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.field_words import split_name
from segment_agent.tools.field_words import vocabulary as name_vocabulary
from segment_agent.tools.lexical import concepts, stem, terms
from segment_agent.tools.synonym_signals import asked_scopes, field_scopes, scope_words


def verb_words(clause: Clause) -> set[str]:
    """Words of the clause that only say which event happened ('bought', 'orders')."""
    if clause.event is None:
        return set()
    spec = vocabulary()["events"][clause.event]
    said = {w for phrase in [*spec["verbs"], *spec.get("nouns", [])] for w in str(phrase).split()}
    return said | {str(n) for n in vocabulary()["event_nouns"]}


def all_verbs() -> set[str]:
    """Every single-word event verb ('shop' in 'mostly shop on desktop' says no criterion of its own)."""
    return {str(v) for spec in vocabulary()["events"].values() for v in spec["verbs"] if " " not in str(v)}


def fits(info: FieldInfo, clause: Clause, value: str | None, catalog: Catalog | None = None) -> bool:
    """Whether the field states what the clause says (windows, event words), beyond its type."""
    k, window = kind(info), clause.window
    if (
        k == "number"
        and window is not None
        and (window.relation not in ("within", "duration") or not same_window(info, window.days))
    ):
        return False  # a count over 90 days cannot say 'more than 90 days ago'
    if clause.event is None:
        return True
    if value is not None or k == "boolean":
        return False  # a profile value is not an event ('bought camping gear' is not favorite_category)
    calendar = any(w.startswith("m") and w[1:].isdigit() for w in window_days(info)) and _calendar(clause)
    if k == "number" and window is None and window_days(info) and not is_rate(info) and not calendar:
        return False  # 'used a coupon' is not 'used a coupon in the last 12 months'
    words = [w for w in clause.words if w not in verb_words(clause) and not w.isdigit()]
    own = field_words(info)
    if coverage(words, own, clause.phrase) < 1.0 or not (
        all(explained(v, own) for v in clause.verb.split()[:1])
        or _same_event(info, clause)
        or _measures_verb(info, clause)
        or _unnamed_verb(info, clause, catalog)
    ):
        return False
    if not _asked_channels(clause.text) <= field_scopes(info):  # 'visited the website': web sessions only
        return False
    return name_said(info, clause)


def _same_event(info: FieldInfo, clause: Clause) -> bool:
    """The field's name says another verb of the clause's event ('last_watched_at' for 'stream')."""
    nouns = {str(n) for n in vocabulary()["event_nouns"]}
    return bool(set(split_name(info.column)) & (verb_words(clause) - nouns))


def _measures_verb(info: FieldInfo, clause: Clause) -> bool:
    """'spent $500' is what a money field sums; 'watched 10 hours' what a minutes field does: the amount
    asked says the verb, so the field's name need not."""
    cmp = clause.comparison
    if cmp is None or clause.window is not None and not same_window(info, clause.window.days):
        return False
    if cmp.unit == "minutes":
        return minutes_per_unit(info) is not None
    money_verbs = vocabulary()["money_verbs"]
    return cmp.unit == "money" and is_money(info) and clause.verb.split()[0] in money_verbs


def _unnamed_verb(info: FieldInfo, clause: Clause, catalog: Catalog | None) -> bool:
    """On an undocumented field, a verb no field or value of the catalog says ('stream' where the
    catalog says 'watched') cannot be held against it."""
    verb = clause.verb.split()[:1]
    return catalog is not None and bare(info) and bool(verb) and unknown_to_catalog(verb[0], catalog)


def _asked_channels(text: str) -> set[str]:
    """Channels the clause asks for, merged the way descriptions are: 'website or app' is online."""
    scopes = scope_words().scopes
    asked = {s for s in asked_scopes(text) if scopes[s].channel}
    for name in scopes:
        parts = {a for a in asked if name in scopes[a].implies}
        if len(parts) >= 2 or (parts and name in asked):
            asked = (asked - parts) | {name}
    return asked


def _calendar(clause: Clause) -> bool:
    """'last month' (a calendar month, spelled out by goal_text) answers to monthly fields (spend_m01)."""
    return "calendar" in clause.words or ("months" in clause.words and "before" in clause.words)


def name_said(info: FieldInfo, clause: Clause) -> bool:
    """Every word of the field's name that says what it measures is in the clause ('store' in
    store_purchases_90d needs 'in store'); a window in the clause stands for 'last'/'recent'."""
    stems = [t for w in clause.words for t in terms(w)]
    said = frozenset(stems) | frozenset(concepts(stems))
    recent = set(concepts(["last"]))
    # '$75' says the measure is an amount: 'average order' above $75 is the average order value.
    money = clause.comparison is not None and clause.comparison.unit == "money"
    amount = set(concepts([stem("value")])) if money else set()
    # '10 hours' says the measure is a duration: watch_minutes is the time watched.
    duration = clause.comparison is not None and clause.comparison.unit == "minutes"
    vocab = name_vocabulary()
    for token in split_name(info.column):
        for word in vocab.abbreviations.get(token, (token,)):
            if generic(word) or window_token(word) or word.isdigit():
                continue
            if clause.window is not None and (word == "last" or set(concepts([stem(word)])) & recent):
                continue
            if (
                set(concepts([stem(word)])) & amount
                or duration
                and duration_word(word)
                or money
                and money_word(word)
                or word in verb_words(clause)  # 'stream' and 'watched' are verbs of one event
            ):
                continue
            if not explained(word, said):
                return False
    return True
