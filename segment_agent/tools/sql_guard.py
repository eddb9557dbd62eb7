"""The SQL guard: accept only one read-only SELECT over catalog tables that returns the entity key.

An allow-list, failing closed: anything not explicitly allowed (statement kinds, syntax,
functions, tables, columns) is refused with structured errors a planner can redraft from.
Callers must run `GuardResult.sql` (regenerated from the checked tree), not the input text.

>>> schema = {"customers": {"customer_id": "BIGINT", "state": "VARCHAR"}}
>>> guard_sql("select customer_id from customers where state = 'CA'", schema, "customers.customer_id").sql
"SELECT customer_id FROM customers WHERE state = 'CA'"
>>> guard_sql("SELECT * FROM read_csv('/etc/passwd')", schema, "customers.customer_id").errors[0].code
'forbidden_function'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import Dialect, exp
from sqlglot.errors import ParseError, TokenError

from segment_agent.tools.sql_allowlist import (
    ALLOWED_FUNCTIONS,
    MAX_SQL_CHARS,
    SYNTAX_FUNCTIONS,
    function_name,
)
from segment_agent.tools.sql_guard_columns import check_sources, qualify_columns
from segment_agent.tools.sql_guard_output import check_output, used_columns, used_tables
from segment_agent.tools.sql_guard_rules import GuardError, check_syntax, check_tables, locate, severity

__all__ = ["GuardError", "GuardResult", "guard_sql"]


@dataclass
class GuardResult:
    """The guard's verdict; on success `sql` is the normalized DuckDB SQL to run."""

    ok: bool
    errors: list[GuardError] = field(default_factory=list)
    sql: str | None = None
    tables: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)


def guard_sql(
    sql: Any, schema: dict[str, dict[str, str]], entity: str, dialect: str = "duckdb"
) -> GuardResult:
    """Check `sql` against the catalog `schema` ({table: {column: type}}) for entity 'table.key'.

    Never raises: an unexpected failure is reported as an `internal` error (fail closed).
    """
    try:
        return _guard(sql, schema, entity, dialect)
    except Exception as err:  # noqa: BLE001 - the guard must fail closed, whatever happened
        message = f"the guard could not check this query ({type(err).__name__})"
        hint = "Rewrite the query in simpler SQL: SELECT key FROM table WHERE ..."
        return _refused([GuardError("internal", message, None, hint)])


def _guard(sql: Any, schema: dict[str, dict[str, str]], entity: str, dialect: str) -> GuardResult:
    problem = _input_error(sql, entity)
    if problem:
        return _refused([problem])
    schema = {t.lower(): {c.lower(): typ for c, typ in cols.items()} for t, cols in schema.items()}
    table, _, key = entity.lower().partition(".")
    if key not in schema.get(table, {}):
        hint = "Pass the entity as 'table.key' of a catalog table, e.g. customers.customer_id."
        return _refused([GuardError("bad_input", f"entity {entity} is not in the catalog", None, hint)])
    tree, errors = _parse_one(sql, dialect)
    if tree is None:
        return _refused(errors)
    errors = check_syntax(tree) + check_tables(tree, schema)
    if errors:
        return _refused(errors)
    errors = check_sources(tree, schema)
    if errors:
        return _refused(errors)
    errors, qualified = qualify_columns(tree, schema)
    if qualified is None:
        return _refused(errors)
    errors = check_output(tree, qualified, key)
    if errors:
        return _refused(errors)
    return GuardResult(
        ok=True,
        sql=_normalized(tree),
        tables=used_tables(qualified),
        columns=used_columns(qualified),
        functions=sorted(
            {
                function_name(f)
                for f in tree.find_all(exp.Func)
                if type(f) in ALLOWED_FUNCTIONS - SYNTAX_FUNCTIONS
            }
            | {function_name(f) for f in tree.find_all(exp.Anonymous)}
        ),
    )


def _normalized(tree: exp.Expression) -> str:
    """DuckDB SQL regenerated from the checked tree, without comments, in a form that re-parses."""
    tree = tree.copy()
    for node in list(tree.find_all(exp.WithinGroup)):
        # DuckDB prints WITHIN GROUP as quantile_cont(x, p ORDER BY x), which sqlglot misreads
        order = node.expression.expressions if isinstance(node.expression, exp.Order) else []
        if type(node.this) in (exp.PercentileCont, exp.PercentileDisc) and len(order) == 1:
            node.replace(type(node.this)(this=order[0].this, expression=node.this.this))
    return tree.sql(dialect="duckdb", comments=False)


def _input_error(sql: Any, entity: Any) -> GuardError | None:
    hint = "Pass one SELECT statement as a non-empty string."
    if not isinstance(sql, str):
        return GuardError("bad_input", f"the query must be a string, not {type(sql).__name__}", None, hint)
    if not isinstance(entity, str) or "." not in entity:
        return GuardError("bad_input", "the entity must be 'table.key'", None, "e.g. customers.customer_id")
    if len(sql) > MAX_SQL_CHARS:
        message = f"the query has {len(sql):,} characters (limit {MAX_SQL_CHARS:,})"
        hint = "Shorten it: replace long IN lists by a condition on a catalog field."
        return GuardError("too_long", message, None, hint)
    if "\x00" in sql:
        return GuardError("bad_input", "the query contains a NUL byte", f"offset {sql.index(chr(0))}", hint)
    if not sql.strip():
        return GuardError("bad_input", "the query is empty", None, hint)
    return None


def _parse_one(sql: str, dialect: str) -> tuple[exp.Expression | None, list[GuardError]]:
    hint = "Fix the syntax there; write DuckDB SQL."
    try:
        Dialect.get_or_raise(dialect)
    except ValueError:
        return None, [
            GuardError("bad_input", f"unknown SQL dialect {dialect!r}", None, "Use dialect='duckdb'.")
        ]
    try:
        trees = [
            t
            for t in sqlglot.parse(sql, dialect=dialect)
            if t is not None and not isinstance(t, exp.Semicolon)
        ]
    except ParseError as err:
        first = err.errors[0] if err.errors else {}
        where = f"line {first.get('line')}, col {first.get('col')}: {first.get('highlight', '')}".strip()
        message = f"the query does not parse: {first.get('description') or err}"
        return None, [GuardError("parse_error", message, where if first else None, hint)]
    except TokenError as err:
        return None, [GuardError("parse_error", f"the query does not parse: {err}", None, hint)]
    if not trees:
        return None, [
            GuardError("bad_input", "the query has no statement", None, "Send one SELECT statement.")
        ]
    if len(trees) > 1:
        message = f"{len(trees)} statements; exactly one is allowed"
        hint = "Send a single SELECT; combine criteria with AND/OR, a CTE or UNION instead."
        return None, [GuardError("multiple_statements", message, locate(trees[1]), hint)]
    tree = trees[0]
    while isinstance(tree, exp.Subquery) and [k for k, v in tree.args.items() if v] == ["this"]:
        tree = tree.this  # "(SELECT ...)" is the same query
    return tree, []


def _refused(errors: list[GuardError]) -> GuardResult:
    unique = {(e.code, e.message, e.where): e for e in errors}
    return GuardResult(ok=False, errors=sorted(unique.values(), key=severity))
