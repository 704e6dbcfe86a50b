"""Every slash command through discord.py's CommandTree, from a raw payload to what Discord got."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cards import see_also
from bot.config import Config, DiscordConfig
from bot.content import Content
from tests.adapters.discord.harness import (
    ADMIN_ROLE_ID,
    ALICE,
    BOB,
    OWNER,
    QUIZ_CHANNEL_ID,
    QUIZMASTER,
    button,
    buttons,
    running_bot,
)

CHANNEL_MESSAGE, DEFERRED, MODAL, AUTOCOMPLETE = 4, 5, 9, 8
MRKL_SYSTEM = "Modular Reasoning Knowledge and Language (MRKL) System"  # "mrkl" means two entries


async def test_define_answers_at_once_in_public_with_an_embed(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        done = await bot.command("define", term="what is mlops?")
    assert done.callback_types == [CHANNEL_MESSAGE]  # sub-millisecond: no deferral needed
    assert not done.ephemeral
    [embed] = done.message["embeds"]
    assert embed["title"] == "MLOps"
    assert "Sources" in [f["name"] for f in embed["fields"]]


async def test_define_private_is_ephemeral(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        done = await bot.command("define", term="mlops", private=True)
    assert done.ephemeral and done.message["embeds"][0]["title"] == "MLOps"


async def test_did_you_mean_buttons_open_the_entry_privately(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        asked = await bot.command("define", term="mrkl", by=ALICE)
        assert "could mean" in asked.text
        labels = [b["label"] for b in buttons(asked.message)]
        assert MRKL_SYSTEM in labels
        opened = await bot.click(asked.message, MRKL_SYSTEM, by=BOB)
    assert opened.callback_types == [CHANNEL_MESSAGE]
    assert opened.ephemeral
    assert opened.message["embeds"][0]["title"] == MRKL_SYSTEM


async def test_see_also_buttons_open_the_related_entry(content: Content, tmp_path: Path) -> None:
    entry, related = next(
        (e, held[0]) for e in content.glossary if (held := see_also(content, e)[0])
    )
    async with running_bot(content, tmp_path / "g.db") as bot:
        shown = await bot.command("define", term=entry.name)
        opened = await bot.click(shown.message, related.name[:80])
    assert opened.message["embeds"][0]["title"] == related.name


async def test_read_the_rest_of_a_long_definition(content: Content, tmp_path: Path) -> None:
    entry = max(content.glossary, key=lambda e: len(e.definition))
    async with running_bot(content, tmp_path / "g.db") as bot:
        shown = await bot.command("define", term=entry.name)
        rest = await bot.click(shown.message, "Read the rest")
        assert rest.ephemeral and "(continued)" in rest.text
        on = await bot.click(rest.message, "Read on") if "Read on" in str(rest.message) else rest
    assert on.ephemeral


async def test_autocomplete_suggests_at_most_25_names_from_memory(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        typed = await bot.autocomplete("define", "term", "trans")
        empty = await bot.autocomplete("define", "term", "")
    assert typed.callback_types == [AUTOCOMPLETE]
    names = [c["name"] for c in typed.choices]
    assert names and any(n.lower().startswith("transform") for n in names)
    for answer in (typed, empty):
        assert 0 < len(answer.choices) <= 25
        assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in answer.choices)


async def test_search_random_and_help(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        found = await bot.command("search", words="training data memorise")
        random_term = await bot.command("random")
        helped = await bot.command("help")
        one = await bot.command("help", command="quiz")
    assert "Best matches" in found.text and buttons(found.message)
    assert random_term.message["embeds"][0]["title"]
    assert helped.ephemeral and "/define" in helped.text and "/quizadmin" not in helped.text
    assert "/quiz" in one.text


async def test_everyone_in_a_query_pings_nobody(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        exchanges = [
            await bot.command("define", term="@everyone <@&123456789012345678> **boom**"),
            await bot.command("search", words="@here zzqx"),
            await bot.command("help", command="@everyone"),
        ]
    for done in exchanges:
        for call in done.calls:
            if call.message_data is not None:
                assert call.message_data["allowed_mentions"] == {"parse": []}
        text = done.text
        assert "@everyone" not in text and "@here" not in text
        assert "<@&123456789012345678>" not in text
    assert "\\*\\*boom\\*\\*" in exchanges[0].text  # markdown shown, not applied
    assert "@everyone" in json.dumps(exchanges[0].message, ensure_ascii=False).replace("\u200b", "")


async def test_define_works_in_a_dm_and_guild_commands_say_why_not(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        defined = await bot.command("define", term="mlops", dm=True)
        quiz = await bot.command("quiz", dm=True)
        score = await bot.command("score", dm=True)
    assert defined.message["embeds"][0]["title"] == "MLOps"
    for refused in (quiz, score):
        assert refused.ephemeral and "server channel" in refused.text


async def test_a_member_is_refused_admin_commands(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        for name in (
            "glossary reload",
            "glossary status",
            "quizadmin schedules",
            "quizadmin close",
        ):
            refused = await bot.command(name, by=ALICE)
            assert refused.callback_types[0] == DEFERRED
            assert refused.ephemeral and "Only admins" in refused.text, name
        store_untouched = await bot.core.store.schedules()
    assert store_untouched == []


async def test_manage_server_or_a_configured_role_makes_an_admin(
    content: Content, tmp_path: Path
) -> None:
    config = Config(discord=DiscordConfig(admin_roles=("quizmaster",)))
    async with running_bot(content, tmp_path / "g.db", config=config) as bot:
        bot.add_guild({ADMIN_ROLE_ID: "Quizmaster"})
        reloaded = await bot.command("glossary reload", by=OWNER)
        status = await bot.command("glossary status", by=QUIZMASTER)
    assert reloaded.ephemeral and reloaded.text.startswith("Reloaded:")
    assert status.ephemeral and "Glossary status" in status.text


async def test_quiz_admin_schedules(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        added = await bot.command(
            "quizadmin schedule",
            by=OWNER,
            channel=QUIZ_CHANNEL_ID,
            time="09:30",
            timezone="Europe/Paris",
        )
        listed = await bot.command("quizadmin schedules", by=OWNER)
        removed = await bot.command("quizadmin unschedule", by=OWNER, channel=QUIZ_CHANNEL_ID)
        again = await bot.command("quizadmin unschedule", by=OWNER, channel=QUIZ_CHANNEL_ID)
    assert added.ephemeral and f"<#{QUIZ_CHANNEL_ID}> at 09:30 Europe/Paris" in added.text
    assert f"<#{QUIZ_CHANNEL_ID}>" in listed.text
    assert "removed" in removed.text
    assert again.ephemeral and "has no daily quiz" in again.text


async def test_quiz_score_and_leaderboard_defer_then_answer(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        quiz = await bot.command("quiz", type="definition")
        score = await bot.command("score", by=ALICE)
        someone = await bot.command("score", by=ALICE, user=BOB)
        board = await bot.command("leaderboard", period="week", scope="channel")
        still_open = await bot.command("quiz", by=BOB)
        closed = await bot.command("quizadmin close", by=OWNER)
    for done in (quiz, score, board):
        assert done.callback_types == [DEFERRED] and not done.ephemeral
    assert quiz.message["embeds"][0]["title"].startswith("Quiz:")
    assert len(buttons(quiz.message)) >= 2
    assert "haven't answered" in score.text and "They haven't" in someone.text
    assert "Leaderboard: this channel, the last 7 days" in board.text
    # Deferred in public, answered in private: the "thinking…" message gives way.
    assert still_open.ephemeral and "still open" in still_open.text
    assert any(c.method == "DELETE" for c in still_open.calls)
    assert closed.ephemeral and "Closed question" in closed.text


async def test_practice_is_private_and_goes_on(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        asked = await bot.command("practice", by=BOB)
        assert asked.callback_types == [DEFERRED] and asked.ephemeral
        choice = (
            button(asked.message, prefix="answer:") if "answer:" in str(asked.message) else None
        )
        if choice is None:  # a free-answer practice question
            opened = await bot.click(asked.message, "Answer", by=BOB)
            answered = await bot.submit(opened.modal, "no idea", message=asked.message, by=BOB)
        else:
            answered = await bot.click(asked.message, choice["label"], by=BOB)
        assert answered.ephemeral
        following = await bot.click(answered.message, "Next question", by=BOB)
    assert following.ephemeral and following.message["embeds"][0]["title"].startswith("Practice")
