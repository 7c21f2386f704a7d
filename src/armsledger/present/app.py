"""The FastAPI application: the JSON API under /api/v1, the dashboard, static files, security headers.

    app = create_app("ledger.db", authority=Authority({"s3cret-token-…": "alice"}))

Every response carries a strict Content-Security-Policy (scripts, styles, images and connections
from this server only; no inline script, no eval: charts use Vega's expression interpreter) and
headers that stop framing and MIME sniffing. Known errors become JSON `{"error": …}` under /api
and an error page elsewhere, with the status armsledger.present.errors.http_status gives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armsledger.errors import ArmsledgerError
from armsledger.present.auth import Authority
from armsledger.present.errors import http_status
from armsledger.present.workbench import Workbench
from armsledger.settings import get_setting

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def static_folder() -> Path:
    """The dashboard's static files (CSS, scripts, vendored Vega) inside the package."""
    return Path(str(resources.files("armsledger.present.web") / "static"))


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (a header the answer sets itself is kept); pages and API
    answers are not cached by browsers (`Cache-Control: no-store`, static files excepted).

    A plain ASGI middleware: it edits the headers of the `http.response.start` message on its way out,
    without wrapping the request and the body in tasks and streams as Starlette's BaseHTTPMiddleware does
    (which cost more than a cached answer)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = _STATIC_HEADERS if scope["path"].startswith("/static/") else _PAGE_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in wanted if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_STATIC_HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
_PAGE_HEADERS = [*_STATIC_HEADERS, (b"cache-control", b"no-store")]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Answer at most `serve_threads` requests at once in this process (the handlers run in anyio's thread
    pool, 40 threads by default): 40 threads sharing one interpreter spend their time switching and
    keep many half-built answers alive for the garbage collector to walk."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, int(get_setting("serve_threads")))
    yield


def create_app(db: Any, *, authority: Authority, allow_private: bool = False, data_dir: str | None = None) -> FastAPI:
    """The application over an open ledger Database (`db`), accepting `authority`'s tokens for writes."""
    from armsledger import __version__
    from armsledger.present.api.routes import router as api_router
    from armsledger.present.web.routes import error_page
    from armsledger.present.web.routes import router as web_router

    app = FastAPI(
        lifespan=_lifespan,
        title="armsledger",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        description="Claims about arms transfers, production, use and stocks, reconciled into estimates, with "
        "the analysts' reviews. Reads are open; writes need `Authorization: Bearer TOKEN`.",
    )
    app.state.workbench = Workbench(db, allow_private=allow_private, data_dir=data_dir)
    app.state.authority = authority
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=static_folder()), name="static")
    app.include_router(api_router)
    app.include_router(web_router)

    @app.exception_handler(ArmsledgerError)
    async def known_error(request: Request, exc: ArmsledgerError) -> Response:
        status = http_status(exc)
        if request.url.path.startswith("/api/"):
            detail = {k: v for k, v in exc.detail.items() if isinstance(v, (str, int, float, bool, type(None)))}
            return JSONResponse(
                {"error": {"type": type(exc).__name__, "message": exc.message, "detail": detail}}, status_code=status
            )
        return error_page(request, status, exc.message)

    return app
