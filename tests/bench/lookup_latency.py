"""/define resolution latency and cold load, each beside a baseline from the same run.

Baselines: `difflib.get_close_matches` over the same names (the standard library's fuzzy
matcher), and for cold load, merely reading the source files.
Targets: p99 < 1 ms bundled; cold load < 1 s. Large glossaries: tests/bench/lookup_scale.py.
"""

from __future__ import annotations

import difflib
import random
from pathlib import Path

from bot.lookup import Resolver
from bot.search import SearchIndex
from knowledge import Glossary, load
from tests.bench.timing import median_of, row, time_each

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"


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

    def cold() -> None:
        loaded = load().glossary
        assert loaded is not None
        Resolver(loaded)
        SearchIndex(loaded).close()

    def read_only() -> None:
        for path in sorted(SOURCES.iterdir()):
            path.read_bytes()

    ours, theirs = median_of(cold, 5), median_of(read_only, 5)
    print(
        f"{'cold load of the bundled content':<34}  {ours * 1000:8.1f} ms "
        f"(parse+merge+index; reading the files alone: {theirs * 1000:.2f} ms, "
        f"x{ours / theirs:,.0f} of that); target < 100 ms"
    )


if __name__ == "__main__":
    main()
