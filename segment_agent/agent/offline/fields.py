"""What the planner needs to know about a catalog field: is it usable, its kind, window and words.

All of it is read from the catalog (types, units, descriptions, names, profiles), never from
a list of known fields, so any annotated or bare database works.
"""

from __future__ import annotations

import re
from functools import lru_cache

from segment_agent.agent.offline.vocabulary import vocabulary
from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.event_paths import event_path, type_kind
from segment_agent.tools.field_words import concept_word, read_name
from segment_agent.tools.field_words import vocabulary as name_vocabulary
from segment_agent.tools.lexical import concepts, stem, terms
from segment_agent.tools.schema_documents import value_names

_RATE = re.compile(r"ratio|fraction|share|probability|rate|\b0\s*(?:\.\.|-|to)\s*1(?![\d.])", re.I)
_MONEY = re.compile(r"usd|\$|dollar|eur|gbp|currency", re.I)


def kind(info: FieldInfo) -> str:
    """number, string, boolean, time (date or timestamp) or other."""
    k = type_kind(info.type)
    return "time" if k in ("date", "timestamp") else k


def usable(catalog: Catalog, name: str) -> FieldInfo | None:
    """The field if a segment can use it: on the entity table or an event table linked to it."""
    info = catalog.field(name)
    if info is None or info.pii or info.status == "legacy":
        return None
    if info.table != catalog.entity_table and info.table not in _linked_tables(catalog):
        return None
    return info


_LINKED: dict[tuple[str, str, int], frozenset[str]] = {}


def _linked_tables(catalog: Catalog) -> frozenset[str]:
    """Event tables linked to the entity, and the lookup tables describing their rows (computed once)."""
    key = (catalog.database, catalog.fingerprint, len(catalog.fields))
    if key not in _LINKED:
        paths = [p for t in catalog.tables() if (p := event_path(catalog, t)) is not None]
        _LINKED[key] = frozenset(t for p in paths for t in p.tables)
    return _LINKED[key]


def is_rate(info: FieldInfo) -> bool:
    """A 0..1 share (stated by its unit, or seen in its profile), so '40%' means 0.4."""
    if info.unit and _RATE.search(info.unit):
        return True
    try:
        low, high = float(info.profile.min or "nan"), float(info.profile.max or "nan")
    except ValueError:
        return False
    return (
        kind(info) == "number" and low >= 0 and high <= 1 and not info.type.upper().startswith(("INT", "BIG"))
    )


def is_money(info: FieldInfo) -> bool:
    """Money, by its unit (USD, $, EUR...) or, with no unit, a decimal named so ('amount_usd')."""
    if info.unit:
        return bool(_MONEY.search(info.unit))
    named = set(info.column.lower().split("_")) & _MONEY_NAMES
    return bool(named) and info.type.upper().startswith(("DECIMAL", "NUMERIC", "DOUBLE", "FLOAT", "REAL"))


def money_word(word: str) -> bool:
    """'usd', 'paid', 'amount': a word of a column name that says it holds money."""
    return word.lower() in _MONEY_NAMES


_MONEY_NAMES = {
    "usd",
    "eur",
    "gbp",
    "dollars",
    "amount",
    "revenue",
    "price",
    "cost",
    "paid",
    "spend",
    "spent",
}


def window_days(info: FieldInfo) -> set[str]:
    """The look-back the name states ({'90d'}), with modifiers ('prev', 'm01'); empty for all time."""
    return set(read_name(info.column).window)


def window_token(word: str) -> bool:
    """'90d', '12m', 'm01', 'prev': name tokens that state a time window."""
    return bool(re.fullmatch(r"\d{1,3}[dwmy]|m\d{1,2}|prev|previous|prior", word.lower()))


def same_window(info: FieldInfo, days: int | None) -> bool:
    """True when the field measures exactly the last `days` (None: the whole history)."""
    window = window_days(info)
    if days is None:
        return not window
    wanted = "365d" if days in (360, 365) else f"{days}d"
    return window == {wanted}


@lru_cache(maxsize=4096)
def _field_terms(text: str) -> frozenset[str]:
    stems = terms(text)
    return frozenset(stems) | frozenset(concepts(stems))


def field_words(info: FieldInfo, value: str | None = None, name_only: bool = False) -> frozenset[str]:
    """Stems and concepts the field (and one of its values) stands for."""
    text = info.column.replace("_", " ")
    if not name_only:
        text += f" {info.description or ''}"
    raw: frozenset[str] = frozenset()
    if value is not None:
        text += (
            " " + value.replace("_", " ") + " " + " ".join(value_names(info.column, [value]).get(value, ()))
        )
        raw = frozenset(value.lower().split("_"))  # codes such as 'US' are stopwords to the analyser
    if info.type.upper() in ("BOOLEAN", "BOOL") and info.column.lower().rsplit("_", 1)[-1] in _PERMISSION:
        text += " consent allowed permitted send receive"  # 'marketing_ok': a yes/no permission to contact
    bases = vocabulary()["irregular_bases"]
    text += "".join(f" {bases[t]}" for t in info.column.lower().split("_") if t in bases)  # paid -> pay
    if set(info.column.lower().split("_")) & BORN_WORDS:
        text += " age born"  # an age is counted from a birth year or date
    return _field_terms(text) | raw


