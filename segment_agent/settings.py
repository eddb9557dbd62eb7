"""All configuration, read from the environment in one place (prefix SEGMENT_AGENT_)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from segment_agent.errors import UserError


def _default_home() -> Path:
    """Per-user data directory, following XDG on Linux."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "segment-agent"


class Settings(BaseSettings):
    """Every setting of segment-agent; each can be set as SEGMENT_AGENT_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="SEGMENT_AGENT_", env_file=None, extra="ignore")

    home: Path = Field(
        default_factory=_default_home, description="Data home: demo DB, catalog, index, state."
    )
    demo_customers: int = Field(200_000, ge=100, description="Customers in the demo database.")
    demo_seed: int = Field(42, description="Seed of the demo generator.")
    query_timeout_s: float = Field(10.0, gt=0, description="Time limit of one agent query.")
    memory_limit: str = Field(
        "2GB",
        pattern=r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
        description="DuckDB memory limit of the agent's sandboxed connection.",
    )
    threads: int = Field(2, ge=1, description="DuckDB threads per connection.")
    openai_api_key: str | None = Field(None, description="Enables the LLM planner when set.")
    openai_base_url: str | None = Field(
        None, description="Any OpenAI-compatible endpoint (Azure, vLLM, Ollama)."
    )
    openai_model: str = Field("gpt-4o-mini", description="Chat model of the LLM planner.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL; embedded PersistentClient when unset."
    )
    embedding: str = Field(
        "hashing",
        description="'hashing' (offline default), 'openai[:MODEL]', 'minilm', 'sentence-transformers:PATH'.",
    )
    glossary_path: Path | None = Field(
        None, description="Business glossary YAML; the shipped defaults when unset."
    )
    users_path: Path | None = Field(
        None, description="Web users, roles and API tokens (YAML); <home>/users.yaml when unset."
    )
    web_host: str = Field("127.0.0.1", description="Address `serve` listens on.")
    web_port: int = Field(8765, ge=1, le=65535, description="Port `serve` listens on.")
    slack_bot_token: str | None = Field(None, description="The Slack app's bot token (xoxb-...).")
    slack_signing_secret: str | None = Field(
        None, description="The Slack app's signing secret: requests not signed with it are refused."
    )
    slack_api_url: str = Field(
        "https://slack.com/api/", description="Slack's Web API base URL (a local stand-in in tests)."
    )
    slack_approvers: str = Field(
        "",
        description="Comma-separated Slack user ids (U...) who may approve from Slack; nobody when empty.",
    )

    @property
    def slack_approver_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.slack_approvers.split(",") if part.strip())

    @property
    def demo_dir(self) -> Path:
        return self.home / "demo"

    @property
    def demo_db_path(self) -> Path:
        return self.demo_dir / "demo.duckdb"

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def checkpoints_path(self) -> Path:
        return self.home / "checkpoints.sqlite"

    @property
    def ledger_path(self) -> Path:
        return self.home / "ledger.sqlite"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def catalogs_dir(self) -> Path:
        """Catalogs of databases whose own folder is read-only (normally a catalog sits next to its data)."""
        return self.home / "catalogs"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests clear the cache after changing the environment)."""
    try:
        return Settings()
    except ValidationError as err:
        first = err.errors()[0]
        name = "SEGMENT_AGENT_" + str(first["loc"][0]).upper()
        raise UserError(f"{name}: {first['msg']}.", "Fix or unset that environment variable.") from None
