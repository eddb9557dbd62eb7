"""The business glossary: marketers' terms ('high-value', 'lapsed') and the criteria they stand for.

Meanings live in a YAML file (the shipped defaults, or settings.glossary_path), not in code, so a
team can change what 'active' means without a release.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.phrase_match import find_phrases
from segment_agent.tools.segment_spec import FieldCondition

PERCENTILE_OPS = (">=", ">", "<", "<=")


def normalize_term(text: str) -> str:
    """'High-Value ' -> 'high value': how terms and aliases are compared."""
    return re.sub(r"[\s\-_]+", " ", text.strip().lower())


class TermMatch(NamedTuple):
    """A glossary term found in text: its name, the alias as written in the glossary, and where."""

    term: str
    alias: str
    span: tuple[int, int]


class GlossaryTerm(BaseModel):
    """One business term: how marketers say it, what it means, and the criteria (all must hold)."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    definition: str
    criteria: list[FieldCondition] = Field(min_length=1)
    exclude: list[str] = Field(
        default_factory=list, description="Longer phrases that contain an alias but mean something else."
    )

    @model_validator(mode="after")
    def _percentiles_are_thresholds(self) -> GlossaryTerm:
        for c in self.criteria:
            if c.percentile is not None and (c.op not in PERCENTILE_OPS or c.value is not None):
                raise ValueError(
                    f"{c.field}: a percentile needs one of {', '.join(PERCENTILE_OPS)} and no value"
                )
        return self

    def spellings(self) -> list[str]:
        """The name and every alias."""
        return [self.name, *self.aliases]


class Glossary(BaseModel):
    """Every term of one glossary, looked up by name or alias."""

    source: str = ""
    terms: list[GlossaryTerm] = Field(default_factory=list)

    def names(self) -> list[str]:
        return [t.name for t in self.terms]

    def get(self, name: str) -> GlossaryTerm | None:
        """The term called `name` or having it as an alias (case, hyphens and spaces ignored), or None."""
        key = normalize_term(name)
        return next((t for t in self.terms if key in {normalize_term(s) for s in t.spellings()}), None)

    def find_terms(self, text: str) -> list[TermMatch]:
        """Terms mentioned in `text`: longest alias wins, no overlaps, whole words, in text order."""
        phrases = [(t.name, s) for t in self.terms for s in t.spellings()]
        phrases += [(f"!{t.name}", s) for t in self.terms for s in t.exclude]
        return [TermMatch(m.key, m.phrase, m.span) for m in find_phrases(text, phrases)]


def load_glossary(path: Path | None = None) -> Glossary:
    """Read and validate a glossary: `path`, else settings.glossary_path, else the shipped defaults."""
    path = path or get_settings().glossary_path
    if path is None:
        text, source = files("segment_agent").joinpath("data/glossary.yaml").read_text("utf-8"), "default"
    else:
        try:
            text, source = Path(path).read_text("utf-8"), str(path)
        except OSError as exc:
            raise UserError(f"Cannot read the glossary {path}: {exc.strerror}.", "Check the path.") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UserError(f"The glossary {source} is not valid YAML: {exc}", "Fix the YAML syntax.") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("terms"), dict):
        raise UserError(
            f"The glossary {source} has no 'terms' mapping.", "Start it with 'terms:' and one entry per term."
        )
    glossary = Glossary(
        source=source, terms=[_term(name, body, source) for name, body in raw["terms"].items()]
    )
    _check_unique(glossary)
    return glossary


def _term(name: Any, body: Any, source: str) -> GlossaryTerm:
    """Validate one entry; errors name the term and the offending part."""
    hint = f"Edit the term '{name}' in {source}."
    if not isinstance(body, dict):
        raise UserError(f"Glossary term '{name}' must be a mapping with definition and criteria.", hint)
    try:
        return GlossaryTerm.model_validate({**body, "name": str(name)})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "term"
        raise UserError(f"Glossary term '{name}' is invalid: {where}: {err['msg']}.", hint) from exc


def _check_unique(glossary: Glossary) -> None:
    """Every spelling must point to one term, or lookups would depend on file order."""
    owner: dict[str, str] = {}
    for term in glossary.terms:
        for spelling in {normalize_term(s) for s in term.spellings()}:
            if spelling in owner:
                raise UserError(
                    f"Glossary terms '{owner[spelling]}' and '{term.name}' both use '{spelling}'.",
                    f"Keep it in one term only in {glossary.source}.",
                )
            owner[spelling] = term.name
