"""The `customers` table: identity from `_people`, aggregates from the event tables, models.

Built in three SQL stages: `b` joins every per-customer aggregate (as of now and as of the
freeze, see profile_base.py), `m` adds the scores that read those columns, and the final SELECT
adds the models that read the scores and puts the columns in table order.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo import models
from segment_agent.tools.demo.batches import Batch
from segment_agent.tools.demo.families import family_columns
from segment_agent.tools.demo.family_stats import FAMILY_TABLES, create_family_stats
from segment_agent.tools.demo.legacy import legacy_columns
from segment_agent.tools.demo.profile_base import JOINS, base_columns
from segment_agent.tools.demo.profile_columns import CORE, IDENTITY, SYNONYMS
from segment_agent.tools.demo.stats import STATS_TABLES, create_stats


def _model_columns(as_of: dt.date) -> dict[str, str]:
    """{column: SQL} of stage `m`, over stage `b` columns."""
    days_inactive = f"coalesce({models.days_between(as_of, 'last_active_date')}, 365)"
    days_since_purchase = f"coalesce({models.days_between(as_of, 'last_purchase_date')}, 365)"
    trend = models.engagement_trend("sessions_30d", "sessions_prev_30d")
    return {
        "engagement_score": models.engagement_score(
            "sessions_30d", "h_email_engagements_30d", "purchases_30d"
        ),
        "engagement_trend": trend,
        "churn_score": models.churn_score(days_inactive, "sessions_30d", "purchases_90d", f"({trend})"),
        "propensity_to_buy_30d": models.propensity_to_buy(
            "purchases_90d", "sessions_30d", "cart_adds_30d", days_since_purchase
        ),
    }


def _final_columns() -> dict[str, str]:
    """{column: SQL} of the last stage, over stage `m` columns."""
    return {
        "clv_predicted_12m": models.clv_predicted_12m(
            "total_purchases",
            "revenue_12m",
            "lifetime_value",
            "h_tenure_years",
            "churn_score",
            "propensity_to_buy_30d",
        ),
        "loyalty_tier": models.loyalty_tier("revenue_12m", "lifetime_value"),
        "loyalty_points_balance": "CASE WHEN lifetime_value > 0 THEN floor(lifetime_value"
        " * (0.2 + 0.8 * rnd(customer_id, 'points')))::INTEGER ELSE 0 END",
    }


def customer_columns() -> list[str]:
    """Every column of `customers`, in table order."""
    return [*IDENTITY, *SYNONYMS, *CORE, *family_columns(), *legacy_columns()]


def create_vip_cut(con: duckdb.DuckDBPyConnection, freeze: dt.date) -> None:
    """`_vip_cut(cut)`: the 97th percentile of lifetime gross revenue at the freeze, over all buyers then."""
    con.execute(f"""
        CREATE TEMP TABLE _vip_cut AS SELECT quantile_disc(gross, 0.97) AS cut FROM (
            SELECT sum(gross_amount) AS gross FROM orders
            WHERE status = 'completed' AND order_ts < TIMESTAMP '{freeze.isoformat()} 00:00:00'
            GROUP BY customer_id
        )
    """)


def add_customers(con: duckdb.DuckDBPyConnection, as_of: dt.date, freeze: dt.date, batch: Batch) -> None:
    """Append the batch's rows to `customers` (created by the first batch) from its temp aggregates."""
    create_stats(con, as_of, freeze, batch)
    create_family_stats(con, as_of, batch)
    base, scores, final = base_columns(as_of, freeze), _model_columns(as_of), _final_columns()
    legacy = legacy_columns()
    select = []
    for col in customer_columns():
        if col in final:
            select.append(f"{final[col]} AS {col}")
        elif col in legacy:
            select.append(f"{legacy[col]} AS {col}")
        else:
            select.append(col)
    b_sql = ", ".join(f"{expr} AS {col}" for col, expr in base.items())
    m_sql = ", ".join(f"{expr} AS {col}" for col, expr in scores.items())
    target = "CREATE TABLE customers AS" if batch.lo == 1 else "INSERT INTO customers BY NAME"
    con.execute(f"""
        {target}
        WITH b AS (SELECT t.signup_days, p.place, {b_sql} {JOINS} WHERE {batch.customers("p")}),
        m AS (SELECT *, {m_sql} FROM b)
        SELECT {", ".join(select)} FROM m
    """)
    for table in (*STATS_TABLES, *FAMILY_TABLES):
        con.execute(f"DROP TABLE {table}")
