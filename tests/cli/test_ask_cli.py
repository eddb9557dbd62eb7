"""`segment-agent ask` through Typer's runner (and the real entry point for exit codes) on the demo.

The planner is the default one with no API key: the offline planner.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from segment_agent.cli import app
from segment_agent.errors import UserError
from segment_agent.settings import get_settings
from segment_agent.tools.ledger import Ledger
from segment_agent.tools.registry import Registry, registry_path

runner = CliRunner()
GOAL = "Customers likely to churn"


def ask_json(*args: str) -> dict:
    result = runner.invoke(app, ["ask", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ask_with_approve_publishes_and_prints_json(demo_db: Path) -> None:
    view = ask_json(GOAL, "--db", str(demo_db), "--decision", "approve")
    assert view["status"] == "published" and view["pending"] is None
    [card] = view["proposals"]
    assert view["decisions"][card["id"]]["action"] == "approve"
    assert view["published"][card["id"]]["status"] == "published"
    [segment] = Registry(registry_path(get_settings())).list()
    assert segment.sql == card["sql"] and segment.size == card["counts"]["count"] > 0
    assert segment.approver == "cli"


def test_ask_with_reject_publishes_nothing(demo_db: Path) -> None:
    view = ask_json(GOAL, "--db", str(demo_db), "--decision", "reject", "--user", "omar")
    assert view["status"] == "decided" and view["published"] == {}
    [card] = view["proposals"]
    assert Registry(registry_path(get_settings())).list() == []
    entry = Ledger(get_settings().ledger_path).get(view["thread_id"], card["id"])
    assert entry is not None and (entry.action, entry.decided_by) == ("reject", "omar")


def test_a_conversation_left_waiting_is_resumed_with_thread(demo_db: Path) -> None:
    waiting = runner.invoke(app, ["ask", GOAL, "--db", str(demo_db)])
    assert waiting.exit_code == 0, waiting.output
    assert "Waiting for a decision" in waiting.stdout
    resume = r"segment-agent ask --thread\s+([0-9a-f]{32})\s+--decision approve\|reject"
    match = re.search(resume, waiting.stdout)
    assert match, waiting.stdout
    assert Registry(registry_path(get_settings())).list() == []
    view = ask_json("--thread", match.group(1), "--db", str(demo_db), "--decision", "approve")
    assert view["thread_id"] == match.group(1) and view["status"] == "published"
    assert len(Registry(registry_path(get_settings())).list()) == 1


def test_an_unknown_decision_is_a_user_error(demo_db: Path) -> None:
    result = runner.invoke(app, ["ask", GOAL, "--db", str(demo_db), "--decision", "maybe"])
    assert isinstance(result.exception, UserError) and "Unknown decision 'maybe'" in result.exception.message


def test_an_empty_goal_exits_1_with_a_clear_message_and_no_traceback(tmp_path: Path) -> None:
    db = tmp_path / "tiny.duckdb"  # a tiny database keeps the child process quick
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE customers AS SELECT i AS customer_id, i % 7 AS visits FROM range(20) t(i)")
    con.close()
    entry = "from segment_agent.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", entry, "ask", "  ", "--db", str(db)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Error: The goal is empty." in done.stderr and "Hint:" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_an_empty_goal_is_refused_before_any_database_is_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_early(*args: object, **kwargs: object) -> None:
        raise AssertionError("the database was opened before the goal was checked")

    # The package attribute `segment_agent.cli.ask` is the command function; patch the module itself.
    monkeypatch.setattr(sys.modules["segment_agent.cli.ask"], "open_toolbox", too_early)
    result = runner.invoke(app, ["ask", ""])
    assert isinstance(result.exception, UserError) and result.exception.message == "The goal is empty."
