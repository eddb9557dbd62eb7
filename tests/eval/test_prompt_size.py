"""The prompt-size metric counts what a chat model receives: every turn re-sends system, tools and history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_openai import ChatOpenAI

from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.toolbox import Toolbox
from segment_agent.eval.prompt_size import (
    PER_MESSAGE,
    PER_REPLY,
    BaselinePrompt,
    Tokenizer,
    conversation_tokens,
    load_tokenizer,
    message_text,
    table_info,
    tools_text,
)
from segment_agent.settings import Settings

WORDS = Tokenizer("words", True, lambda text: len(text.split()))
CALL = {"name": "glossary", "args": {"term": "high-value"}, "id": "c1", "type": "tool_call"}


@pytest.fixture(scope="module")
def toolbox(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Toolbox]:
    box = open_toolbox(Settings(home=tmp_path_factory.mktemp("size-home")), db=demo_db)
    yield box
    box.warehouse.close()


def test_every_turn_pays_for_system_tools_and_all_history_before_it() -> None:
    goal = HumanMessage("high value customers in Texas")  # 5 words
    lookup = AIMessage(content="", tool_calls=[CALL])
    result = ToolMessage(content="lifetime_value >= 786.74", tool_call_id="c1", name="glossary")  # 3 words
    done = AIMessage(content="One segment.")
    total, turns = conversation_tokens(WORDS, "be careful", "t1 t2 t3", [goal, lookup, result, done])
    fixed = PER_REPLY + PER_MESSAGE + 2 + 3
    lookup_words = WORDS.count(message_text(lookup))
    first = fixed + (PER_MESSAGE + 5)
    second = fixed + (PER_MESSAGE + 5) + (PER_MESSAGE + lookup_words) + (PER_MESSAGE + 3)
    assert (total, turns) == (first + second, 2)


def test_a_tool_call_counts_its_name_and_arguments_and_a_result_its_content() -> None:
    assert json.loads(message_text(AIMessage(content="", tool_calls=[CALL]))) == [
        {"name": "glossary", "arguments": {"term": "high-value"}}
    ]
    compact = ToolMessage(content="short", tool_call_id="c1", artifact={"big": "x" * 10_000})
    assert message_text(compact) == "short"  # the artifact never reaches the model


def test_the_tool_schemas_counted_are_the_ones_chat_openai_sends(toolbox: Toolbox) -> None:
    tools = toolbox.as_tools()
    model = ChatOpenAI(model="gpt-4o-mini", api_key="test", base_url="http://127.0.0.1:9/v1")
    bound = model.bind_tools(tools)
    assert json.loads(tools_text(tools)) == bound.kwargs["tools"]  # type: ignore[attr-defined]


def test_the_baseline_carries_every_table_and_the_goal(toolbox: Toolbox) -> None:
    tok = load_tokenizer()
    baseline = BaselinePrompt(tok, toolbox.catalog, toolbox.warehouse)
    goal = "High-value customers in Texas"
    assert baseline.tokens(goal) == PER_REPLY + PER_MESSAGE + baseline.schema_tokens + tok.count(goal)
    info = table_info(toolbox.catalog, toolbox.warehouse)
    assert info.count("CREATE TABLE") == len(toolbox.catalog.tables())
    assert all(f'"{f.column}" {f.type}' in info for f in toolbox.catalog.fields)
    assert baseline.schema_tokens > tok.count(info)  # the schema plus LangChain's instructions
