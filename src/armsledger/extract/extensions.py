"""Custom attributes that the armsledger components assign on Doc, Span and Token."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def register_extensions() -> None:
    """Register the extension attributes once (idempotent)."""
    for name, default in (
        ("published", None),
        ("claims", None),
        ("attributions", None),
        ("calibers", None),
        ("layout", "body"),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("quantity", "date_value", "band"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in ("triggers", "status_cue"):
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)
