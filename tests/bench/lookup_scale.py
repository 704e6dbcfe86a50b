"""The resolver on synthetic glossaries of 10,000, 100,000 and 1,000,000 entries.

Per size: index build time and memory beside the plain name list rapidfuzz would need
anyway; p50/p99 latency per query kind beside `rapidfuzz.process.extractOne` (WRatio)
over that list; one-typo recall and the share of off-topic queries left not found, beside
the same extractOne taken as an answer at its usual cutoff.
Targets (issue 12, 9): p99 < 10 ms at 100,000 for every kind, < 25 ms at 1,000,000; index
< 1.5 KiB per entry, built in < 2 s at 100,000; one-typo recall and off-topic not-found
both >= 99%.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

from bot.lookup import Found, NotFound, Resolver
from knowledge import Glossary, load
from tests.bench.lookup_synthetic import query_kinds, synthetic, vocabulary
from tests.bench.timing import percentile

SIZES = (10_000, 100_000, 1_000_000)
BASELINE_CUTOFF = 86.0
_PAGE = os.sysconf("SC_PAGE_SIZE")


def resident() -> int:
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * _PAGE


def measured(build: object) -> tuple[object, float, float, int]:
    """What `build()` returns, its wall and CPU seconds and the resident bytes it added."""
    before = resident()
    start, cpu = time.perf_counter(), time.process_time()
    built = build()  # type: ignore[operator]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return built, seconds, cpu, resident() - before


def timed(fn: object, queries: Sequence[str]) -> tuple[list[float], list[float], list[object]]:
    """Wall and CPU seconds per query, and the outcomes. On a shared machine the wall tail
    is mostly the time the process waited for a core; the CPU time is what it spent."""
    samples: list[float] = []
    cpu: list[float] = []
    outcomes: list[object] = []
    for q in queries:
        start, used = time.perf_counter(), time.process_time()
        outcomes.append(fn(q))  # type: ignore[operator]
        cpu.append(time.process_time() - used)
        samples.append(time.perf_counter() - start)
    return samples, cpu, outcomes


def one_size(size: int, words: list[str], rng: random.Random) -> None:
    glossary: Glossary = synthetic(size, rng, words)
    per_kind = 300 if size <= 100_000 else 150
    base_per_kind = {10_000: 20, 100_000: 6, 1_000_000: 2}[size]
    kinds = query_kinds(glossary, rng, per_kind, words)
    resolver, build_s, build_cpu, index_bytes = measured(lambda: Resolver(glossary))
    assert isinstance(resolver, Resolver)
    resolver.resolve("warm up the lemminflect tables")  # loaded once per process, on first use
    plain, plain_s, _, _ = measured(
        lambda: [utils.default_process(n) for e in glossary for n in e.names]
    )
    assert isinstance(plain, list)
    plain_bytes = sys.getsizeof(plain) + sum(sys.getsizeof(n) for n in plain)
    assert isinstance(resolver, Resolver) and isinstance(plain, list)
    print(f"-- {size:,} entries (load average {os.getloadavg()[0]:.1f}) --")
    print(
        f"{'index build':<22} {build_s:7.2f} s ({build_cpu:.2f} s CPU) vs plain name list "
        f"{plain_s:6.2f} s (x{build_s / plain_s:.0f}); target < 2 s at 100,000"
    )
    print(
        f"{'index memory':<22} {index_bytes / 2**20:7.1f} MiB ({index_bytes / size:,.0f} B/entry) "
        f"vs plain name list {plain_bytes / 2**20:.1f} MiB (x{index_bytes / plain_bytes:.1f});"
        f" target < 1,536 B/entry"
    )

    def baseline(q: str) -> object:
        return process.extractOne(
            utils.default_process(q),
            plain,
            scorer=fuzz.WRatio,
            processor=None,
            score_cutoff=BASELINE_CUTOFF,
        )

    owners = [e.id for e in glossary for _ in e.names]
    for kind, cases in kinds.items():
        queries = [q for q, _ in cases]
        ours, cpu, outcomes = timed(resolver.resolve, queries)
        theirs, _, base_out = timed(baseline, queries[:base_per_kind])
        b50 = percentile(theirs, 50) * 1000
        line = (
            f"{kind:<10} p50 {percentile(ours, 50) * 1000:6.2f} ms  p99 "
            f"{percentile(ours, 99) * 1000:6.2f} ms (CPU {percentile(cpu, 99) * 1000:5.2f})"
            f"  vs extractOne p50 {b50:8.1f} ms (x{b50 / (percentile(ours, 50) * 1000):,.0f})"
        )
        if kind in ("one typo", "two typos"):
            right = sum(
                isinstance(o, Found) and o.entry.id == want
                for o, (_, want) in zip(outcomes, cases, strict=True)
            )
            base_right = sum(
                b is not None and owners[b[2]] == want  # type: ignore[index]
                for b, (_, want) in zip(base_out, cases, strict=False)
            )
            line += f"  right entry {right / len(cases):.1%} vs {base_right / len(base_out):.0%}"
        if kind == "off-topic":
            left = sum(isinstance(o, NotFound) for o in outcomes)
            base_left = sum(b is None for b in base_out)
            line += f"  not found {left / len(cases):.1%} vs {base_left / len(base_out):.0%}"
        print(line)


def main(sizes: Sequence[int] = SIZES) -> None:
    print("== /define at scale: glossbot Resolver vs rapidfuzz extractOne (WRatio) ==")
    bundled = load().glossary
    assert bundled is not None
    words = vocabulary(bundled)
    for size in sizes:
        one_size(size, words, random.Random(size))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or SIZES)
