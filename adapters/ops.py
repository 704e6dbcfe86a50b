"""The operator's endpoints of every long-running mode: /livez, /readyz and /metrics.

- `GET /livez`: 200 while the process runs (restart it when this fails);
- `GET /readyz`: 200 when connected to the platform and the store, else 503 with the
  reason (send it no traffic until then: the rollout's readiness gate);
- `GET /metrics`: Prometheus text format 0.0.4 (`bot.metrics`).

Slack HTTP mode adds these routes to its own server; Discord and Slack Socket Mode serve
them on `--ops-port` (config `ops.port`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web

from bot import metrics
from bot.config import Config
from bot.errors import GlossbotError
from bot.store import Store

log = logging.getLogger(__name__)

Ready = Callable[[], Awaitable[str]]
"""Why the process is not ready yet, or "" when it is."""
STORE_TIMEOUT = 2.0


async def store_problem(store: Store) -> str:
    """A cheap query; "" when the store answers within STORE_TIMEOUT seconds."""
    try:
        await asyncio.wait_for(store.next_closing(), STORE_TIMEOUT)
    except Exception as exc:
        return f"store: {type(exc).__name__}"
    return ""


def add_routes(app: web.Application, ready: Ready) -> None:
    async def livez(request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(request: web.Request) -> web.Response:
        problem = await ready()
        if problem:
            return web.Response(status=503, text=f"not ready: {problem}\n")
        return web.Response(text="ready\n")

    async def metrics_page(request: web.Request) -> web.Response:
        body = metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": metrics.CONTENT_TYPE})

    app.router.add_get("/livez", livez)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_page)


async def serve(host: str, port: int, ready: Ready) -> tuple[web.AppRunner, int]:
    """Serve the three endpoints alone; return the runner (to clean up) and the bound port."""
    app = web.Application()
    add_routes(app, ready)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner, int(runner.addresses[0][1])


def add_port_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ops-port",
        type=int,
        metavar="PORT",
        help="serve /livez, /readyz and /metrics on this port (default: config ops.port; 0: off)",
    )


def port_from(config: Config, args: argparse.Namespace) -> int:
    chosen = getattr(args, "ops_port", None)
    return config.ops.port if chosen is None else int(chosen)


@asynccontextmanager
async def serving(port: int, ready: Ready, host: str = "0.0.0.0") -> AsyncIterator[int]:
    """The endpoints on `port` for the duration of the block (nothing when `port` is 0)."""
    if not port:
        yield 0
        return
    try:
        runner, bound = await serve(host, port, ready)
    except OSError as exc:
        raise GlossbotError(
            f"cannot serve the ops endpoints on port {port}: {exc.strerror}"
        ) from None
    log.info("ops endpoints on http://%s:%d (/livez /readyz /metrics)", host, bound)
    try:
        yield bound
    finally:
        await runner.cleanup()
