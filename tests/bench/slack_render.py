"""Slack rendering against text length: time per KB stays flat from 1 KB to 100 KB.

Each size renders two messages: a term card whose definition is the text (it shows the
first 4,000 characters and a "Read the rest" button) and a plain reply whose whole text is
split into sections (every character is converted, then the message is cut to Slack's
budget). Baseline: `html.escape` over the same text, the least any escaping can cost.
Target (issue 12): time per KB flat (linear); it used to grow with the length because the
cut re-rendered prefixes while searching.
"""

from __future__ import annotations

import html
import statistics
import time
from collections.abc import Callable
from functools import partial

from adapters.slack.blocks import render
from bot.replies import Card, Field, Reply, Text

SIZES_KB = (1, 3, 10, 30, 100)
SENTENCE = "A transformer's attention weighs <tokens> & keys by **softmax** of Q·K/√d. "


def text_of(kb: int) -> str:
    return (SENTENCE * (kb * 1024 // len(SENTENCE) + 1))[: kb * 1024]


def seconds(fn: Callable[[], object], budget: float = 0.3) -> float:
    """Median seconds per call over about `budget` seconds (at least 5 calls)."""
    samples: list[float] = []
    deadline = time.perf_counter() + budget
    while len(samples) < 5 or time.perf_counter() < deadline:
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print("Slack rendering by text length (ms per KB; flat = linear):")
    print(f"  {'size':>6}  {'card':>18}  {'split text':>18}  {'html.escape':>18}  ratio")
    for kb in SIZES_KB:
        text = text_of(kb)
        card = Reply(
            (Card(title="Attention", summary=text, body=text, fields=(Field("Note", text),)),)
        )
        whole = Reply((Text(text),))
        c = seconds(partial(render, card)) * 1000 / kb
        s = seconds(partial(render, whole)) * 1000 / kb
        b = seconds(partial(html.escape, text, quote=False)) * 1000 / kb
        print(
            f"  {kb:>4} KB  {c:>11.4f} ms/KB  {s:>11.4f} ms/KB  {b:>11.4f} ms/KB"
            f"  split x{s / b:,.0f}"
        )


if __name__ == "__main__":
    main()
