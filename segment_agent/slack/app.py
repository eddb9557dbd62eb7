"""The Slack bot as a FastAPI app: events and interactivity on POST /slack/events, GET /healthz.

    app = create_slack_app(settings, service_factory=lambda s: SegmentService(open_toolbox(s)))

Credentials come from settings, never from a call to Slack: `authorize` answers from the bot
token and the client talks to `settings.slack_api_url`, so nothing calls auth.test at start.
Listeners acknowledge first and work after the answer (process_before_response=False), so a
goal that takes longer than Slack's 3 seconds is not retried.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from starlette.concurrency import run_in_threadpool

from segment_agent.agent.service import SegmentService, ServiceFactory, default_service
from segment_agent.errors import UserError
from segment_agent.settings import Settings, get_settings
from segment_agent.slack.blocks import EDIT_CALLBACK
from segment_agent.slack.decisions import Decider
from segment_agent.slack.goals import goal_handlers
from segment_agent.slack.retries import RecentEvents, skip_repeats

WORKERS = 8
CREDENTIALS = {
    "slack_bot_token": "SEGMENT_AGENT_SLACK_BOT_TOKEN",
    "slack_signing_secret": "SEGMENT_AGENT_SLACK_SIGNING_SECRET",
}


def require_credentials(settings: Settings) -> None:
    """Refuse to start, naming the environment variables still to set, when the bot has no credentials."""
    missing = [env for name, env in CREDENTIALS.items() if not getattr(settings, name)]
    if missing:
        raise UserError(
            f"The Slack bot needs {' and '.join(missing)}.",
            "Copy them from your Slack app's settings (see the README's Slack section).",
        )


def build_bolt(settings: Settings, service: SegmentService, executor: ThreadPoolExecutor) -> App:
    """The bolt App with every listener, bound to one service."""
    require_credentials(settings)
    token = settings.slack_bot_token

    def authorize() -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=None, team_id=None, bot_token=token)

    bolt = App(
        signing_secret=settings.slack_signing_secret,
        authorize=authorize,
        client=WebClient(base_url=settings.slack_api_url),
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=executor,
    )
    bolt.use(skip_repeats(RecentEvents()))
    on_mention, on_message = goal_handlers(service)
    bolt.event("app_mention")(on_mention)
    bolt.event("message")(on_message)
    decisions = Decider(service, settings.slack_approver_ids).handlers()
    for action in ("approve", "edit", "reject"):
        bolt.action(action)(decisions[action])
    bolt.view(EDIT_CALLBACK)(decisions["edit_submitted"])
    return bolt


def create_slack_app(
    settings: Settings | None = None, service_factory: ServiceFactory | None = None
) -> FastAPI:
    """The bot's web app; the service is built once at start-up."""
    settings = settings or get_settings()
    factory = service_factory or default_service

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await run_in_threadpool(factory, settings)
        executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack")
        app.state.bolt = build_bolt(settings, service, executor)
        try:
            yield
        finally:
            executor.shutdown(wait=True)  # decisions being applied finish, so nothing is left half-published
            service.toolbox.warehouse.close()

    app = FastAPI(title="segment-agent Slack bot", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.post("/slack/events", include_in_schema=False)
    async def events(request: Request) -> Response:
        # dispatch waits for the listener's ack(); a worker thread keeps the event loop free meanwhile.
        bolt_request = to_bolt_request(request, await request.body())
        return to_starlette_response(await run_in_threadpool(request.app.state.bolt.dispatch, bolt_request))

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
