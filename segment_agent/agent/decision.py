"""A person's decision on one proposal, as it resumes the graph."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from segment_agent.tools.segment_spec import Group


class Decision(BaseModel):
    """approve (with destinations), edit (SQL or criteria), or reject (with feedback)."""

    action: Literal["approve", "edit", "reject"]
    user: str = "anonymous"
    proposal_hash: str | None = Field(None, description="The card's hash: a stale card is refused.")
    destinations: list[str] = Field(default_factory=lambda: ["registry"])
    sql: str | None = None
    criteria: dict[str, Any] | None = None
    feedback: str = ""

    @model_validator(mode="after")
    def _edit_has_content(self) -> Decision:
        if self.action == "edit" and not (self.sql or self.criteria):
            raise ValueError("an edit needs new SQL or new criteria")
        if self.criteria is not None:
            Group.model_validate(self.criteria)
        return self
