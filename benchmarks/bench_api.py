"""HTTP load benchmark (not a test): 50 concurrent clients for 60 s against the claims and estimate
endpoints of `armsledger serve` over a synthetic ledger of one million claims, then concurrent reviews.

    nice -n 19 python benchmarks/bench_api.py                 # 1,000,000 claims (built like bench_ledger.py)
    python benchmarks/bench_api.py --claims 100000 --seconds 20 --db /tmp/api-bench.db

The server is the real command (`armsledger serve` on a free loopback port, with a token file). The
clients share the machine's cores with it, so they are kept lean: each is one keep-alive HTTP/1.1
connection driven by plain asyncio streams (httpx async clients took about 5 ms of CPU a request, a fifth
of a core, on the 2-core development machine; these take about 0.3 ms), and the load generator's own CPU
time is printed. Each client runs the mix an analyst would (claim listings with different filters, dates
and pages; estimates of random flows as of random dates), never one URL repeated.

Prints p50/p95/p99 and errors per endpoint (goal: p95 < 200 ms, 0 errors), the server's CPU time per
request (all its processes; steadier than latency, though a busy shared machine raises it too) and the
load generator's, then has 50 clients post reviews at once and checks that every accepted
review is in the ledger (no write lost) and that a review changes the next listing and estimate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import psutil  # installed with distributed (a dependency)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ledger import ITEMS, STATES, WORDS, build_synthetic

AS_OF = ["", "2023-06-30", "2024-01-31", "2024-09-30"]


def claims_params(rng: random.Random) -> dict[str, str]:
    """One of the claim listings an analyst runs (the filters of bench_ledger.py), a page of 50."""
    choice = rng.randrange(8)
    params = {"limit": "50"}
    if choice == 1:
        params["supplier"] = rng.choice(STATES)
    elif choice == 2:
        params.update(supplier=rng.choice(STATES), recipient=rng.choice(STATES), item=rng.choice(ITEMS))
    elif choice == 3:
        params.update(actor=rng.choice(STATES), item=rng.choice(ITEMS))
    elif choice == 4:
        params["text"] = rng.choice(WORDS)
    elif choice == 5:
        params.update(supplier=rng.choice(STATES), **{"from": "2023-01-01", "to": "2023-03-31"})
    elif choice == 6:
        params["source"] = str(rng.randint(1, 2000))
    elif choice == 7:
        params["offset"] = str(rng.choice([50, 100, 500]))
    if as_of := rng.choice(AS_OF):
        params["as_of"] = as_of
    return params


def estimate_params(rng: random.Random) -> dict[str, str]:
    """The estimate of a random transfer flow as of a random date."""
    supplier, recipient = rng.sample(STATES, 2)
    params = {"supplier": supplier, "recipient": recipient, "item": rng.choice(ITEMS)}
    if as_of := rng.choice(AS_OF):
        params["as_of"] = as_of
    return params


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, token_file: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "armsledger",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--token-file",
            str(token_file),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited: {server.stderr.read().decode()[-800:] if server.stderr else ''}")
        try:
            if httpx.get(base + "/api/v1/reviews?limit=1", timeout=5).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("server did not start")


class Connection:
    """One keep-alive HTTP/1.1 connection that sends GET requests and reads whole answers (Content-Length
    or chunked); reopened after an error."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, params: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        target = f"{path}?{urlencode(params)}" if params else path
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            if "content-length" in headers:
                body = await self.reader.readexactly(int(headers["content-length"]))
            else:  # chunked
                chunks = []
                while size := int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16):
                    chunks.append(await self.reader.readexactly(size + 2))
                await self.reader.readuntil(b"\r\n")
                body = b"".join(c[:-2] for c in chunks)
            if headers.get("connection", "").lower() == "close":
                self.close()
            return status, body
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _client(
    base: str, n: int, stop: float, samples: dict[str, list[float]], errors: dict[str, list[str]]
) -> None:
    rng = random.Random(n)
    connection = Connection(base)
    try:
        while time.monotonic() < stop:
            endpoint = "claims" if rng.random() < 0.5 else "estimate"
            params = claims_params(rng) if endpoint == "claims" else estimate_params(rng)
            started = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(connection.get(f"/api/v1/{endpoint}", params), 60)
                ok = status == 200
                problem = f"HTTP {status}: {body[:120].decode(errors='replace')}"
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                ok, problem = False, f"{type(exc).__name__}: {exc}"
            elapsed = (time.perf_counter() - started) * 1000
            if ok:
                samples[endpoint].append(elapsed)
            else:
                errors[endpoint].append(problem)
    finally:
        connection.close()


def _percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "too few samples"
    q = statistics.quantiles(values, n=100)
    return f"p50 {q[49]:7.1f} ms   p95 {q[94]:7.1f} ms   p99 {q[98]:7.1f} ms   ({len(values):,} requests)"


