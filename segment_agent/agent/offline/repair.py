"""Redraft from the errors of earlier drafts: apply what their hints say, or give up.

Only fixes a hint makes certain are applied (a value the field does not have -> the closest
value the validator lists); anything else ends the round with the errors explained.
"""

from __future__ import annotations

import ast
import re
from typing import Any

_NOT_A_VALUE = re.compile(r"^'(?P<value>.+)' is not a value of (?P<field>\S+)$")
_ALLOWED = re.compile(r"allowed values include: (\[.*\])")


def repair(specs: list[dict[str, Any]], drafts: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """`specs` with every fix the drafts' errors point to, or None when nothing can be fixed."""
    fixes: dict[str, Any] = {}
    for draft in drafts:
        for segment in draft.get("segments", []):
            for error in segment.get("errors", []):
                fix = _value_fix(error)
                if fix is not None:
                    fixes[fix[0]] = fix[1]
    if not fixes:
        return None
    fixed = [_replace(spec, fixes) for spec in specs]
    return fixed if fixed != specs else None


def _value_fix(error: dict[str, Any]) -> tuple[str, Any] | None:
    match = _NOT_A_VALUE.match(str(error.get("what", "")))
    allowed = _ALLOWED.search(str(error.get("hint", "")))
    if match is None or allowed is None:
        return None
    try:
        options = ast.literal_eval(allowed.group(1))
    except (ValueError, SyntaxError):
        return None
    wanted = match.group("value").lower()
    same = [o for o in options if str(o).lower() == wanted or str(o).lower().startswith(wanted)]
    return (match.group("value"), same[0]) if same else None


def _replace(node: Any, fixes: dict[str, Any]) -> Any:
    """A copy of a spec with fixed values (in 'value' entries and value lists)."""
    if isinstance(node, dict):
        out = {k: _replace(v, fixes) for k, v in node.items()}
        if "value" in out and isinstance(out["value"], str) and out["value"] in fixes:
            out["value"] = fixes[out["value"]]
        if "value" in out and isinstance(out["value"], list):
            out["value"] = [fixes.get(v, v) if isinstance(v, str) else v for v in out["value"]]
        return out
    if isinstance(node, list):
        return [_replace(v, fixes) for v in node]
    return node
