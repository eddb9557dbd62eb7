"""What each tool result puts into the conversation: only what the planner model needs, compactly.

Every turn re-sends the whole conversation, so a result's size is paid again on each later turn.
The ToolMessage's artifact keeps the full result for the graph, the UI and the eval; these texts
drop what the model never uses (scores' decimals, match reasons, SQL dialects, sample rows).
"""

from __future__ import annotations

import json
from typing import Any

from segment_agent.tools.catalog_model import Catalog, FieldInfo
from segment_agent.tools.segment_spec import FieldCondition

TOP_VALUES = 10
QUIET_STATUSES = {"certified", "undocumented"}  # undocumented shows as a missing description
WEAK = 0.1  # search scores below this are similar wording only: named, not described
MAX_LISTED = 60  # allowed values shown before "+N more"


def search_text(result: dict[str, Any], catalog: Catalog) -> str:
    """One line per field, best first: score, name, type, status when not certified, description, values hit.

    A field's value hits share its line (the description is said once). Weak hits (score below
    WEAK: similar wording only) are listed by name; profile_field describes any of them.
    """
    lines: dict[str, str] = {}
    values: dict[str, list[str]] = {}
    weak: list[str] = []
    for hit in result.get("hits", []):
        name = hit["field"]
        if hit["score"] < WEAK and hit.get("kind") != "value":
            if name not in lines and name not in weak:
                weak.append(name)
            continue
        if name not in lines:
            lines[name] = f"{hit['score']:.2f} {_field_head(name, hit.get('status'), catalog)}"
            lines[name] += f": {hit['description']}" if hit.get("description") else ""
            values[name] = []
        if hit.get("kind") == "value" and hit.get("value") is not None:
            values[name].append(repr(str(hit["value"])))
    rows = [line + (f" | values: {', '.join(values[n])}" if values[n] else "") for n, line in lines.items()]
    weak = [n for n in weak if n not in lines]
    if weak:
        rows.append(f"weak (score < {WEAK}): {', '.join(weak)}")
    query = repr(result.get("query", ""))
    if not rows:
        return f"No field for {query}."
    return f"score field type: description, for {query}:\n" + "\n".join(rows)


def resolution_text(result: dict[str, Any]) -> str:
    """The choice and its reason, then why not each runner-up; or the question to ask first."""
    head = f"choice: {result['choice']}" if result.get("choice") else "no choice"
    lines = [f"{head}. {result.get('reason', '')}".strip()]
    lines += [f"not {r['field']}: {r['why_not']}" for r in result.get("runners_up", [])]
    if result.get("question"):
        lines.append(f"ask the user: {result['question']}")
    return "\n".join(lines)


def term_text(result: dict[str, Any]) -> str:
    """The term's definition on this data and its criteria (draft it as {"kind": "term"})."""
    criteria = [_lean_condition(c) for c in result.get("criteria", [])]
    return _json({"term": result.get("term"), "means": result.get("assumption"), "criteria": criteria})


def profile_text(result: dict[str, Any]) -> str:
    """Type, status, description, NULL rate, range or quantiles, top or allowed values, frozen flags."""
    info = FieldInfo.model_validate(result)
    prof = info.profile
    lines = [f"{_head(info)}: {info.description or '(no description)'}"]
    facts = [f"null {prof.null_rate:.1%}", f"{prof.distinct} distinct"]
    if info.unit:
        facts.append(f"unit {info.unit}")
    if prof.min is not None or prof.max is not None:
        facts.append(f"min {prof.min} max {prof.max}")
    if prof.constant:
        facts.append("constant")
    if prof.frozen:
        facts.append(f"frozen: {prof.frozen_reason or 'stopped updating'}")
    lines.append(", ".join(facts))
    if prof.quantiles:
        lines.append("quantiles: " + ", ".join(f"{k} {_num(v)}" for k, v in prof.quantiles.items()))
    if prof.top_values:
        top = ", ".join(f"{v!r} {n}" for v, n in prof.top_values[:TOP_VALUES])
        lines.append(f"top values: {top}")
    if info.allowed_values:
        shown = ", ".join(repr(v) for v in info.allowed_values[:MAX_LISTED])
        more = len(info.allowed_values) - MAX_LISTED
        lines.append(f"allowed values: {shown}" + (f" (+{more} more)" if more > 0 else ""))
    return "\n".join(lines)


def draft_text(result: dict[str, Any]) -> str:
    """Compact JSON: per segment its name, ok, and either the SQL, counts and reach or the errors to fix.

    Reach per channel and the base size stay in: goals such as "at least 5,000 reachable by email"
    are checked by the model against them when it redrafts."""
    segments = []
    for seg in result.get("segments", []):
        out: dict[str, Any] = {"name": seg.get("name"), "ok": seg.get("ok", False)}
        if seg.get("errors"):
            out["errors"] = [{k: v for k, v in e.items() if v not in (None, "")} for e in seg["errors"]]
        if seg.get("ok"):
            run = seg.get("dry_run") or {}
            out |= {"sql": seg.get("sql"), "count": run.get("count"), "base": run.get("base")}
            out["share"] = round(run.get("share", 0), 4)
            if run.get("reachable"):
                out["reachable"] = run["reachable"]
            if seg.get("assumptions"):
                out["assumptions"] = seg["assumptions"]
            if run.get("warnings"):
                out["warnings"] = [w["message"] for w in run["warnings"]]
            if run.get("overlap"):
                out["overlap"] = {k: v["shared"] for k, v in run["overlap"].items()}
        segments.append(out)
    return _json({"ok": result.get("ok", False), "segments": segments})


def _field_head(name: str, status: str | None, catalog: Catalog) -> str:
    info = catalog.field(name)
    return _head(info) if info is not None else f"{name} [{status}]"  # a stale index entry


def _head(info: FieldInfo) -> str:
    """'table.column TYPE', with a status that warns (deprecated, experimental...) and what replaces it."""
    head = f"{info.table}.{info.column} {info.type}"
    if info.status not in QUIET_STATUSES:
        head += f" [{info.status}" + (f", use {info.replaced_by}" if info.replaced_by else "") + "]"
    return head


def _lean_condition(condition: dict[str, Any]) -> dict[str, Any]:
    """A field condition without its default-valued keys (kind kept: drafts need it)."""
    lean = FieldCondition.model_validate(condition).model_dump(exclude_defaults=True)
    return {"kind": "field", **lean}


def _num(value: float) -> str:
    return f"{value:.6g}"


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=str, separators=(",", ":"))
