"""A long-running server's heap, settled once it is loaded, so the cycle collector's pauses
stay short.

The served glossary, its resolver index and the platform libraries are hundreds of
thousands of long-lived objects, none of them garbage. CPython's full (generation 2)
collection still walks every one of them: 50-90 ms on the bundled content, measured under
load, during which every request in flight waits. `settle()` collects once and moves
everything alive into the permanent generation (`gc.freeze`), so later collections walk
only what requests create. A reload replaces the content: `refreeze()` then hands the heap
back to the collector, so that what the old content leaves in reference cycles is freed
(reference counting frees the rest), and settles it again. Only a server settles its heap
(the platform commands' `run`); elsewhere both are no-ops until it has.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect, then freeze every object alive now (call once start-up has loaded it all)."""
    gc.collect()
    gc.freeze()


def refreeze() -> None:
    """After the content was replaced: collect and freeze again, if the heap was settled."""
    if gc.get_freeze_count():
        gc.unfreeze()
        settle()
