"""`/glossary reload` on one instance reloads every instance sharing a PostgreSQL database.

Each instance is a real `Core` on its own pool and its own listening connection (and, in
one test, a real `glossbot console` process), all on the suite's PostgreSQL server.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import asyncpg
import pytest

from adapters.console import ConsoleSession
from bot.config import Config, GlossaryConfig
from bot.core import Core
from bot.replies import Card, Reply
from bot.store.pg import PostgresStore
from bot.store.pg.notify import PostgresBroadcast
from tests.conftest import ROOT
from tests.scenarios.test_reload import MANIFEST, TERMS
from tests.store import pg_server
from tests.store.pg_server import fresh_schema

CANARY = (
    "  - name: Canary Release\n"
    "    definition: Sending a small share of traffic to a new model before the rest.\n"
)

Start = Callable[[Path], Awaitable[Core]]


def content_dir(root: Path) -> Path:
    """A manifest and its one source, as an instance's own copy of the content."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.yaml").write_text(MANIFEST)
    (root / "terms.yaml").write_text(TERMS)
    return root


def config_for(root: Path) -> Config:
    manifest = str(root / "manifest.yaml")
    return Config(data_dir=str(root / "data"), glossary=GlossaryConfig(manifest=manifest))


@pytest.fixture
async def url(postgres_url: str) -> str:
    return await fresh_schema(postgres_url)


@pytest.fixture
async def start(url: str) -> AsyncIterator[Start]:
    """Start instances on the test's schema, each with its own pool; close them after."""
    started: list[Core] = []

    async def one(root: Path) -> Core:
        core = await Core.start(config_for(root), store=PostgresStore(url, pool_size=2))
        started.append(core)
        return core

    yield one
    for core in started:
        await core.close()


async def reload_on(core: Core) -> str:
    [reply] = await ConsoleSession(core, "root", admin=True).send("/glossary reload")
    return text(reply)


async def define(core: Core, term: str) -> Reply:
    [reply] = await ConsoleSession(core, "bob").send(f"/define {term}")
    return reply


def text(reply: Reply) -> str:
    body: str = reply.parts[0].body  # type: ignore[union-attr]
    return body


def listener(core: Core) -> PostgresBroadcast:
    assert isinstance(core.broadcast, PostgresBroadcast)
    return core.broadcast


async def test_a_reload_on_one_instance_reaches_the_other(start: Start, tmp_path: Path) -> None:
    shared = content_dir(tmp_path / "content")
    a, b = await start(shared), await start(shared)
    assert not isinstance((await define(b, "canary release")).parts[0], Card)

    (shared / "terms.yaml").write_text(TERMS + CANARY)
    reply = await reload_on(a)

    assert reply.splitlines()[0] == "Reloaded 4 entries on 2 instances."
    assert "This instance: 4 entries (+1 added" in reply and "+ Canary Release" in reply
    card = (await define(b, "canary release")).parts[0]
    assert isinstance(card, Card) and card.title == "Canary Release"
    assert b.last_reload is not None and b.last_reload.ok and b.last_reload.entries == 4
    [status] = await ConsoleSession(a, "root", admin=True).send("/glossary status")
    fields = {f.name: f.value for f in status.parts[0].fields}  # type: ignore[union-attr]
    assert "Reloaded 4 entries on 2 instances." in fields["Last reload from this instance"]


async def test_a_broken_source_keeps_the_old_glossary_everywhere(
    start: Start, tmp_path: Path
) -> None:
    shared = content_dir(tmp_path / "content")
    a, b = await start(shared), await start(shared)

    (shared / "terms.yaml").write_text("entries:\n  - name: [unclosed\n")
    reply = await reload_on(a)

    first = reply.splitlines()[0]
    assert first.startswith("Reloaded on 0 of 2 instances; 2 failed: this instance: ")
    assert "terms.yaml:" in first and "keeps serving its previous glossary" in first
    assert "This instance: still serving the previous glossary (3 entries)." in reply
    for core in (a, b):
        assert isinstance((await define(core, "feature store")).parts[0], Card)
        assert core.last_reload is not None and not core.last_reload.ok


async def test_one_instance_failing_is_named_and_keeps_its_glossary(
    start: Start, tmp_path: Path
) -> None:
    a = await start(content_dir(tmp_path / "a"))
    b_dir = content_dir(tmp_path / "b")
    b = await start(b_dir)
    (tmp_path / "a" / "terms.yaml").write_text(TERMS + CANARY)
    (b_dir / "terms.yaml").unlink()

    reply = await reload_on(a)

    first = reply.splitlines()[0]
    assert first.startswith(f"Reloaded on 1 of 2 instances; 1 failed: {b.broadcast.instance}: ")
    assert "terms.yaml" in first and "file not found" in first
    assert isinstance((await define(a, "canary release")).parts[0], Card)
    assert not isinstance((await define(b, "canary release")).parts[0], Card)
    assert isinstance((await define(b, "feature store")).parts[0], Card)


