"""HTTP errors with a message and a hint, the same JSON shape for every failure the API returns."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from segment_agent.errors import UserError

log = logging.getLogger("segment_agent.web")


class ApiError(UserError):
    """A UserError with the HTTP status it deserves (404 unknown, 409 conflict, 403 role...)."""

    def __init__(self, status: int, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.status = status


def problem(
    status: int, message: str, hint: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The JSON body of every error: {"error": what went wrong, "hint": what to do}."""
    return JSONResponse({"error": message, "hint": hint or ""}, status_code=status, headers=headers)


def install_handlers(app: FastAPI) -> None:
    """Turn UserError, validation errors and surprises into clear JSON instead of tracebacks."""

    @app.exception_handler(UserError)
    async def _user_error(request: Request, err: UserError) -> JSONResponse:
        status = err.status if isinstance(err, ApiError) else 400
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return problem(status, err.message, err.hint, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        message = f"The request is not valid: {first.get('msg', 'bad input')}" + (
            f" ({where})." if where else "."
        )
        return problem(
            422, message, "Check the fields you sent against the API description at /openapi.json."
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, err: HTTPException) -> JSONResponse:
        message = "There is nothing here." if err.status_code == 404 else str(err.detail)
        return problem(err.status_code, message, "Check the address." if err.status_code == 404 else None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(
            500, "Something went wrong on the server.", "Try again; if it persists, check the server log."
        )
