"""Connecting to PostgreSQL: one clear line and exit 2 at start; "try again" while it is away."""

from __future__ import annotations

import asyncio
import random

import pytest

from adapters.cli import main
from adapters.console import ConsoleSession
from bot.config import Config
from bot.content import Content
from bot.core import Core
from bot.store.errors import TRY_AGAIN, StoreUnavailable
from tests.conftest import FakeClock
from tests.scenarios.test_quiz import text_of
from tests.store import pg_server


def test_a_wrong_password_stops_start_up_with_one_line_and_exit_2(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = postgres_url.replace(pg_server.PASSWORD, "not-the-password")
    monkeypatch.setenv("GLOSSBOT_DATABASE_URL", wrong)
    assert main(["console"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("glossbot: cannot connect to postgresql://glossbot@127.0.0.1:")
    assert 'password authentication failed for user "glossbot"' in err
    assert "not-the-password" not in err and "\n" not in err


def test_an_unreachable_server_stops_start_up_with_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = pg_server.free_port()  # nothing listens there
    monkeypatch.setenv("GLOSSBOT_DATABASE_URL", f"postgresql://u:secret@127.0.0.1:{port}/db")
    assert main(["console"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"glossbot: cannot connect to postgresql://u@127.0.0.1:{port}/db: ")
    assert "secret" not in err and "\n" not in err


def test_a_url_that_is_not_postgresql_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GLOSSBOT_DATABASE_URL", "mysql://u@h/db")
    assert main(["console"]) == 2
    assert "database_url: expected postgresql://" in capsys.readouterr().err


async def test_while_the_server_is_away_users_are_told_to_try_again_then_it_reconnects(
    own_server: pg_server.TempPostgres, content: Content
) -> None:
    from bot.store.pg import PostgresStore

    store = PostgresStore(own_server.url, backoff=(0.01, 0.05))
    await store.open()
    core = Core(Config(), content, store, clock=FakeClock(), rng=random.Random(7))
    alice = ConsoleSession(core, "alice", admin=True)
    try:
        [asked] = await alice.send("/quiz")
        assert asked.buttons
        own_server.stop("immediate")
        [reply] = await alice.send("/quiz")
        assert text_of(reply) == TRY_AGAIN
        with pytest.raises(StoreUnavailable):
            await store.schedules()
        own_server.resume()
        for _ in range(200):  # the pool dials again once the backoff has passed
            try:
                await store.schedules()
                break
            except StoreUnavailable:
                await asyncio.sleep(0.02)
        [again] = await alice.send("/quiz")
        assert "still open" in text_of(again)  # the question from before the outage
    finally:
        await store.close()
