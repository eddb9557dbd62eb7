"""Check SQL text with DuckDB's own parser before running or wrapping it.

Text is only ever embedded in a larger statement after the parser has confirmed it is exactly
one SELECT: `EXPLAIN SELECT 1; DROP TABLE t` would otherwise run the DROP.
"""

from __future__ import annotations

import duckdb

from segment_agent.tools.duckdb_errors import query_error
from segment_agent.tools.warehouse import WarehouseError

ONE_STATEMENT_HINT = "send exactly one statement, without a second one after a semicolon"


def single_statement(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.Statement:
    """The one statement in `sql`; WarehouseError if it does not parse or holds zero or several."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise query_error(exc) from exc
    if len(statements) != 1:
        raise WarehouseError(f"expected one SQL statement, got {len(statements)}", ONE_STATEMENT_HINT)
    return statements[0]


def select_body(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The text of the single SELECT in `sql`, without its final semicolon, safe to use as a subquery.

    >>> select_body(duckdb.connect(), "SELECT 1 AS a; -- done")
    'SELECT 1 AS a'
    """
    statement = single_statement(con, sql)
    if statement.type != duckdb.StatementType.SELECT:
        raise WarehouseError(
            f"expected a SELECT query, got {statement.type.name}",
            "a segment is one SELECT (WITH and UNION allowed) whose first column is the entity key",
        )
    return _without_terminator(statement.query)


def _without_terminator(text: str) -> str:
    """Cut a trailing `;` (and any comment after it) found by DuckDB's tokenizer."""
    code = [start for start, kind in duckdb.tokenize(text) if kind != duckdb.token_type.comment]
    if code and text[code[-1]] == ";":
        return text[: code[-1]].rstrip()
    return text.strip()


def quote_ident(name: str) -> str:
    """A DuckDB identifier for `name`, each dotted part quoted (`a.b` -> `"a"."b"`)."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def members_subquery(body: str) -> str:
    """`(SELECT DISTINCT _member ...)`: the distinct non-NULL keys (first column) of one checked SELECT."""
    return f"(SELECT DISTINCT _member FROM (\n{body}\n) AS s(_member) WHERE _member IS NOT NULL)"
