"""The FastAPI application: the JSON API under /api/v1, the dashboard, static files, security headers.

    app = create_app("ledger.db", authority=Authority({"s3cret-token-…": "alice"}))

Every response carries a strict Content-Security-Policy (scripts, styles, images and connections
from this server only; no inline script, no eval: charts use Vega's expression interpreter) and
headers that stop framing and MIME sniffing. Known errors become JSON `{"error": …}` under /api
and an error page elsewhere, with the status armsledger.present.errors.http_status gives.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from armsledger.errors import ArmsledgerError
from armsledger.present.auth import Authority
from armsledger.present.errors import http_status
from armsledger.present.workbench import Workbench

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


class SecurityHeaders(BaseHTTPMiddleware):
    """Adds SECURITY_HEADERS to every response; pages and API answers are not cached by browsers."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def create_app(db: Any, *, authority: Authority, allow_private: bool = False, data_dir: str | None = None) -> FastAPI:
    """The application over an open ledger Database (`db`), accepting `authority`'s tokens for writes."""
    from armsledger import __version__
    from armsledger.present.api.routes import router as api_router
    from armsledger.present.web.routes import error_page
    from armsledger.present.web.routes import router as web_router

    app = FastAPI(
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
