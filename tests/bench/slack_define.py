"""Slack `/define` under an open-loop load: glossbot's HTTP mode beside a bare bolt app.

Signed `/define` slash commands go out at a fixed arrival rate (500 and 1,000 per second,
whatever the answers do) over loopback HTTP to `glossbot slack --http`, the real server,
in a subprocess with its own SQLite store; a loopback mock Slack in this process answers
the Web API and receives each reply on the command's own `response_url`. The client and
the mock are bare asyncio protocols (`slack_load`), so that they cost a small fraction of
a server's CPU, and on two cores or more a lone server has a core of its own
(`SLACK_BENCH_PIN=0` turns that off). Per rate (pooled over the rounds):

- ack p50/p99: from the moment a request was due to its HTTP answer (Slack waits 3 s);
- reply p50/p99: from the moment it was due to its reply arriving at the mock;
- lost: requests whose ack failed or whose reply never came (within 5 s of the last one);
- CPU per request: the server process's user + system time over the run (/proc).

Times count from when a request was due, not when it left, so a client that falls
behind shows as latency (no coordinated omission). The baseline, measured in the same run
with the same harness, the two servers running side by side and taking turns:
`tests/bench/slack_bare.py`, a bolt `AsyncApp` that only acks and responds. Then
"through two workers": two glossbot processes sharing one SQLite file, at the last rate in
total, dealt round-robin by this client (as DNS round-robin or a
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from knowledge import load
from tests.bench.slack_load import TEAM, Client, MockSlack
from tests.bench.timing import percentile
from tests.store.pg_server import free_port

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
HOST = "127.0.0.1"
RATES = (500, 1000)
SECONDS = 2.0
ROUNDS = 3
"""Each kind gets `ROUNDS` turns of `SECONDS` at each rate, the two kinds alternating."""
WARMUP = 300
GRACE = 5.0
ACK_DEADLINE = 3.0
READY_SECONDS = 20.0
PIN_ENV = "SLACK_BENCH_PIN"
"""`0`: let the scheduler place every process (by default, on two cores or more, a lone
server runs on the last core and this process, the load client and mock Slack, on the
others, so neither starves the other)."""


def server_cores(count: int) -> set[int] | None:
    """Where a lone server runs (None: anywhere): the last of this process's cores."""
    cores = sorted(os.sched_getaffinity(0))
    if count > 1 or len(cores) < 2 or os.environ.get(PIN_ENV, "1") == "0":
        return None
    return {cores[-1]}


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
    return [*python, "-m", "adapters.cli", "slack", "--http", "--host", HOST,
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
    cores = server_cores(count)
    for proc in procs:
        if cores is not None:
            os.sched_setaffinity(proc.pid, cores)
    workers = Workers(f"{kind}, {count} worker{'s' if count > 1 else ''}", procs, ports)
    deadline = time.monotonic() + READY_SECONDS
    async with aiohttp.ClientSession() as session:
        for port in ports:
            while True:
                if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                    workers.stop()
                    raise RuntimeError(f"{kind} did not start: see {data / (kind + '.log')}")
                try:
                    async with session.get(f"http://{HOST}:{port}/healthz") as r:
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


def merged(runs: Sequence[Run]) -> Run:
    """One run out of rounds at the same rate: samples pooled, CPU weighted by requests."""
    sent = sum(r.sent for r in runs)
    return Run(
        runs[0].label, runs[0].rate, sent,
        [a for r in runs for a in r.acks], [x for r in runs for x in r.replies],
        sum(r.lost for r in runs), sum(r.cpu_per_request * r.sent for r in runs) / sent,
        sum(r.client_cpu * r.sent for r in runs) / sent,
    )  # fmt: skip


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
    verifier = SignatureVerifier(SECRET)
    stamp = str(int(time.time()))
    requests = [
        Client.request(
            HOST,
            workers.ports[n % len(workers.ports)],
            "/slack/events",
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": str(verifier.generate_signature(timestamp=stamp, body=body)),
            },
            body,
        )
        for n, body in enumerate(bodies(mock, queries, first, count))
    ]
    clients = [Client(HOST, port) for port in workers.ports]
    due: list[float] = [0.0] * count
    acks: list[float | None] = [None] * count

    async def send(n: int) -> None:
        if await clients[n % len(clients)].send(requests[n]) == 200:
            acks[n] = time.monotonic() - due[n]

    client_start = time.process_time()
    cpu_start = workers.cpu_seconds()
    start = time.monotonic() + 0.05
    due = [start + n / rate for n in range(count)]
    tasks: list[asyncio.Task[None]] = []
    while len(tasks) < count:  # every request due by now goes out, then sleep to the next
        now = time.monotonic()
        while len(tasks) < count and due[len(tasks)] <= now:
            tasks.append(asyncio.create_task(send(len(tasks))))
        if len(tasks) < count:
            await asyncio.sleep(due[len(tasks)] - time.monotonic())
    await asyncio.gather(*tasks)
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline and not all(first + n in mock.arrived for n in range(count)):
        await asyncio.sleep(0.05)
    cpu = workers.cpu_seconds() - cpu_start
    client_cpu = time.process_time() - client_start
    for client in clients:
        client.close()
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


