"""The LLM planner: ChatOpenAI against any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama)."""

from __future__ import annotations

from langchain_openai import ChatOpenAI

from segment_agent.errors import UserError
from segment_agent.settings import Settings


def openai_planner(settings: Settings) -> ChatOpenAI:
    """A deterministic chat model from the settings' model, key and base URL."""
    if not settings.openai_api_key:
        raise UserError(
            "The OpenAI planner needs an API key.",
            "Set SEGMENT_AGENT_OPENAI_API_KEY (and SEGMENT_AGENT_OPENAI_BASE_URL for other endpoints).",
        )
    return ChatOpenAI(
        model=settings.openai_model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        temperature=0,
        max_retries=2,
        timeout=60,
    )
