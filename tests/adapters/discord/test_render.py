"""The Discord renderer on real glossary entries: every limit, buttons, cuts, escaping."""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord import render as r
from adapters.discord.render import render
from bot.actions import Action
from bot.cards import term_card
from bot.content import Content
from bot.replies import Button, Card, Field, Reply, Style, Text
from knowledge import Entry


def assert_within_limits(reply: Reply) -> None:
    rendered = render(reply)
    assert rendered.content is None or len(rendered.content) <= r.CONTENT
    assert len(rendered.embeds) <= r.EMBEDS
    assert sum(len(e) for e in rendered.embeds) <= r.TOTAL
    for embed in rendered.embeds:
        data: dict[str, Any] = embed.to_dict()
        assert len(data.get("title", "")) <= r.TITLE
        assert len(data.get("description", "")) <= r.DESCRIPTION
        assert len(data.get("fields", [])) <= r.FIELDS
        for field in data.get("fields", []):
            assert 0 < len(field["name"]) <= r.FIELD_NAME
            assert 0 < len(field["value"]) <= r.FIELD_VALUE
        assert len(data.get("footer", {}).get("text", "")) <= r.FOOTER
    if rendered.view is not None:
        rows = rendered.view.to_components()
        assert len(rows) <= 5
        for row in rows:
            assert len(row["components"]) <= r.PER_ROW
            for button in row["components"]:
                assert 0 < len(button["label"]) <= r.LABEL
                assert len(button["custom_id"]) <= 100


def longest(content: Content) -> Entry:
    def size(entry: Entry) -> int:
        card = term_card(content, entry).parts[0]
        assert isinstance(card, Card)
        return (
            len(card.body) + sum(map(len, card.code)) + sum(len(u) + len(t) for t, u in card.links)
        )

    return max(content.glossary, key=size)


def test_every_entry_renders_within_every_discord_limit(content: Content) -> None:
    for entry in content.glossary:
        assert_within_limits(term_card(content, entry))


def test_the_longest_entry_is_cut_at_a_sentence_and_keeps_its_sources(content: Content) -> None:
    entry = longest(content)
    assert len(entry.definition) > r.DESCRIPTION  # the bundled glossary has one to cut
    [embed] = render(term_card(content, entry)).embeds
    description = embed.description or ""
    assert description.endswith(" …")
    assert description.removesuffix(" …").rstrip()[-1] in ".?!" or "\n" in description
    assert len(embed) <= r.TOTAL
    assert "Sources" in [f.name for f in embed.fields]


def test_a_cut_definition_offers_the_rest_from_where_it_stopped(content: Content) -> None:
    entry = longest(content)
    rendered = render(term_card(content, entry))
    assert rendered.view is not None
    [more] = [
        b
        for b in rendered.view.children
        if isinstance(b, discord.ui.DynamicItem) and b.custom_id.startswith("more:")
    ]
    _, entry_id, offset = more.custom_id.split(":")
    assert entry_id == entry.id
    shown = (rendered.embeds[0].description or "").removesuffix(" …")
    assert shown.endswith(entry.definition[: int(offset)].rstrip()[-40:])


def test_code_blocks_and_many_links_become_bounded_fields() -> None:
    links = tuple((f"paper {n}", f"https://example.org/{n}_(v2)") for n in range(90))
    card = Card(title="T", body="Short.", code=("x = 1\n" * 400, "y = 2"), links=links)
    [embed] = render(Reply((card,))).embeds
    names = [f.name for f in embed.fields]
    assert names == ["Code", "Code", "More at"]
    assert embed.fields[0].value.startswith("```\n") and embed.fields[0].value.endswith("\n```")
    more_at = embed.fields[2].value
    assert more_at.endswith("more") and "%28v2%29" in more_at
    assert_within_limits(Reply((card,)))


def test_buttons_are_deduplicated_capped_at_25_and_laid_out_five_a_row() -> None:
    many = tuple(Button(f"Entry {n} " + "x" * 100, Action.of("define", n)) for n in range(30))
    reply = Reply((Text("pick"),), buttons=(many[0], *many))
    view = render(reply).view
    assert view is not None
    rows = view.to_components()
    assert [len(row["components"]) for row in rows] == [5, 5, 5, 5, 5]
    ids = [b["custom_id"] for row in rows for b in row["components"]]
    assert ids == [f"define:{n}" for n in range(25)]
    assert view.timeout is None and view.is_persistent()
    assert_within_limits(reply)


def test_a_revealed_question_has_disabled_buttons_and_marks_the_right_one() -> None:
    buttons = (
        Button("A", Action.of("answer", "q1", 0), disabled=True),
        Button("B", Action.of("answer", "q1", 1), Style.SUCCESS, disabled=True),
    )
    view = render(Reply((Card(title="Quiz"),), buttons=buttons)).view
    assert view is not None
    [row] = view.to_components()
    assert [(b["disabled"], b["style"]) for b in row["components"]] == [(True, 2), (True, 3)]


def test_long_text_is_cut_at_a_line_and_mentions_are_broken() -> None:
    body = "\n".join(f"{n}. @everyone <@123456789012345678> line" for n in range(200))
    rendered = render(Reply((Text(body),), private=True))
    assert rendered.content is not None
    assert len(rendered.content) <= r.CONTENT and rendered.content.endswith("\n…")
    assert "@everyone" not in rendered.content
    assert "<@123456789012345678>" not in rendered.content


def test_a_card_field_never_goes_out_empty() -> None:
    card = Card(title="Score", fields=(Field("Points", ""), Field("", "3")))
    [embed] = render(Reply((card,))).embeds
    assert [(f.name, f.value) for f in embed.fields] == [("Points", "—"), ("·", "3")]


def test_several_long_cards_share_the_6000_characters_of_one_message(content: Content) -> None:
    biggest = sorted(content.glossary, key=lambda e: len(e.definition))[-3:]
    cards = tuple(part for e in biggest for part in term_card(content, e).parts)
    footer = Card(title="T", body="x " * 3000, footer="f" * 5000)
    reply = Reply((Text("Three at once:"), *cards, footer))
    assert_within_limits(reply)
    rendered = render(reply)
    shown = [e.title for e in rendered.embeds] + (rendered.content or "").split("\n\n")
    for card in (*cards, footer):
        assert card.title in shown or f"**{card.title}**" in shown  # an embed, or its title