async def measure(workers: int, rates: Sequence[int], mock: MockSlack) -> list[tuple[Run, Run]]:
    """(bare, glossbot) at each rate: both kinds run side by side and take turns, `ROUNDS`
    times per rate, so that each meets the same load from the rest of the machine."""
    pairs: list[tuple[Run, Run]] = []
    typed = queries()
    with tempfile.TemporaryDirectory(prefix="glossbot-slack-bench-") as tmp:
        servers: list[Workers] = []
        try:
            for kind in ("bare", "glossbot"):
                (Path(tmp) / kind).mkdir()
                servers.append(await start_workers(kind, workers, mock, Path(tmp) / kind))
            for server in servers:
                await load_run(server, mock, typed, 300, WARMUP)
            for rate in rates:
                rounds: list[list[Run]] = [[], []]
                for _ in range(ROUNDS):
                    for server, runs in zip(servers, rounds, strict=True):
                        runs.append(await load_run(server, mock, typed, rate, int(rate * SECONDS)))
                bare, ours = (merged(runs) for runs in rounds)
                pairs.append((bare, ours))
        finally:
            for server in servers:
                server.stop()
    return pairs


def compare(ours: Run, bare: Run) -> str:
    p99 = ours.reply_p99 / bare.reply_p99
    cpu = ours.cpu_per_request / bare.cpu_per_request
    met = p99 <= 2 and ours.reply_p99 < 0.050 and ours.lost == 0 and cpu <= 1.3
    return (
        f"    glossbot / bare at {ours.rate}/s: reply p99 x{p99:.2f} (target <= 2, and < 50 ms),"
        f" CPU per request x{cpu:.2f} (target <= 1.3), lost {ours.lost}:"
        f" {'met' if met else 'NOT met'}"
    )


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


async def bench(rates: Sequence[int], *, two_workers: bool = True) -> None:
    mock = MockSlack()
    await mock.start()
    cores = server_cores(1)
    if cores is not None:  # this process (load client, mock Slack) keeps off the server's core
        os.sched_setaffinity(0, os.sched_getaffinity(0) - cores)
    pinned = "unpinned" if cores is None else f"server on core {min(cores)}, client on the rest"
    try:
        print(f"Slack /define, open loop over loopback ({ROUNDS} x {SECONDS:.0f} s per rate,"
              f" {pinned}), load average {load_average()}:")  # fmt: skip
        pairs = await measure(1, rates, mock)
        runs = [run for pair in pairs for run in pair]
        for bare, ours in pairs:
            print(bare.line())
            print(ours.line())
            print(compare(ours, bare))
        if two_workers:
            print("  through two workers (one SQLite file, requests dealt round-robin, unpinned):")
            two = await measure(2, rates[-1:], mock)
            for bare, ours in two:
                print(bare.line())
                print(ours.line())
                print(compare(ours, bare))
            runs += [run for pair in two for run in pair]
        client = max(r.client_cpu for r in runs)
        print(f"  (the load client and mock used at most {client * 1e3:.2f} ms CPU per request;"
              f" load average now {load_average()})")  # fmt: skip
    finally:
        await mock.stop()


def main(argv: Sequence[str] = ()) -> None:
    """`python -m tests.bench.slack_define [--one] [RATE ...]`: other rates than 500 and
    1,000; `--one` leaves out the two-worker run."""
    rates = tuple(int(a) for a in argv if a != "--one") or RATES
    asyncio.run(bench(rates, two_workers="--one" not in argv))


if __name__ == "__main__":
    main(sys.argv[1:])
