"""Slack text: escaping, the core's light markdown as mrkdwn, and cutting text to a limit.

Slack's rule is that all text uses one escaping system: `&`, `<` and `>` become entities,
and nothing else is encoded. Every string glossbot sends goes through `escape` (plain
text) or `to_mrkdwn` (the core's markdown), so a query or an entry can never form a
`<!channel>`, `<!here>`, `<!everyone>` or `<@U…>` control sequence. The words `@here`,
`@channel` and `@everyone` also get a zero-width space after the `@`, in case a surface
parses bare mentions. Limits are measured on the escaped text, which is what Slack counts.

Cutting is linear in the text: a `Render` knows which runs of the source it turns into
something of another length (an entity, a backslash escape, `**`, a channel link, a
mention word), so the cut is found by walking those runs once and adding up their widths,
never by rendering prefixes. Cuts fall between runs, never inside one, and only the kept
part is rendered, once, by the same conversion as uncut text.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.text import cut_before

ZWSP = "\u200b"
ELLIPSIS = "…"

_BARE_MENTION = re.compile(r"@(?=(?:here|channel|everyone)\b)", re.IGNORECASE)
_ESCAPE_CLASS = r"\\[\\`*_{}\[\]()#+\-.!|>~]"
"""A backslash escape written by the core's `inert` (Discord style); Slack has none."""
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_CHANNEL_LINK = r"<#[CG][A-Z0-9]{2,20}(?:\|[^<>]*)?>"
"""A channel link the core wrote (`<#C123>`): it names a channel and pings nobody."""
_MARKUP = re.compile(f"({_CHANNEL_LINK}|{_ESCAPE_CLASS}|\\*\\*)")
_ENTITY_RUN = r"[&<>]"
_MENTION = r"(?i:@(?:here|channel|everyone))"
_MENTION_RUN = _MENTION + r"\w*"
"""A mention word and the rest of its word: whether it gets the ZWSP depends on both."""
_PLAIN_MENTION_RUN = _MENTION + r"(?:\w|\\_)*"
"""In plain text `\\_` shows as `_`, which continues the word."""
_NOT_SPACE = re.compile(r"\S")


def escape(text: str) -> str:
    """Text shown exactly as written: `&<>` as entities, bare mentions broken."""
    return _BARE_MENTION.sub("@" + ZWSP, _entities(text))


def _entities(text: str) -> str:
    """`&<>` as entities: three `replace` calls, some 30 times faster than `translate`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    The text between markup is escaped on its own: every markup run starts with a
    character that ends a word, so a mention word is broken exactly as in whole text.
    """
    parts = _MARKUP.split(markdown)
    parts[::2] = [escape(text) for text in parts[::2]]
    parts[1::2] = [_markup(run) for run in parts[1::2]]
    return "".join(parts)


def _markup(run: str) -> str:
    if run == "**":
        return "*"
    if run.startswith("<#"):
        return run.split("|", 1)[0].removesuffix(">") + ">"
    return _entities(run[1])


@dataclass(frozen=True)
class Render:
    """A way to show the core's text on Slack: a conversion, between fixed text.

    `runs` matches, left to right as the conversion reads them, every run of the source
    whose shown length differs from its own; everything between shows one for one.
    """

    convert: Callable[[str], str]
    runs: re.Pattern[str]
    before: str = ""
    after: str = ""

    def __call__(self, raw: str) -> str:
        return f"{self.before}{self.convert(raw)}{self.after}"

    def around(self, before: str, after: str = "") -> Render:
        """The same conversion between a label or fences that count toward the limit."""
        return replace(self, before=before, after=after)

    def fit(self, raw: str, start: int, limit: int) -> Fit:
        """The longest `raw[start:end]` whose rendering fits in `limit`, cut between runs."""
        room = limit - len(self.before) - len(self.after)
        grown = -start  # shown length of raw[start:k] is k + grown between runs
        runs: list[tuple[int, int]] = []
        if room < 0:
            return Fit(start, runs, whole=False)
        for match in self.runs.finditer(raw, start):
            begin, end = match.span()
            if begin + grown > room:
                return Fit(room - grown, runs, whole=False)
            run = match.group()
            growth = _GROWTH.get(run)
            wider = grown + (_width(self.convert, run) - len(run) if growth is None else growth)
            if end + wider > room:
                return Fit(begin, runs, whole=False)
            grown = wider
            if end - begin > 1:
                runs.append((begin, end))
        if len(raw) + grown <= room:
            return Fit(len(raw), runs, whole=True)
        return Fit(room - grown, runs, whole=False)


