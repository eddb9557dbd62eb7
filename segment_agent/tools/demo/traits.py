"""Hidden behaviour traits per customer (temp table `_traits`) that drive every event table.

Nothing here is published: the profile is derived from the events these traits generate.
"""

from __future__ import annotations

import duckdb

from segment_agent.tools.demo.random_sql import pick
from segment_agent.tools.demo.reference import CATEGORY_WEIGHT

HISTORY_DAYS = 2190  # signups reach back six years
ENGAGEMENT_DAYS = 630  # sessions and email events: the frozen 90-day windows plus 540 days


def create_traits(con: duckdb.DuckDBPyConnection, customers: int) -> None:
    """Create `_traits`: signup age, lifecycle, order rate, channel mix, email habits, per customer."""
    fav = pick(CATEGORY_WEIGHT, "rnd(customer_id, 'fav')")
    fav2 = pick(CATEGORY_WEIGHT, "rnd(customer_id, 'fav2')")
    device = pick({"mobile": 58, "desktop": 32, "tablet": 10}, "rnd(customer_id, 'device')")
    con.execute(f"""
        CREATE TEMP TABLE _traits AS
        WITH base AS (
            SELECT range + 1 AS customer_id,
                1 + floor({HISTORY_DAYS - 1} * pow(rnd(range + 1, 'signup'), 1.25))::INTEGER AS signup_days,
                rnd(range + 1, 'lapse') < 0.45 AS lapsed
            FROM range({int(customers)})
        ), t AS (
            SELECT customer_id, signup_days,
                CASE WHEN lapsed THEN floor(rnd(customer_id, 'lapse_at') * signup_days)::INTEGER ELSE 0 END
                    AS active_end_days,
                rnd(customer_id, 'buyer') < 0.85 AS buyer,
                exp(-0.1 + 0.95 * nrm(customer_id, 'order_rate')) AS order_rate,
                rnd(customer_id, 'app') < 0.38 AS app_installed,
                rnd(customer_id, 'store') < 0.3 AS store_shopper,
                {fav} AS fav,
                {fav2} AS fav2,
                {device} AS primary_device,
                0.02 + 0.3 * pow(rnd(customer_id, 'returner'), 3) AS return_p,
                CASE WHEN rnd(customer_id, 'trend') < 0.25 THEN 0.3
                     WHEN rnd(customer_id, 'trend') > 0.85 THEN 2.0 ELSE 1.0 END AS trend_mult,
                0.04 + 0.5 * pow(rnd(customer_id, 'open_p'), 1.5) AS open_p,
                0.04 + 0.3 * rnd(customer_id, 'click_p') AS click_p,
                rnd(customer_id, 'mpp') < 0.35 AS mpp,
                3 + floor(6 * rnd(customer_id, 'stride'))::INTEGER AS email_stride,
                exp(-1.2 + 0.8 * nrm(customer_id, 'sms_rate')) AS sms_rate,
                exp(-0.8 + 0.8 * nrm(customer_id, 'push_rate')) AS push_rate
            FROM base
        )
        SELECT *,
            CASE WHEN buyer THEN least(250, 1 + floor(
                order_rate * (signup_days - active_end_days) / 365.0 + rnd(customer_id, 'n_orders')))::INTEGER
                ELSE 0 END AS n_orders,
            CASE WHEN store_shopper THEN 0.6 + 0.35 * rnd(customer_id, 'store_share')
                 ELSE 0.03 * rnd(customer_id, 'store_share') END AS store_share,
            CASE WHEN app_installed THEN 0.3 + 0.5 * rnd(customer_id, 'app_share') ELSE 0 END AS app_share,
            exp(0.6 + 0.8 * nrm(customer_id, 'session_rate') + 0.3 * ln(order_rate))
                * CASE WHEN store_shopper THEN 0.4 ELSE 1 END AS session_rate,
            floor(email_stride * rnd(customer_id, 'offset'))::INTEGER AS email_offset
        FROM t
    """)
