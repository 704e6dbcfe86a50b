"""/glossary reload: validate first, swap atomically, report changes, keep serving on errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.console import ConsoleSession
from bot.config import Config, GlossaryConfig
from bot.core import Core
from bot.replies import Card

MANIFEST = """\
sources:
  - file: terms.yaml
    format: canonical
    title: Team terms
"""
TERMS = """\
entries:
  - name: Feature Store
    definition: A shared place to keep features for training and serving alike.
  - name: Data Drift
    definition: When production inputs stop looking like the training data over time.
  - name: Shadow Deployment
    definition: Running a new model beside the old one without serving its answers.
"""


@pytest.fixture
async def admin(tmp_path: Path) -> AsyncIterator[ConsoleSession]:
    (tmp_path / "manifest.yaml").write_text(MANIFEST)
    (tmp_path / "terms.yaml").write_text(TERMS)
    config = Config(
        data_dir=str(tmp_path / "data"),
        glossary=GlossaryConfig(manifest=str(tmp_path / "manifest.yaml")),
    )
    core = await Core.start(config)
    yield ConsoleSession(core, "root", admin=True)
    await core.close()


def body(session_reply: object) -> str:
    return session_reply.parts[0].body  # type: ignore[attr-defined,no-any-return]


async def test_reload_reports_added_removed_changed(admin: ConsoleSession, tmp_path: Path) -> None:
    edited = TERMS.replace("over time", "over weeks").replace(
        "  - name: Shadow Deployment\n"
        "    definition: Running a new model beside the old one without serving its answers.\n",
        "  - name: Canary Release\n"
        "    definition: Sending a small share of traffic to a new model first.\n",
    )
    (tmp_path / "terms.yaml").write_text(edited)
    [reply] = await admin.send("/glossary reload")
    text = body(reply)
    assert "Reloaded: 3 entries (+1 added, -1 removed, ~1 changed" in text
    assert "+ Canary Release" in text
    assert "- Shadow Deployment" in text
    assert "~ Data Drift" in text
    [card_reply] = await admin.send("/define canary release")
    assert isinstance(card_reply.parts[0], Card)


async def test_broken_yaml_keeps_the_old_glossary(admin: ConsoleSession, tmp_path: Path) -> None:
    (tmp_path / "terms.yaml").write_text("entries:\n  - name: [unclosed\n")
    [reply] = await admin.send("/glossary reload")
    text = body(reply)
    assert "Reload failed: still serving the previous glossary (3 entries)" in text
    assert "terms.yaml:" in text
    [still] = await admin.send("/define feature store")
    assert isinstance(still.parts[0], Card)


async def test_missing_source_is_an_error_with_its_name(
    admin: ConsoleSession, tmp_path: Path
) -> None:
    (tmp_path / "terms.yaml").unlink()
    [reply] = await admin.send("/glossary reload")
    assert "terms.yaml" in body(reply)
    assert "file not found" in body(reply)


async def test_members_cannot_reload(admin: ConsoleSession) -> None:
    before = admin.core.last_reload
    member = ConsoleSession(admin.core, "bob", admin=False)
    [reply] = await member.send("/glossary reload")
    assert reply.is_error
    assert "Only admins" in body(reply)
    assert admin.core.last_reload is before


async def test_lookups_during_a_reload_are_answered(admin: ConsoleSession, tmp_path: Path) -> None:
    (tmp_path / "terms.yaml").write_text(TERMS.replace("alike", "alike, in one place"))
    lookups = [admin.core.run_line(admin.context(), "/define data drift") for _ in range(50)]
    results = await asyncio.gather(admin.core.reload(), *lookups)
    report, answers = results[0], results[1:]
    assert report.ok  # type: ignore[union-attr]
    assert all(isinstance(a.parts[0], Card) for a in answers)  # type: ignore[union-attr]


async def test_status_after_a_failed_reload_shows_the_failure_and_keeps_the_warnings(
    tmp_path: Path,
) -> None:
    (tmp_path / "manifest.yaml").write_text(MANIFEST)
    (tmp_path / "terms.yaml").write_text(TERMS + "    see_also: [Model Registry]\n")
    config = Config(
        data_dir=str(tmp_path / "data"),
        glossary=GlossaryConfig(manifest=str(tmp_path / "manifest.yaml")),
    )
    core = await Core.start(config)
    try:
        admin = ConsoleSession(core, "root", admin=True)
        fields = await status_fields(admin)
        assert "1 warnings" in fields["Loaded"]
        assert "Last reload FAILED" not in fields

        (tmp_path / "manifest.yaml").write_text("sources: [\n")
        [failed] = await admin.send("/glossary reload")
        assert "Reload failed" in body(failed)
        fields = await status_fields(admin)
        assert "1 warnings" in fields["Loaded"]
        assert "Model Registry" in fields["Loaded"]
        failure = fields["Last reload FAILED"]
        assert f"{core.clock.now():%Y-%m-%d %H:%M} UTC, 1 errors" in failure
        assert "still serving" in failure
        assert "manifest.yaml" in failure
    finally:
        await core.close()


async def status_fields(admin: ConsoleSession) -> dict[str, str]:
    [reply] = await admin.send("/glossary status")
    card = reply.parts[0]
    assert isinstance(card, Card)
    return {f.name: f.value for f in card.fields}
