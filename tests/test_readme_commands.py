"""Every command the README shows runs and succeeds (on a temporary ledger)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
SETUP = ("pip install", "python3 -m venv", "python -m pytest", "python benchmarks/")


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("armsledger ")]


def test_readme_shows_commands():
    assert len(readme_commands()) >= 20


def test_every_readme_command_succeeds(tmp_path, shared_dir):
    work = tmp_path / "repo"
    work.mkdir()
    for name in ("src", "corpus"):
        (work / name).symlink_to(ROOT / name)
    (tmp_path / "shared").symlink_to(shared_dir)
    env = dict(os.environ, ARMSLEDGER_DATABASE_URL=f"sqlite:///{tmp_path / 'ledger.db'}", COLUMNS="200")
    bindir = Path(sys.executable).parent
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    if not shutil.which("armsledger", path=env["PATH"]):
        pytest.fail("the armsledger command is not installed")
    failures = []
    for command in readme_commands():
        if command.startswith("armsledger serve"):
            problem = _serves(command, work, env)
            if problem:
                failures.append(f"{command}\n  {problem}")
            continue
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            failures.append(f"{command}\n  exit {done.returncode}: {done.stderr.strip()[-500:]}")
    assert not failures, "\n".join(failures)


def _serves(command: str, work: Path, env: dict[str, str]) -> str | None:
    """Run a README `armsledger serve` command on a free port until its dashboard answers; None when it
    showed the ledger's flows, else what went wrong. The server is stopped with Ctrl-C (SIGINT)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["bash", "-c", f"exec {command} --port {port}"],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
                    page = answer.read().decode()
                return None if "flow-card" in page else "the dashboard shows no flow"
            except OSError:
                time.sleep(0.5)
        return f"no dashboard on port {port}: {server.stderr.read()[-500:] if server.poll() is not None else ''}"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
