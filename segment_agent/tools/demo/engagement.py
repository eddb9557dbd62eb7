"""Event tables of engagement: `sessions`, `campaigns` and `email_events`.

Both cover the last ENGAGEMENT_DAYS days only: enough for every window the profile and its
frozen columns need, and it keeps the volumes moderate.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo.random_sql import pick
from segment_agent.tools.demo.reference import APP_TRAFFIC, WEB_TRAFFIC
from segment_agent.tools.demo.traits import ENGAGEMENT_DAYS

BLOCK_DAYS = 30
EMAIL_EVERY_DAYS = 5
EMAIL_CAMPAIGNS = ENGAGEMENT_DAYS // EMAIL_EVERY_DAYS
CAMPAIGN_TYPES = {"promo": 50, "newsletter": 25, "lifecycle": 10, "winback": 10, "transactional": 5}


def create_sessions(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Create `sessions` (web and app) in 30-day blocks; the latest block carries the customer's trend."""
    a = f"DATE '{as_of.isoformat()}'"
    blocks = ENGAGEMENT_DAYS // BLOCK_DAYS
    con.execute(f"""
        CREATE TABLE sessions AS
        WITH b AS (
            SELECT customer_id, app_installed, primary_device, session_rate, trend_mult,
                unnest(range({blocks})) AS blk,
                {a} - signup_days AS first_day, {a} - active_end_days AS end_day
            FROM _traits
        ), w AS (
            SELECT *, greatest({a} - ({BLOCK_DAYS} * (blk + 1))::INTEGER, first_day) AS lo,
                least({a} - ({BLOCK_DAYS} * blk)::INTEGER, end_day) AS hi
            FROM b
        ), n AS (
            SELECT customer_id, app_installed, primary_device, blk, lo, hi,
                least(63, floor(session_rate * CASE WHEN blk = 0 THEN trend_mult ELSE 1 END * (hi - lo) /
                    {BLOCK_DAYS}
                    + rnd(customer_id * 32 + blk, 'sessions')))::INTEGER AS n
            FROM w WHERE hi > lo
        ), s AS (
            SELECT customer_id * 4096 + blk * 64 + k AS session_id, customer_id, app_installed,
                primary_device,
                epoch_us(lo::TIMESTAMP) AS lo_us, epoch_us(hi::TIMESTAMP) AS hi_us
            FROM (SELECT *, unnest(range(n)) AS k FROM n WHERE n > 0)
        ), c AS (
            SELECT *, CASE WHEN app_installed AND rnd(session_id, 'app') < 0.6 THEN 'app' ELSE 'web' END AS
                channel,
                1 + floor(-ln(1 - rnd(session_id, 'pages')) * 4.5)::INTEGER AS pageviews,
                CASE WHEN rnd(session_id, 'cart') < 0.25 THEN 1 + floor(3 * rnd(session_id,
                    'cart_n'))::INTEGER
                    ELSE 0 END AS cart_adds
            FROM s
        )
        SELECT session_id::BIGINT AS session_id, customer_id,
            make_timestamp(lo_us + floor(rnd(session_id, 'ts') * (hi_us - lo_us))::BIGINT) AS started_at,
            channel,
            CASE WHEN channel = 'app' THEN CASE WHEN rnd(session_id, 'device') < 0.85 THEN 'mobile' ELSE
                'tablet' END
                WHEN rnd(session_id, 'device') < 0.7 THEN primary_device
                ELSE {pick({"mobile": 50, "desktop": 40, "tablet": 10}, "rnd(session_id, 'other_device')")}
                    END
                AS device,
            pageviews, cart_adds,
            cart_adds > 0 AND rnd(session_id, 'checkout') < 0.4 AS checkout_started,
            CASE WHEN channel = 'app' THEN {pick(APP_TRAFFIC, "rnd(session_id, 'source')")}
                ELSE {pick(WEB_TRAFFIC, "rnd(session_id, 'source')")} END AS traffic_source
        FROM c
    """)


def create_campaigns(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Create `campaigns`: an email every EMAIL_EVERY_DAYS days, plus sms and push campaigns."""
    start = f"(TIMESTAMP '{as_of.isoformat()} 00:00:00' - INTERVAL {ENGAGEMENT_DAYS} DAY)"
    ctype = pick(CAMPAIGN_TYPES, "rnd(j, 'ctype')")
    con.execute(f"""
        CREATE TABLE campaigns AS
        WITH e AS (
            SELECT range AS j, 'email' AS channel, {start} + INTERVAL (range * {EMAIL_EVERY_DAYS}) DAY
                + INTERVAL (9 + range % 3) HOUR AS sent_at
            FROM range({EMAIL_CAMPAIGNS})
            UNION ALL
            SELECT {EMAIL_CAMPAIGNS} + range, 'sms', {start} + INTERVAL (range * 14 + 3) DAY + INTERVAL 17
                HOUR
            FROM range({ENGAGEMENT_DAYS // 14})
            UNION ALL
            SELECT {EMAIL_CAMPAIGNS + ENGAGEMENT_DAYS // 14} + range, 'push',
                {start} + INTERVAL (range * 9 + 1) DAY + INTERVAL 12 HOUR
            FROM range({ENGAGEMENT_DAYS // 9})
        ), t AS (SELECT *, {ctype} AS campaign_type FROM e)
        SELECT (j + 1)::BIGINT AS campaign_id,
            CASE campaign_type WHEN 'promo' THEN 'Outdoor deals' WHEN 'newsletter' THEN 'Trail notes'
                WHEN 'lifecycle' THEN 'Welcome series' WHEN 'winback' THEN 'We miss you' ELSE
                    'Order updates' END
                || ' ' || strftime(sent_at, '%Y-%m-%d') || ' (' || channel || ')' AS name,
            channel, campaign_type, sent_at
        FROM t ORDER BY campaign_id
    """)
