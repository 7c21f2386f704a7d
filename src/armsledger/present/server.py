"""Run the workbench with uvicorn: on loopback by default; any other address only with a token file.

Without a token file, a random token is made for the run and a login link printed, so the analyst
at this machine can review while nobody else can write.
"""

from __future__ import annotations

import gc
import ipaddress
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from armsledger.present.auth import Authority, generate_token, load_token_file
from armsledger.present.errors import ServeError
from armsledger.settings import get_setting


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def authority_for(host: str, token_file: str | None) -> Authority:
    """The tokens the server accepts: the token file's, else one made for this run (loopback only);
    ServeError for a non-loopback host without a token file."""
    if token_file:
        return Authority(load_token_file(token_file))
    if not is_loopback(host):
        raise ServeError(
            f"--host {host} is not a loopback address: anyone who can reach it could write to the "
            "ledger; give --token-file FILE (one token a line) to serve beyond this machine",
            host=host,
        )
    return Authority({generate_token(): "analyst"}, generated=True)


@dataclass
class ServerPlan:
    """What `serve` will run: the address, and the login link when a token was made for this run."""

    url: str
    login_url: str | None


def plan(host: str, port: int, authority: Authority) -> ServerPlan:
    """The address to print, and the login link of a generated token."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown}:{port}/"
    login = f"{url}login?token={next(iter(authority.tokens))}" if authority.generated else None
    return ServerPlan(url, login)


#: environment variable through which `serve --workers N` hands its settings (tokens and the session
#: key included) to the worker processes it starts; it is set only in the server's own environment
WORKER_STATE = "ARMSLEDGER_SERVE_WORKER_STATE"


def settle_heap() -> None:
    """Put what start-up loaded (code tables, reference data, the application) beyond the garbage
    collector's reach: on a warmed server a full collection walks ~200,000 long-lived objects and
    stops every request for a third of a second. Request garbage is still collected as usual."""
    gc.collect()
    gc.freeze()


def app_from_environment() -> Any:
    """The application of one worker process of `serve --workers N` (an app factory for uvicorn)."""
    from armsledger.ledger.db import connect
    from armsledger.present.app import create_app

    state = json.loads(os.environ[WORKER_STATE])
    authority = Authority(state["tokens"], generated=state["generated"], key=state["key"])
    app = create_app(
        connect(state["db"], create=False),
        authority=authority,
        allow_private=state["allow_private"],
        data_dir=state["data_dir"],
    )
    app.state.workbench.warm()
    settle_heap()
    return app


def serve(
    db_url: str | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token_file: str | None = None,
    allow_private: bool = False,
    data_dir: str | None = None,
    workers: int = 1,
    announce: Callable[[ServerPlan, str], None] | None = None,
) -> None:
    """Open the ledger at `db_url` (it must exist) and serve the API and dashboard until interrupted;
    `workers` > 1 runs that many processes (each with its own connections and cache)."""
    import uvicorn

    from armsledger.ledger.db import connect
    from armsledger.present.app import create_app

    authority = authority_for(host, token_file)
    db = connect(db_url, create=False)
    try:
        options: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_level": "warning",
            "server_header": False,
            "access_log": False,
            "timeout_keep_alive": int(get_setting("serve_keep_alive")),
        }
        if workers > 1:
            os.environ[WORKER_STATE] = json.dumps(
                {
                    "db": db.url,
                    "tokens": authority.tokens,
                    "generated": authority.generated,
                    "key": authority.key,
                    "allow_private": allow_private,
                    "data_dir": data_dir,
                }
            )
            if announce:
                announce(plan(host, port, authority), db.display_url)
            uvicorn.run("armsledger.present.server:app_from_environment", factory=True, workers=workers, **options)
            return
        app = create_app(db, authority=authority, allow_private=allow_private, data_dir=data_dir)
        app.state.workbench.warm()
        settle_heap()
        if announce:
            announce(plan(host, port, authority), db.display_url)
        uvicorn.run(app, **options)
    finally:
        os.environ.pop(WORKER_STATE, None)
        db.dispose()
