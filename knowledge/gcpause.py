"""Pausing CPython's cycle collector while a parser builds many small objects at once.

Reading a big glossary allocates millions of nodes, strings, tuples and entries, none of
which forms a reference cycle. The collector still runs every few hundred allocations and
walks the ever larger heap each time, so the work grows faster than the file: a
100,000-entry canonical YAML spent most of a minute in it. Collection resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Collection off for the block, then back as it was (nested and threaded uses are safe:
    whoever found it on turns it back on, and collection was only ever an optimisation)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