BORN_WORDS = {"birth", "born", "dob", "birthday", "birthdate"}  # name words of what an age counts from
_PERMISSION = {"ok", "allowed", "permitted", "consented", "consent", "optin", "opted"}


def generic(word: str) -> bool:
    """Words that say how a thing is measured, not what it is ('score', 'count', 'total', 'date')."""
    return concept_word(word.lower(), name_vocabulary()) is None


def field_words_of_text(text: str) -> frozenset[str]:
    """Stems and concepts of any text (a table name)."""
    return _field_terms(text)


def value_words(info: FieldInfo, value: str) -> frozenset[str]:
    """What one categorical value says (its words and human names), without the field's description."""
    names = " ".join(value_names(info.column, [value]).get(value, ()))
    return _field_terms(f"{value.replace('_', ' ')} {names}") | frozenset(value.lower().split("_"))


def expansions(word: str) -> list[str]:
    """What an abbreviation or umbrella word stands for ('online' -> web, app); empty for plain words."""
    low = word.lower()
    return [t for t in terms(word) if t not in (low, stem(low))]


def explained(word: str, words: frozenset[str]) -> bool:
    """Whether a clause word is said by a field's words (same stem or same marketing concept)."""
    low = word.lower()
    direct = {low, stem(low)}  # `word` may already be a stem ('purchas')
    if any(s in words or set(concepts([s])) & words for s in direct):
        return True
    # An abbreviation or umbrella word needs all it stands for: 'online' is web and app, not web alone.
    parts = expansions(word)
    return bool(parts) and all(e in words or set(concepts([e])) & words for e in parts)


def coverage(clause_words: list[str], words: frozenset[str], phrase: list[str] | None = None) -> float:
    """Share of the clause's words the field explains, alone or in a phrase with a neighbour in the
    words as said ('signed up', 'logged into' -> signup, login)."""
    if not clause_words:
        return 1.0
    pairs = _phrases(phrase or clause_words)
    hits = [
        explained(w, words)
        or any(_phrase_explained(p, words) for p in pairs if w.lower() in p.lower().split())
        for w in clause_words
    ]
    return sum(hits) / len(hits)


def uncovered(clause_words: list[str], words: frozenset[str], phrase: list[str] | None = None) -> list[str]:
    """The clause's words the field does not explain (alone or in a phrase as said)."""
    pairs = _phrases(phrase or clause_words)
    return [
        w
        for w in clause_words
        if not explained(w, words)
        and not any(_phrase_explained(p, words) for p in pairs if w.lower() in p.lower().split())
    ]


def _phrases(said: list[str]) -> list[str]:
    """Pairs of neighbouring words as said ('signed up'), and longer runs the analyser reads as a term of
    their own ('behind on billing' -> past due; not 'ordered in 4000', which is only 'order')."""
    runs = [said[i : i + n] for n in (2, 3, 4) for i in range(len(said) - n + 1)]
    return [" ".join(r) for r in runs if len(r) == 2 or _collapsed(r)]


def _collapsed(run: list[str]) -> bool:
    """The run is one term that none of its words is alone."""
    found = terms(" ".join(run))
    return len(found) == 1 and all(found[0] not in terms(w) for w in run)


def _phrase_explained(phrase: str, words: frozenset[str]) -> bool:
    """A phrase the analyser reads as one term ('signed up' -> signup, 'behind on billing' -> past due),
    explained by the field."""
    stems = terms(phrase)
    return len(stems) == 1 and (stems[0] in words or bool(set(concepts(stems)) & words))


DURATION_WORDS = {"seconds": 1 / 60, "secs": 1 / 60, "sec": 1 / 60, "minutes": 1.0, "mins": 1.0, "min": 1.0,
                  "hours": 60.0, "hrs": 60.0, "hr": 60.0}  # fmt: skip


def duration_word(word: str) -> bool:
    """'minutes', 'hrs', 'sec': a word naming a unit of time spent."""
    return word.lower() in DURATION_WORDS


def minutes_per_unit(info: FieldInfo) -> float | None:
    """How many minutes one unit of a duration field is, from its unit or name ('runtime_min': 1)."""
    words = re.findall(r"[a-z]+", f"{info.unit or ''} {info.column}".lower())
    return next((DURATION_WORDS[w] for w in words if w in DURATION_WORDS), None)
