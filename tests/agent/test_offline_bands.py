"""Banded text fields answer ranges that cover whole bands, never an exact amount."""

from __future__ import annotations

import math

from segment_agent.agent.offline.bands import band, band_values
from segment_agent.agent.offline.marks import Comparison
from segment_agent.tools.catalog_model import FieldInfo

INCOME = FieldInfo(
    table="customers",
    column="income_band",
    type="VARCHAR",
    allowed_values=["<50k", "50-100k", "100-150k", "150k+"],
)


def test_bands_are_read_from_their_text() -> None:
    assert band("50-100k") == (50_000, 100_000)
    assert band("<50k") == (-math.inf, 50_000)
    assert band("150k+") == (150_000, math.inf)
    assert band("65 and over") == (65, math.inf)
    assert band("gold") is None and band("R1") is None


def test_only_whole_bands_inside_the_range_are_chosen() -> None:
    assert band_values(INCOME, Comparison(">=", (150_000.0,), "money")) == ["150k+"]
    assert band_values(INCOME, Comparison(">", (100_000.0,), "money")) == ["100-150k", "150k+"]
    assert band_values(INCOME, Comparison("<", (100_000.0,), "money")) == ["<50k", "50-100k"]


def test_an_exact_amount_or_an_unbanded_field_has_no_bands() -> None:
    assert band_values(INCOME, Comparison("=", (1_000_000.0,), "money")) is None
    tiers = FieldInfo(table="customers", column="tier", type="VARCHAR", allowed_values=["gold", "silver"])
    assert band_values(tiers, Comparison(">", (1.0,))) is None
