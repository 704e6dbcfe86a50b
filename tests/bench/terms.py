""" "Define terms" scan: find_terms on 4,000-character messages, beside a plain regex.

Baseline: one compiled alternation of the same spellings (longest first, word-bounded,
case-insensitive), the obvious regex way to do it, over the same messages. Python's `re`
tries every branch at every position, so it is measured on a few messages only.
Target: p99 < 1 ms per 4,000-character message on a 100,000-entry glossary.
"""

from __future__ import annotations

import random
import re
import time

from bot.terms import TermFinder
from knowledge import Glossary, load
from tests.bench.lookup_synthetic import synthetic
from tests.bench.timing import percentile, time_each

MESSAGE_CHARS = 4_000


def messages(
    glossary: Glossary, rng: random.Random, vocabulary: list[str], count: int
) -> list[str]:
    """Prose of vocabulary words with a term name every ~25 words, cut to 4,000 characters."""
    names = [e.name for e in glossary]
    out: list[str] = []
    for _ in range(count):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < MESSAGE_CHARS:
            words.append(rng.choice(names) if rng.random() < 0.04 else rng.choice(vocabulary))
        out.append(" ".join(words)[:MESSAGE_CHARS])
    return out


def regex_baseline(glossary: Glossary) -> re.Pattern[str]:
    spellings = {n.lower() for e in glossary for n in e.names}
    alternation = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def bench(label: str, glossary: Glossary, finder: TermFinder, texts: list[str]) -> None:
    ours = time_each(finder.find, texts, repeat=3)
    pattern = regex_baseline(glossary)
    theirs = time_each(lambda t: pattern.findall(t), texts[:5])
    found = sum(len(finder.find(t)) for t in texts) / len(texts)
    a50, a99 = percentile(ours, 50) * 1000, percentile(ours, 99) * 1000
    b50 = percentile(theirs, 50) * 1000
    print(
        f"{label:<34}  find_terms p50 {a50:.3f} ms p99 {a99:.3f} ms "
        f"(target p99 < 1 ms) vs one regex p50 {b50:.1f} ms (x{b50 / a50:,.0f} faster); "
        f"{found:.1f} terms per message"
    )


def main() -> None:
    rng = random.Random(20261201)
    print("== Define terms: find_terms (Aho-Corasick) vs one regex alternation ==")
    bundled = load().glossary
    assert bundled is not None
    vocabulary = sorted(
        {w.lower() for e in bundled for w in e.definition.split() if w.isalpha() and len(w) > 3}
    )
    # Names come from half the words and prose from the other half, so that a message is
    # prose with terms in it, as real messages are (plus a worst case, all terms).
    in_names, in_prose = vocabulary[::2], vocabulary[1::2]
    for label, glossary in (
        (f"bundled ({len(bundled):,} entries)", bundled),
        ("synthetic, 100,000 entries", synthetic(100_000, rng, in_names)),
    ):
        start = time.perf_counter()
        finder = TermFinder(glossary)
        print(f"{label}: automaton built in {time.perf_counter() - start:.2f} s")
        prose = messages(glossary, rng, in_prose, 200)
        bench(f"  {label}, prose", glossary, finder, prose)
        # The worst case: every word of the message is some entry's name.
        bench(
            f"  {label}, every word a term",
            glossary,
            finder,
            messages(glossary, rng, in_names, 200),
        )


if __name__ == "__main__":
    main()
