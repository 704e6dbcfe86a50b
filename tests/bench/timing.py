"""Small timing helpers shared by the benchmarks: percentiles and a printed comparison row."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_each(fn: Callable[[str], object], inputs: Sequence[str], repeat: int = 1) -> list[float]:
    """Seconds per call, one sample per input per repeat."""
    samples: list[float] = []
    for _ in range(repeat):
        for item in inputs:
            start = time.perf_counter()
            fn(item)
            samples.append(time.perf_counter() - start)
    return samples


def row(label: str, ours: Sequence[float], baseline: Sequence[float]) -> str:
    """'label  p50 x ms (baseline y ms, ratio r)  p99 ...' in milliseconds."""
    parts = [f"{label:<34}"]
    for q in (50, 99):
        a, b = percentile(ours, q) * 1000, percentile(baseline, q) * 1000
        parts.append(f"p{q} {a:8.3f} ms vs {b:9.3f} ms (x{b / a:,.0f} faster)")
    return "  ".join(parts)


def once(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_of(fn: Callable[[], object], runs: int) -> float:
    return statistics.median(once(fn) for _ in range(runs))


def load_average() -> str:
    """The machine's 1-minute load average, printed beside figures taken on a shared machine."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
