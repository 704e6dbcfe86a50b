"""Cutting Slack text: the old rules (render a prefix, keep the longest that fits), linear.

The reference below is the cut as it was before it became linear: it renders every
candidate prefix with the real conversion and keeps the longest that fits, then cuts at a
word or sentence by the same rules. The only change is that a cut may not fall inside a
run (an entity's source character is one, and so are a backslash escape, `**`, a channel
link and a mention word), unless a piece of a split has room for no run at all. The
properties check the linear cut against it, and on their own that no cut breaks an
entity, a link or a mention's protection.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.mrkdwn import (
    ELLIPSIS,
    ESCAPED,
    MRKDWN,
    PLAIN,
    VERBATIM,
    ZWSP,
    Render,
    clip,
    split,
    take_sentences,
    to_mrkdwn,
)
from bot.text import cut_before

TOKENS = [
    "a", "word", " ", " ", ".", ",", "!", "\n", "&", "<", ">", "#", "s", "_", "\\", "*",
    "**", "\\*", "\\_", "\\>", "\\.", "@here", "@Channel", "@everyone", "@", "C0X",
    "<#C0DAILY>", "<#C12|gen eral>", "…", "\ue000",
]  # fmt: skip
RENDERS = [
    ESCAPED,
    PLAIN,
    MRKDWN,
    MRKDWN.around("*Name*\n"),
    MRKDWN.around(":warning: "),
    ESCAPED.around("```", "```"),
    ESCAPED.around("_", "_"),
    VERBATIM,
]
texts = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
renders = st.sampled_from(RENDERS)
limits = st.integers(min_value=16, max_value=160)
BROKEN_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")
UNBROKEN_MENTION = re.compile(r"@(?:here|channel|everyone)\b", re.IGNORECASE)


def allowed(raw: str, render: Render) -> list[int]:
    """Every place a cut may fall: not strictly inside a run."""
    inside = {k for m in render.runs.finditer(raw) for k in range(m.start() + 1, m.end())}
    return [k for k in range(len(raw) + 1) if k not in inside]


def longest(raw: str, room: int, render: Render) -> int:
    shown: Callable[[int], int] = lambda k: len(render(raw[:k]))  # noqa: E731
    return max(k for k in allowed(raw, render) if k == 0 or shown(k) <= room)


def snap(raw: str, at: int, render: Render) -> int:
    return max(k for k in allowed(raw, render) if k <= at)


def reference_clip(raw: str, limit: int, render: Render) -> str:
    if len(render(raw)) <= limit:
        return render(raw)
    end = longest(raw, limit - len(ELLIPSIS), render)
    space = raw.rfind(" ", end // 2, end)
    if space >= 0:
        end = snap(raw, space, render)
    while end > 0 and raw[end - 1] in " ,.;:" and snap(raw, end - 1, render) == end - 1:
        end -= 1
    return render(raw[:end]) + ELLIPSIS


def reference_take(raw: str, limit: int, render: Render) -> int:
    if len(render(raw)) <= limit:
        return len(raw)
    fits = longest(raw, limit, render)
    return snap(raw, cut_before(raw[:fits]), render)


def reference_split(raw: str, limit: int, render: Render) -> list[str]:
    pieces: list[str] = []
    rest = raw.strip()
    while rest:
        end = reference_take(rest, limit, render)
        end = max(1, end)
        pieces.append(render(rest[:end].strip()))
        rest = rest[end:].strip()
    return [p for p in pieces if p]


def assert_safe(shown: str, render: Render) -> None:
    if render is VERBATIM:
        return
    assert not BROKEN_ENTITY.search(shown), shown
    assert not UNBROKEN_MENTION.search(shown), shown
    if render.convert is to_mrkdwn:  # the channel link shows whole or not at all
        assert "&lt;#C0DAI" not in shown, shown


@settings(max_examples=150, deadline=None)
@given(texts, limits, renders)
def test_clip_is_the_old_cut_never_inside_a_run(raw: str, limit: int, render: Render) -> None:
    shown = clip(raw, limit, render)
    assert shown == reference_clip(raw, limit, render)
    assert len(shown) <= limit
    assert_safe(shown, render)


@settings(max_examples=150, deadline=None)
@given(texts, limits, renders)
def test_sentences_are_taken_by_the_old_rules(raw: str, limit: int, render: Render) -> None:
    taken = take_sentences(raw, limit, render)
    assert taken == reference_take(raw, limit, render)
    assert len(render(raw[:taken])) <= limit


@settings(max_examples=100, deadline=None)
@given(texts, limits, renders)
def test_split_is_the_old_split_never_inside_a_run(raw: str, limit: int, render: Render) -> None:
    pieces = split(raw, limit, render)
    assert pieces == reference_split(raw, limit, render)
    assert all(len(p) <= limit for p in pieces)
    for piece in pieces:
        assert_safe(piece, render)


def test_a_channel_link_is_kept_whole_or_left_out() -> None:
    raw = "Posted daily in <#C0DAILY> at nine"
    for limit in range(10, len(raw) + 2):
        shown = clip(raw, limit, MRKDWN)
        assert "<#" not in shown or "<#C0DAILY>" in shown, shown
        assert "&lt;" not in shown, shown


def test_a_cut_never_leaves_half_an_escape() -> None:
    assert clip("one two\\. three four", 12, MRKDWN) == "one two.…"
    assert split("wait\\. " * 3, 8, MRKDWN) == ["wait.", "wait.", "wait."]


def test_a_mention_word_cut_short_keeps_its_break() -> None:
    shown = clip("ping @heres everyone now", 11)
    assert shown == "ping…"
    assert clip("ping @here everyone", 15) == f"ping @{ZWSP}here…"


def test_private_use_characters_are_shown_as_written() -> None:
    assert to_mrkdwn("\ue000 in <#C0DAILY>") == "\ue000 in <#C0DAILY>"


def test_rendering_work_is_linear_in_the_text() -> None:
    """However long the text, each character is converted about once (no re-rendering)."""
    converted: list[int] = []

    def counting(text: str) -> str:
        converted.append(len(text))
        return to_mrkdwn(text)

    render = Render(counting, MRKDWN.runs)
    body = "A sentence with R&D, <tags> and **bold**. " * 2500  # about 100 KB
    pieces = split(body, 3000, render)
    assert "".join(pieces).count("&amp;") == 2500
    assert sum(converted) <= len(body) + 2 * 3000  # once each, the last piece twice
    converted.clear()
    assert len(clip(body, 3000, render)) <= 3000
    assert sum(converted) <= 3000
