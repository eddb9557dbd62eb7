"""The attribute families of the demo profile: categories, channels, windows, months, topics.

Their column names are part of the demo-cdp contract (shared/design/demo-cdp.md).
"""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = (
    "apparel_women", "apparel_men", "kids", "footwear", "accessories", "outdoor_gear", "camping",
    "cycling", "running", "fitness", "swim", "winter_sports", "home", "kitchen", "beauty",
    "electronics", "books", "toys", "pet", "grocery", "jewelry", "watches", "bags", "sunglasses",
    "travel",
)  # fmt: skip

CHANNELS: tuple[str, ...] = ("web", "app", "store", "email", "sms", "push")
ORDER_CHANNELS: tuple[str, ...] = ("web", "app", "store")
MESSAGE_CHANNELS: tuple[str, ...] = ("email", "sms", "push")

WINDOWS: dict[str, int] = {"7d": 7, "30d": 30, "90d": 90, "365d": 365}

MONTHS: int = 24

TOPICS: tuple[str, ...] = (
    "hiking", "yoga", "travel", "cooking", "gaming", "fishing", "hunting", "skiing", "surfing",
    "climbing", "gardening", "photography", "music", "film", "fashion", "wellness", "pets",
    "parenting", "diy", "cars", "tech", "reading", "art", "golf", "tennis", "soccer", "basketball",
    "marathon", "triathlon", "sustainability",
)  # fmt: skip


def category_columns(category: str) -> list[str]:
    """The per-category columns of one category, in table order."""
    c = category
    return [
        f"affinity_{c}",
        f"purchases_{c}_12m",
        f"revenue_{c}_12m",
        f"units_{c}_12m",
        f"last_purchase_{c}_date",
    ]


def channel_columns(channel: str, window: str) -> list[str]:
    """The per-channel columns of one channel and window, in table order."""
    return [f"{channel}_engagements_{window}", f"{channel}_purchases_{window}", f"{channel}_revenue_{window}"]


def month_label(month: int) -> str:
    """'01' for the last full month, up to '24'."""
    return f"{month:02d}"


def family_columns() -> list[str]:
    """Every family column of `customers`, in table order."""
    cols = [col for c in CATEGORIES for col in category_columns(c)]
    cols += [col for ch in CHANNELS for w in WINDOWS for col in channel_columns(ch, w)]
    cols += [f"spend_m{month_label(m)}" for m in range(1, MONTHS + 1)]
    cols += [f"orders_m{month_label(m)}" for m in range(1, MONTHS + 1)]
    cols += [f"interest_{t}" for t in TOPICS]
    return cols
