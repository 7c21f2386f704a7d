"""Rendering helpers of the dashboard: the Jinja2 environment (autoescape always on), the as-of
query carried by every link, and the page context every template gets."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from armsledger.present.auth import SESSION_COOKIE
from armsledger.present.workbench import Axes

AXIS_PARAMS = ("as_of", "recorded_by")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates from the package; every `{{ value }}` is HTML-escaped (autoescape=True), and no text from
    a document is ever compiled as a template."""
    folder = str(resources.files("armsledger.present.web") / "templates")
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = lambda v: "–" if v is None else f"{v:,.0f}"
    return env


def axes_of(request: Request) -> Axes:
    """The as-of and recorded-by dates of the request's query (the dashboard's date controls)."""
    from armsledger.dates import parse_date

    values = {name: parse_date(request.query_params.get(name) or None, option=name, end=True) for name in AXIS_PARAMS}
    return Axes(**values)


def axes_query(axes: Axes) -> dict[str, str]:
    """The query parameters that carry the time axes to the next page."""
    return {
        name: value.isoformat()
        for name, value in (("as_of", axes.as_of), ("recorded_by", axes.recorded_by))
        if isinstance(value, date)
    }


def link(request: Request, path: str, **params: Any) -> str:
    """A link to `path` on this site keeping the request's as-of dates, plus `params` (None left out)."""
    return _link(axes_of(request), path, **params)


def _link(axes: Axes, path: str, **params: Any) -> str:
    query = {**axes_query(axes), **{k: str(v) for k, v in params.items() if v is not None}}
    return path + (f"?{urlencode(query)}" if query else "")


def _page_axes(request: Request) -> Axes:
    """The request's time axes; none when they are not dates (the error page saying so still renders)."""
    from armsledger.errors import ArmsledgerError

    try:
        return axes_of(request)
    except ArmsledgerError:
        return Axes()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page: `template` with the request, the time axes, the session and `link` available."""
    authority = request.app.state.authority
    session = authority.session(request.cookies.get(SESSION_COOKIE))
    axes = _page_axes(request)
    page = (
        environment()
        .get_template(template)
        .render(
            request=request,
            axes=axes,
            axes_query=axes_query(axes),
            session=session,
            link=lambda path, **params: _link(axes, path, **params),
            path=request.url.path,
            **context,
        )
    )
    return HTMLResponse(page, status_code=status)
