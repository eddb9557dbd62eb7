"""Guarded DuckDB segment SQL rewritten for other warehouses, emitting only what round-trips.

sqlglot does most of the work; the pre-transforms below fix what it gets wrong for segment
queries (now(), date_part, date_add with an interval, plural interval units, NULL-skipping
GREATEST/LEAST, exact percentiles, BigQuery date arithmetic and truncation) and refuse what a
target cannot express. The SQL returned is what the target's own parser regenerates from it,
checked to be stable, so it reads back exactly as emitted.

>>> transpile("SELECT customer_id FROM customers WHERE d >= CURRENT_DATE - INTERVAL 30 DAY", "bigquery")
"SELECT customer_id FROM customers WHERE d >= DATE_SUB(CURRENT_DATE, INTERVAL '30' DAY)"
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from segment_agent.errors import UserError

TARGETS = ("postgres", "snowflake", "bigquery", "databricks", "trino")
# Warehouses with no exact percentile aggregate (BigQuery's PERCENTILE_CONT is analytic only).
_NO_EXACT_PERCENTILE = ("bigquery", "trino")
_NO_GROUP_BY_ALL = ("postgres", "trino")
# GREATEST/LEAST return NULL if any argument is NULL there; DuckDB skips NULLs.
_NULL_PROPAGATING_GREATEST = ("bigquery", "trino")
_SINGULAR = {"DAYS": "DAY", "WEEKS": "WEEK", "MONTHS": "MONTH", "YEARS": "YEAR", "HOURS": "HOUR",
             "MINUTES": "MINUTE", "SECONDS": "SECOND", "QUARTERS": "QUARTER"}  # fmt: skip


_HINT = "Simplify the query (plain comparisons, EXISTS, date arithmetic with CURRENT_DATE - INTERVAL n DAY)."


class DialectError(UserError):
    """The SQL uses a construct the target warehouse cannot express faithfully."""


def transpile(sql: str, target: str) -> str:
    """The DuckDB query `sql` in `target`'s dialect; raises DialectError for unsupported constructs."""
    if target not in TARGETS:
        raise DialectError(f"unknown target dialect {target!r}", f"Use one of: {', '.join(TARGETS)}.")
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except SqlglotError as err:
        raise DialectError(
            f"the SQL does not parse as DuckDB: {err}", "Run it through the SQL guard first."
        ) from err
    tree = _prepare(tree, target)
    try:
        emitted = tree.sql(dialect=target, unsupported_level=ErrorLevel.RAISE, comments=False)
    except SqlglotError as err:
        raise DialectError(f"{target} cannot express this query: {err}", _HINT) from err
    return round_trip(emitted, target)


def transpile_all(sql: str) -> dict[str, str]:
    """The query for every target; a target that cannot express it gets a SQL comment saying why."""
    out: dict[str, str] = {}
    for target in TARGETS:
        try:
            out[target] = transpile(sql, target)
        except DialectError as err:
            out[target] = f"-- not available for {target}: {err.message}"
    return out


def round_trip(sql: str, target: str) -> str:
    """Parse `sql` with the target dialect and regenerate it; return it only if that is stable."""
    try:
        regenerated = sqlglot.parse_one(sql, read=target).sql(dialect=target)
        stable = sqlglot.parse_one(regenerated, read=target).sql(dialect=target) == regenerated
    except SqlglotError as err:
        raise DialectError(f"{target} cannot read back the SQL generated for it: {err}", _HINT) from err
    if not stable:
        raise DialectError(f"the SQL generated for {target} does not round-trip: {regenerated}", _HINT)
    return regenerated


def _prepare(tree: exp.Expression, target: str) -> exp.Expression:
    """Rewrite DuckDB-isms into forms every target's generator handles correctly."""
    tree = tree.copy()
    for node in list(tree.find_all(exp.Anonymous)):
        _replace_anonymous(node)
    for interval in tree.find_all(exp.Interval):
        unit = interval.args.get("unit")
        if isinstance(unit, exp.Var) and unit.name.upper() in _SINGULAR:
            interval.set("unit", exp.var(_SINGULAR[unit.name.upper()]))
    for node in list(tree.find_all(exp.DateAdd)):
        if isinstance(node.expression, exp.Interval):  # date_add(d, INTERVAL n DAY) is just d + INTERVAL
            node.replace(exp.Add(this=node.this, expression=node.expression))
    for group in tree.find_all(exp.Group):
        if group.args.get("all") and target in _NO_GROUP_BY_ALL:
            raise DialectError(f"{target} has no GROUP BY ALL", "List the grouped columns explicitly.")
    if target in _NULL_PROPAGATING_GREATEST:
        for node in list(tree.find_all(exp.Greatest, exp.Least)):
            _ignore_nulls(node)
    _prepare_percentiles(tree, target)
    if target == "bigquery":
        _prepare_bigquery(tree)
    return tree


