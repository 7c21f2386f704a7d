"""A worker process that runs one function call at a time under a hard deadline.

The worker is forked from the calling process, so it shares the spaCy pipeline already loaded
there (copy-on-write) and starts in milliseconds. A call that overruns its deadline is ended by
killing the worker — the only way to stop a tokenizer, a regular expression or an XML parser stuck
in C code — and the next call forks a fresh one. A worker that crashes (a segfault in a parser,
the kernel's out-of-memory killer) is reported the same way. As a second line, the worker arms a
kernel timer before each call, so it also ends by itself if the caller has gone.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

#: seconds the worker's own kernel timer allows past the caller's deadline (the caller kills first)
ORPHAN_GRACE_SECONDS = 5.0

#: what the worker holds that cannot be sent over a pipe (the extractor), set once after the fork
CHILD_STATE: dict[str, Any] = {}


class WorkerTimeout(Exception):
    """The call did not finish before its deadline; the worker was killed."""


class WorkerDied(Exception):
    """The worker ended without answering (crash, kill); `exitcode` says how."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(describe_exit(exitcode))
        self.exitcode = exitcode


class UnpicklableError(Exception):
    """Stands in for an exception raised in the worker that cannot be sent back as it is."""


def describe_exit(exitcode: int | None) -> str:
    """ "killed by signal 11 (SIGSEGV)" / "exit status 1" for a process's exit code."""
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown"
        return f"killed by signal {-exitcode} ({name})"
    return f"exit status {exitcode}"


def fork_available() -> bool:
    """Whether this platform can fork workers (Linux, the BSDs, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it survives a trip through pickle, else a stand-in carrying its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return UnpicklableError(f"{type(exc).__name__}: {exc}")


def _set_timer(seconds: float) -> None:
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.0))


def _serve(conn: Connection, parent_end: Connection, state: dict[str, Any]) -> None:
    """The worker's loop: receive (fn, args, kwargs, seconds), answer ("ok", result) or ("error", exc)."""
    parent_end.close()  # so that the caller's death reads as end-of-file here
    CHILD_STATE.update(state)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the kernel timer ends the process outright
    # nothing a parser prints is the caller's output (stdout may be JSON Lines), nor is a crash report;
    # stderr stays, so library warnings show as in the caller: `armsledger --verbose` shows them, else
    # their loggers (set before the fork) keep them quiet
    faulthandler.disable()
    devnull = open(os.devnull, "w")  # noqa: SIM115  lives as long as the process
    os.dup2(devnull.fileno(), 1)
    sys.stdout = devnull
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        fn, args, kwargs, seconds = task
        _set_timer(seconds + ORPHAN_GRACE_SECONDS)
        try:
            answer: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except BaseException as exc:
            answer = ("error", _portable(exc))
        finally:
            _set_timer(0)
        try:
            conn.send(answer)
        except Exception as exc:
            conn.send(("error", UnpicklableError(f"the result could not be sent back ({type(exc).__name__}: {exc})")))


class Worker:
    """One forked worker process, started on first use and replaced after a timeout or crash."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        """`state` is handed to the worker through the fork (not pickled): read it there from CHILD_STATE."""
        self._state = dict(state or {})
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _start(self) -> tuple[BaseProcess, Connection]:
        ctx = multiprocessing.get_context("fork")
        parent_end, child_end = ctx.Pipe()
        process = ctx.Process(
            target=_serve, args=(child_end, parent_end, self._state), daemon=True, name="armsledger-worker"
        )
        process.start()
        child_end.close()
        self._process, self._conn = process, parent_end
        return process, parent_end

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], seconds: float) -> Any:
        """fn(*args, **kwargs) in the worker; raise WorkerTimeout after `seconds`, WorkerDied if it dies.

        `fn` must be importable by name (a module-level function); an exception it raises is raised here."""
        if self._process is None or self._conn is None or not self._process.is_alive():
            self._discard()
            process, conn = self._start()
        else:
            process, conn = self._process, self._conn
        try:
            conn.send((fn, args, kwargs, seconds))
            ready = conn.poll(max(seconds, 0.0))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            ready = True  # the worker is gone; recv below says so
        if not ready:
            self._discard()
            raise WorkerTimeout(f"no answer within {seconds:g} s")
        try:
            status, payload = conn.recv()
        except (EOFError, OSError, ConnectionResetError):
            process.join(1.0)
            exitcode = process.exitcode
            self._discard()
            raise WorkerDied(exitcode) from None
        if status == "ok":
            return payload
        raise payload

    def _discard(self) -> None:
        """Kill and reap the current worker, if any."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5.0)
            if process.exitcode is not None:
                process.close()

    def close(self) -> None:
        """Ask the worker to finish, then make sure it has."""
        if self._conn is not None and self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
                self._process.join(2.0)
            except (BrokenPipeError, OSError):
                pass
        self._discard()
