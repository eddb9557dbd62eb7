"""User-facing errors: what went wrong and what to do, shown without a traceback."""

from __future__ import annotations


class UserError(Exception):
    """An error caused by input the user can fix; `hint` says how."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message
