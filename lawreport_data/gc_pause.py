"""Python's cyclic garbage collector paused while bulk work builds many objects at once.

Building a few hundred thousand row tuples for one ``executemany`` triggers hundreds of
collections, each traversing every tuple made so far: about a tenth of an import's time. The rows
hold no reference cycles, so nothing is lost by pausing; the collector runs again as usual once the
last pause (of any thread) ends.

>>> import gc
>>> was = gc.isenabled()
>>> with paused():
...     with paused():  # pauses nest
...         inner = gc.isenabled()
...     still = gc.isenabled()
>>> (inner, still, gc.isenabled() == was)
(False, False, True)
"""

from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextlib.contextmanager
def paused():
    """Pause the collector for the block; nested and concurrent pauses end with the last one, which
    leaves the collector as the first found it."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
