"""Shared fixtures: a private data home per test and one small demo database per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from segment_agent.settings import get_settings

DEMO_TEST_CUSTOMERS = 4000
DEMO_TEST_SEED = 7


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty SEGMENT_AGENT_HOME and fresh settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("SEGMENT_AGENT_HOME", str(home))
    for name in ("SEGMENT_AGENT_OPENAI_API_KEY", "SEGMENT_AGENT_CHROMA_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo CDP, built once per test session (treat it as read-only)."""
    from segment_agent.tools.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, customers=DEMO_TEST_CUSTOMERS, seed=DEMO_TEST_SEED)
    return path
