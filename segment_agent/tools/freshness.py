"""Detect frozen columns from the data alone: a column that stopped moving while its look-alike moves."""

from __future__ import annotations

import re
from datetime import date, timedelta

import duckdb

from segment_agent.tools.catalog_model import FieldInfo
from segment_agent.tools.profiling import CHUNK, column_kind, quote

STALE_DAYS = 180  # a date column whose latest value is older than this is no longer being filled
REACHES_DAYS = 30  # a date column whose latest value is this recent is still moving
RECENT_DAYS = 180  # entities created in this window tell whether a column is still filled
MAX_RECENT_FILL = 0.01
MIN_OLDER_FILL = 0.25
MIN_RECENT_ENTITIES = 20
MIN_MOVING_FILL = 0.05  # a look-alike must be noticeably filled for recent entities
MIN_SIMILARITY = 0.3
MAX_CANDIDATES = 10  # look-alikes whose correlation is measured
MIN_PEERS = 2  # columns that stopped within PEER_DAYS of each other: one pipeline was switched off
PEER_DAYS = 14
_CREATION_NAME = re.compile(r"signup|sign_up|created|registered|registration|first_seen|joined")
# Words that say how a value is stored, not what it means: sharing them makes no look-alike.
_STOP_TOKENS = {
    "ts", "date", "at", "id", "is", "has", "num", "n", "no", "of", "the", "v1", "v2", "v3",
    "code", "cd", "flag", "flg", "level", "type", "key",
}  # fmt: skip


def day(text: str | None) -> date | None:
    """The calendar day of a profiled DATE/TIMESTAMP min or max string, or None."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def creation_column(fields: list[FieldInfo], as_of: date) -> FieldInfo | None:
    """The entity's creation date: a signup/created-like name, else the fullest date column still moving."""
    dates = [f for f in fields if column_kind(f.type) == "temporal" and day(f.profile.min)]
    named = [f for f in dates if _CREATION_NAME.search(f.column.lower())]
    moving = [f for f in dates if (day(f.profile.max) or date.min) >= as_of - timedelta(days=REACHES_DAYS)]
    pool = named or moving
    return min(pool, key=lambda f: (f.profile.null_rate, f.profile.min), default=None)


def detect_frozen(con: duckdb.DuckDBPyConnection, fields: list[FieldInfo], entity: str, as_of: date) -> None:
    """Set profile.frozen and a reason a marketer can check on every column that looks frozen."""
    table, key = entity.split(".", 1)
    entity_fields = [f for f in fields if f.table == table and f.column != key]
    created = creation_column(entity_fields, as_of)
    if created is not None:
        _unfilled_for_recent(con, table, entity_fields, created, as_of)
    for name in sorted({f.table for f in fields}):
        _stale_dates([f for f in fields if f.table == name], as_of)


def _unfilled_for_recent(
    con: duckdb.DuckDBPyConnection, table: str, fields: list[FieldInfo], created: FieldInfo, as_of: date
) -> None:
    """Signal: empty for (nearly) every entity created in the last RECENT_DAYS, filled for older ones,
    while a look-alike is filled for them or other columns stopped the same weeks (one pipeline froze).

    Without either, an empty-for-newcomers column may just need tenure (a 12-month model), not be frozen.
    """
    cutoff = as_of - timedelta(days=RECENT_DAYS)
    gappy = [f.column for f in fields if f is not created and 0 < f.profile.null_rate < 1]
    sizes, fill = _fill_by_age(con, table, created.column, cutoff, gappy)
    n_recent, n_older = sizes.get(True, 0), sizes.get(False, 0)
    if n_recent < MIN_RECENT_ENTITIES or n_older == 0:
        return
    recent_fill = {f.column: 1.0 for f in fields if f.profile.null_rate == 0}
    recent_fill |= {col: filled_recent / n_recent for col, (filled_recent, _, _) in fill.items()}
    moving = [f for f in fields if recent_fill.get(f.column, 0) >= MIN_MOVING_FILL and f is not created]
    stopped = [
        f for f in fields if f.column in fill and recent_fill[f.column] <= MAX_RECENT_FILL
        and fill[f.column][1] / n_older >= MIN_OLDER_FILL
    ]  # fmt: skip
    noun = table.removesuffix("s") if table.endswith("s") and not table.endswith("ss") else table
    for f in stopped:
        filled_recent, filled_older, last = fill[f.column]
        twin = _look_alike(con, table, f, moving)
        peers = [g.column for g in stopped if g is not f and _near(last, fill[g.column][2])]
        if twin is None and len(peers) < MIN_PEERS:
            continue
        if filled_recent == 0:
            what = f"empty for every {noun} with {created.column} after {last}"
        else:
            share = recent_fill[f.column]
            what = f"filled for only {share:.1%} of {noun}s with {created.column} after {cutoff}"
        why = (
            f"its look-alike {twin} is filled for them"
            if twin
            else f"{len(peers)} other columns stopped the same weeks ({', '.join(peers[:3])})"
        )
        f.profile.frozen = True
        f.profile.frozen_reason = (
            f"{what}, while filled for {filled_older / n_older:.0%} of earlier ones; {why}"
        )


