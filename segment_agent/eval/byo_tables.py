"""The SQL behind byo_data: each table of the BYO streaming database, built set-based in DuckDB.

Uses the macros rnd(key, salt) / nrm(key, salt) of tools.demo.random_sql (seeded hashes, no
Python loops), and a hidden temporary table `_t` of per-member traits the other tables derive from.
"""

from __future__ import annotations

import duckdb

from segment_agent.tools.demo.random_sql import pick, sql_list

PLANS = {"free": 0.30, "basic": 0.25, "standard": 0.20, "family": 0.15, "premium": 0.10}
PRICES = {"free": 0.0, "basic": 6.99, "standard": 11.99, "family": 17.99, "premium": 22.99}
COUNTRIES = {"US": 0.35, "CA": 0.08, "GB": 0.12, "DE": 0.10, "FR": 0.09, "BR": 0.10, "MX": 0.08, "JP": 0.08}
GENRES = ("drama", "comedy", "documentary", "kids", "horror", "sci_fi", "reality", "sports")
OTHER_DEVICES = {"mobile": 0.55, "web": 0.28, "tablet": 0.17}
METHODS = {"card": 0.7, "paypal": 0.22, "gift_card": 0.08}


def traits(con: duckdb.DuckDBPyConnection, n: int, a: str) -> None:
    """Hidden per-member traits: tenure, plan, place, how much and until when they watch."""
    con.execute(f"""
        CREATE TEMP TABLE _t AS
        WITH base AS (
            SELECT i + 1 AS member_id, floor(pow(rnd(i, 'tenure'), 1.4) * 1500)::INTEGER + 1 AS tenure,
                {pick(PLANS, "rnd(i, 'plan')")} AS plan_code,
                {pick(COUNTRIES, "rnd(i, 'country')")} AS country_iso,
                least(2008, greatest(1935, round(1986 + 13 * nrm(i, 'birth'))))::INTEGER AS birth_year,
                rnd(i, 'mkt') < 0.55 AS marketing_ok,
                1 + floor(pow(rnd(i, 'profiles'), 2) * 5)::INTEGER AS profiles,
                exp(0.8 * nrm(i, 'intensity')) AS intensity, rnd(i, 'tv') AS tv_share,
                floor(rnd(i, 'fav') * 8)::INTEGER AS fav, {pick(METHODS, "rnd(i, 'method')")} AS method,
                rnd(i, 'cancel') AS u_cancel, rnd(i, 'pastdue') AS u_due, rnd(i, 'idle') AS u_idle,
                rnd(i, 'never') < 0.05 AS never_watches
            FROM range({int(n)}) r(i)
        ), s AS (
            SELECT *, CASE WHEN tenure > 30 AND u_cancel < 0.18 THEN 'cancelled'
                WHEN plan_code <> 'free' AND u_due < 0.07 THEN 'past_due' ELSE 'current' END AS billing_status
            FROM base
        )
        SELECT *, {a} - tenure AS joined_on,
            CASE WHEN billing_status = 'cancelled'
                    THEN floor(rnd(member_id, 'cancel_day') * (tenure - 1))::INTEGER
                 WHEN u_idle < 0.2 THEN least(tenure, 31 + floor(rnd(member_id, 'idle_days') * 300)::INTEGER)
                 ELSE 0 END AS quiet_days
        FROM s
    """)


def titles(con: duckdb.DuckDBPyConnection) -> None:
    """400 titles; genre index = title_id % 8, so a member's favourite genre is easy to draw from."""
    con.execute(f"""
        CREATE TABLE titles AS
        SELECT (8 * j + g)::INTEGER AS title_id, 'Title ' || (8 * j + g) AS title_name,
            {sql_list(list(GENRES))}[g + 1] AS genre, (1960 + floor(rnd(8 * j + g, 'year') * 66))::INTEGER
                AS release_year,
            rnd(8 * j + g, 'original') < 0.3 AS is_original, (20 + floor(rnd(8 * j + g, 'rt') * 100))::INTEGER
                AS runtime_min
        FROM range(1, 51) a(j), range(8) b(g)
    """)


def plays(con: duckdb.DuckDBPyConnection, a: str) -> None:
    """Plays fall uniformly in each member's watching period (the last 400 days of tenure, until quiet)."""
    con.execute(f"""
        CREATE TABLE plays AS
        WITH w AS (
            SELECT member_id, fav, tv_share, epoch_us(({a} - least(tenure, 400))::TIMESTAMP) AS lo_us,
                epoch_us(({a} - quiet_days)::TIMESTAMP) AS hi_us,
                CASE WHEN never_watches THEN 0 ELSE floor(greatest(least(tenure, 400) - quiet_days, 0) / 7.0
                    * 2.0 * intensity * (0.5 + rnd(member_id, 'n_plays')))::INTEGER END AS n
            FROM _t
        ), p AS (SELECT *, unnest(range(least(n, 2000))) AS k FROM w WHERE n > 0),
        pk AS (SELECT *, member_id * 10000 + k AS play_id FROM p),
        q AS (
            SELECT play_id, member_id,
                make_timestamp(lo_us + floor(rnd(play_id, 'ts') * (hi_us - lo_us))::BIGINT) AS started_at,
                8 * (1 + floor(rnd(play_id, 'j') * 50))
                    + CASE WHEN rnd(play_id, 'pick') < 0.5 THEN fav ELSE floor(rnd(play_id, 'g') * 8) END
                    AS title_id,
                CASE WHEN rnd(play_id, 'dev') < tv_share THEN 'tv'
                     ELSE {pick(OTHER_DEVICES, "rnd(play_id, 'other')")} END AS device
            FROM pk
        ), v AS (
            SELECT q.*, t.runtime_min,
                greatest(1, floor(t.runtime_min * (0.1 + 0.9 * sqrt(rnd(q.play_id, 'watched')))))::INTEGER
                    AS minutes_watched
            FROM q JOIN titles t USING (title_id)
        )
        SELECT play_id::BIGINT AS play_id, member_id::BIGINT AS member_id, title_id::INTEGER AS title_id,
            started_at, device, minutes_watched, minutes_watched >= 0.9 * runtime_min AS completed
        FROM v ORDER BY play_id
    """)


