"""SQL of the family columns of `customers` over the joined family aggregates (see family_stats.py)."""

from __future__ import annotations

from segment_agent.tools.demo.families import (
    CATEGORIES,
    CHANNELS,
    MONTHS,
    ORDER_CHANNELS,
    WINDOWS,
    month_label,
)


def zero(expr: str, cast: str = "INTEGER") -> str:
    """`expr`, 0 when the customer had no such activity, cast to `cast`."""
    return f"coalesce({expr}, 0)::{cast}"


def family_select() -> dict[str, str]:
    """{column: SQL} of every family column except the interests, over the aggregate aliases."""
    cols: dict[str, str] = {}
    for c in CATEGORIES:
        u = f"rnd(customer_id, 'affinity_{c}')"
        pref = (
            f"CASE WHEN t.fav = '{c}' THEN 0.7 + 0.3 * {u} WHEN t.fav2 = '{c}' THEN 0.4 + 0.3 * {u}"
            f" ELSE 0.25 * {u} * {u} END"
        )
        cols[f"affinity_{c}"] = f"round(least(1.0, 0.5 * {pref} + 0.5 * coalesce(cat.share_{c}, 0)), 3)"
        cols[f"purchases_{c}_12m"] = zero(f"cat.purchases_{c}_12m")
        cols[f"revenue_{c}_12m"] = zero(f"cat.revenue_{c}_12m", "DECIMAL(14, 2)")
        cols[f"units_{c}_12m"] = zero(f"cat.units_{c}_12m")
        cols[f"last_purchase_{c}_date"] = f"cat.last_purchase_{c}_date"
    source = {"web": "cs", "app": "cs", "store": "co", "email": "ce", "sms": "msg", "push": "msg"}
    for ch in CHANNELS:
        buys = "co" if ch in ORDER_CHANNELS else "ca"
        for w in WINDOWS:
            cols[f"{ch}_engagements_{w}"] = zero(f"{source[ch]}.{ch}_engagements_{w}")
            cols[f"{ch}_purchases_{w}"] = zero(f"{buys}.{ch}_purchases_{w}")
            cols[f"{ch}_revenue_{w}"] = zero(f"{buys}.{ch}_revenue_{w}", "DECIMAL(14, 2)")
    for m in range(1, MONTHS + 1):
        label = month_label(m)
        cols[f"spend_m{label}"] = zero(f"mo.spend_m{label}", "DECIMAL(12, 2)")
        cols[f"orders_m{label}"] = zero(f"mo.orders_m{label}")
    return cols
