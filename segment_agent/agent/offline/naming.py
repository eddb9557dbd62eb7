"""Short, readable segment names and the planner's closing summary."""

from __future__ import annotations

import re
from typing import Any

from segment_agent.agent.offline.combine import SegmentResult
from segment_agent.agent.offline.parse import SegmentParse
from segment_agent.agent.offline.vocabulary import alternation, vocabulary

MAX_NAME = 70
_REQUEST = (
    r"^(?:please\s+)?(?:find|show|give|get|list|identify|pull|build|create|make|target|i\s+want|i\s+need)"
    r"(?:\s+me)?(?:\s+(?:a|an|the)\s+(?:segment|list|audience)\s+of)?\s+"
)
_SOFT = r"\b(?:who\s+are|that\s+are|who\s+is|showing\s+signs\s+of|we\s+could|we\s+can|those)\s+"


def segment_name(seg: SegmentParse, result: SegmentResult, index: int, total: int) -> str:
    """The goal's own words, tidied: 'High-value customers with declining engagement'."""
    label = _tidy(seg.label)
    if seg.base and total > 1:
        base = _tidy(re.sub(r"^(?:our|my|the|all)\s+", "", seg.base_text, flags=re.I))
        label = f"{label[:1].upper()}{label[1:]} ({base[:1].lower()}{base[1:]})" if base else label
    if not label:
        label = f"Segment {index + 1}"
    if len(label) > MAX_NAME:
        label = label[:MAX_NAME].rsplit(" ", 1)[0]
    return label[:1].upper() + label[1:]


def _tidy(text: str) -> str:
    text = re.sub(_REQUEST, "", text.strip(), flags=re.I)
    text = re.sub(_SOFT, "", text, flags=re.I)
    purpose = alternation(vocabulary()["purpose"])
    text = re.sub(rf"\s+(?:we\s+)?(?:could|can|to)?\s*(?:{purpose})(?:\s+back)?$", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" .,:;!?")


def summary(drafts: list[dict[str, Any]], notes: list[str], entity: str = "customers") -> str:
    """One short paragraph: each drafted segment with its size, then what was assumed or ignored."""
    parts = []
    for draft in drafts:
        counts = draft.get("dry_run") or {}
        size = f"{counts['count']:,} {entity}" if counts.get("count") is not None else "size unknown"
        share = f", {counts['share']:.1%} of the base" if isinstance(counts.get("share"), float) else ""
        rules = "; ".join(draft.get("rules", [])[:4])
        parts.append(f"'{draft.get('name')}' ({size}{share}): {rules}.")
    assumptions = [a for d in drafts for a in d.get("assumptions", [])]
    text = (
        "I drafted "
        + ("one segment" if len(parts) == 1 else f"{len(parts)} segments")
        + " for your approval. "
        + " ".join(parts)
    )
    if assumptions:
        text += " Glossary: " + "; ".join(dict.fromkeys(assumptions)) + "."
    return " ".join([text, *notes]).strip()
