"""A real webhook receiver on 127.0.0.1 for tests: honours Idempotency-Key and misbehaves on cue.

`faults` maps (batch index, arrival number) to what goes wrong on that arrival: "503" (answer 503),
"slow" (apply the batch, then answer after the client gave up: a lost response), "drop" (close the
connection without answering), "400" (a permanent refusal) or "429:2" (busy, Retry-After: 2).
Everything else is accepted.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SLOW_S = 1.0


class Receiver:
    """What the server saw: arrivals per key, and the batches it applied (once per key)."""

    def __init__(self, faults: dict[tuple[int, int], str] | None = None, always: str | None = None) -> None:
        self.faults = faults or {}
        self.always = always
        self.arrivals: Counter[str] = Counter()
        self.applied: dict[str, list[int]] = {}
        self.bodies: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url = ""

    def members(self) -> list[int]:
        """Every member applied, in key order (duplicates kept, so a test can see them)."""
        return [member for batch in self.applied.values() for member in batch]

    def handle(self, key: str, body: dict[str, Any]) -> str:
        """The fault for this arrival (or 'ok'), applying the batch when it gets that far."""
        with self.lock:
            self.arrivals[key] += 1
            self.bodies.append(body)
            fault = self.always or self.faults.get((body["batch"], self.arrivals[key]), "ok")
            if fault in ("ok", "slow") and key not in self.applied:
                self.applied[key] = body["members"]
        return fault


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fault = receiver.handle(self.headers.get("Idempotency-Key", ""), body)
            if fault == "drop":
                self.close_connection = True
                self.connection.close()
                return
            if fault == "slow":
                time.sleep(SLOW_S)
            status, _, retry_after = fault.partition(":")
            self.send_response(int(status) if status.isdigit() else 200)
            if retry_after:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def webhook_server(receiver: Receiver) -> Iterator[Receiver]:
    """Serve `receiver` on a free local port in a thread; `receiver.url` is set while it runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/audiences"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
