"""Slack text: escaping, the core's light markdown as mrkdwn, and cutting text to a limit.

Slack's rule is that all text uses one escaping system: `&`, `<` and `>` become entities,
and nothing else is encoded. Every string glossbot sends goes through `escape` (plain
text) or `to_mrkdwn` (the core's markdown), so a query or an entry can never form a
`<!channel>`, `<!here>`, `<!everyone>` or `<@U…>` control sequence. The words `@here`,
`@channel` and `@everyone` also get a zero-width space after the `@`, in case a surface
parses bare mentions. Limits are measured on the escaped text, which is what Slack counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.text import cut_point

ZWSP = "\u200b"
ELLIPSIS = "…"

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_BARE_MENTION = re.compile(r"@(?=(?:here|channel|everyone)\b)", re.IGNORECASE)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
"""A backslash escape written by the core's `inert` (Discord style); Slack has none."""
_CHANNEL_LINK = re.compile(r"<#([CG][A-Z0-9]{2,20})(?:\|[^<>]*)?>")
"""A channel link the core wrote (`<#C123>`): it names a channel and pings nobody."""
_LITERAL_BASE = 0xE000
"""Escaped characters wait in the private use area while markup is converted."""


def escape(text: str) -> str:
    """Text shown exactly as written: `&<>` as entities, bare mentions broken."""
    return _BARE_MENTION.sub("@" + ZWSP, text.translate(_ENTITIES))


def to_plain(markdown: str) -> str:
    """The core's text for a `plain_text` field (a header, a button): escapes resolved."""
    return escape(_ESCAPED.sub(r"\1", markdown))


def to_mrkdwn(markdown: str) -> str:
    """The core's light markdown as Slack mrkdwn: `**bold**` -> `*bold*`, escapes resolved.

    Slack cannot escape `*`, `_`, `~` or backticks, so a character the core escaped with
    a backslash is shown bare; only `&<>` (the characters that make links and mentions)
    are significant for safety, and those are always entities. The one sequence kept is
    a channel link (`<#C123>`, as in "scheduled in #general"), which notifies no one;
    user text cannot forge one because the core breaks `<#` in everything it echoes.
    """
    held: list[str] = []

    def hold(kept: str) -> str:
        held.append(kept)
        return chr(_LITERAL_BASE + len(held) - 1)

    text = _CHANNEL_LINK.sub(lambda m: hold(f"<#{m.group(1)}>"), markdown)
    text = _ESCAPED.sub(lambda m: hold(m.group(1).translate(_ENTITIES)), text)
    text = escape(text.replace("**", "*"))
    for n, kept in enumerate(held):
        text = text.replace(chr(_LITERAL_BASE + n), kept)
    return text


Render = Callable[[str], str]


def clip(raw: str, limit: int, render: Render = escape) -> str:
    """`render(raw)`, cut at a word with an ellipsis so that it fits in `limit` characters."""
    shown = render(raw)
    if len(shown) <= limit:
        return shown
    lo, hi = 0, len(raw)
    while lo < hi:  # the longest prefix whose rendering, plus the ellipsis, fits
        mid = (lo + hi + 1) // 2
        if len(render(raw[:mid])) + len(ELLIPSIS) <= limit:
            lo = mid
        else:
            hi = mid - 1
    cut = raw[:lo]
    if " " in cut[lo // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return render(cut.rstrip(" ,.;:")) + ELLIPSIS


def take_sentences(raw: str, limit: int, render: Render = escape) -> int:
    """How much of `raw` to show so that its rendering fits in `limit`: the core's cut,
    measured as Slack counts it (after escaping)."""
    return cut_point(raw, limit, lambda text: len(render(text)))


def split(raw: str, limit: int, render: Render = escape) -> list[str]:
    """`raw` rendered in pieces of at most `limit` characters, cut at sentences or lines."""
    pieces: list[str] = []
    rest = raw.strip()
    while rest:
        end = max(1, take_sentences(rest, limit, render))
        pieces.append(render(rest[:end].strip()))
        rest = rest[end:].strip()
    return [p for p in pieces if p]