_GROWTH = {"&": 4, "<": 3, ">": 3, "**": -1}
"""How much the commonest runs grow, the same in every conversion that has them."""


@functools.lru_cache(maxsize=4096)
def _width(convert: Callable[[str], str], run: str) -> int:
    """How long a run shows: a run never depends on what comes before it."""
    return len(convert(run))


@dataclass(frozen=True)
class Fit:
    """Where a cut may end: `end`, and the runs of two or more characters it walked past."""

    end: int
    runs: list[tuple[int, int]]
    whole: bool

    def between_runs(self, at: int) -> int:
        """`at`, or the start of the run it falls inside."""
        n = bisect_right(self.runs, (at, at)) - 1
        return self.runs[n][0] if n >= 0 and self.runs[n][1] > at else at

    def ends_run(self, at: int) -> bool:
        """Whether a run of two or more characters ends at `at` (`\\.` keeps its dot)."""
        n = bisect_right(self.runs, (at, at)) - 1
        return n >= 0 and self.runs[n][1] == at


def _runs(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


ESCAPED = Render(escape, _runs(_ENTITY_RUN, _MENTION_RUN))
PLAIN = Render(to_plain, _runs(_ESCAPE_CLASS, _ENTITY_RUN, _PLAIN_MENTION_RUN))
MRKDWN = Render(to_mrkdwn, _runs(_CHANNEL_LINK, _ESCAPE_CLASS, r"\*\*", _ENTITY_RUN, _MENTION_RUN))
VERBATIM = Render(str, re.compile(r"(?!)"))
"""Text that Slack shows as is (a manifest's description)."""


def clip(raw: str, limit: int, render: Render = ESCAPED) -> str:
    """`render(raw)`, cut at a word with an ellipsis so that it fits in `limit` characters."""
    if len(raw) <= limit and len(shown := render(raw)) <= limit:
        return shown  # the common case: short text, rendered once
    if render.fit(raw, 0, limit).whole:
        return render(raw)
    fit = render.fit(raw, 0, limit - len(ELLIPSIS))
    end = fit.end
    space = raw.rfind(" ", end // 2, end)
    if space >= 0:
        end = fit.between_runs(space)
    while end > 0 and raw[end - 1] in " ,.;:" and not fit.ends_run(end):
        end -= 1
    return render(raw[:end]) + ELLIPSIS


def take_sentences(raw: str, limit: int, render: Render = ESCAPED) -> int:
    """How much of `raw` to show so that its rendering fits in `limit`: the core's cut,
    measured as Slack counts it (after escaping)."""
    return _take(raw, 0, limit, render)


def _take(raw: str, start: int, limit: int, render: Render) -> int:
    if len(raw) - start <= limit and len(render(raw[start:])) <= limit:
        return len(raw)  # the last piece, or short text: rendered once more at most
    fit = render.fit(raw, start, limit)
    if fit.whole:
        return len(raw)
    return fit.between_runs(start + cut_before(raw[start : fit.end]))


def split(raw: str, limit: int, render: Render = ESCAPED) -> list[str]:
    """`raw` rendered in pieces of at most `limit` characters, cut at sentences or lines."""
    pieces: list[str] = []
    text = raw.strip()
    start = 0
    while start < len(text):
        end = _take(text, start, limit, render)
        if end <= start:  # not even one run fits: one character, as Slack cannot take more
            end = start + 1
        piece = text[start:end].strip()
        if piece:
            pieces.append(render(piece))
        following = _NOT_SPACE.search(text, end)
        start = following.start() if following else len(text)
    return pieces