def _replace_anonymous(node: exp.Anonymous) -> None:
    name = node.name.lower()
    args = node.expressions
    if name == "now" and not args:
        node.replace(exp.CurrentTimestamp())
    elif name in ("date_part", "datepart") and len(args) == 2 and args[0].is_string:
        node.replace(exp.Extract(this=exp.var(args[0].name.upper()), expression=args[1]))


def _ignore_nulls(node: exp.Greatest | exp.Least) -> None:
    """GREATEST(a, b) -> GREATEST(COALESCE(a, b), COALESCE(b, a)): NULL only when all are NULL."""
    args = [node.this, *node.expressions]
    if len(args) < 2 or not node.args.get("ignore_nulls"):
        return
    fixed = [exp.Coalesce(this=a.copy(), expressions=[b.copy() for b in args if b is not a]) for a in args]
    node.replace(type(node)(this=fixed[0], expressions=fixed[1:], ignore_nulls=True))


def _prepare_percentiles(tree: exp.Expression, target: str) -> None:
    """One canonical exact-percentile form per target (WITHIN GROUP, PERCENTILE, or refused)."""
    for node in list(tree.find_all(exp.WithinGroup, exp.PercentileCont, exp.PercentileDisc, exp.Median)):
        if isinstance(node.parent, exp.WithinGroup):
            continue  # handled (and replaced) together with its WITHIN GROUP parent
        kind, value, fraction = _percentile_parts(node)
        if kind is None:
            continue
        if target in _NO_EXACT_PERCENTILE:
            hint = "Resolve the threshold to a number first, or use approx_quantile(column, fraction)."
            raise DialectError(f"{target} has no exact percentile aggregate", hint)
        if target == "databricks":
            if kind is exp.PercentileDisc:
                raise DialectError("databricks: use quantile_cont, not a discrete percentile", _HINT)
            node.replace(exp.Quantile(this=value, quantile=fraction))
        else:
            order = exp.Order(expressions=[exp.Ordered(this=value, nulls_first=False)])
            node.replace(exp.WithinGroup(this=kind(this=fraction), expression=order))
    if target == "postgres":  # no approximate quantiles: the exact one is a safe upgrade
        for node in list(tree.find_all(exp.ApproxQuantile)):
            order = exp.Order(expressions=[exp.Ordered(this=node.this, nulls_first=False)])
            node.replace(
                exp.WithinGroup(this=exp.PercentileCont(this=node.args["quantile"]), expression=order)
            )


def _percentile_parts(
    node: exp.Expression,
) -> tuple[type | None, exp.Expression | None, exp.Expression | None]:
    if isinstance(node, exp.Median):
        return exp.PercentileCont, node.this, exp.Literal.number(0.5)
    if isinstance(node, exp.WithinGroup):
        inner, order = node.this, node.expression
        ordered = order.expressions if isinstance(order, exp.Order) else []
        if type(inner) not in (exp.PercentileCont, exp.PercentileDisc) or len(ordered) != 1:
            return None, None, None
        if ordered[0].args.get("desc"):
            raise DialectError(
                "descending percentiles are not supported", "Use 1 - fraction with ascending order."
            )
        return type(inner), ordered[0].this, inner.this
    return type(node), node.this, node.expression


def _prepare_bigquery(tree: exp.Expression) -> None:
    """BigQuery: DATE_SUB/TIMESTAMP_SUB for `now - INTERVAL`, DATE_TRUNC for any date or time."""
    for node in list(tree.find_all(exp.Add, exp.Sub)):
        base, interval = node.this, node.expression
        if not isinstance(interval, exp.Interval) or not isinstance(
            base, exp.CurrentDate | exp.CurrentTimestamp
        ):
            continue
        subtract = isinstance(node, exp.Sub)
        if isinstance(base, exp.CurrentDate):
            kind = exp.DateSub if subtract else exp.DateAdd
        else:
            kind = exp.TimestampSub if subtract else exp.TimestampAdd
        node.replace(kind(this=base, expression=interval.this, unit=interval.args.get("unit")))
    for node in list(tree.find_all(exp.TimestampTrunc)):
        node.replace(exp.DateTrunc(this=node.this, unit=node.args.get("unit")))
