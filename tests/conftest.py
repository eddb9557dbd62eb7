"""Shared fixtures: a private data home per test, one small demo database per session, read-only folders."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
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


@pytest.fixture
def make_read_only() -> Iterator[Callable[[Path], Path]]:
    """Makes a folder refuse new files: chmod, and where that does not bind (root) the immutable flag."""
    locked: list[Path] = []

    def lock(folder: Path) -> Path:
        folder.chmod(0o555)
        locked.append(folder)
        if _can_create_in(folder) and shutil.which("chattr"):
            subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if _can_create_in(folder):
            pytest.skip("running as root on a filesystem without chattr +i: no folder here refuses root")
        return folder

    yield lock
    for folder in locked:
        if shutil.which("chattr"):
            subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
        folder.chmod(0o755)


def _can_create_in(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True
