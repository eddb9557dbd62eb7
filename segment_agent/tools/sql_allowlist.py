"""What a segment query may contain: the SQL guard's allow-lists (anything not listed is refused).

Types are matched exactly (`type(node) in ...`), never with isinstance, so a new sqlglot
subclass of an allowed node is refused until someone adds it here on purpose.
"""

from __future__ import annotations

import re

from sqlglot import exp

MAX_SQL_CHARS = 20_000

# Bookkeeping tables of the demo database; never a segment source even if a schema lists them.
RESERVED_TABLES = frozenset({"_meta"})

ALLOWED_SYNTAX: frozenset[type[exp.Expression]] = frozenset(
    {
        # query shape
        exp.Select, exp.Union, exp.Intersect, exp.Except, exp.With, exp.CTE, exp.Subquery,
        exp.From, exp.Join, exp.Where, exp.Group, exp.Having, exp.Qualify, exp.Order,
        exp.Ordered, exp.Limit, exp.Offset, exp.Distinct, exp.Window, exp.WindowSpec,
        exp.Filter, exp.WithinGroup,
        # names and values
        exp.Table, exp.TableAlias, exp.Column, exp.Identifier, exp.Alias, exp.Star,
        exp.Literal, exp.Null, exp.Boolean, exp.Var, exp.DataType, exp.DataTypeParam,
        exp.Interval, exp.Tuple, exp.Paren,
        # predicates and arithmetic
        exp.And, exp.Or, exp.Not, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE,
        exp.NullSafeEQ, exp.NullSafeNEQ, exp.Is, exp.In, exp.Between, exp.Like, exp.ILike,
        exp.Escape, exp.Any, exp.All, exp.Add, exp.Sub, exp.Mul, exp.Div, exp.IntDiv,
        exp.Mod, exp.Neg, exp.DPipe,
    }
)  # fmt: skip

ALLOWED_FUNCTIONS: frozenset[type[exp.Expression]] = frozenset(
    {
        # control flow and types
        exp.Case, exp.If, exp.Cast, exp.TryCast, exp.Coalesce, exp.Nullif, exp.Exists,
        exp.Greatest, exp.Least,
        # aggregates
        exp.Count, exp.CountIf, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.Median,
        exp.PercentileCont, exp.PercentileDisc, exp.ApproxQuantile, exp.ApproxDistinct,
        exp.Stddev, exp.StddevSamp, exp.StddevPop, exp.Variance, exp.LogicalOr, exp.LogicalAnd,
        exp.ArgMax, exp.ArgMin,
        # window functions
        exp.RowNumber, exp.Rank, exp.DenseRank, exp.Ntile, exp.PercentRank, exp.CumeDist,
        exp.Lag, exp.Lead, exp.FirstValue, exp.LastValue,
        # numbers
        exp.Abs, exp.Round, exp.Floor, exp.Ceil, exp.Sign,
        # text
        exp.Lower, exp.Upper, exp.Trim, exp.Length, exp.Concat, exp.Substring, exp.Left,
        exp.Right, exp.StartsWith, exp.EndsWith, exp.Contains, exp.StrPosition, exp.RegexpLike,
        # dates and times
        exp.CurrentDate, exp.CurrentTimestamp, exp.DateTrunc, exp.TimestampTrunc, exp.DateDiff,
        exp.DateAdd, exp.Extract, exp.Year, exp.Month, exp.Day, exp.DayOfWeek, exp.DayOfYear,
        exp.Week, exp.Quarter, exp.TimeToStr,
    }
)  # fmt: skip

# DuckDB functions sqlglot has no node for (they parse as exp.Anonymous), by lower-case name.
ALLOWED_ANONYMOUS = frozenset({"now", "date_part", "datepart"})

# Node types that only make sense as (part of) another statement than a read-only query.
STATEMENT_TYPES: tuple[type[exp.Expression], ...] = (
    exp.DDL, exp.DML, exp.Command, exp.Describe, exp.Pragma, exp.Set, exp.SetItem, exp.Use,
    exp.Show, exp.Transaction, exp.Commit, exp.Rollback, exp.Attach, exp.Detach, exp.Install,
    exp.Summarize, exp.Drop, exp.Alter, exp.TruncateTable, exp.Analyze, exp.Cache, exp.Uncache,
    exp.Refresh, exp.LoadData, exp.Grant, exp.Revoke, exp.Kill, exp.Comment, exp.Export,
    exp.Into, exp.Returning, exp.Lock,
)  # fmt: skip

# Function nodes that are SQL syntax rather than calls; not listed in GuardResult.functions.
SYNTAX_FUNCTIONS = frozenset({exp.Case, exp.If, exp.Cast, exp.TryCast, exp.Exists})


def function_name(node: exp.Expression) -> str:
    """The lower-case name DuckDB knows a function node by (the called name for unknown functions)."""
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    called = re.match(r"\w+", node.sql(dialect="duckdb"))
    return called.group(0).lower() if called else node.sql_name().lower()


def is_allowed_function(node: exp.Expression) -> bool:
    """True if this function node is on the allow-list."""
    if type(node) is exp.Anonymous:
        return function_name(node) in ALLOWED_ANONYMOUS
    return type(node) in ALLOWED_FUNCTIONS
