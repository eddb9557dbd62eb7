"""Destination configuration: built-in defaults, a YAML file in the data home, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.destinations import (
    ExportConfig,
    RegistryConfig,
    WebhookConfig,
    load_destinations,
    select_destinations,
)


def write(data_home: Path, text: str) -> None:
    data_home.mkdir(parents=True, exist_ok=True)
    (data_home / "destinations.yaml").write_text(text)


def test_defaults_without_a_file() -> None:
    configs = load_destinations(get_settings())
    assert list(configs) == ["registry", "csv", "parquet"]
    assert isinstance(configs["registry"], RegistryConfig) and configs["registry"].channel == "none"
    assert isinstance(configs["parquet"], ExportConfig) and configs["parquet"].type == "parquet"


def test_the_file_adds_and_overrides(data_home: Path) -> None:
    write(
        data_home,
        """
destinations:
  registry: {type: registry, dynamic: false}
  email_crm: {type: webhook, url: "https://crm.example.com/in", channel: email, batch_size: 50}
  sms_file: {type: csv, channel: sms}
""",
    )
    configs = load_destinations(get_settings())
    assert configs["registry"].dynamic is False
    crm = configs["email_crm"]
    assert isinstance(crm, WebhookConfig) and (crm.channel, crm.batch_size, crm.max_retries) == (
        "email",
        50,
        4,
    )
    assert configs["sms_file"].channel == "sms" and "csv" in configs


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ("{type: webhook, url: 'ftp://x'}", "url"),
        ("{type: webhook}", "url"),
        ("{type: csv, channel: fax}", "channel"),
        ("{type: registry, channel: email}", "channel"),
        ("{type: carrier_pigeon}", "carrier_pigeon"),
        ("{type: webhook, url: 'http://x', batch_size: 0}", "batch_size"),
    ],
)
def test_an_invalid_destination_is_a_user_error_naming_it(
    data_home: Path, entry: str, complaint: str
) -> None:
    write(data_home, f"destinations:\n  bad: {entry}\n")
    with pytest.raises(UserError, match=r"Destination 'bad'") as err:
        load_destinations(get_settings())
    assert complaint in str(err.value)


@pytest.mark.parametrize("text", ["destinations: [a, b]\n", "just text\n", "destinations: {a: [\n"])
def test_a_malformed_file_is_a_user_error(data_home: Path, text: str) -> None:
    write(data_home, text)
    with pytest.raises(UserError, match="destinations"):
        load_destinations(get_settings())


def test_selecting_destinations_checks_the_names() -> None:
    settings = get_settings()
    assert list(select_destinations(["csv", "registry", "csv"], settings)) == ["csv", "registry"]
    with pytest.raises(UserError, match="Unknown destination 'crm'") as err:
        select_destinations(["registry", "crm"], settings)
    assert "registry, csv, parquet" in (err.value.hint or "")
    with pytest.raises(UserError, match="No destination"):
        select_destinations([], settings)