async def test_the_listener_survives_a_dropped_connection(
    start: Start, tmp_path: Path, url: str
) -> None:
    shared = content_dir(tmp_path / "content")
    a, b = await start(shared), await start(shared)
    dropped = await listener(b).listening()
    admin = await asyncpg.connect(url)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", dropped)
    finally:
        await admin.close()
    async with asyncio.timeout(30):  # a bound, not a measure: never hang the suite
        again = await listener(b).listening(other_than=dropped)
    assert again != dropped

    (shared / "terms.yaml").write_text(TERMS + CANARY)
    assert (await reload_on(a)).splitlines()[0] == "Reloaded 4 entries on 2 instances."
    assert isinstance((await define(b, "canary release")).parts[0], Card)


async def test_an_instance_that_never_answers_is_counted_as_silent(
    start: Start, tmp_path: Path, url: str
) -> None:
    a = await start(content_dir(tmp_path / "content"))
    channel = listener(a).channel
    listener(a).window = 0.5
    # A listener on the channel that never answers: a hung instance, as PostgreSQL sees it.
    hung = await asyncpg.connect(url, server_settings={"application_name": channel})
    try:
        await hung.add_listener(channel, lambda *_: None)
        reply = await reload_on(a)
    finally:
        await hung.close()
    assert reply.splitlines()[0] == ("Reloaded on 1 of 2 instances; 1 did not answer within 0.5 s.")


async def test_instances_in_another_schema_are_not_asked(
    start: Start, tmp_path: Path, postgres_url: str
) -> None:
    a = await start(content_dir(tmp_path / "a"))
    elsewhere = await Core.start(
        config_for(content_dir(tmp_path / "other")),
        store=PostgresStore(await fresh_schema(postgres_url), pool_size=2),
    )
    try:
        reply = await reload_on(a)
        assert reply.splitlines()[0] == "Reloaded 3 entries on 1 instance (the only one connected)."
        assert listener(a).channel != listener(elsewhere).channel
    finally:
        await elsewhere.close()


async def test_a_second_process_reloads_and_logs_it(start: Start, tmp_path: Path, url: str) -> None:
    shared = content_dir(tmp_path / "content")
    config = tmp_path / "glossbot.yaml"
    # The console keeps INFO lines off its screen; at debug it logs like any instance.
    config.write_text(
        f"log_level: debug\ndata_dir: {tmp_path / 'data'}\n"
        f"glossary:\n  manifest: {shared / 'manifest.yaml'}\n"
    )
    env = {**os.environ, "GLOSSBOT_CONFIG": str(config), "GLOSSBOT_DATABASE_URL": url}
    pipe = asyncio.subprocess.PIPE
    console = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "console", cwd=ROOT, env=env,
        stdin=pipe, stdout=pipe, stderr=pipe,
    )  # fmt: skip
    assert console.stdin and console.stdout and console.stderr
    try:
        async with asyncio.timeout(120):  # a bound, not a measure: never hang the suite
            assert "3 entries loaded" in (await console.stdout.readline()).decode()
            a = await start(shared)
            (shared / "terms.yaml").write_text(TERMS + CANARY)
            assert (await reload_on(a)).splitlines()[0] == "Reloaded 4 entries on 2 instances."
            logged = ""
            while "reloaded (asked by" not in logged:
                logged = (await console.stderr.readline()).decode()
                assert logged, "the console ended without logging its reload"
            assert f"(asked by {a.broadcast.instance}): 4 entries (+1 -0 ~0)" in logged
            console.stdin.write(b"/define canary release\nquit\n")
            out = (await console.stdout.read()).decode()
            assert await console.wait() == 0
    finally:
        if console.returncode is None:
            console.kill()
            await console.wait()
    assert "== Canary Release ==" in out


async def test_after_a_server_restart_every_listener_is_back(
    own_server: pg_server.TempPostgres, tmp_path: Path
) -> None:
    shared = content_dir(tmp_path / "content")
    cores = [
        await Core.start(
            config_for(shared), store=PostgresStore(own_server.url, backoff=(0.01, 0.05))
        )
        for _ in range(2)
    ]
    a, b = cores
    try:
        before = [await listener(core).listening() for core in cores]
        own_server.stop("immediate")
        (shared / "terms.yaml").write_text(TERMS + CANARY)
        # The server is away: this instance still reloads, and says the others were not asked.
        alone = await reload_on(a)
        assert alone.startswith("Reloaded on this instance only: "), alone
        assert "This instance: 4 entries (+1 added" in alone
        own_server.resume()
        async with asyncio.timeout(60):  # a bound, not a measure: never hang the suite
            for core, old in zip(cores, before, strict=True):
                await listener(core).listening(other_than=old)
            while (reply := await reload_on(a)).startswith("Reloaded on this instance only"):
                await asyncio.sleep(0.05)  # the pool's backoff gate, then fresh connections
        assert reply.splitlines()[0] == "Reloaded 4 entries on 2 instances."
        assert isinstance((await define(b, "canary release")).parts[0], Card)
    finally:
        for core in cores:
            await core.close()
