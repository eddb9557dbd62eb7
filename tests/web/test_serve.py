"""`serve` refuses unsafe or impossible set-ups before it prepares anything."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from segment_agent.cli.serve import serve_command
from segment_agent.errors import UserError
from tests.web.conftest import write_users


def test_without_a_users_file_serve_stays_on_loopback(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="only listens on loopback"):
        serve_command(host="0.0.0.0", port=8765, db=tmp_path / "unused.duckdb")


def test_a_taken_port_is_a_clear_error(data_home: Path, tmp_path: Path) -> None:
    write_users(data_home)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError, match=f"Cannot listen on 127.0.0.1:{port}"):
            serve_command(host="127.0.0.1", port=port, db=tmp_path / "unused.duckdb")
