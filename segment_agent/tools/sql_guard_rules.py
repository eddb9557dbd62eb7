"""The SQL guard's static rules: statement kinds, syntax, functions and table references.

Each rule walks the whole parsed tree (subqueries, CTEs, set-operation branches included)
and returns structured errors (what, where, hint) a planner can redraft from.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlglot import exp

from segment_agent.tools.sql_allowlist import (
    ALLOWED_SYNTAX,
    RESERVED_TABLES,
    STATEMENT_TYPES,
    function_name,
    is_allowed_function,
)

# Most severe first: errors[0] is the one a planner should fix first.
SEVERITY = (
    "bad_input", "too_long", "parse_error", "multiple_statements", "forbidden_statement",
    "file_access", "forbidden_function", "forbidden_syntax", "unknown_table", "unknown_column",
    "ambiguous_column", "wrong_output", "internal",
)  # fmt: skip
# Anything DuckDB could read as a file, URL or glob rather than a table name.
_PATH_LIKE = re.compile(r"[/\\.:~*?%$]")
_READ_ONLY_HINT = (
    "Write one read-only query: SELECT ... FROM <catalog tables> (WITH, UNION, INTERSECT, EXCEPT)."
)


@dataclass
class GuardError:
    """Why the guard refused a query: a stable code, what, where (fragment or line:col), what to do."""

    code: str
    message: str
    where: str | None
    hint: str


def severity(error: GuardError) -> int:
    """Sort key: the rank of the error's code (unknown codes last)."""
    return SEVERITY.index(error.code) if error.code in SEVERITY else len(SEVERITY)


def locate(node: exp.Expression) -> str:
    """The node's SQL (shortened) and, when the parser recorded it, its line and column."""
    fragment = node.sql(dialect="duckdb", comments=False)
    fragment = fragment if len(fragment) <= 80 else fragment[:77] + "..."
    for part in node.walk():
        if "line" in part.meta:
            return f"{fragment} (line {part.meta['line']}, col {part.meta['col']})"
    return fragment


def closest(name: str, candidates: list[str], n: int = 3) -> list[str]:
    """Up to n candidates that look like `name` (difflib), best first."""
    return difflib.get_close_matches(name.lower(), candidates, n=n, cutoff=0.6)


def check_syntax(tree: exp.Expression) -> list[GuardError]:
    """Every node must be an allow-listed syntax node or an allow-listed function."""
    errors: list[GuardError] = []
    if isinstance(tree, exp.Subquery):
        message = "a parenthesized query with an alias, ORDER BY or LIMIT outside the parentheses"
        hint = "Write SELECT ... ORDER BY ... LIMIT ... without the outer parentheses."
        errors.append(GuardError("forbidden_syntax", message, locate(tree), hint))
    elif not isinstance(tree, (exp.Select, exp.SetOperation, *STATEMENT_TYPES)):
        message = f"'{tree.sql(dialect='duckdb')[:40]}' is not a SELECT query"
        errors.append(GuardError("forbidden_statement", message, locate(tree), _READ_ONLY_HINT))
    for node in tree.walk():
        if type(node) in ALLOWED_SYNTAX:
            errors.extend(_allowed_node_errors(node))
        elif isinstance(node, STATEMENT_TYPES):
            kind = str(node.this if isinstance(node, exp.Command) else type(node).__name__).upper()
            message = f"{kind} statement is not allowed" + (
                "" if node is tree else ", not even inside a query"
            )
            errors.append(GuardError("forbidden_statement", message, locate(node), _READ_ONLY_HINT))
        elif isinstance(node, exp.Func):
            # a table function is reported once, by check_tables
            if not isinstance(node.parent, exp.Table) and not is_allowed_function(node):
                errors.append(_function_error(node))
        else:
            errors.append(_syntax_error(type(node).__name__.upper(), node))
    return errors


def _syntax_error(kind: str, node: exp.Expression) -> GuardError:
    hint = "Use plain SELECT with WHERE, JOIN, GROUP BY, EXISTS and simple expressions."
    return GuardError("forbidden_syntax", f"{kind} is not allowed in a segment query", locate(node), hint)


