"""Who may write: bearer tokens for the API, a signed session cookie and CSRF tokens for the dashboard.

Reading is open to whoever reaches the server (loopback by default). Every write (reviews,
grades, merges, ingest) needs a token: the API's as `Authorization: Bearer TOKEN`, the dashboard's
through a session opened at /login with the same token. The session cookie is signed (itsdangerous),
HttpOnly and SameSite=Strict, and every form carries the session's CSRF token, so another site
cannot make a logged-in browser write.

A token file has one token a line, optionally after the reviewer's name: `alice 3f9c…`; blank lines
and lines starting with # are ignored. Without a token file, `serve` makes one random token for the
run and prints a login link with it (loopback only).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from armsledger.present.errors import AuthError, ServeError

SESSION_COOKIE = "armsledger_session"
SESSION_SECONDS = 12 * 3600
MIN_TOKEN_LENGTH = 16
DEFAULT_REVIEWER = "analyst"


def generate_token() -> str:
    """A new random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def load_token_file(path: str | Path) -> dict[str, str]:
    """Tokens → reviewer names from a token file (see the module doc); ServeError when unreadable,
    empty, or holding a token shorter than 16 characters."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ServeError(
            f"cannot read token file {path}: {getattr(exc, 'strerror', None) or exc}", path=str(path)
        ) from None
    tokens: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if len(words) > 2:
            raise ServeError(f"{path}:{number}: a line is `TOKEN` or `NAME TOKEN`", path=str(path))
        token, name = words[-1], (words[0] if len(words) == 2 else DEFAULT_REVIEWER)
        if len(token) < MIN_TOKEN_LENGTH:
            raise ServeError(f"{path}:{number}: tokens need at least {MIN_TOKEN_LENGTH} characters", path=str(path))
        tokens[token] = name
    if not tokens:
        raise ServeError(f"token file {path} holds no token", path=str(path))
    return tokens


@dataclass
class Session:
    """A dashboard session: the reviewer it writes as and its CSRF token."""

    reviewer: str
    csrf: str


@dataclass
class Authority:
    """The tokens a server accepts and the key its session cookies are signed with."""

    tokens: dict[str, str]
    generated: bool = False
    key: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def __post_init__(self) -> None:
        self._signer = URLSafeTimedSerializer(self.key, salt="armsledger-session")

    def reviewer_for(self, token: str | None) -> str | None:
        """The reviewer a token belongs to (compared in constant time), or None."""
        if not token:
            return None
        found = None
        for known, name in self.tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                found = name
        return found

    def bearer(self, authorization: str | None) -> str:
        """The reviewer of an `Authorization: Bearer TOKEN` header; AuthError otherwise."""
        scheme, _, token = (authorization or "").partition(" ")
        reviewer = self.reviewer_for(token.strip()) if scheme.lower() == "bearer" else None
        if reviewer is None:
            raise AuthError(
                "this request writes to the ledger: send `Authorization: Bearer TOKEN` with a token "
                "of the server (--token-file)"
            )
        return reviewer

    def open_session(self, token: str) -> str:
        """A signed session cookie value for a valid token; AuthError otherwise."""
        reviewer = self.reviewer_for(token.strip())
        if reviewer is None:
            raise AuthError("that token is not one of this server's tokens")
        return self._signer.dumps({"r": reviewer, "c": secrets.token_urlsafe(24)})

    def session(self, cookie: str | None) -> Session | None:
        """The session a cookie holds, if it is valid and not expired."""
        if not cookie:
            return None
        try:
            data: Any = self._signer.loads(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("r"), str) or not isinstance(data.get("c"), str):
            return None
        return Session(reviewer=data["r"], csrf=data["c"])

    def form_writer(self, cookie: str | None, csrf: str | None) -> str:
        """The reviewer of a dashboard form: a valid session and its CSRF token; AuthError otherwise."""
        session = self.session(cookie)
        if session is None:
            raise AuthError("log in with a token of this server to review (see /login)")
        if not csrf or not hmac.compare_digest(session.csrf.encode(), csrf.encode()):
            raise AuthError(
                "the form's CSRF token does not match your session; reload the page and try again", csrf=True
            )
        return session.reviewer
