"""`segment-agent slack` refuses to start without its Slack credentials, naming what to set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_missing_credentials_exit_2_naming_the_variables(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SEGMENT_AGENT_SLACK_BOT_TOKEN", "SEGMENT_AGENT_SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEGMENT_AGENT_SLACK_BOT_TOKEN", "xoxb-only-the-token")
    run = subprocess.run(
        [sys.executable, "-c", "from segment_agent.cli import main; main()", "slack"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert (
        "SEGMENT_AGENT_SLACK_SIGNING_SECRET" in run.stderr
        and "SEGMENT_AGENT_SLACK_BOT_TOKEN" not in run.stderr
    )
    assert "Traceback" not in run.stderr and not (data_home / "demo").exists()
