"""How replies look in a terminal: Markdown as styles or plain text, wrapped, cut, safe."""

from __future__ import annotations

from pathlib import Path

from adapters.console import ConsoleSession, render
from adapters.console.render import READ_MORE, fit
from bot.actions import Action
from bot.cards import term_card
from bot.content import Content, build_content
from bot.replies import Button, Card, Field, Reply, Text
from knowledge import load
from tests.adapters.test_console_repl import drive

BOLD = "\x1b[1m"


def test_markdown_is_plain_text_in_a_pipe_and_styles_on_a_terminal() -> None:
    reply = Reply((Text("1. **decoder**: uses `mask` and *attention*, not \\*stars\\*"),))
    assert render(reply) == "1. decoder: uses mask and attention, not *stars*"
    styled = render(reply, styled=True)
    assert f"{BOLD}decoder" in styled
    assert "\x1b[3mattention" in styled  # italics
    assert "**" not in styled and "`" not in styled


def test_only_labels_are_bold_not_the_values_after_them() -> None:
    card = Card(title="Score: bob", fields=(Field("Points", "30", inline=True),))
    reply = Reply((card,), buttons=(Button("Alpha", Action.of("define", "x")),))
    styled = render(reply, styled=True)
    assert f"{BOLD}Points: \x1b[0m30" in styled
    assert f"{BOLD}[1] \x1b[0mAlpha" in styled


def test_every_line_fits_the_width(content: Content) -> None:
    entry = next(e for e in content.glossary.entries if len(e.definition) > 3000)
    for width in (50, 88, 120):
        shown = render(term_card(content, entry), width=width)
        assert max(len(line) for line in shown.splitlines()) <= width


def test_a_long_code_line_goes_on_in_the_next_row_instead_of_being_cut() -> None:
    code = "model.fit(" + "x, " * 40 + "epochs=3)"
    shown = render(Reply((Card(title="T", code=(code,)),)), width=50)
    rows = shown.splitlines()[2:]  # after the title and a blank line
    assert len(rows) > 1
    assert all(row.startswith("    ") and len(row) <= 50 for row in rows)
    assert "".join(row[4:] for row in rows) == code


async def test_a_long_definition_is_cut_with_a_button_for_the_rest(
    session: ConsoleSession,
) -> None:
    out = await drive(session, "/define old reinforcement learning\n")
    first = out.split("== Old Reinforcement learning ==")[1]
    [whole] = await session.send("/define old reinforcement learning")
    assert len(first.splitlines()) < len(render(whole).splitlines()) / 2
    assert f"] {READ_MORE}" in first
    number = next(ln for ln in first.splitlines() if READ_MORE in ln).split("]")[0].strip(" [")
    out = await drive(session, f"/define old reinforcement learning\n{number}\n")
    assert "Old Reinforcement learning (continued)" in out


def test_fit_leaves_short_definitions_alone(content: Content) -> None:
    entry = next(e for e in content.glossary.entries if e.name == "MLOps")
    reply = term_card(content, entry)
    assert fit(reply) is reply


async def test_score_fits_in_three_lines(session: ConsoleSession) -> None:
    await session.send("/quiz truefalse")
    await session.send("true")
    [score] = await session.send("/score")
    shown = render(score).splitlines()
    assert len(shown) <= 3, shown
    assert shown[0] == "== Score: alice =="
    assert "Points:" in shown[-1] and "Rank: #1" in shown[-1]


def test_control_sequences_and_bidi_overrides_never_reach_the_terminal() -> None:
    evil = "\x1b[2J\x1b]0;pwned\x07bob\u202e\u2066\x07\x00\x9b"
    card = Card(
        title=f"Score: {evil}",
        body=f"line {evil}",
        code=(f"x = {evil}",),
        fields=(Field("Who", evil),),
        links=((evil, "https://example.com"),),
    )
    reply = Reply((card, Text(evil)), buttons=(Button(evil, Action.of("define", "x")),))
    for styled in (False, True):
        shown = render(reply, styled=styled)
        assert "bob" in shown
        for bad in ("\x1b]", "\x1b[2J", "\x07", "\x00", "\x9b", "\u202e", "\u2066", "pwned\x07"):
            assert bad not in shown


async def test_a_user_name_with_escape_sequences_is_shown_inert(session: ConsoleSession) -> None:
    mallory = ConsoleSession(session.core, "mal\x1b[31mlory\u202e")
    await mallory.send("/quiz truefalse")
    await mallory.send("false")
    out = await drive(mallory, "/leaderboard\n/score\n")
    assert "\x1b" not in out and "\u202e" not in out
    assert "mallory" in out


def _tiny_content(tmp_path: Path) -> Content:
    (tmp_path / "manifest.yaml").write_text(
        "sources:\n  - file: tiny.yaml\n    format: canonical\n    title: Tiny\n"
    )
    (tmp_path / "tiny.yaml").write_text(
        "entries:\n"
        "  - name: Stub\n    see_also: [Real Thing]\n"
        "  - name: Real Thing\n    definition: A thing that is real.\n"
        "  - name: Lonely\n"
    )
    result = load(tmp_path / "manifest.yaml")
    assert result.glossary is not None
    from datetime import UTC, datetime

    return build_content(result.glossary, datetime(2026, 3, 2, tzinfo=UTC))


def test_an_empty_entry_names_its_related_entries_right_there(tmp_path: Path) -> None:
    content = _tiny_content(tmp_path)
    stub, lonely = (content.resolver.exact(name)[0] for name in ("Stub", "Lonely"))  # type: ignore[index]
    shown = render(term_card(content, stub))
    assert "This entry has no definition yet. Related entries: Real Thing." in shown
    assert "[1] Real Thing" in shown
    assert "no definition yet. Nothing more is known yet." in render(term_card(content, lonely))
