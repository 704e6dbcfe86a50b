"""The settled heap of a server: frozen once loaded, handed back to the collector after a
reload so that the old content's reference cycles are freed, not kept for good."""

from __future__ import annotations

import gc
import weakref

from bot import heap


class Node:
    """Stands for content objects that refer to each other."""

    me: Node | None = None


def test_a_refreeze_after_a_reload_frees_the_old_contents_cycles() -> None:
    old = Node()
    old.me = old
    gone = weakref.ref(old)
    try:
        heap.settle()
        del old
        gc.collect()
        assert gone() is not None  # frozen: no collection looks at it
        heap.refreeze()
        assert gone() is None
        assert gc.get_freeze_count() > 0  # and what is alive now is settled again
    finally:
        gc.unfreeze()


def test_nothing_is_frozen_where_no_server_settled_the_heap() -> None:
    assert gc.get_freeze_count() == 0
    heap.refreeze()  # a console or test reload
    assert gc.get_freeze_count() == 0
