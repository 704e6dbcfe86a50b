"""The one-line summary of a definition, derived the same way by every parser so merged
entries agree on it."""

from __future__ import annotations

import re

SUMMARY_LIMIT = 200
# A sentence ends at . ! or ? before a space, except after a digit ("1. Data") or "e.g".
# The mark comes first and the look-behinds after it, so they are tried at marks only.
_SENTENCE_END = re.compile(
    r"[.!?](?<!\d[.!?])(?<!e\.g[.!?])(?<!i\.e[.!?])(?<!\bvs[.!?])(?<!\betc[.!?])(?=\s|$)"
)
_LIST_ITEM = re.compile(r"^(?:[-*•]\s+|\d{1,2}[.)]\s+)")


def summarize(definition: str) -> str:
    """The one-line summary every parser derives the same way, so merged entries agree.

    The first line, together with the list items right after it (so 'involves' followed by
    '1. Data selection ...' reads as one sentence), cut at its first sentence end and kept
    under `SUMMARY_LIMIT` characters at a word boundary.
    """
    # Lazily: only the first line and the list items right after it are ever looked at.
    lines = (stripped for line in definition.splitlines() if (stripped := line.strip()))
    first = next(lines, None)
    if first is None:
        return ""
    block = [first]
    for line in lines:
        if not _LIST_ITEM.match(line):
            break
        block.append(line)
    text = ""
    for i, line in enumerate(block):
        item = _LIST_ITEM.sub("", line)
        sep = "" if i == 0 else ", " if _LIST_ITEM.match(block[i - 1]) else " "
        text += sep + item
    end = _SENTENCE_END.search(text)
    if end:
        text = text[: end.end()]
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text[:SUMMARY_LIMIT].rsplit(" ", 1)[0] if " " in text[:SUMMARY_LIMIT] else text
    return cut[: SUMMARY_LIMIT - 1].rstrip(" ,;:-") + "…"
