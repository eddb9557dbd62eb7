"""Prompt files with named $variables; rendering with a missing variable is an error."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from string import Template

TOOL_HEADING = re.compile(r"^## (\w+)\n", re.M)


class PromptError(KeyError):
    """A prompt was rendered without one of its variables."""


def render(name: str, **variables: object) -> str:
    """Render prompts/<name>.md, substituting every $variable (all must be given)."""
    try:
        return Template(_read(name)).substitute({k: str(v) for k, v in variables.items()})
    except KeyError as missing:
        raise PromptError(f"prompt {name!r} needs the variable {missing.args[0]!r}") from None


@cache
def tool_descriptions() -> dict[str, str]:
    """What the planner model reads about each tool: the `## tool_name` sections of prompts/tools.md."""
    parts = TOOL_HEADING.split(_read("tools"))[1:]
    return {name: body.strip() for name, body in zip(parts[::2], parts[1::2], strict=True)}


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(f"{name}.md").read_text(encoding="utf-8")
