"""Where approved segments can go: the defaults plus `destinations.yaml` in the data home.

```yaml
destinations:
  email_crm:                 # the name a person picks when approving
    type: webhook            # registry | csv | parquet | webhook
    url: https://crm.example.com/audiences
    channel: email           # consent applied at publish time: email | sms | push | none
    batch_size: 500
```
The registry, `csv` and `parquet` (exports without a channel) exist unless the file overrides them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from segment_agent.errors import UserError
from segment_agent.settings import Settings

Channel = Literal["email", "sms", "push", "none"]


class RegistryConfig(BaseModel):
    """The segment registry: definition, owner, approver and a membership snapshot; no channel."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["registry"] = "registry"
    channel: Literal["none"] = "none"
    dynamic: bool = Field(True, description="Membership is recomputed by `segments refresh`.")


class ExportConfig(BaseModel):
    """A file of member ids in the exports directory, one per segment and destination."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["csv", "parquet"]
    channel: Channel = "none"


class WebhookConfig(BaseModel):
    """Batched JSON POSTs with an idempotency key per batch, retried with backoff and jitter."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["webhook"] = "webhook"
    url: str = Field(pattern=r"^https?://")
    channel: Channel = "none"
    batch_size: int = Field(500, ge=1, le=100_000)
    timeout_s: float = Field(10.0, gt=0)
    max_retries: int = Field(4, ge=0, le=20)
    backoff_s: float = Field(0.5, ge=0, description="First retry waits up to this long; doubles each time.")
    max_backoff_s: float = Field(30.0, ge=0)
    headers: dict[str, str] = Field(default_factory=dict)


DestinationConfig = Annotated[RegistryConfig | ExportConfig | WebhookConfig, Field(discriminator="type")]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(DestinationConfig)
DEFAULTS: dict[str, dict[str, Any]] = {
    "registry": {"type": "registry"},
    "csv": {"type": "csv"},
    "parquet": {"type": "parquet"},
}


def destinations_path(settings: Settings) -> Path:
    """The destinations file of this data home (optional)."""
    return settings.home / "destinations.yaml"


def load_destinations(settings: Settings) -> dict[str, RegistryConfig | ExportConfig | WebhookConfig]:
    """Every configured destination by name: the defaults, overridden and extended by the YAML file."""
    path = destinations_path(settings)
    raw: dict[str, Any] = dict(DEFAULTS)
    if path.is_file():
        raw.update(_read(path))
    configs = {}
    for name, value in raw.items():
        try:
            configs[name] = _ADAPTER.validate_python(value)
        except ValidationError as err:
            problem = err.errors()[0]
            where = ".".join(str(part) for part in problem["loc"])
            raise UserError(
                f"Destination {name!r} in {path} is invalid: {problem['msg']} ({where}).",
                "Fix it; see the example at the top of segment_agent/tools/destinations.py.",
            ) from None
    return configs


def select_destinations(
    names: list[str], settings: Settings
) -> dict[str, RegistryConfig | ExportConfig | WebhookConfig]:
    """The configs of the destinations a person chose, in their order; an unknown name is a UserError."""
    configs = load_destinations(settings)
    unknown = [name for name in names if name not in configs]
    if unknown:
        raise UserError(
            f"Unknown destination {', '.join(map(repr, unknown))}.",
            f"Choose among: {', '.join(configs)} (configure more in {destinations_path(settings)}).",
        )
    if not names:
        raise UserError("No destination was chosen.", f"Choose among: {', '.join(configs)}.")
    return {name: configs[name] for name in dict.fromkeys(names)}


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise UserError(
            f"Cannot read {path}: {err}.", "Write valid YAML with a 'destinations:' mapping."
        ) from None
    destinations = data.get("destinations") if isinstance(data, dict) else None
    if not isinstance(destinations, dict):
        raise UserError(
            f"{path} has no 'destinations:' mapping.", "Write 'destinations:' then one entry per name."
        )
    return destinations
