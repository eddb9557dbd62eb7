"""The `email_events` table: sends to subscribers, deliveries, bounces, opens, clicks, unsubscribes.

Each subscriber gets every n-th email campaign after signup (n is a trait), so nobody gets the
same campaign twice. Privacy-proxy mail clients open nearly everything (machine_open = true);
human opens fall off after a customer lapses.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from segment_agent.tools.demo.engagement import EMAIL_CAMPAIGNS, EMAIL_EVERY_DAYS
from segment_agent.tools.demo.traits import ENGAGEMENT_DAYS


def _seconds(expr: str) -> str:
    return f"to_seconds(floor({expr})::BIGINT)"


def create_email_events(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    """Create `email_events` from `_traits`, `_people` and the email rows of `campaigns`."""
    a = f"DATE '{as_of.isoformat()}'"
    days, every = ENGAGEMENT_DAYS, EMAIL_EVERY_DAYS
    # Materialised apart from the sends: DuckDB 2.0 hits an internal dictionary-cache assertion
    # ("dict-surviving cache") for some seeds when this plan is one statement.
    con.execute(f"""
        CREATE TEMP TABLE _email_ranges AS
        WITH el AS (
            SELECT t.customer_id, t.email_stride AS s, t.email_offset AS o, t.open_p, t.click_p, t.mpp,
                t.active_end_days, p.former_subscriber,
                greatest(0, ceil(({days} - t.signup_days) / {every}.0))::INTEGER AS j0,
                CASE WHEN p.former_subscriber THEN ceil(({days} - p.unsub_days) / {every}.0)::INTEGER - 1
                    ELSE {EMAIL_CAMPAIGNS - 1} END AS j1
            FROM _traits t JOIN _people p USING (customer_id)
            WHERE (p.email_opt_in OR p.former_subscriber) AND NOT p.do_not_contact
        ), r AS (
            SELECT *, ceil((j0 - o) / s::DOUBLE)::INTEGER AS i_lo, floor((j1 - o) / s::DOUBLE)::INTEGER AS
                i_hi
            FROM el
        )
        SELECT * FROM r WHERE i_hi >= i_lo
    """)
    con.execute(f"""
        CREATE TEMP TABLE _sends AS
        WITH x AS (
            SELECT *, o + i * s AS j, customer_id * 256 + o + i * s AS send_key, i = i_hi AS last_send
            FROM (SELECT *, unnest(range(i_lo, i_hi + 1)) AS i FROM _email_ranges)
        ), y AS (
            SELECT x.*, c.campaign_id, c.sent_at + {_seconds("7200 * rnd(send_key, 'sent')")} AS sent_ts,
                rnd(send_key, 'bounce') >= 0.015 AS delivered,
                c.sent_at::DATE < {a} - active_end_days AS engaged
            FROM x JOIN campaigns c ON c.campaign_id = x.j + 1
        ), z AS (
            SELECT *, sent_ts + {_seconds("30 + 270 * rnd(send_key, 'delivered')")} AS delivered_ts,
                delivered AND rnd(send_key, 'human') < open_p * CASE WHEN engaged THEN 1 ELSE 0.15 END AS
                    human
            FROM y
        )
        SELECT customer_id, campaign_id, send_key, sent_ts, delivered, delivered_ts, human,
            delivered AND mpp AND rnd(send_key, 'machine') < 0.92 AS machine,
            delivered_ts + {_seconds("60 + 1740 * rnd(send_key, 'machine_ts')")} AS machine_ts,
            delivered_ts + {_seconds("-ln(1 - rnd(send_key, 'human_ts')) * 28800")} AS human_ts,
            human AND rnd(send_key, 'click') < click_p AS click,
            delivered AND last_send AND former_subscriber AS unsubscribes
        FROM z
    """)
    con.execute(f"""
        CREATE TABLE email_events AS
        WITH ev AS (
            SELECT send_key * 8 AS event_id, customer_id, campaign_id, 'sent' AS event_type, sent_ts AS
                event_ts,
                NULL::BOOLEAN AS machine_open FROM _sends
            UNION ALL SELECT send_key * 8 + 1, customer_id, campaign_id, 'delivered', delivered_ts, NULL
                FROM _sends WHERE delivered
            UNION ALL SELECT send_key * 8 + 2, customer_id, campaign_id, 'bounce',
                sent_ts + INTERVAL 2 MINUTE, NULL FROM _sends WHERE NOT delivered
            UNION ALL SELECT send_key * 8 + 3, customer_id, campaign_id, 'open', machine_ts, true
                FROM _sends WHERE machine
            UNION ALL SELECT send_key * 8 + 4, customer_id, campaign_id, 'open', human_ts, false
                FROM _sends WHERE human
            UNION ALL SELECT send_key * 8 + 5, customer_id, campaign_id, 'click',
                human_ts + {_seconds("10 + 590 * rnd(send_key, 'click_ts')")}, NULL FROM _sends WHERE click
            UNION ALL SELECT send_key * 8 + 6, customer_id, campaign_id, 'unsubscribe',
                delivered_ts + {_seconds("600 + 7200 * rnd(send_key, 'unsub_ts')")}, NULL FROM _sends WHERE
                    unsubscribes
        )
        SELECT event_id::BIGINT AS event_id, customer_id, campaign_id, event_type, event_ts, machine_open
        FROM ev WHERE event_ts < {a}
    """)
    con.execute("DROP TABLE _sends")
    con.execute("DROP TABLE _email_ranges")
