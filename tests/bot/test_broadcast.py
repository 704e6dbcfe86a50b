"""The reload broadcast without a server: the admin's wording, the wire format, the seam."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.broadcast import (
    Elsewhere,
    Everywhere,
    InstanceReload,
    LocalBroadcast,
    broadcast_for,
    instances_line,
)
from bot.content import ReloadReport
from bot.store import SqliteStore
from bot.store.pg.notify import Answer, Request, channel_for, decode, encode
from knowledge import Changes, Diagnostic, Level
from tests.test_architecture import imported_modules, python_files

AT = datetime(2026, 12, 1, 9, tzinfo=UTC)
BROKEN = Diagnostic("terms.yaml", 3, Level.ERROR, "YAML syntax error")


def here(ok: bool = True, entries: int = 215) -> ReloadReport:
    return ReloadReport(ok, Changes(), () if ok else (BROKEN,), (), entries, AT)


def other(name: str, ok: bool = True, entries: int = 215) -> InstanceReload:
    return InstanceReload(name, ok, entries, 0, "" if ok else "terms.yaml:3: error: gone")


@pytest.mark.parametrize(
    ("report", "elsewhere", "line"),
    [
        (
            here(),
            Elsewhere((other("b"), other("c")), 2, 10),
            "Reloaded 215 entries on 3 instances.",
        ),
        (
            here(),
            Elsewhere((), 0, 10),
            "Reloaded 215 entries on 1 instance (the only one connected).",
        ),
        (
            here(),
            Elsewhere((other("b", entries=214),), 1, 10),
            "Reloaded on 2 instances: 215 here, 214 on b.",
        ),
        (
            here(),
            Elsewhere((other("b"), other("c", ok=False)), 2, 10),
            "Reloaded on 2 of 3 instances; 1 failed: c: terms.yaml:3: error: gone. "
            "An instance that failed keeps serving its previous glossary.",
        ),
        (
            here(ok=False),
            Elsewhere((other("b", ok=False),), 1, 10),
            "Reloaded on 0 of 2 instances; 2 failed: this instance: terms.yaml:3: error: "
            "YAML syntax error. An instance that failed keeps serving its previous glossary.",
        ),
        (
            here(),
            Elsewhere((other("b"),), 3, 10),
            "Reloaded on 2 of 4 instances; 2 did not answer within 10 s.",
        ),
        (  # one that connected after the count still answered: it is counted, not lost
            here(),
            Elsewhere((other("b"), other("c")), 1, 10),
            "Reloaded 215 entries on 3 instances.",
        ),
        (
            here(),
            Elsewhere(problem="the database is not reachable"),
            "Reloaded on this instance only: the database is not reachable, "
            "so no other instance was asked.",
        ),
    ],
)
def test_the_reply_says_what_is_known(
    report: ReloadReport, elsewhere: Elsewhere, line: str
) -> None:
    assert instances_line(Everywhere(report, "a", elsewhere)) == line


def test_requests_and_answers_survive_the_wire() -> None:
    asked = Request("9f3a", "web-1:7:ab12")
    said = Answer("9f3a", other("web-2:8:cd34", ok=False))
    assert decode(encode(asked)) == asked
    assert decode(encode(said)) == said


@pytest.mark.parametrize(
    "payload", ["", "hello", "[]", '{"kind": "reload"}', '{"kind": "other", "id": "1"}']
)
def test_anything_else_on_the_channel_is_ignored(payload: str) -> None:
    assert decode(payload) is None


def test_a_long_schema_name_still_makes_a_valid_channel() -> None:
    assert channel_for("public") == "glossbot_reload_public"
    long = channel_for("s" * 63)
    assert len(long) <= 63 and long != channel_for("s" * 62 + "t")


def test_one_process_has_nobody_to_tell() -> None:
    assert isinstance(broadcast_for(SqliteStore(":memory:")), LocalBroadcast)


def test_only_the_postgresql_store_imports_asyncpg() -> None:
    for path in python_files("bot"):
        if "asyncpg" in {m.split(".")[0] for m in imported_modules(path)}:
            assert path.parent.name == "pg", path
