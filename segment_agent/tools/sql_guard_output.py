"""The SQL guard's output rule (the query returns the entity key) and what a query reads.

Both follow columns through CTEs, derived tables and set operations down to catalog tables.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope, traverse_scope

from segment_agent.tools.sql_guard_columns import STAR_SELECT, source_of
from segment_agent.tools.sql_guard_rules import GuardError, locate


def check_output(original: exp.Expression, qualified: exp.Expression, key: str) -> list[GuardError]:
    """Each output branch must select exactly one column: the entity key, read from a table."""
    hint = (
        f"Select only the entity key: SELECT {key} FROM <table> WHERE ... (or SELECT DISTINCT o.{key} ...)."
    )
    for select in _output_selects(original):
        for projection in select.expressions:
            if isinstance(projection, exp.Star) or (
                isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
            ):
                message = "SELECT * returns every column; a segment is a set of entity keys"
                return [GuardError("wrong_output", message, locate(projection), hint)]
    errors: list[GuardError] = []
    for scope in _branch_scopes(traverse_scope(qualified)[-1]):
        projections = scope.expression.expressions
        if len(projections) != 1:
            message = f"the query returns {len(projections)} columns; it must return only {key}"
            where = locate(projections[1] if projections else scope.expression)
            errors.append(GuardError("wrong_output", message, where, hint))
        elif projections[0].alias_or_name.lower() != key or not _reads_key(scope, projections[0], key):
            message = f"the output column must be {key} read from a table that has it"
            errors.append(GuardError("wrong_output", message, locate(projections[0]), hint))
    return errors


def used_tables(qualified: exp.Expression) -> list[str]:
    """Catalog tables the query reads (CTE names resolved away), sorted."""
    return sorted(
        {
            source.name.lower()
            for scope in traverse_scope(qualified)
            for source in scope.sources.values()
            if isinstance(source, exp.Table)
        }
    )


def used_columns(qualified: exp.Expression) -> list[str]:
    """'table.column' of every catalog column the query refers to (not those a `*` expands to), sorted."""
    found: set[str] = set()
    for scope in traverse_scope(qualified):
        for column in scope.columns:
            if column.table and not isinstance(column.this, exp.Star) and not _from_star(column):
                found |= _base_columns(scope, column.table, column.name.lower())
    return sorted(found)


def _from_star(column: exp.Column) -> bool:
    """True for a select-list column qualify() wrote when it expanded a `*`."""
    item = column.parent if isinstance(column.parent, exp.Alias) else column
    select = item.parent
    return isinstance(select, exp.Select) and item.arg_key == "expressions" and STAR_SELECT in select.meta


def _output_selects(tree: exp.Expression) -> list[exp.Select]:
    if isinstance(tree, exp.Subquery):
        return _output_selects(tree.this)
    if isinstance(tree, exp.SetOperation):
        return _output_selects(tree.left) + _output_selects(tree.right)
    return [tree] if isinstance(tree, exp.Select) else []


def _branch_scopes(scope: Scope) -> list[Scope]:
    """The SELECT scopes whose rows a (possibly set-operation) scope returns."""
    if isinstance(scope.expression, exp.SetOperation):
        return [branch for part in scope.set_operation_scopes for branch in _branch_scopes(part)]
    return [scope]


def _reads_key(scope: Scope, projection: exp.Expression, key: str) -> bool:
    expression = projection.unalias()
    if isinstance(expression, exp.Coalesce):  # what JOIN ... USING (key) qualifies to
        parts = [expression.this, *expression.expressions]
        return all(_reads_key(scope, part, key) for part in parts)
    if not isinstance(expression, exp.Column) or expression.name.lower() != key:
        return False
    source = source_of(scope, expression.table)
    if isinstance(source, exp.Table):
        return True
    if not isinstance(source, Scope):
        return False
    branches = _branch_scopes(source)
    names = [name.lower() for name in branches[0].expression.named_selects]
    if key not in names:
        return False
    index = names.index(key)
    return all(
        index < len(b.expression.expressions) and _reads_key(b, b.expression.expressions[index], key)
        for b in branches
    )


def _base_columns(scope: Scope, table: str, name: str) -> set[str]:
    source = source_of(scope, table)
    if isinstance(source, exp.Table):
        return {f"{source.name.lower()}.{name}"}
    if not isinstance(source, Scope):
        return set()
    found: set[str] = set()
    for branch in _branch_scopes(source):
        for projection in branch.expression.expressions:
            inner = projection.unalias()
            if projection.alias_or_name.lower() == name and isinstance(inner, exp.Column) and inner.table:
                found |= _base_columns(branch, inner.table, inner.name.lower())
    return found
