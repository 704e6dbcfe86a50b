"""The Slack load bench's own HTTP, on bare asyncio protocols: the load client and mock Slack.

At 1,000 requests/s an aiohttp client and an aiohttp mock server cost this process about
as much CPU as the server under test (1.7 ms per request, measured), and on a 2-core
machine they then starve it: what the bench measured was partly itself. Here every
request is built before the clock starts, answers and replies are read with a few byte
searches, and connections are kept alive, so the client side costs a small fraction of
the server's (the bench prints it).

- `MockSlack`: `POST /api/<method>` answers `{"ok": true, ...}` (`auth.test` names the
  team); `POST /respond/<n>` records when reply `n` arrived (the first copy) and answers
  "ok". HTTP/1.1 keep-alive, and a client that closes after one request, both work.
- `Client`: sends prepared requests over a pool of kept-alive connections (a new one when
  all are busy), and hands back each answer's status when it is complete.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.store.pg_server import free_port

TEAM = "T0BENCH"
OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
API_OK = json.dumps({"ok": True, "team_id": TEAM, "user_id": "U0BOT"}).encode()
API_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
    % (len(API_OK), API_OK)
)
HEAD_END = b"\r\n\r\n"


def _content_length(head: bytes) -> int:
    """The Content-Length of a request or response head (0 when it has none)."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


class _Messages(asyncio.Protocol):
    """Splits a byte stream into HTTP messages (head, body) by Content-Length."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            end = self._buffer.find(HEAD_END)
            if end < 0:
                return
            head = self._buffer[:end]
            size = _content_length(head)
            total = end + len(HEAD_END) + size
            if len(self._buffer) < total:
                return
            body = self._buffer[end + len(HEAD_END) : total]
            self._buffer = self._buffer[total:]
            self.message(head, body)

    def message(self, head: bytes, body: bytes) -> None:
        raise NotImplementedError


class _SlackSide(_Messages):
    def __init__(self, mock: MockSlack) -> None:
        super().__init__()
        self._mock = mock

    def message(self, head: bytes, body: bytes) -> None:
        assert self.transport is not None
        path = head.split(b" ", 2)[1]
        if path.startswith(b"/respond/"):
            self._mock.arrived.setdefault(int(path[9:]), time.monotonic())
            self.transport.write(OK)
        else:
            self.transport.write(API_ANSWER)


@dataclass
class MockSlack:
    """The Web API (`auth.test` and friends) and every `response_url`, on loopback."""

    arrived: dict[int, float] = field(default_factory=dict)
    url: str = ""
    issued: int = 0
    _server: asyncio.Server | None = None

    async def start(self) -> None:
        port = free_port()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _SlackSide(self), "127.0.0.1", port)
        self.url = f"http://127.0.0.1:{port}/"

    def reserve(self, count: int) -> int:
        """The first of `count` fresh `response_url` numbers."""
        self.issued += count
        return self.issued - count

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


class _Connection(_Messages):
    """One kept-alive client connection: one request at a time, answered in order."""

    def __init__(self, lost: Callable[[_Connection], None]) -> None:
        super().__init__()
        self.waiting: asyncio.Future[int] | None = None
        self._lost = lost

    def send(self, request: bytes) -> asyncio.Future[int]:
        assert self.transport is not None
        self.waiting = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiting

    def message(self, head: bytes, body: bytes) -> None:
        waiting, self.waiting = self.waiting, None
        if waiting is not None and not waiting.done():
            waiting.set_result(int(head.split(b" ", 2)[1]))

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost(self)
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result(0)


class Client:
    """Prepared requests to one `host:port`, each on a free kept-alive connection."""

    def __init__(self, host: str, port: int) -> None:
        self._address = (host, port)
        self._idle: list[_Connection] = []
        self._open: set[_Connection] = set()

    @staticmethod
    def request(host: str, port: int, path: str, headers: dict[str, str], body: bytes) -> bytes:
        lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def send(self, request: bytes) -> int:
        """The answer's HTTP status; 0 when the connection failed or closed first."""
        try:
            connection = self._idle.pop() if self._idle else await self._connect()
        except OSError:
            return 0
        status = await connection.send(request)
        if connection in self._open:
            self._idle.append(connection)
        return status

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(
            lambda: _Connection(self._forget), *self._address
        )
        self._open.add(connection)
        return connection

    def _forget(self, connection: _Connection) -> None:
        self._open.discard(connection)
        if connection in self._idle:
            self._idle.remove(connection)

    def close(self) -> None:
        for connection in list(self._open):
            if connection.transport is not None:
                connection.transport.close()
