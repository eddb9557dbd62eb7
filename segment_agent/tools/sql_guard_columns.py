"""The SQL guard's scope rules: table sources, column resolution and the output column.

Works scope by scope (sqlglot.optimizer.scope), so a CTE name only counts where it is
visible and every column is checked against the catalog table or derived table it reads.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, traverse_scope
from sqlglot.schema import MappingSchema

from segment_agent.tools.sql_guard_rules import GuardError, closest, locate, unknown_table

Source = exp.Table | Scope
# Marks the selects whose `*` qualify() expands, so the expanded columns do not count as used.
STAR_SELECT = "segment_agent_star_select"


def check_sources(tree: exp.Expression, schema: dict[str, dict[str, str]]) -> list[GuardError]:
    """Every table reference must be a CTE visible in its scope or a catalog table."""
    errors: list[GuardError] = []
    seen: set[int] = set()
    for scope in traverse_scope(tree):
        for table in scope.tables:
            seen.add(id(table))
            if not _is_cte_reference(scope, table):
                errors.extend(filter(None, [unknown_table(table, schema)]))
    for table in tree.find_all(exp.Table):
        if id(table) not in seen:
            errors.extend(filter(None, [unknown_table(table, schema)]))
    return errors


def _is_cte_reference(scope: Scope, table: exp.Table) -> bool:
    """True if `table` names a CTE visible here (by its name, never by an alias it is given)."""
    source = source_of(scope, table.alias_or_name)
    cte = source.expression.parent if isinstance(source, Scope) else None
    return isinstance(cte, exp.CTE) and not table.db and cte.alias_or_name.lower() == table.name.lower()


def qualify_columns(
    tree: exp.Expression, schema: dict[str, dict[str, str]]
) -> tuple[list[GuardError], exp.Expression | None]:
    """Check every column against its source; return the errors and the qualified tree."""
    errors = [e for scope in traverse_scope(tree) for e in _qualified_column_errors(scope, schema)]
    if errors:
        return errors, None
    marked = tree.copy()
    for select in marked.find_all(exp.Select):
        if any(isinstance(p, exp.Star) or isinstance(p.this, exp.Star) for p in select.expressions):
            select.meta[STAR_SELECT] = True
    try:
        qualified = qualify(
            marked,
            schema=MappingSchema(schema, dialect="duckdb"),
            dialect="duckdb",
            validate_qualify_columns=False,
            identify=False,
        )
    except OptimizeError as err:
        return [_optimize_error(err, tree, schema)], None
    errors = [e for scope in traverse_scope(qualified) for e in _unqualified_column_errors(scope, schema)]
    errors += [_whole_row(node) for node in qualified.find_all(exp.TableColumn)]
    return errors, (None if errors else qualified)


def source_of(scope: Scope | None, name: str) -> Source | None:
    """The table or derived scope `name` refers to, looking outwards for correlated references."""
    while scope is not None:
        if name in scope.sources:
            return scope.sources[name]
        scope = scope.parent
    return None


def _source_columns(source: Source, schema: dict[str, dict[str, str]]) -> list[str]:
    if isinstance(source, exp.Table):
        return list(schema.get(source.name.lower(), {}))
    return [name.lower() for name in source.expression.named_selects]


def _visible(scope: Scope | None) -> dict[str, Source]:
    """Every source a column of `scope` could read, inner scopes shadowing outer ones."""
    names: dict[str, Source] = {}
    while scope is not None:
        names = {**scope.sources, **names}
        scope = scope.parent
    return names


def _qualified_column_errors(scope: Scope, schema: dict[str, dict[str, str]]) -> list[GuardError]:
    errors: list[GuardError] = []
    for column in scope.columns:
        if not column.table or isinstance(column.this, exp.Star):
            continue
        source = source_of(scope, column.table)
        if source is None:
            hint = (
                f"Use one of the tables or aliases in FROM: {', '.join(sorted(scope.sources)) or '(none)'}."
            )
            message = f"{column.sql(dialect='duckdb')}: no table or alias {column.table} here"
            errors.append(GuardError("unknown_column", message, locate(column), hint))
            continue
        names = _source_columns(source, schema)
        if "*" not in names and column.name.lower() not in names:
            errors.append(_unknown_column(column, names))
    return errors


def _unqualified_column_errors(scope: Scope, schema: dict[str, dict[str, str]]) -> list[GuardError]:
    errors: list[GuardError] = []
    aliases = {name.lower() for name in getattr(scope.expression, "named_selects", [])}
    for column in scope.columns:
        if column.table or isinstance(column.this, exp.Star):
            continue
        if column.name.lower() in aliases and not _in_projection(column, scope.expression):
            continue  # ORDER BY / GROUP BY / HAVING / WHERE may name a select-list alias
        visible = _visible(scope)
        owners = [
            alias for alias, src in visible.items() if column.name.lower() in _source_columns(src, schema)
        ]
        if len(owners) > 1:
            message = f"column {column.name} is ambiguous: it is in {', '.join(sorted(owners))}"
            hint = f"Qualify it, e.g. {sorted(owners)[0]}.{column.name}."
            errors.append(GuardError("ambiguous_column", message, locate(column), hint))
        else:
            names = sorted({n for src in visible.values() for n in _source_columns(src, schema)})
            errors.append(_unknown_column(column, names))
    return errors


def _whole_row(node: exp.TableColumn) -> GuardError:
    """A bare table name or alias used as a value reads the whole row (every column, PII included)."""
    message = f"{node.name} names a whole table row, not a column"
    hint = f"Name a catalog column instead, e.g. {node.name}.<column>."
    return GuardError("unknown_column", message, locate(node), hint)


def _in_projection(column: exp.Column, select: exp.Expression) -> bool:
    node: exp.Expression = column
    while node.parent is not None and node.parent is not select:
        node = node.parent
    return node.parent is select and node.arg_key == "expressions"


def _optimize_error(
    err: OptimizeError, tree: exp.Expression, schema: dict[str, dict[str, str]]
) -> GuardError:
    """qualify() found a bad column our own checks could not see (e.g. behind a `*`): locate it."""
    name = str(err).rpartition(":")[2].strip().lower()
    for column in tree.find_all(exp.Column):
        if column.name.lower() == name:
            tables = {t.name.lower() for t in tree.find_all(exp.Table)}
            return _unknown_column(column, sorted({c for t in tables for c in schema.get(t, {})}))
    return GuardError("unknown_column", str(err), None, "Check the column names against the catalog.")


def _unknown_column(column: exp.Column, names: list[str]) -> GuardError:
    guesses = closest(column.name, names)
    if guesses:
        hint = f"Did you mean {', '.join(guesses)}?"
    elif len(names) <= 30:
        hint = f"Columns available here: {', '.join(names) or '(none)'}."
    else:
        hint = "Look the field up in the catalog (segment-agent catalog search) and use its exact name."
    return GuardError(
        "unknown_column", f"column {column.sql(dialect='duckdb')} does not exist", locate(column), hint
    )
