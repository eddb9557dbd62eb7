"""Third-party interest flags (`interest_{topic}`): NULL when the data vendor had no match.

A topic is more likely when it fits the customer's favourite categories, so flags correlate
with what people buy.
"""

from __future__ import annotations

from segment_agent.tools.demo.families import TOPICS
from segment_agent.tools.demo.random_sql import sql_list

TOPIC_CATEGORIES: dict[str, tuple[str, ...]] = {
    "hiking": ("outdoor_gear", "camping", "footwear"), "yoga": ("fitness",), "travel": ("travel", "bags"),
    "cooking": ("kitchen", "grocery"), "gaming": ("electronics", "toys"), "fishing": ("outdoor_gear",),
    "hunting": ("outdoor_gear",), "skiing": ("winter_sports",), "surfing": ("swim",),
    "climbing": ("outdoor_gear", "camping"), "gardening": ("home",), "photography": ("electronics",),
    "music": ("electronics",), "film": ("books",), "fashion": ("apparel_women", "apparel_men", "jewelry"),
    "wellness": ("beauty", "fitness"), "pets": ("pet",), "parenting": ("kids", "toys"), "diy": ("home",),
    "cars": ("accessories",), "tech": ("electronics", "watches"), "reading": ("books",), "art": ("home",),
    "golf": ("apparel_men", "accessories"), "tennis": ("fitness",), "soccer": ("footwear",),
    "basketball": ("footwear",), "marathon": ("running",), "triathlon": ("cycling", "running", "swim"),
    "sustainability": ("grocery", "outdoor_gear"),
}  # fmt: skip

MATCH_RATE = 0.68


def interest_columns() -> dict[str, str]:
    """{column: SQL} for the 30 interest flags, over `_traits` columns customer_id, fav, fav2."""
    out = {}
    for topic in TOPICS:
        cats = sql_list(list(TOPIC_CATEGORIES[topic]))
        p = (
            f"0.08 + 0.35 * list_contains({cats}, t.fav)::INTEGER"
            f" + 0.2 * list_contains({cats}, t.fav2)::INTEGER"
        )
        out[f"interest_{topic}"] = (
            f"CASE WHEN rnd(customer_id, 'vendor_match') < {MATCH_RATE}"
            f" THEN rnd(customer_id, 'interest_{topic}') < {p} END"
        )
    return out
