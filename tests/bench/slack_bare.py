"""The Slack load bench's baseline server: a bare slack-bolt `AsyncApp` on aiohttp.

`python -m tests.bench.slack_bare PORT` serves `POST /slack/events` and `GET /healthz` on
127.0.0.1:PORT, as glossbot's HTTP mode does (same adapter functions, same aiohttp
server), with one `/define` listener that acks and responds through the `response_url`
with a fixed card, and nothing else: no lookup, no store. It reads the same variables as
`glossbot slack --http` (`SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET`, `SLACK_API_URL`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond

CARD = [
    {"type": "header", "text": {"type": "plain_text", "text": "Attention", "emoji": True}},
    {"type": "section", "text": {"type": "mrkdwn", "text": "_Weighs tokens._", "verbatim": True}},
]


def bare_app() -> AsyncApp:
    app = AsyncApp(
        token=os.environ["SLACK_BOT_TOKEN"], signing_secret=os.environ["SLACK_SIGNING_SECRET"]
    )
    app.client.base_url = os.environ["SLACK_API_URL"]

    @app.command("/define")
    async def define(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(response_type="ephemeral", text="Attention: weighs tokens.", blocks=CARD)

    return app


async def serve(port: int) -> None:
    bolt = bare_app()

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