def payments(con: duckdb.DuckDBPyConnection, a: str) -> None:
    """Monthly charges of paid plans since joining (until cancelled); past-due members' last ones failed."""
    price = f"{sql_list(list(PRICES.values()))}[list_position({sql_list(list(PRICES))}, plan_code)]"
    con.execute(f"""
        CREATE TABLE payments AS
        WITH m AS (
            SELECT member_id, joined_on, method, billing_status, {price} AS price,
                floor((tenure - CASE WHEN billing_status = 'cancelled' THEN quiet_days ELSE 0 END) / 30)
                    ::INTEGER AS months
            FROM _t WHERE plan_code <> 'free'
        ), k AS (SELECT *, unnest(range(months + 1)) AS k FROM m)
        SELECT (member_id * 100 + k)::BIGINT AS payment_id, member_id::BIGINT AS member_id,
            (joined_on + (30 * k)::INTEGER)::TIMESTAMP
                + to_seconds(floor(rnd(member_id * 100 + k, 'sec') * 86400)::BIGINT) AS paid_at,
            price::DECIMAL(10, 2) AS amount_usd, method,
            CASE WHEN billing_status = 'past_due' AND k >= months - 1 THEN 'failed'
                 WHEN rnd(member_id * 100 + k, 'outcome') < 0.03 THEN 'failed'
                 WHEN rnd(member_id * 100 + k, 'outcome') < 0.05 THEN 'refunded'
                 ELSE 'succeeded' END AS outcome
        FROM k
    """)


def members(con: duckdb.DuckDBPyConnection, a: str, freeze: str) -> None:
    """The member profile; aggregates come from the event tables, so both ways of asking agree."""
    con.execute(f"""
        CREATE TABLE members AS
        WITH pl AS (
            SELECT member_id, max(started_at) AS last_watched_at,
                max(CASE WHEN device = 'mobile' THEN started_at END)::DATE AS last_app_open,
                max(CASE WHEN started_at < {freeze} THEN started_at END)::DATE AS last_seen_on,
                sum(CASE WHEN started_at >= {a} - INTERVAL 30 DAY THEN minutes_watched ELSE 0 END) AS w30,
                sum(CASE WHEN started_at >= {a} - INTERVAL 30 DAY AND device = 'tv' THEN minutes_watched
                    ELSE 0 END) AS tv30,
                count(DISTINCT CASE WHEN started_at >= {a} - INTERVAL 90 DAY THEN title_id END) AS t90
            FROM plays GROUP BY member_id
        ), g AS (
            SELECT member_id, arg_max(genre, n) AS favorite_genre
            FROM (SELECT member_id, genre, count(*) + 0.001 * min(title_id) AS n FROM plays JOIN titles
                USING (title_id) GROUP BY ALL) GROUP BY member_id
        ), pay AS (
            SELECT member_id,
                sum(CASE outcome WHEN 'succeeded' THEN amount_usd WHEN 'refunded' THEN -amount_usd ELSE 0 END)
                    AS paid,
                sum(CASE WHEN paid_at >= {freeze} THEN 0 WHEN outcome = 'succeeded' THEN amount_usd
                    WHEN outcome = 'refunded' THEN -amount_usd ELSE 0 END) AS paid_frozen
            FROM payments GROUP BY member_id
        )
        SELECT t.member_id::BIGINT AS member_id, t.joined_on, t.plan_code, t.country_iso, t.birth_year,
            t.marketing_ok, t.profiles::INTEGER AS profile_count, t.billing_status,
            CASE WHEN t.billing_status = 'cancelled' THEN {a} - t.quiet_days END AS cancelled_on,
            coalesce(pay.paid, 0)::DECIMAL(12, 2) AS total_paid_usd,
            CASE WHEN t.joined_on < {freeze} THEN coalesce(pay.paid_frozen, 0) END::DECIMAL(12, 2)
                AS lifetime_paid,
            coalesce(pl.w30, 0)::INTEGER AS watch_minutes_30d,
            coalesce(pl.tv30, 0)::INTEGER AS tv_minutes_30d,
            pl.last_watched_at, pl.last_app_open,
            CASE WHEN t.joined_on < {freeze} THEN pl.last_seen_on END AS last_seen_on,
            coalesce(pl.t90, 0)::INTEGER AS titles_started_90d, g.favorite_genre,
            rnd(t.member_id, 'kids') < CASE WHEN t.plan_code = 'family' THEN 0.7 ELSE 0.15 END
                AS kids_profile,
            CASE WHEN rnd(t.member_id, 'ref') < 0.04
                THEN 'R' || floor(rnd(t.member_id, 'rc') * 90)::INTEGER END AS ref_src_cd,
            1::INTEGER AS tmp_import_batch
        FROM _t t LEFT JOIN pl USING (member_id) LEFT JOIN g USING (member_id)
            LEFT JOIN pay USING (member_id)
        ORDER BY t.member_id
    """)
