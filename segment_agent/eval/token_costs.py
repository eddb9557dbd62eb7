"""What the LLM planner spent on one goal: tokens from AIMessage.usage_metadata, priced from a data file."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import BaseModel

PRICES_PATH = Path(__file__).with_name("token_prices.yaml")


class Price(BaseModel):
    """USD per million tokens."""

    input: float
    output: float
    cached_input: float | None = None


class Usage(BaseModel):
    """Tokens reported by the model's API over one goal's planner calls."""

    model: str | None = None
    calls: int = 0
    input_tokens: int = 0
    cached_input_tokens: int = 0
    output_tokens: int = 0


def usage_of(messages: Sequence[BaseMessage]) -> Usage | None:
    """Sum the usage metadata of every AI message; None when no message carries any (offline planner)."""
    reported = [m for m in messages if isinstance(m, AIMessage) and m.usage_metadata]
    if not reported:
        return None
    usage = Usage(calls=len(reported))
    for message in reported:
        meta = message.usage_metadata or {}
        usage.input_tokens += int(meta.get("input_tokens", 0))
        usage.output_tokens += int(meta.get("output_tokens", 0))
        usage.cached_input_tokens += int((meta.get("input_token_details") or {}).get("cache_read", 0) or 0)
        usage.model = usage.model or (message.response_metadata or {}).get("model_name")
    return usage


@lru_cache(maxsize=4)
def load_prices(path: Path = PRICES_PATH) -> dict[str, Price]:
    """The price table: model name prefix -> Price."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: Price.model_validate(body) for name, body in data.items()}


def price_for(model: str | None, prices: dict[str, Price]) -> Price | None:
    """The price of the longest table key `model` starts with; None for an unknown model."""
    if not model:
        return None
    keys = [k for k in prices if model.lower().startswith(k)]
    return prices[max(keys, key=len)] if keys else None


def cost_usd(
    usage: Usage | None, model: str | None = None, prices: dict[str, Price] | None = None
) -> float | None:
    """USD for `usage` (cached input at its own price when listed); None when the model's price is unknown.

    >>> cost_usd(Usage(input_tokens=1_000_000, output_tokens=100_000), "gpt-4o-mini-2024-07-18")
    0.21
    """
    if usage is None:
        return None
    price = price_for(usage.model or model, prices if prices is not None else load_prices())
    if price is None:
        return None
    cached = usage.cached_input_tokens if price.cached_input is not None else 0
    dollars = (
        (usage.input_tokens - cached) * price.input
        + cached * (price.cached_input or 0.0)
        + usage.output_tokens * price.output
    ) / 1_000_000
    return round(dollars, 6)
