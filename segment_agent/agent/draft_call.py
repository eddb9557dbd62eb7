"""The draft_segment call as the model sees it: a small JSON schema plus the grammar in its description.

Pydantic's schema of SegmentSpec (titles, defaults, a discriminated union LangChain inlines at
every level) costs ~3k tokens on every turn; the model gets this outline and the grammar in
prompts/tools.md instead, and each call is still checked against the full SegmentSpec models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from segment_agent.errors import UserError
from segment_agent.tools.segment_spec import SegmentSpec

MAX_PROBLEMS = 3

DRAFT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "segments": {"type": "array", "items": {"type": "object"}, "description": "Segment[]"},
        "sql": {"type": "array", "items": {"type": "string"}},
    },
}


class DraftArgs(BaseModel):
    """What draft_segment accepts: structured segments and/or raw SELECT statements."""

    model_config = ConfigDict(extra="forbid")  # a misspelt key is named in the error, not dropped

    segments: list[SegmentSpec] = Field(default_factory=list)
    sql: list[str] = Field(default_factory=list)


def parse_draft_args(arguments: dict[str, Any]) -> DraftArgs:
    """The call's arguments as DraftArgs; a mismatch is a UserError naming where and what, to redraft."""
    try:
        return DraftArgs.model_validate(arguments)
    except ValidationError as err:
        errors = err.errors()
        problems = [f"{where(e['loc'])}: {e['msg']}" for e in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(f"and {len(errors) - MAX_PROBLEMS} more")
        raise UserError(
            "Invalid draft_segment arguments: " + "; ".join(problems) + ".",
            "Fix them following the grammar in the draft_segment description, then call it again.",
        ) from None


def where(loc: Sequence[int | str]) -> str:
    """A pydantic error location as a path, e.g. segments[0].criteria.items[1](field).op.

    >>> where(("segments", 0, "criteria", "items", 1, "field", "op"))
    'segments[0].criteria.items[1](field).op'
    """
    path = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            path += f"[{part}]"
        elif i >= 2 and loc[i - 2] == "items" and isinstance(loc[i - 1], int):
            path += f"({part})"  # the union member pydantic tried, named by its kind
        else:
            path += f".{part}" if path else str(part)
    return path
