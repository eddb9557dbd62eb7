"""Channel scope in schema search: which channels a query asks for and how fields are narrowed."""

from __future__ import annotations

from segment_agent.tools.catalog_model import FieldInfo
from segment_agent.tools.schema_scopes import (
    SCOPE_BONUS,
    SCOPE_PENALTY,
    UNASKED,
    affirmed,
    covers_every_channel,
    field_channels,
    query_channels,
    scope_fit,
    value_channels,
)


def field(column: str, description: str) -> FieldInfo:
    return FieldInfo(table="customers", column=column, type="INTEGER", description=description)


ONLINE = field("online_orders", "Completed orders placed on the web and app only (store purchases excluded).")
EVERYWHERE = field("orders_total", "Completed orders across all channels: web, app and store.")


def test_several_channels_or_a_broad_phrase_ask_for_every_channel() -> None:
    assert query_channels("orders across web, app and stores") == (frozenset(), True)
    assert query_channels("orders ever, every channel") == (frozenset(), True)
    assert query_channels("last purchase, whether online or in a store") == (frozenset(), True)


def test_one_channel_narrows_and_negated_channels_do_not_count() -> None:
    assert query_channels("orders through the website or the app only") == (frozenset({"online"}), False)
    assert query_channels("website sessions, not the app") == (frozenset({"web"}), False)
    assert query_channels("ecommerce orders, ignoring store transactions") == (frozenset({"online"}), False)
    assert query_channels("lifetime value") == (frozenset(), False)


def test_fields_are_narrowed_by_name_or_description_and_values_by_their_name() -> None:
    assert field_channels(ONLINE) == frozenset({"online"})
    assert field_channels(EVERYWHERE) == frozenset()
    assert covers_every_channel(EVERYWHERE) and not covers_every_channel(ONLINE)
    assert value_channels("store") == frozenset({"store"})
    assert value_channels("paid_search") == frozenset()


def test_fit_favours_the_asked_channel_and_the_all_channel_field_when_all_are_asked() -> None:
    online, store = frozenset({"online"}), frozenset({"store"})
    assert scope_fit(online, False, online, False) == SCOPE_BONUS
    assert scope_fit(store, False, online, False) == -SCOPE_PENALTY
    assert scope_fit(frozenset({"app"}), False, online, False) == 0.0  # an app-only field is also online
    assert scope_fit(online, False, frozenset(), True) == -SCOPE_PENALTY
    assert scope_fit(frozenset(), True, frozenset(), True) == SCOPE_BONUS
    assert scope_fit(frozenset(), False, online, False) == 0.0
    assert scope_fit(online, False, frozenset(), False) == -UNASKED  # no channel asked: all answer best


def test_a_channel_a_description_rules_out_is_not_what_it_is_about() -> None:
    text = affirmed("Lifetime completed online orders: web and app only (store purchases excluded).")
    assert "store" not in text and "web and app only" in text
