"""Loading a 100,000-entry canonical YAML file (the bundled content's cold load is in
`lookup_latency`, beside the index it builds).

Baseline in the same run: PyYAML's pure-Python SafeLoader composing the same text (what
`canonical.parse` used before it took libyaml's C loader when present).
Target (issue 12): under 3 s.
"""

from __future__ import annotations

import random
import time

import yaml

from knowledge import Entry
from knowledge.parse import canonical

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


def main() -> None:
    print("== loading content ==")

    text = synthetic_yaml(ENTRIES, random.Random(12))
    start = time.perf_counter()
    result = canonical.parse(text, "big.yaml")
    big = time.perf_counter() - start
    assert len(result.entries) == ENTRIES and not result.diagnostics
    # The pure-Python baseline takes minutes at full size: a tenth of the entries, times 10.
    tenth = synthetic_yaml(ENTRIES // 10, random.Random(12))
    start = time.perf_counter()
    yaml.compose(tenth, Loader=yaml.SafeLoader)
    python = (time.perf_counter() - start) * 10
    loader = "libyaml" if canonical.LOADER is not yaml.SafeLoader else "pure-Python"
    print(
        f"{f'{ENTRIES:,} entries, canonical YAML':<34}  {big:8.2f} s ({loader} loader; "
        f"pure-Python compose alone ~{python:.1f} s, x{python / big:.1f}); target < 3 s"
    )


if __name__ == "__main__":
    main()
