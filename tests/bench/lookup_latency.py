"""/define resolution latency, beside a baseline from the same run.

Baseline: `difflib.get_close_matches` over the same names (the standard library's fuzzy
matcher). Target: p99 < 1 ms bundled. Large glossaries: tests/bench/lookup_scale.py; the
cold load of the content: tests/bench/loading.py.
"""

from __future__ import annotations

import difflib
import random

from bot.lookup import Resolver
from knowledge import Glossary, load
from tests.bench.timing import row, time_each


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return (
        text[:i] + text[i + 1 :]
        if rng.random() < 0.5
        else text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    )


def queries_for(glossary: Glossary, rng: random.Random, count: int) -> list[str]:
    """A mix users type: exact names, typos, lower-case acronyms, questions, nonsense."""
    names = [e.name for e in glossary]
    out: list[str] = []
    for i in range(count):
        name = rng.choice(names)
        kind = i % 5
        if kind == 0:
            out.append(name)
        elif kind == 1:
            out.append(typo(rng, name.lower()))
        elif kind == 2:
            out.append(f"what is {name.split(' (')[0].lower()}?")
        elif kind == 3:
            out.append(" ".join(name.split()[:2]).lower())
        else:
            out.append(rng.choice(["pizza", "kubernetes", "reset my password", "banana bread"]))
    return out


def baseline(names: list[str]) -> object:
    lowered = [n.lower() for n in names]
    return lambda q: difflib.get_close_matches(q.lower(), lowered, n=5, cutoff=0.6)


def bench(label: str, glossary: Glossary, rng: random.Random, count: int, base_count: int) -> None:
    resolver = Resolver(glossary)
    queries = queries_for(glossary, rng, count)
    resolver.resolve(queries[0])  # warm caches
    ours = time_each(resolver.resolve, queries, repeat=3)
    names = [n for e in glossary for n in e.names]
    theirs = time_each(baseline(names), queries[:base_count])  # type: ignore[arg-type]
    print(row(f"{label} ({len(glossary):,} entries)", ours, theirs))


def main() -> None:
    rng = random.Random(20261123)
    print("== /define resolution: glossbot Resolver vs difflib.get_close_matches ==")
    result = load()
    assert result.glossary is not None
    bundled = result.glossary
    bench("bundled glossary", bundled, rng, 1000, 1000)


if __name__ == "__main__":
    main()
