"""Block Kit for the bot: a proposal card with Approve / Edit / Reject, outcomes, and the edit modal.

Slack's limits are kept here: section text <= 3000 characters, header <= 150, at most 50 blocks.
"""

from __future__ import annotations

import json
from typing import Any

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
BLOCK_LIMIT = 50
SQL_INPUT_LIMIT = 3000
EDIT_CALLBACK = "edit_sql"
SQL_BLOCK = "sql"
Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as markup; user and data text must not."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def button_value(thread_id: str, proposal: dict[str, Any]) -> str:
    """What every button carries: the conversation, the card and the hash the person saw."""
    return f"{thread_id}|{proposal['id']}|{proposal['hash']}"


def proposal_blocks(thread_id: str, proposal: dict[str, Any]) -> list[Block]:
    """The whole card: goal, rules, size and reach, fields and why, assumptions, warnings, SQL, buttons."""
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(proposal["name"], HEADER_LIMIT)}},
        _section(f"*Goal:* {escape(proposal.get('goal', ''))}"),
        _section("*Rules*\n" + "\n".join(f"• {escape(rule)}" for rule in proposal.get("rules", []))),
        _section(_size_text(proposal.get("counts") or {})),
    ]
    if proposal.get("fields"):
        blocks.append(_section("*Fields chosen*\n" + "\n".join(_field_line(f) for f in proposal["fields"])))
    if proposal.get("assumptions"):
        blocks.append(
            _section("*Assumptions*\n" + "\n".join(f"• {escape(a)}" for a in proposal["assumptions"]))
        )
    if proposal.get("warnings"):
        lines = [f":warning: {escape(w['message'])}" for w in proposal["warnings"]]
        blocks.append(_section("*Warnings*\n" + "\n".join(lines)))
    if proposal.get("edit_errors"):
        lines = [f"✗ {escape(e['what'])} {escape(e.get('hint') or '')}" for e in proposal["edit_errors"]]
        blocks.append(_section("*Your edit was not applied*\n" + "\n".join(lines)))
    sql = _sql_sections(proposal["sql"], BLOCK_LIMIT - len(blocks) - 2)
    if sql is None:  # the approver must see every character that would be published
        blocks.append(_section("*SQL* is too long to show here: review and approve it in the web chat."))
        blocks.append(_buttons(button_value(thread_id, proposal), approve=False))
    else:
        blocks += sql
        blocks.append(_buttons(button_value(thread_id, proposal)))
    blocks.append(_context(f"proposal {proposal['hash'][:12]}"))
    return blocks


def outcome_blocks(proposal: dict[str, Any], outcome: str) -> list[Block]:
    """A decided card: its outcome replaces the buttons and the details."""
    return [
        _section(f"*{escape(proposal['name'])}*: {outcome}"),
        _context(f"proposal {proposal['hash'][:12]}"),
    ]


def text_blocks(text: str) -> list[Block]:
    """A plain answer (no segment, progress, a problem) as one section."""
    return [_section(text)]


def edit_modal(metadata: dict[str, str], proposal: dict[str, Any]) -> dict[str, Any]:
    """A modal with the card's SQL prefilled; its metadata names the card being edited."""
    return {
        "type": "modal",
        "callback_id": EDIT_CALLBACK,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": "Edit the segment SQL"},
        "submit": {"type": "plain_text", "text": "Check and count"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _context(escape(_cut(proposal["name"], 200))),
            {
                "type": "input",
                "block_id": SQL_BLOCK,
                "label": {"type": "plain_text", "text": "SQL"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": SQL_BLOCK,
                    "multiline": True,
                    "max_length": SQL_INPUT_LIMIT,
                    "initial_value": proposal["sql"],
                },
            },
        ],
    }


def _size_text(counts: dict[str, Any]) -> str:
    count, base, share = counts.get("count") or 0, counts.get("base"), counts.get("share") or 0
    text = f"*Members:* {count:,} ({share:.1%} of {base:,})" if base else f"*Members:* {count:,}"
    reachable = counts.get("reachable") or {}
    if reachable:
        text += "\n*Reachable:* " + " · ".join(f"{channel} {n:,}" for channel, n in reachable.items())
    return text


def _field_line(choice: dict[str, Any]) -> str:
    line = f"• `{escape(choice['field'])}`: {escape(choice.get('why', ''))}"
    rejected = [
        f"`{escape(r['field'])}` ({escape(r.get('why_not', ''))})" for r in choice.get("rejected", [])
    ]
    return line + (f" Not chosen: {'; '.join(rejected)}" if rejected else "")


def _sql_sections(sql: str, room: int) -> list[Block] | None:
    """The whole SQL in code sections that fit Slack's limit, or None when it needs more than `room`."""
    parts = _chunks(escape(sql), SECTION_LIMIT - len("*SQL*\n``````"))
    if len(parts) > room:
        return None
    return [_section(("*SQL*\n" if i == 0 else "") + f"```{part}```") for i, part in enumerate(parts)]


def _chunks(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters, cut at a line break (else a space) when there is one."""
    parts = []
    while len(text) > size:
        cut = (text.rfind("\n", 0, size) + 1) or (text.rfind(" ", 0, size) + 1) or size
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text] if text else parts


def _buttons(value: str, approve: bool = True) -> Block:
    elements = [_button("Edit", "edit", value), _button("Reject", "reject", value, "danger")]
    if approve:
        elements.insert(0, _button("Approve", "approve", value, "primary"))
    return {"type": "actions", "block_id": "decision", "elements": elements}


def _button(label: str, action_id: str, value: str, style: str = "") -> Block:
    button = {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id}
    return {**button, "value": value, **({"style": style} if style else {})}


def _section(text: str) -> Block:
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
