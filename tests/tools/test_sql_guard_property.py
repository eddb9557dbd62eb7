"""Property tests: the guard never crashes and never accepts a statement with a forbidden construct.

The forbidden-construct detector below is independent of the guard's allow-lists: a small
deny-list over the parsed tree, so a gap in the guard is not mirrored by the test.
"""

from __future__ import annotations

import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from segment_agent.tools.sql_guard import GuardResult, guard_sql
from tests.tools.test_sql_guard import ACCEPTED, ENTITY, SCHEMA

BASES = [case["sql"] for case in ACCEPTED]
FRAGMENTS = [
    "; DROP TABLE customers", "; COPY customers TO '/tmp/x.csv'", "read_csv('/etc/passwd')",
    "read_text('/etc/passwd')", "'/etc/passwd'", "\"s3://bucket/x.parquet\"", "getenv('HOME')",
    "(DESCRIBE customers)", "(SUMMARIZE orders)", "JOIN read_parquet('x.parquet') r ON TRUE",
    "UNION SELECT customer_id FROM read_csv_auto('x.csv')", "FROM glob('*')", "query('SELECT 1')",
    "current_setting('threads')", "PRAGMA version", "ATTACH 'x.db' AS x", "INSTALL httpfs", "LOAD httpfs",
    "SET threads = 1", "_meta", "FROM _meta", "other.main.customers", "duckdb_tables()",
    "sqlite_scan('a', 'b')",
    "\"READ_CSV\"('x')", "EXPLAIN", "CALL", "/*", "--", "'", "\"", "(", ")", ",", "*", "\x00",
]  # fmt: skip
TOKENS = [
    "SELECT", "customer_id", "FROM", "customers", "orders", "WHERE", "state", "=", "'CA'", "AND", "OR",
    "NOT", "EXISTS", "(", ")", "IN", "JOIN", "ON", "UNION", "WITH", "AS", "x", "*", ";", "1", "read_csv",
    "'/etc/passwd'", "getenv", "DESCRIBE", "COPY", "TO", "ATTACH", "PRAGMA", ",", ".", "CURRENT_DATE",
    "-", "INTERVAL", "30", "DAY", "GROUP", "BY", "HAVING", "count", "LIMIT", "_meta",
]  # fmt: skip
DENIED_NODES = (
    exp.Command, exp.DDL, exp.DML, exp.Describe, exp.Pragma, exp.Set, exp.Use, exp.Show, exp.Attach,
    exp.Install, exp.Summarize, exp.Transaction, exp.Drop, exp.Alter,
)  # fmt: skip
DENIED_FUNCTIONS = {"query", "query_table", "glob", "getenv", "current_setting", "range", "generate_series"}
TABLES = {name.lower() for name in SCHEMA} - {"_meta"}


def has_forbidden_construct(sql: str) -> bool:
    """True if `sql` is not exactly one statement free of the deny-listed constructs."""
    try:
        trees = [
            t
            for t in sqlglot.parse(sql, dialect="duckdb")
            if t is not None and not isinstance(t, exp.Semicolon)
        ]
    except Exception:  # noqa: BLE001 - whatever fails to parse must be refused
        return True
    if len(trees) != 1:
        return True
    ctes = {cte.alias_or_name.lower() for cte in trees[0].find_all(exp.CTE)}
    return any(_denied(node, ctes) for node in trees[0].walk())


def _denied(node: exp.Expression, ctes: set[str]) -> bool:
    if isinstance(node, DENIED_NODES):
        return True
    if isinstance(node, exp.Func):
        name = (
            node.name if isinstance(node, exp.Anonymous) else node.sql(dialect="duckdb").split("(")[0]
        ).lower()
        return (
            name in DENIED_FUNCTIONS
            or name.startswith(("read_", "pragma_", "duckdb_"))
            or name.endswith("_scan")
        )
    if isinstance(node, exp.Table):
        name = node.name.lower()
        return (
            not isinstance(node.this, exp.Identifier)
            or any(ch in name for ch in "/\\.:~*")
            or bool(node.args.get("catalog"))
            or node.db.lower() not in ("", "main")
            or name not in TABLES | ctes
        )
    return False


@st.composite
def mutated_statements(draw: st.DrawFn) -> str:
    """An accepted statement with forbidden fragments spliced in and tokens dropped or duplicated."""
    tokens = draw(st.sampled_from(BASES)).split()
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["splice", "splice", "drop", "duplicate"]))
        at = draw(st.integers(0, len(tokens)))
        if op == "splice":
            tokens.insert(at, draw(st.sampled_from(FRAGMENTS)))
        elif tokens and op == "drop":
            tokens.pop(min(at, len(tokens) - 1))
        elif tokens:
            tokens.insert(at, tokens[min(at, len(tokens) - 1)])
    return " ".join(tokens)


def check_invariants(sql: str) -> GuardResult:
    """The guard's promises for any input: a verdict, never a crash, never a forbidden construct accepted."""
    result = guard_sql(sql, SCHEMA, ENTITY)
    assert isinstance(result, GuardResult)
    assert [e.code for e in result.errors if e.code == "internal"] == [], sql
    if result.ok:
        assert not result.errors and result.sql
        assert not has_forbidden_construct(sql), sql
        assert not has_forbidden_construct(result.sql), result.sql
        assert guard_sql(result.sql, SCHEMA, ENTITY).sql == result.sql
    else:
        assert result.errors and result.sql is None
    return result


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(mutated_statements())
def test_mutated_statements(sql: str) -> None:
    check_invariants(sql)


@FAST
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=25).map(" ".join))
def test_token_soup(sql: str) -> None:
    check_invariants(sql)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text(sql: str) -> None:
    check_invariants(sql)


def test_detector_flags_what_it_should() -> None:
    assert not has_forbidden_construct(BASES[0])
    for sql in (
        "SELECT customer_id FROM read_csv('x')",
        "SELECT 1; SELECT 2",
        "SELECT a FROM _meta",
        "DESCRIBE x",
    ):
        assert has_forbidden_construct(sql)
    for sql in BASES:
        assert not has_forbidden_construct(sql), sql
