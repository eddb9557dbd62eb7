"""Prompt files with named $variables; rendering with a missing variable is an error."""

from __future__ import annotations

from importlib import resources
from string import Template


class PromptError(KeyError):
    """A prompt was rendered without one of its variables."""


def render(name: str, **variables: object) -> str:
    """Render prompts/<name>.md, substituting every $variable (all must be given)."""
    text = resources.files(__package__).joinpath(f"{name}.md").read_text(encoding="utf-8")
    try:
        return Template(text).substitute({k: str(v) for k, v in variables.items()})
    except KeyError as missing:
        raise PromptError(f"prompt {name!r} needs the variable {missing.args[0]!r}") from None
