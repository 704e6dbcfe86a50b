"""Making user-supplied text inert before it is echoed: no pings, no markup, no control bytes.

Adapters add their platform's own escaping on top (Slack's `&<>`, Discord's markdown);
this layer guarantees that no platform ever sees a working `@everyone` from a query.
"""

from __future__ import annotations

import re
import unicodedata

from bot.errors import UsageError

MAX_QUERY = 200
"""The longest query we take; longer ones are refused, not cut, so nothing is silently lost."""

_ZWSP = "\u200b"
_MENTION = re.compile(r"@(everyone|here|channel)\b|<([@#!&])", re.IGNORECASE)
_MARKUP = re.compile(r"([*_`~|>\\\[\]])")


def control_characters(text: str) -> bool:
    """True when text holds control characters other than tab (newlines included)."""
    return any(unicodedata.category(ch) == "Cc" and ch != "\t" for ch in text)


def inert(text: str) -> str:
    """`@everyone` -> `@\u200beveryone`, `<@123>` -> `<\u200b@123>`, markdown escaped."""
    text = _MARKUP.sub(r"\\\1", text)
    return _MENTION.sub(lambda m: _break(m.group(0)), text)


def _break(mention: str) -> str:
    return mention[0] + _ZWSP + mention[1:]


def clean_query(text: str, *, usage: str = "/define <term>") -> str:
    """The query with spaces tidied, or a `UsageError` saying what is wrong with it."""
    if control_characters(text.strip()):
        raise UsageError("Queries can't contain control characters or line breaks.")
    query = " ".join(text.split())
    if not query:
        raise UsageError(f"Tell me what to look up: `{usage}`, for example `/define mlops`.")
    if len(query) > MAX_QUERY:
        raise UsageError(
            f"That query is {len(query):,} characters long; the limit is {MAX_QUERY}. "
            "Try the term's name alone."
        )
    return query
