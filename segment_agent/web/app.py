"""The FastAPI app: the chat page, the REST API under /api, users from configuration.

    app = create_app(settings, service_factory=lambda s: SegmentService(open_toolbox(s), planner=...))

The service is built once at start-up by `service_factory` (tests inject a scripted planner);
by default it opens the configured database (the demo, built on first use).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from segment_agent.agent.service import ServiceFactory, default_service
from segment_agent.settings import Settings, get_settings
from segment_agent.web import routes_decisions, routes_segments, routes_threads
from segment_agent.web.audit import AuditLog, audit_path
from segment_agent.web.auth import Directory, load_directory
from segment_agent.web.conversations import Conversations
from segment_agent.web.deps import WebState
from segment_agent.web.middleware import Guard
from segment_agent.web.problems import install_handlers
from segment_agent.web.thread_store import ThreadStore, store_path

STATIC = Path(__file__).parent / "static"
SHUTDOWN_WAIT_S = 30.0



def create_app(
    settings: Settings | None = None,
    service_factory: ServiceFactory | None = None,
    users: Directory | None = None,
) -> FastAPI:
    """The web app; users come from the users file (or the generated local admin) unless given."""
    settings = settings or get_settings()
    directory = users or load_directory(settings)
    factory = service_factory or default_service

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await run_in_threadpool(factory, settings)
        state = WebState(
            settings=settings,
            service=service,
            conversations=Conversations(service, ThreadStore(store_path(settings))),
            users=directory,
            audit=AuditLog(audit_path(settings)),
        )
        app.state.web = state
        try:
            yield
        finally:
            if state.tasks:  # let decisions being applied finish, so nothing is left half-published
                with suppress(TimeoutError):
                    await asyncio.wait_for(
                        asyncio.gather(*state.tasks, return_exceptions=True), SHUTDOWN_WAIT_S
                    )
            service.toolbox.warehouse.close()

    app = FastAPI(
        title="segment-agent",
        summary="Segments from plain-language goals, with human approval.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    install_handlers(app)
    app.add_middleware(Guard)
    for module in (routes_threads, routes_decisions, routes_segments):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