async def warm_up(base: str) -> float:
    """One request of each kind before measuring (the first estimate loads the reference data); its time."""
    started = time.perf_counter()
    rng = random.Random(0)
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        await http.get("/api/v1/claims", params=claims_params(rng))
        await http.get("/api/v1/estimate", params=estimate_params(rng))
    return time.perf_counter() - started


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """User and system CPU time used so far by the server and its worker processes."""
    total = 0.0
    root = psutil.Process(server.pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


async def load(base: str, clients: int, seconds: float) -> tuple[bool, int]:
    samples: dict[str, list[float]] = {"claims": [], "estimate": []}
    errors: dict[str, list[str]] = {"claims": [], "estimate": []}
    cpu = time.process_time()
    stop = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, n, stop, samples, errors) for n in range(clients)))
    cpu = time.process_time() - cpu
    print(f"{clients} concurrent clients for {seconds:.0f} s:")
    for endpoint, values in samples.items():
        print(
            f"  {endpoint:<9} {_percentiles(values)}   errors {len(errors[endpoint])}"
            + (f" (first: {errors[endpoint][0]})" if errors[endpoint] else "")
        )
    everything = samples["claims"] + samples["estimate"]
    p95 = statistics.quantiles(everything, n=100)[94] if len(everything) > 1 else float("inf")
    failed = sum(len(e) for e in errors.values())
    verdict = "meets" if p95 < 200 and failed == 0 else "MISSES"
    print(f"  all       {_percentiles(everything)}   errors {failed} — {verdict} the goal (p95 < 200 ms, 0 errors)")
    requests = len(everything) + failed
    print(
        f"  load generator CPU {cpu:.1f} s ({100 * cpu / seconds:.0f}% of one core): "
        f"{1000 * cpu / max(requests, 1):.2f} ms a request"
    )
    return verdict == "meets", requests


async def reviews(base: str, token: str, clients: int, per_client: int) -> tuple[int, int, list[str]]:
    """Every client posts `per_client` confirmations (many on the same claims); (accepted, attempted, problems)."""
    headers = {"Authorization": f"Bearer {token}"}
    accepted, problems = 0, []

    async def post(http: httpx.AsyncClient, n: int) -> None:
        nonlocal accepted
        for k in range(per_client):
            claim = 1 + (n * per_client + k) % 25  # 25 claims, reviewed by many clients at once
            answer = await http.post(
                f"/api/v1/claims/{claim}/reviews",
                headers=headers,
                json={"action": "confirm", "reason": f"load test {n}-{k}"},
            )
            if answer.status_code == 201:
                accepted += 1
            else:
                problems.append(f"HTTP {answer.status_code}: {answer.text[:120]}")

    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        await asyncio.gather(*(post(http, n) for n in range(clients)))
    return accepted, clients * per_client, problems


def review_shows_at_once(base: str, token: str) -> str:
    """Reject a claim of a transfer flow after its estimate and listing were read (and cached): the next
    listing must show the rejection and the next estimate list it. Returns what was found."""
    rng = random.Random()
    supplier, recipient = rng.sample(STATES, 2)
    flow = {"supplier": supplier, "recipient": recipient, "item": rng.choice(ITEMS)}
    listing = {**flow, "kind": "transfer", "limit": "1", "offset": str(rng.randrange(20))}
    with httpx.Client(base_url=base, timeout=120) as http:
        claims = http.get("/api/v1/claims", params=listing).json()["claims"]
        if not claims:
            return "no claim to review"
        claim = claims[0]["id"]
        http.get("/api/v1/estimate", params=flow)  # computed and cached before the review
        answer = http.post(
            f"/api/v1/claims/{claim}/reviews",
            headers={"Authorization": f"Bearer {token}"},
            json={"action": "reject", "reason": "load test: shows at once"},
        )
        if answer.status_code != 201:
            return f"review refused: HTTP {answer.status_code}"
        listed = http.get("/api/v1/claims", params=listing).json()["claims"][0]
        estimate = http.get("/api/v1/estimate", params=flow).json()
    in_listing = listed["id"] == claim and (listed["review"] or {}).get("status") == "rejected"
    in_estimate = any(note["claim_id"] == str(claim) for note in estimate["reviews"])
    return f"claim {claim} rejected: listing {'shows it' if in_listing else 'DOES NOT show it'}, estimate " + (
        "lists it" if in_estimate else "DOES NOT list it"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--reviews-per-client", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="server processes (serve --workers)")
    parser.add_argument("--db", help="reuse this SQLite file for the synthetic ledger (built when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "million.db"
        if not path.exists():
            build_synthetic(f"sqlite:///{path}", args.claims)
        token = secrets.token_urlsafe(32)
        token_file = Path(tmp) / "tokens"
        token_file.write_text(f"bench {token}\n")
        os.chmod(token_file, 0o600)
        server, base = start_server(path, token_file, args.workers)
        try:
            print(f"first requests (cold): {asyncio.run(warm_up(base)):.2f} s")
            cpu = server_cpu_seconds(server)
            _, requests = asyncio.run(load(base, args.clients, args.seconds))
            cpu = server_cpu_seconds(server) - cpu
            print(
                f"  server CPU {cpu:.1f} s for {requests:,} requests: {1000 * cpu / max(requests, 1):.1f} ms a request "
                f"({requests / args.seconds:.0f} requests/s answered)"
            )
            before = httpx.get(base + "/api/v1/reviews", params={"limit": 1}).json()["total"]
            accepted, attempted, problems = asyncio.run(reviews(base, token, args.clients, args.reviews_per_client))
            after = httpx.get(base + "/api/v1/reviews", params={"limit": 1}).json()["total"]
            kept = after - before
            print(
                f"concurrent reviews: {attempted} posted by {args.clients} clients, {accepted} accepted, "
                f"{kept} in the ledger — "
                + (
                    "no write lost"
                    if kept == accepted == attempted
                    else f"LOST OR REFUSED {attempted - kept}: {problems[:3]}"
                )
            )
            print(f"a review shows at once: {review_shows_at_once(base, token)}")
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"(as of {date.today()}; server and clients share this machine's {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
