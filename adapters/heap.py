"""A long-running server's heap, settled once it is loaded, so the cycle collector's pauses
stay short.

The served glossary, its resolver index and the platform libraries are hundreds of
thousands of long-lived objects, none of them garbage. CPython's full (generation 2)
collection still walks every one of them: about 50 ms on the bundled content, measured
under load, during which every request in flight waits. `settle()` collects once and moves
everything alive into the permanent generation (`gc.freeze`), so later collections walk
only what requests create; frozen objects are still freed by reference counting when a
reload drops them.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect, then freeze every object alive now (call once start-up has loaded it all)."""
    gc.collect()
    gc.freeze()
