"""The console entry point: usage mistakes and bad settings are clear sentences, never tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def run_main(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = "from segment_agent.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "No such option"),
        (["nosuchcmd"], "No such command"),
        (["segments", "show"], "Missing argument"),
        (["serve", "--port", "99999"], "--port"),
    ],
)
def test_usage_errors_exit_2_with_a_sentence(args: list[str], message: str) -> None:
    done = run_main(*args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr + done.stdout


def test_a_bad_setting_names_the_variable() -> None:
    done = run_main("segments", "list", env={"SEGMENT_AGENT_QUERY_TIMEOUT_S": "abc"})
    assert done.returncode == 1
    assert "SEGMENT_AGENT_QUERY_TIMEOUT_S" in done.stderr and "Traceback" not in done.stderr


def test_an_unknown_planner_is_refused(demo_db: object) -> None:
    done = run_main("ask", "lapsed buyers", "--db", str(demo_db), "--planner", "bogus")
    assert done.returncode == 1
    assert "Unknown planner" in done.stderr and "Traceback" not in done.stderr


def test_an_unknown_destination_is_refused_before_any_work(tmp_path: object) -> None:
    home = f"{tmp_path}/home"
    done = run_main("ask", "lapsed buyers", "--decision", "approve", "--destination", "nowhere",
                    env={"SEGMENT_AGENT_HOME": home})  # fmt: skip
    assert done.returncode == 1 and "Unknown destination 'nowhere'" in done.stderr
    assert not os.path.exists(f"{home}/demo")
