"""Run a service call in a worker thread and stream its steps as server-sent events.

The run starts at once and finishes even if the browser goes away (the conversation is saved
either way); the stream only reads its queue. Events: `step` {kind, text} for each thing the
agent does, then exactly one of `thread` (the conversation as JSON) or `error` {error, hint, status}.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from segment_agent.errors import UserError
from segment_agent.web.problems import ApiError, problem

log = logging.getLogger("segment_agent.web")
KEEPALIVE_S = 15.0
Work = Callable[[Callable[[dict[str, Any]], None] | None], dict[str, Any]]


class Run:
    """One service call running in the thread pool, its events queued for a stream."""

    def __init__(self, work: Work, tasks: set[asyncio.Task[Any]], stream: bool) -> None:
        self.queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def on_event(event: dict[str, Any]) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed: the server is stopping
                loop.call_soon_threadsafe(self.queue.put_nowait, ("step", event))

        self.task = asyncio.create_task(self._run(work, on_event if stream else None))
        tasks.add(self.task)  # keep a reference: the run outlives a client that disconnects
        self.task.add_done_callback(tasks.discard)

    async def _run(
        self, work: Work, on_event: Callable[[dict[str, Any]], None] | None
    ) -> tuple[str, dict[str, Any]]:
        try:
            outcome = ("thread", await run_in_threadpool(work, on_event))
        except UserError as err:
            status = err.status if isinstance(err, ApiError) else 400
            outcome = ("error", {"error": err.message, "hint": err.hint or "", "status": status})
        except Exception:
            log.exception("a conversation run failed")
            outcome = (
                "error",
                {
                    "error": "Something went wrong while the agent worked.",
                    "hint": "Try again; if it persists, check the server log.",
                    "status": 500,
                },
            )
        self.queue.put_nowait(outcome)
        return outcome

    async def events(self) -> AsyncIterator[str]:
        """SSE text: every step, keep-alive comments while waiting, then the final event."""
        while True:
            try:
                name, data = await asyncio.wait_for(self.queue.get(), KEEPALIVE_S)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            yield format_event(name, data)
            if name != "step":
                return


def format_event(name: str, data: dict[str, Any]) -> str:
    """One server-sent event; JSON on one line, so no data line can break the framing."""
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"


def wants_stream(accept: str | None) -> bool:
    """True when the client asked for server-sent events."""
    return "text/event-stream" in (accept or "")


async def respond(
    work: Work, tasks: set[asyncio.Task[Any]], accept: str | None
) -> StreamingResponse | JSONResponse:
    """Stream the run as SSE when asked to, else wait for it and answer with JSON."""
    stream = wants_stream(accept)
    run = Run(work, tasks, stream)
    if stream:
        return StreamingResponse(
            run.events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
    name, data = await asyncio.shield(run.task)
    if name == "error":
        return problem(data["status"], data["error"], data["hint"])
    return JSONResponse(data)
