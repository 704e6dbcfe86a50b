"""Slack `/define` under an open-loop load: glossbot's HTTP mode beside a bare bolt app.

Signed `/define` slash commands go out at a fixed arrival rate (500 and 1,000 per second,
whatever the answers do) over loopback HTTP to `glossbot slack --http`, the real server,
in a subprocess with its own SQLite store; a loopback mock Slack in this process answers
the Web API and receives each reply on the command's own `response_url`. Per run:

- ack p50/p99: from the moment a request was due to its HTTP answer (Slack waits 3 s);
- reply p50/p99: from the moment it was due to its reply arriving at the mock;
- lost: requests whose ack failed or whose reply never came (within 5 s of the last one);
- CPU per request: the server process's user + system time over the run (/proc).

Times count from when a request was due, not when it left, so a client that falls
behind shows as latency (no coordinated omission). The baseline, measured in the same run
with the same harness: `tests/bench/slack_bare.py`, a bolt `AsyncApp` that only acks and
responds. Then "through two workers": two glossbot processes sharing one SQLite file,
1,000 requests/s in total, dealt round-robin by this client (as DNS round-robin or a
plain L4 balancer would), beside two bare workers.

Targets (issue 12): at 1,000/s reply p99 within 2x of the bare app and under 50 ms,
nothing lost, CPU per request within 1.3x.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from knowledge import load
from tests.bench.timing import percentile
from tests.store.pg_server import free_port

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
TEAM = "T0BENCH"
RATES = (500, 1000)
SECONDS = 5.0
WARMUP = 300
GRACE = 5.0
ACK_DEADLINE = 3.0
READY_SECONDS = 20.0


@dataclass
class MockSlack:
    """The Web API (`auth.test` and friends) and every `response_url`, on loopback."""

    arrived: dict[int, float] = field(default_factory=dict)
    url: str = ""
    issued: int = 0
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/respond/{n}", self._respond)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/"

    def reserve(self, count: int) -> int:
        """The first of `count` fresh `response_url` numbers."""
        self.issued += count
        return self.issued - count

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _api(self, request: web.Request) -> web.Response:
        await request.read()
        if request.match_info["method"] == "auth.test":
            return web.json_response({"ok": True, "team_id": TEAM, "user_id": "U0BOT"})
        return web.json_response({"ok": True})

    async def _respond(self, request: web.Request) -> web.Response:
        await request.read()
        self.arrived.setdefault(int(request.match_info["n"]), time.monotonic())
        return web.Response(text="ok")


@dataclass
class Workers:
    """Server processes on loopback ports, started by `start_workers`."""

    label: str
    procs: list[subprocess.Popen[bytes]]
    ports: list[int]

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for proc in self.procs:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return total

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


PROFILE_ENV = "SLACK_BENCH_PROFILE"
"""A folder: each server runs under cProfile and leaves `<kind>-<port>.prof` there."""


def server_command(kind: str, port: int) -> list[str]:
    profile = os.environ.get(PROFILE_ENV, "")
    python = [sys.executable]
    if profile:
        python += ["-m", "cProfile", "-o", f"{profile}/{kind}-{port}.prof"]
    if kind == "bare":
        return [*python, "-m", "tests.bench.slack_bare", str(port)]
    return [*python, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
            "--port", str(port)]  # fmt: skip


async def start_workers(kind: str, count: int, mock: MockSlack, data: Path) -> Workers:
    """`count` servers of `kind` ("bare" or "glossbot"), sharing `data`, once all are ready."""
    config = data / "glossbot.yaml"
    config.write_text(f"data_dir: {data}\nlog_level: WARNING\n", encoding="utf-8")
    env = os.environ | {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": mock.url + "api/",
        "GLOSSBOT_CONFIG": str(config),
    }
    env.pop("GLOSSBOT_DATABASE_URL", None)
    ports = [free_port() for _ in range(count)]
    log = (data / f"{kind}.log").open("ab")
    procs = [
        subprocess.Popen(server_command(kind, p), env=env, stdout=log, stderr=log) for p in ports
    ]
    workers = Workers(f"{kind}, {count} worker{'s' if count > 1 else ''}", procs, ports)
    deadline = time.monotonic() + READY_SECONDS
    async with aiohttp.ClientSession() as session:
        for port in ports:
            while True:
                if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                    workers.stop()
                    raise RuntimeError(f"{kind} did not start: see {data / (kind + '.log')}")
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
    return workers


@dataclass(frozen=True)
class Run:
    label: str
    rate: int
    sent: int
    acks: list[float]
    replies: list[float]
    lost: int
    cpu_per_request: float
    client_cpu: float

    def line(self) -> str:
        a50, a99 = percentile(self.acks, 50) * 1e3, percentile(self.acks, 99) * 1e3
        r50, r99 = percentile(self.replies, 50) * 1e3, percentile(self.replies, 99) * 1e3
        return (
            f"  {self.label:<20} {self.rate:>5}/s  ack p50 {a50:6.1f} p99 {a99:7.1f} ms"
            f"  reply p50 {r50:6.1f} p99 {r99:7.1f} ms  lost {self.lost:>4}/{self.sent}"
            f"  CPU {self.cpu_per_request * 1e3:5.2f} ms/req"
        )

    @property
    def reply_p99(self) -> float:
        return percentile(self.replies, 99)


def bodies(mock: MockSlack, queries: Sequence[str], first: int, count: int) -> list[bytes]:
    return [
        urlencode(
            {
                "command": "/define",
                "text": queries[n % len(queries)],
                "team_id": TEAM,
                "user_id": f"U{n % 50:04d}",
                "user_name": "bench",
                "channel_id": "C0BENCH",
                "response_url": f"{mock.url}respond/{n}",
                "trigger_id": f"trigger-{n}",
            }
        ).encode()
        for n in range(first, first + count)
    ]


async def load_run(
    workers: Workers, mock: MockSlack, queries: Sequence[str], rate: int, count: int
) -> Run:
    """`count` requests at `rate` per second, open loop, dealt round-robin to the workers."""
    first = mock.reserve(count)
    payloads = bodies(mock, queries, first, count)
    verifier = SignatureVerifier(SECRET)
    stamp = str(int(time.time()))
    headers = [
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": str(verifier.generate_signature(timestamp=stamp, body=body)),
        }
        for body in payloads
    ]
    urls = [f"http://127.0.0.1:{port}/slack/events" for port in workers.ports]
    due: list[float] = [0.0] * count
    acks: list[float | None] = [None] * count
    connector = aiohttp.TCPConnector(limit=400)
    client_start = time.process_time()
    cpu_start = workers.cpu_seconds()
    async with aiohttp.ClientSession(connector=connector) as session:

        async def send(n: int) -> None:
            try:
                async with session.post(
                    urls[n % len(urls)], data=payloads[n], headers=headers[n]
                ) as r:
                    await r.read()
                    if r.status == 200:
                        acks[n] = time.monotonic() - due[n]
            except aiohttp.ClientError:
                pass

        start = time.monotonic() + 0.05
        tasks: list[asyncio.Task[None]] = []
        for n in range(count):
            due[n] = start + n / rate
            wait = due[n] - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(send(n)))
        await asyncio.gather(*tasks)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline and not all(
            first + n in mock.arrived for n in range(count)
        ):
            await asyncio.sleep(0.05)
    cpu = workers.cpu_seconds() - cpu_start
    client_cpu = time.process_time() - client_start
    replies = [mock.arrived[first + n] - due[n] for n in range(count) if first + n in mock.arrived]
    answered = [a for a in acks if a is not None]
    lost = sum(
        1
        for n in range(count)
        if acks[n] is None or (acks[n] or 0) > ACK_DEADLINE or first + n not in mock.arrived
    )
    return Run(
        workers.label, rate, count, answered or [0.0], replies or [0.0], lost, cpu / count,
        client_cpu / count,
    )  # fmt: skip


def queries() -> list[str]:
    """The bundled terms as people type them: names, lower case, some with a typo."""
    glossary = load().glossary
    assert glossary is not None
    names = [e.name for e in glossary]
    typed = [n.lower() for n in names[::3]] + [n[:-2] + n[-1] + n[-2] for n in names[1::7]]
    return [q for pair in zip(names, typed * 3, strict=False) for q in pair]


async def measure(kind: str, workers: int, rates: Sequence[int], mock: MockSlack) -> list[Run]:
    runs: list[Run] = []
    typed = queries()
    with tempfile.TemporaryDirectory(prefix="glossbot-slack-bench-") as tmp:
        server = await start_workers(kind, workers, mock, Path(tmp))
        try:
            await load_run(server, mock, typed, 300, WARMUP)
            for rate in rates:
                runs.append(await load_run(server, mock, typed, rate, int(rate * SECONDS)))
        finally:
            server.stop()
    return runs


def compare(ours: Run, bare: Run) -> str:
    p99 = ours.reply_p99 / bare.reply_p99
    cpu = ours.cpu_per_request / bare.cpu_per_request
    met = p99 <= 2 and ours.reply_p99 < 0.050 and ours.lost == 0 and cpu <= 1.3
    return (
        f"    glossbot / bare at {ours.rate}/s: reply p99 x{p99:.2f} (target <= 2, and < 50 ms),"
        f" CPU per request x{cpu:.2f} (target <= 1.3), lost {ours.lost}:"
        f" {'met' if met else 'NOT met'}"
    )


async def bench(rates: Sequence[int]) -> None:
    mock = MockSlack()
    await mock.start()
    try:
        print(f"Slack /define, open loop over loopback ({SECONDS:.0f} s per rate), load average"
              f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}:")  # fmt: skip
        bare = await measure("bare", 1, rates, mock)
        ours = await measure("glossbot", 1, rates, mock)
        for run in [*bare, *ours]:
            print(run.line())
        for mine, theirs in zip(ours, bare, strict=True):
            print(compare(mine, theirs))
        bare2 = await measure("bare", 2, rates[-1:], mock)
        ours2 = await measure("glossbot", 2, rates[-1:], mock)
        print("  through two workers (one SQLite file, requests dealt round-robin):")
        for run in [*bare2, *ours2]:
            print(run.line())
        print(compare(ours2[0], bare2[0]))
        client = max(r.client_cpu for r in [*bare, *ours, *bare2, *ours2])
        print(f"  (the load client and mock used at most {client * 1e3:.2f} ms CPU per request)")
    finally:
        await mock.stop()


def main(argv: Sequence[str] = ()) -> None:
    """`python -m tests.bench.slack_define [RATE ...]`: other rates than 500 and 1,000."""
    asyncio.run(bench(tuple(int(a) for a in argv) or RATES))


if __name__ == "__main__":
    main(sys.argv[1:])
