"""Loading content: the bundled glossary's cold load, and a 100,000-entry canonical YAML.

Baselines, measured in the same run:
- cold load (parse, merge, validate, resolver and search index, as a start-up does):
  reading the same source files from disk and nothing more;
- the 100k YAML: PyYAML loading the same text as plain data with the same loader
  (`yaml.load`: no entries, no checks, no line numbers), the collector paused for it too;
  then the same file loaded as a manifest's only source, merged and validated, as the bot
  would load it.
Targets (issue 12): cold load under 100 ms; the 100k-entry file under 3 s.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import yaml

from bot.lookup import Resolver
from bot.search import SearchIndex
from knowledge import Entry, load
from knowledge.gcpause import paused_gc
from knowledge.parse import canonical
from tests.bench.timing import load_average, median_of

SOURCES = Path(__file__).resolve().parents[2] / "knowledge" / "sources"
ENTRIES = 100_000
WORDS = [
    "model",
    "data",
    "training",
    "loss",
    "layer",
    "token",
    "vector",
    "gradient",
    "batch",
    "feature",
    "label",
]


def synthetic_yaml(count: int, rng: random.Random) -> str:
    """Canonical YAML as `glossbot import` writes it: a name, an alias, a definition, a see-also."""
    entries = []
    for n in range(count):
        words = rng.sample(WORDS, 3)
        name = " ".join(w.title() for w in words) + f" {n}"
        definition = " ".join(rng.choices(WORDS, k=40)).capitalize() + "."
        entries.append(
            Entry(name, aliases=(f"T{n}",), definition=definition, see_also=(words[0].title(),))
        )
    return canonical.dump(entries)


def cold_load() -> None:
    print("cold load of the bundled content, median of 5 (target < 100 ms)")

    def cold() -> None:
        loaded = load().glossary
        assert loaded is not None
        Resolver(loaded)
        SearchIndex(loaded).close()

    def read_only() -> None:
        for path in sorted(SOURCES.iterdir()):
            path.read_bytes()

    cold()  # the first call pays for imports, as no later one does
    ours, theirs = median_of(cold, 5), median_of(read_only, 5)
    print(
        f"  parse+merge+index     {ours * 1000:8.1f} ms vs reading the files alone "
        f"{theirs * 1000:.2f} ms (x{ours / theirs:,.0f})"
    )


def big_yaml() -> None:
    print(f"{ENTRIES:,}-entry canonical YAML, one run (target < 3 s)")
    text = synthetic_yaml(ENTRIES, random.Random(12))
    start, cpu = time.perf_counter(), time.process_time()
    result = canonical.parse(text, "big.yaml")
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(result.entries) == ENTRIES and not result.diagnostics
    del result
    start, cpu = time.perf_counter(), time.process_time()
    with paused_gc():
        yaml.load(text, Loader=canonical.LOADER)  # a safe loader, C or Python
    base, base_cpu = time.perf_counter() - start, time.process_time() - cpu
    loader = "libyaml" if canonical.LOADER is not yaml.SafeLoader else "pure-Python"
    size = f"{len(text.encode()) / 1e6:.0f} MB"
    print(
        f"  entries with lines    {ours:8.2f} s vs yaml.load as plain data {base:.2f} s "
        f"(x{ours / base:.2f}; {size}, {loader} loader)"
    )
    print(f"  CPU time              {ours_cpu:8.2f} s vs {base_cpu:.2f} s (wall above CPU: busy)")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "big.yaml").write_text(text, encoding="utf-8")
        manifest = Path(folder) / "manifest.yaml"
        manifest.write_text("sources:\n  - file: big.yaml\n    format: canonical\n")
        start, cpu = time.perf_counter(), time.process_time()
        loaded = load(manifest).glossary
        whole, whole_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert loaded is not None and len(loaded.entries) == ENTRIES
    print(
        f"  as a manifest's source (read, parse, merge, validate): {whole:.2f} s "
        f"({whole_cpu:.2f} s CPU)"
    )


def main() -> None:
    print(f"== loading content ({load_average()}) ==")
    cold_load()
    big_yaml()


if __name__ == "__main__":
    main()
