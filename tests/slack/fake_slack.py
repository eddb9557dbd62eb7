"""A small local stand-in for Slack's Web API: records each call and answers ok with a message ts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

Call = dict[str, Any]


class FakeSlack:
    """Serves POST /api/<method> on 127.0.0.1; `calls` lists (method, arguments) in arrival order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Call]] = []
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, method: str, where: Callable[[Call], bool], timeout_s: float = 60.0) -> Call:
        """The first call of `method` matching `where`, waiting for it to arrive."""
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                found = next((a for m, a in self.calls if m == method and where(a)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {method} call arrived; calls: {self.calls}")
                self._changed.wait(left)

    def of(self, method: str, channel: str) -> list[Call]:
        """Every call of `method` made so far in `channel`."""
        with self._changed:
            return [a for m, a in self.calls if m == method and a.get("channel") == channel]

    def _record(self, method: str, arguments: Call) -> None:
        """Keep the call; a new message gets its ts (as Slack would answer) among its arguments."""
        with self._changed:
            arguments.setdefault("ts", f"{1700000000 + len(self.calls)}.000100")
            self.calls.append((method, arguments))
            self._changed.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                is_json = "json" in (self.headers.get("Content-Type") or "")
                arguments = json.loads(raw or "{}") if is_json else dict(parse_qsl(raw))
                for key in ("blocks", "view"):
                    if isinstance(arguments.get(key), str):
                        arguments[key] = json.loads(arguments[key])
                fake._record(self.path.rsplit("/", 1)[-1], arguments)
                body = json.dumps({"ok": True, "ts": arguments["ts"], "channel": arguments.get("channel")})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args: Any) -> None:
                return

        return Handler
