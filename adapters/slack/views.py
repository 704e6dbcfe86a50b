"""Slack views, pure: the free-answer modal, a reply shown in a modal, and the App Home tab.

Views allow 100 blocks (messages 50); titles, submit and close labels 24 characters;
`private_metadata` 3,000. A form's action id and the channel it was opened from travel
in `private_metadata`, so the submission needs no server-side state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.slack.blocks import Block, header, plain, render, section
from adapters.slack.mrkdwn import MRKDWN, clip
from adapters.slack.payloads import FORM_CALLBACK, form_metadata
from bot.replies import Form, Reply

View = dict[str, Any]

MAX_VIEW_BLOCKS = 100
TITLE = 24
PLACEHOLDER = 150
LABEL = 2000
INPUT_MAX = 3000
ANSWER_BLOCK = "answer"
ANSWER_INPUT = "text"


def form_modal(form: Form, channel_id: str) -> View:
    """A modal asking for one line of text; submitted as `view_submission`."""
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ANSWER_INPUT,
        "max_length": max(1, min(form.max_length, INPUT_MAX)),
    }
    if form.placeholder:
        element["placeholder"] = plain(form.placeholder, PLACEHOLDER)
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": form_metadata(form.action.encode(), channel_id),
        "title": plain(form.title or "glossbot", TITLE),
        "submit": plain("Submit", TITLE),
        "close": plain("Cancel", TITLE),
        "blocks": [
            {
                "type": "input",
                "block_id": ANSWER_BLOCK,
                "label": plain(form.label or "Your answer", LABEL),
                "element": element,
            }
        ],
    }


def reply_modal(reply: Reply, *, title: str = "glossbot") -> View:
    """A reply to a click that came from a view (App Home, a modal), which has no channel."""
    return {
        "type": "modal",
        "title": plain(title, TITLE),
        "close": plain("Close", TITLE),
        "blocks": render(reply)["blocks"][:MAX_VIEW_BLOCKS],
    }


def home_view(sections: Sequence[tuple[str, Reply]], *, intro: str) -> View:
    """The App Home tab: an introduction, then each reply under its title, in 100 blocks."""
    blocks: list[Block] = [header("glossbot"), section(clip(intro, 3000, MRKDWN))]
    for title, reply in sections:
        heading = [header(title)] if title else []
        part = [{"type": "divider"}, *heading, *render(reply)["blocks"]]
        if len(blocks) + len(part) > MAX_VIEW_BLOCKS:
            break
        blocks += part
    return {"type": "home", "blocks": blocks}
