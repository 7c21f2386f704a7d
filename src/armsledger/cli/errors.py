"""The CLI's one error policy: how known errors, interrupts and usage errors end a command.

Exit codes (docs/cli.md):
- 0: done;
- 1: the command could not do what was asked: a known error (ArmsledgerError: a bad value, a
  missing ledger, an unreadable input…) or a value Click refuses (not a number, not a choice);
  or some inputs of a batch failed (each named on stderr);
- 2: the command line itself is malformed (unknown command or option, missing argument);
- 130: interrupted (Ctrl-C).

Every error is one line `error: …` on stderr.

Messages are printed as plain text, never as Rich markup, with control characters escaped
and URL credentials removed (armsledger.sanitize).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from armsledger.errors import ArmsledgerError
from armsledger.sanitize import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@lru_cache(maxsize=1)
def _stderr(file_id: int) -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def stderr_console() -> Console:
    """The console for messages on stderr (a new one when tests swap sys.stderr)."""
    return _stderr(id(sys.stderr))


def print_message(label: str, message: object, *, style: str | None = None) -> None:
    """One line `label: message` on stderr, the message as plain, terminal-safe text."""
    from rich.text import Text

    text = Text(f"{label}: " if label else "", style=style or "")
    text.append(terminal_safe(message, one_line=True))
    stderr_console().print(text)


def print_error(message: object) -> None:
    """`error: message` on stderr."""
    print_message("error", message, style="red")


@contextmanager
def known_errors(code: int = EXIT_ERROR) -> Iterator[None]:
    """Turn a known armsledger error into one line on stderr and exit `code` (no traceback)."""
    try:
        yield
    except ArmsledgerError as exc:
        print_error(exc)
        raise typer.Exit(code) from None


# Click's exceptions as Typer raises them (recent Typer versions carry their own copy of Click).
_UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
_MissingParameter: type[Exception] = sys.modules[typer.BadParameter.__module__].MissingParameter


class ArmsledgerGroup(TyperGroup):
    """The top command group: applies the error policy around every command and sub-command."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ArmsledgerError as exc:
            print_error(exc)
            ctx.exit(EXIT_ERROR)
        except _UsageError as exc:
            sub = getattr(exc, "ctx", None)
            if isinstance(exc, typer.BadParameter) and not isinstance(exc, _MissingParameter):
                print_error(exc.format_message())
                ctx.exit(EXIT_ERROR)
            where = sub.command_path if sub is not None else ctx.command_path
            print_error(f"{exc.format_message()} (see `{where} --help`)")  # type: ignore[attr-defined]
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            print_message("interrupted", "stopped by the user", style="yellow")
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`… | head`): stop quietly, and keep Python from complaining at exit.
            with suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_ERROR)