def _allowed_node_errors(node: exp.Expression) -> list[GuardError]:
    if isinstance(node, exp.With) and node.args.get("recursive"):
        return [_syntax_error("WITH RECURSIVE", node)]
    if isinstance(node, exp.Star):
        return _star_errors(node)
    if isinstance(node, exp.WithinGroup):
        order = node.expression.expressions if isinstance(node.expression, exp.Order) else []
        if len(order) != 1 or order[0].args.get("desc"):
            hint = "Write quantile_cont(column, fraction) (use 1 - fraction instead of DESC)."
            message = "WITHIN GROUP needs exactly one ascending ORDER BY key here"
            return [GuardError("forbidden_syntax", message, locate(node), hint)]
    return []


def _function_error(node: exp.Expression) -> GuardError:
    name = function_name(node)
    hint = (
        "Use the catalog tables and simple scalar/aggregate functions (count, sum, avg, min, max, "
        "coalesce, date_trunc, date_diff, quantile_cont, ...); no file, system or extension functions."
    )
    return GuardError("forbidden_function", f"function {name}() is not allowed", locate(node), hint)


def _star_errors(star: exp.Star) -> list[GuardError]:
    if any(star.args.get(key) for key in star.arg_types):
        hint = "List the columns you need explicitly."
        return [GuardError("forbidden_syntax", "* EXCLUDE/REPLACE/RENAME is not allowed", locate(star), hint)]
    holder = star.parent if isinstance(star.parent, exp.Column) else star
    if isinstance(holder.parent, exp.Count) or (
        isinstance(holder.parent, exp.Select) and holder.arg_key == "expressions"
    ):
        return []
    hint = "Use * only as count(*) or as a subquery's select list."
    return [GuardError("forbidden_syntax", "* is not allowed here", locate(holder.parent or star), hint)]


def check_tables(tree: exp.Expression, schema: dict[str, dict[str, str]]) -> list[GuardError]:
    """Table references must be plain names: no files, URLs, table functions or other databases."""
    errors: list[GuardError] = []
    known = ", ".join(catalog_tables(schema)[:20])
    for table in tree.find_all(exp.Table):
        target = table.this
        if isinstance(target, exp.Func):
            name = function_name(target)
            message = f"table function {name}() is not allowed: it reads data outside the catalog"
            hint = f"Read only from catalog tables: {known}."
            errors.append(GuardError("forbidden_function", message, locate(table), hint))
        elif not isinstance(target, exp.Identifier):
            hint = f"Read only from catalog tables: {known}."
            errors.append(GuardError("forbidden_syntax", "unsupported table reference", locate(table), hint))
        elif _PATH_LIKE.search(table.name):
            message = f"'{table.name}' looks like a file path or URL, not a catalog table"
            errors.append(GuardError("file_access", message, locate(table), f"Use catalog tables: {known}."))
        elif table.args.get("catalog") or table.db.lower() not in ("", "main"):
            message = f"table {table.sql(dialect='duckdb')} is qualified with another schema or database"
            hint = f"Use the bare table name of a catalog table: {known}."
            errors.append(GuardError("unknown_table", message, locate(table), hint))
    return errors


def catalog_tables(schema: dict[str, dict[str, str]]) -> list[str]:
    """The tables a segment may read, sorted."""
    return sorted(t for t in schema if t not in RESERVED_TABLES)


def unknown_table(table: exp.Table, schema: dict[str, dict[str, str]]) -> GuardError | None:
    """An error if `table` (not a CTE reference) is not a catalog table, else None."""
    name = table.name.lower()
    if name in schema and name not in RESERVED_TABLES:
        return None
    allowed = catalog_tables(schema)
    guesses = closest(name, allowed)
    hint = f"Did you mean {', '.join(guesses)}?" if guesses else f"Catalog tables: {', '.join(allowed[:20])}."
    return GuardError("unknown_table", f"table {table.name} is not in the catalog", locate(table), hint)
