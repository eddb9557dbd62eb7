"""The agent tests' tools: opened once per module on `toolbox_db`, then given each test's data home."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from segment_agent.agent.resources import open_toolbox
from segment_agent.agent.toolbox import Toolbox
from segment_agent.settings import Settings, get_settings


@pytest.fixture(scope="module")
def toolbox_db(demo_db: Path) -> Path:
    """The database the module's tools open: the small demo, unless a module overrides it."""
    return demo_db


@pytest.fixture(scope="module")
def base_toolbox(toolbox_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Toolbox]:
    """The tools, opened once for the module in a home of its own (so the index is built once)."""
    box = open_toolbox(Settings(home=tmp_path_factory.mktemp("agent-home")), db=toolbox_db)
    yield box
    box.warehouse.close()


@pytest.fixture
def toolbox(base_toolbox: Toolbox) -> Toolbox:
    """The module's tools with this test's data home (its own ledger, registry and checkpoints)."""
    return dataclasses.replace(base_toolbox, settings=get_settings())
