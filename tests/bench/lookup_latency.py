"""/define resolution latency and cold load, each beside a baseline from the same run.

Baselines: `difflib.get_close_matches` over the same names (the standard library's fuzzy
matcher), and for cold load, merely reading the source files.
Targets: p99 < 1 ms bundled, < 10 ms at 100,000 entries; cold load < 1 s.
"""

from __future__ import annotations

import difflib
import random
from pathlib import Path

from bot.lookup import Found, Resolver
from bot.search import SearchIndex
from knowledge import Entry, Glossary, load
from tests.bench.timing import median_of, row, time_each

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
SUFFIXES = ("Model", "Algorithm", "Dataset", "Company", "Loss Function", "Benchmark", "")


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


def synthetic(size: int, rng: random.Random, vocabulary: list[str]) -> Glossary:
    entries: list[Entry] = []
    seen: set[str] = set()
    while len(entries) < size:
        words = rng.sample(vocabulary, rng.randint(1, 3))
        name = " ".join(w.capitalize() for w in words)
        suffix = rng.choice(SUFFIXES)
        name = f"{name} {suffix}".strip()
        if name.lower() in seen:
            name = f"{name} {len(entries)}"
        seen.add(name.lower())
        entries.append(Entry(name=name, definition=f"About {name.lower()}.", id=f"e{len(entries)}"))
    return Glossary(tuple(entries))


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


def typo_hits(glossary: Glossary, rng: random.Random, count: int) -> tuple[float, float]:
    """Share of one-typo queries that find the entry they came from: ours vs difflib top-1."""
    resolver = Resolver(glossary)
    names = [n for e in glossary for n in e.names]
    owner = {n.lower(): e.id for e in glossary for n in e.names}
    base = baseline(names)
    ours = theirs = 0
    for entry in rng.sample(list(glossary), count):
        query = typo(rng, entry.name.lower())
        outcome = resolver.resolve(query)
        ours += isinstance(outcome, Found) and outcome.entry.id == entry.id
        hits = base(query)  # type: ignore[operator]
        theirs += bool(hits) and owner[hits[0]] == entry.id
    return ours / count, theirs / count


def main() -> None:
    rng = random.Random(20261123)
    print("== /define resolution: glossbot Resolver vs difflib.get_close_matches ==")
    result = load()
    assert result.glossary is not None
    bundled = result.glossary
    bench("bundled glossary", bundled, rng, 1000, 1000)
    vocabulary = sorted(
        {w.lower() for e in bundled for w in e.definition.split() if w.isalpha() and len(w) > 3}
    )
    big = synthetic(100_000, rng, vocabulary)
    bench("synthetic glossary", big, rng, 500, 40)
    ours_hit, theirs_hit = typo_hits(big, rng, 40)
    print(
        f"{'one-typo queries, 100,000 entries':<34}  found the right entry {ours_hit:.0%} "
        f"vs difflib top-1 {theirs_hit:.0%}"
    )

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
