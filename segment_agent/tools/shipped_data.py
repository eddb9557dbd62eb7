"""The word lists shipped in segment_agent/data/, read from the installed package."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import yaml


def shipped_yaml(name: str) -> Any:
    """The parsed data/<name> file; callers cache what they build from it."""
    return yaml.safe_load(files("segment_agent").joinpath(f"data/{name}").read_text("utf-8"))
