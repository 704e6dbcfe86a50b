"""Block Kit rendering, pure: every entry within Slack's limits, escaping, closed questions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from adapters.slack.blocks import MAX_BLOCKS, MESSAGE_BUDGET, READ_MORE, render
from adapters.slack.mrkdwn import ZWSP, clip, escape, split, to_mrkdwn
from adapters.slack.views import form_modal, home_view, reply_modal
from bot.actions import Action
from bot.cards import term_card
from bot.content import Content
from bot.replies import Button, Card, ErrorText, Field, Form, Reply, Style, Text
from tests.adapters.slack.mock_api import strings

MENTIONS = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<!subteam")


def assert_within_limits(message: dict[str, Any]) -> None:
    """Slack's limits, checked by slack-sdk's own validators and by hand where it has none."""
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= MAX_BLOCKS
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        parsed.to_dict()  # raises SlackObjectFormationError beyond a limit
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 2000 for e in block["elements"])
        for element in block.get("elements", []):
            if element["type"] == "button":
                assert len(element["text"]["text"]) <= 75
                assert len(element["action_id"]) <= 255
                assert len(element["value"]) <= 2000
        if block["type"] == "actions":
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids))
    assert sum(len(s) for s in strings(blocks)) <= MESSAGE_BUDGET + 500
    assert len(message["text"]) <= 300


def test_every_entry_renders_within_every_limit(content: Content) -> None:
    longest = max(content.glossary, key=lambda e: len(e.definition))
    for entry in content.glossary:
        message = render(term_card(content, entry))
        assert_within_limits(dict(message))
    message = render(term_card(content, longest))
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0]["text"]["text"] == READ_MORE
    verb, entry_id, offset = buttons[0]["action_id"].split(":")
    assert (verb, entry_id) == ("more", longest.id)
    assert 0 < int(offset) < len(longest.definition)
    assert (
        longest.definition[int(offset) - 1] in ".!?…\n" or longest.definition[int(offset)] == "\n"
    )


def test_a_term_card_has_its_parts_where_slack_shows_them(content: Content) -> None:
    entry = next(e for e in content.glossary if e.aliases and e.see_also and e.definition)
    message = render(term_card(content, entry))
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds[0] == "header" and message["blocks"][0]["text"]["text"] == escape(entry.name)
    assert "section" in kinds and kinds[-1] == "actions"
    notes = " ".join(
        e["text"] for b in message["blocks"] if b["type"] == "context" for e in b["elements"]
    )
    assert "*Sources:*" in notes
    assert all(
        e.get("verbatim") for b in message["blocks"] for e in _texts(b) if e["type"] == "mrkdwn"
    )


def _texts(block: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [block["text"]] if isinstance(block.get("text"), dict) else []
    found += [e for e in block.get("elements", []) if "verbatim" in e]
    fields: list[dict[str, Any]] = block.get("fields", [])
    return found + fields


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel> hi",
        "<!here|here>",
        "@here and @channel",
        "<@U123ABC>",
        "<!everyone>",
        "a & b <c>",
    ],
)
def test_content_and_user_text_can_never_ping(hostile: str) -> None:
    card = Card(title=hostile, body=hostile, summary=hostile, fields=(Field(hostile, hostile),))
    reply = Reply(
        (Text(hostile), ErrorText(hostile), card),
        buttons=(Button(hostile, Action.of("define", "x")),),
    )
    rendered = json.dumps(render(reply), ensure_ascii=False)
    for mention in MENTIONS:
        assert mention not in rendered
    for word in ("@here", "@channel", "@everyone"):
        assert word not in rendered.replace("@" + ZWSP, "")
    assert "&lt;" in rendered or "<" not in hostile


def test_escaping_is_slack_s_three_entities_and_nothing_else() -> None:
    assert escape('R&D <b> it\'s "x"') == 'R&amp;D &lt;b&gt; it\'s "x"'
    assert to_mrkdwn("**bold** \\*literal\\* \\> quote") == "*bold* *literal* &gt; quote"
    assert to_mrkdwn("scheduled in <#C0DAILY> at 09:00") == "scheduled in <#C0DAILY> at 09:00"
    assert to_mrkdwn("<\u200b#C0DAILY|x>") == "&lt;\u200b#C0DAILY|x&gt;"
    # The core's backslash escapes (Discord markdown) never show as backslashes on Slack.
    title = render(Reply((Card(title="Score: bob\\_smith"),)))["blocks"][0]["text"]["text"]
    assert title == "Score: bob_smith"


def test_cutting_counts_the_escaped_text() -> None:
    assert len(clip("&" * 100, 75)) <= 75
    pieces = split("One sentence here. " * 400 + "&" * 2000, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert "".join(pieces).count("&amp;") == 2000


def test_a_revealed_question_offers_nothing_to_click() -> None:
    options = [
        Button(label, Action.of("answer", "q1", n), style, disabled=True)
        for n, (label, style) in enumerate(
            [("BERT", Style.SECONDARY), ("GPT", Style.SUCCESS), ("T5", Style.SECONDARY)]
        )
    ]
    message = render(Reply((Card(title="Quiz: Which term is this?", body="…"),), tuple(options)))
    assert all(b["type"] != "actions" for b in message["blocks"])
    closed = message["blocks"][-1]["elements"][0]["text"]
    assert closed == "BERT  ·  :white_check_mark: *GPT*  ·  T5"


def test_button_styles_map_to_slack_s_two() -> None:
    buttons = tuple(
        Button(s.name, Action.of("define", s.value), s)
        for s in (Style.PRIMARY, Style.SECONDARY, Style.SUCCESS, Style.DANGER)
    )
    [actions] = render(Reply((Text("x"),), buttons))["blocks"][1:]
    assert [e.get("style") for e in actions["elements"]] == ["primary", None, "primary", "danger"]


def test_forms_and_views_are_valid_slack_views(content: Content) -> None:
    form = Form(
        "A title much longer than twenty-four", "Which term?", Action.of("freeanswer", "q1")
    )
    modal = form_modal(form, "C0GENERAL")
    View(**modal).to_dict()
    assert json.loads(modal["private_metadata"]) == {
        "action": "freeanswer:q1",
        "channel": "C0GENERAL",
    }
    longest = max(content.glossary, key=lambda e: len(e.definition))
    View(**reply_modal(term_card(content, longest))).to_dict()
    home = home_view([("Term of the day", term_card(content, longest))] * 5, intro="hi *you*")
    View(**home).to_dict()
    assert len(home["blocks"]) <= 100
