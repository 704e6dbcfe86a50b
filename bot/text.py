"""Cutting text to fit a platform's limit, shared so every surface cuts alike.

`cut_point` cuts long text after a sentence or a line when one ends late enough, else at
a word, never past the limit; `shorten` fits a label or a title on one line, with an
ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Callable

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def cut_point(text: str, limit: int, measure: Callable[[str], int] = len) -> int:
    """How many characters of `text` to keep so that `measure(text[:n]) <= limit`.

    `measure` is how the platform counts (the length after escaping, say); it must not
    shrink as text grows. A sentence or line end is used when it keeps at least half of
    what fits, then a space on the same terms, else the cut falls mid-word.
    """
    if measure(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), limit) if measure is len else len(text)
    while low < high:  # the longest prefix that fits
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return cut_before(text[:low])


def cut_before(window: str) -> int:
    """Where to cut text that must end within `window` (the longest part that fits).

    A sentence or line end is used when it keeps at least half of the window, then a
    space on the same terms, else the cut falls at the window's end.
    """
    fits = len(window)
    sentence = max((m.start() for m in SENTENCE_END.finditer(window)), default=0)
    if sentence and sentence >= fits // 2:
        return sentence
    space = window.rfind(" ")
    return space if space >= fits // 2 and space > 0 else fits


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis when longer than `limit`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"
