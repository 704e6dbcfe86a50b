"""Import throughput for a generated 10,000-term CSV and a generated 2 MB Markdown page.

Baselines, measured in the same run on the same text: `csv.reader` reading every row, and
markdown-it-py's `parse` of the page (the tokens alone, no entries). Target: the whole
import (detection, parsing, entries) within 5x of the bare parse.
"""

from __future__ import annotations

import csv
import io
import random

from markdown_it import MarkdownIt

from knowledge import Entry, SourceRef
from knowledge.importing import import_text
from tests.bench.timing import load_average, median_of

WORDS = [
    "gradient",
    "loss",
    "token",
    "model",
    "layer",
    "batch",
    "epoch",
    "vector",
    "attention",
    "kernel",
    "feature",
    "label",
    "sample",
    "noise",
    "weight",
    "bias",
    "tensor",
    "encoder",
    "decoder",
    "prompt",
    "embedding",
    "cluster",
    "score",
]
TARGET = 5.0


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generated_csv(terms: int, rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Term", "Definition", "Aliases", "Related", "Links"])
    for i in range(terms):
        definition = f"{_phrase(rng, 12).capitalize()}. {_phrase(rng, 10).capitalize()}."
        aliases = f"T{i}; term {i}" if i % 3 == 0 else ""
        related = f"Term {rng.randrange(terms)}" if i % 2 == 0 else ""
        link = f"https://example.org/glossary/{i}" if i % 4 == 0 else ""
        writer.writerow([f"Term {i}", definition, aliases, related, link])
    return out.getvalue()


def generated_markdown(size: int, rng: random.Random) -> str:
    parts = ["# Glossary\n"]
    total, i = 0, 0
    while total < size:
        body = [f"## Term {i} (T{i})", "", f"{_phrase(rng, 30).capitalize()}."]
        if i % 3 == 0:
            body += [
                "",
                f"1. {_phrase(rng, 5)}",
                f"   * {_phrase(rng, 4)}",
                f"2. {_phrase(rng, 5)}",
            ]
        if i % 5 == 0:
            body += ["", "```python", f"x_{i} = compute({i})", "```"]
        body += ["", f"See also [Term {rng.randrange(i + 1)}]", ""]
        block = "\n".join(body)
        parts.append(block)
        total += len(block)
        i += 1
    return "\n".join(parts)


def _report(label: str, entries: int, ours: float, base: float, base_name: str) -> None:
    ratio = ours / base
    verdict = "within" if ratio <= TARGET else "OVER"
    print(
        f"{label:<30} {entries / ours:>9,.0f} entries/s ({ours * 1000:7.1f} ms)  "
        f"vs {base_name} {base * 1000:7.1f} ms: x{ratio:.1f} ({verdict} the {TARGET:.0f}x target)"
    )


def main() -> None:
    rng = random.Random(7)
    print(f"import throughput (median of 5 runs; {load_average()})")
    table = generated_csv(10_000, rng)
    entries = len(import_text(table, "glossary.csv").result.entries)
    ours = median_of(lambda: import_text(table, "glossary.csv"), 5)
    base = median_of(lambda: list(csv.reader(io.StringIO(table))), 5)
    _report(f"CSV, {entries:,} terms", entries, ours, base, "csv.reader")
    rows = list(csv.reader(io.StringIO(table)))[1:]
    floor = median_of(
        lambda: [Entry(r[0], definition=r[1], sources=(SourceRef("", 1),)) for r in rows], 5
    )
    print(
        f"  floor: csv.reader then one bare Entry per row, no field handling: "
        f"x{(base + floor) / base:.1f} of csv.reader"
    )

    page = generated_markdown(2_000_000, rng)
    entries = len(import_text(page, "glossary.md").result.entries)
    ours = median_of(lambda: import_text(page, "glossary.md"), 5)
    base = median_of(lambda: MarkdownIt("commonmark").parse(page), 5)
    size = f"{len(page.encode()) / 1e6:.1f} MB"
    _report(f"Markdown page, {size}", entries, ours, base, "markdown-it-py parse")


if __name__ == "__main__":
    main()
