"""Seeded pseudo-random numbers in DuckDB SQL, derived from hash(seed, key, salt).

`random()`/`setseed()` depend on thread scheduling; a hash of (seed, row key, salt) does not,
so the same seed gives the same data on any machine with the same DuckDB version.
DuckDB combines the hashes of several arguments with a cheap step that leaves draws with
different salts almost perfectly correlated; hashing the combined hash again mixes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb

_TWO_53 = "9007199254740992.0"


def create_macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Define temporary macros rnd(key, salt) in [0, 1) and nrm(key, salt) ~ N(0, 1) for `seed`."""
    seed_sql = f"{int(seed)}::BIGINT"
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO rnd(k, salt) AS"
        f" (hash(hash({seed_sql}, k, salt)) >> 11)::DOUBLE / {_TWO_53}"
    )
    # Box-Muller over two independent uniforms derived from the same key and salt.
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO nrm(k, salt) AS "
        f"sqrt(-2 * ln(1 - (hash(hash({seed_sql}, k, salt, 1)) >> 11)::DOUBLE / {_TWO_53}))"
        f" * cos(2 * pi() * (hash(hash({seed_sql}, k, salt, 2)) >> 11)::DOUBLE / {_TWO_53})"
    )


def sql_str(value: str | None) -> str:
    """A SQL string literal (or NULL)."""
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def sql_list(values: Sequence[str | float | int | None]) -> str:
    """A DuckDB list literal of strings or numbers."""
    items = [sql_str(v) if isinstance(v, str) or v is None else repr(v) for v in values]
    return "[" + ", ".join(items) + "]"


def slots(weights: Mapping[str, float], n: int = 200) -> list[str]:
    """`n` slots filled in proportion to `weights` (largest remainder), every value at least once."""
    total = sum(weights.values())
    exact = {k: max(w / total * n, 1.0) for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    by_remainder = sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)
    for k in by_remainder[: max(n - sum(counts.values()), 0)]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def pick(weights: Mapping[str, float], u_sql: str, n: int = 200) -> str:
    """SQL choosing one key of `weights` with the given probabilities, from a uniform `u_sql`."""
    filled = slots(weights, n)
    return f"{sql_list(filled)}[1 + floor(({u_sql}) * {len(filled)})::INTEGER]"


def categorical_case(column_sql: str, options: Mapping[str, str], default: str = "NULL") -> str:
    """SQL `CASE column WHEN key THEN expr ... END` over `options`."""
    whens = " ".join(f"WHEN {sql_str(k)} THEN {v}" for k, v in options.items())
    return f"CASE {column_sql} {whens} ELSE {default} END"