def _near(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= PEER_DAYS


def _fill_by_age(
    con: duckdb.DuckDBPyConnection, table: str, created: str, cutoff: date, columns: list[str]
) -> tuple[dict[bool, int], dict[str, tuple[int, int, date | None]]]:
    """Entities created after/before `cutoff`, and per column: filled among recent, among older,
    and the latest creation day of an entity that has it filled. One GROUP BY scan per chunk."""
    c = quote(created)
    sizes: dict[bool, int] = {}
    fill: dict[str, tuple[int, int, date | None]] = {}
    for i in range(0, max(len(columns), 1), CHUNK):
        chunk = columns[i : i + CHUNK]
        exprs = "".join(
            f", count({quote(n)}), max(CASE WHEN {quote(n)} IS NOT NULL THEN {c} END)" for n in chunk
        )
        sql = f"SELECT {c} > DATE '{cutoff}', count(*){exprs} FROM {quote(table)} WHERE {c} IS NOT NULL"
        rows = con.execute(sql + " GROUP BY 1").fetchall()
        by_age = {bool(row[0]): row for row in rows}
        sizes = {age: row[1] for age, row in by_age.items()}
        for j, name in enumerate(chunk):
            at = 2 + 2 * j
            filled = {age: row[at] for age, row in by_age.items()}
            lasts = [row[at + 1] for row in rows if row[at + 1] is not None]
            fill[name] = (filled.get(True, 0), filled.get(False, 0), day(str(max(lasts))) if lasts else None)
    return sizes, fill


def _stale_dates(fields: list[FieldInfo], as_of: date) -> None:
    """Signal: a date column stopped long before as_of while sibling date columns reach it."""
    dates = [f for f in fields if column_kind(f.type) == "temporal" and day(f.profile.max)]
    moving = [f for f in dates if day(f.profile.max) >= as_of - timedelta(days=REACHES_DAYS)]
    if not moving:
        return
    # Dates that end before the moving ones even begin (a birth date) are another kind of date.
    start = min(day(f.profile.min) for f in moving)
    for f in dates:
        last = day(f.profile.max)
        if f.profile.frozen or not start <= last < as_of - timedelta(days=STALE_DAYS):
            continue
        twin = max(moving, key=lambda m: name_similarity(f.column, m.column))
        f.profile.frozen = True
        f.profile.frozen_reason = (
            f"its latest value is {last}, {(as_of - last).days} days before the data's as-of date {as_of}, "
            f"while {twin.column} reaches {day(twin.profile.max)}"
        )


def _look_alike(
    con: duckdb.DuckDBPyConnection, table: str, frozen: FieldInfo, moving: list[FieldInfo]
) -> str | None:
    """The moving column most like `frozen`: a similar name, then correlation where both are set."""
    scored = sorted(((name_similarity(frozen.column, m.column), m) for m in moving), key=lambda s: -s[0])
    candidates = [(s, m) for s, m in scored[:MAX_CANDIDATES] if s >= MIN_SIMILARITY]
    numeric = [m for _, m in candidates if _as_number(m) and _as_number(frozen)]
    if numeric:
        exprs = ", ".join(f"abs(corr({_as_number(frozen)}, {_as_number(m)}))" for m in numeric)
        found = con.execute(f"SELECT {exprs} FROM {quote(table)}").fetchone()
        corr = {m.column: r for m, r in zip(numeric, found, strict=True) if r is not None and r == r}
        candidates = [(s + corr.get(m.column, 0.0), m) for s, m in candidates]
    return max(candidates, key=lambda s: s[0])[1].column if candidates else None


def _as_number(f: FieldInfo) -> str | None:
    """SQL turning the column into a number for corr(), or None for text and nested columns."""
    kind, col = column_kind(f.type), quote(f.column)
    if kind == "temporal":
        return f"epoch({col})"
    return f"CAST({col} AS DOUBLE)" if kind in ("numeric", "boolean") else None


def _tokens(name: str) -> set[str]:
    words = re.split(r"[^a-z0-9]+", name.lower())
    return {w.removesuffix("s") for w in words if w and not w.isdigit() and w not in _STOP_TOKENS}


def name_similarity(a: str, b: str) -> float:
    """0..1: shared name words (purchase_count ~ total_purchases) or an acronym (ltv ~ lifetime_value)."""
    ta, tb = _tokens(a), _tokens(b)
    shared = len(ta & tb) / len(ta | tb) if ta | tb else 0.0
    wa, wb = re.findall(r"[a-z]+", a.lower()), re.findall(r"[a-z]+", b.lower())
    acronym = any(len(x) == 1 and len(y) > 1 and _abbreviates(x[0], y) for x, y in ((wa, wb), (wb, wa)))
    return max(shared, 0.9 if acronym else 0.0)


def _abbreviates(short: str, words: list[str]) -> bool:
    """True when `short` takes a prefix-anchored subsequence of each word in turn (ltv: LifeTime Value)."""
    if not words or not short:
        return not words and not short
    word = words[0]
    for cut in range(1, len(short) + 1):
        part = short[:cut]
        if part[0] == word[0] and _is_subsequence(part, word) and _abbreviates(short[cut:], words[1:]):
            return True
    return False


def _is_subsequence(part: str, word: str) -> bool:
    letters = iter(word)
    return all(ch in letters for ch in part)
