"""What the server does when a browser session ends.

Kept out of ``app.py`` on purpose: Bokeh runs ``app.py`` as a fresh module for every session and
clears that module when the session ends, so a callback defined there finds its globals gone
(``name 'gc' is not defined``) by the time it runs.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from typing import Any


def release_memory(session_context: Any) -> None:
    """After a session closes: collect its cycles and give freed heap pages back to the system.

    Why: a closed session's Bokeh document, widgets and watchers form reference cycles that
    wait for a full collection, and glibc keeps freed pages in its arenas; without both, the
    server's resident memory stays at its peak after a meeting (benchmarks/bench_sessions.py
    measures it).
    """
    gc.collect()
    if sys.platform.startswith("linux"):
        # not glibc (musl, say): nothing to trim
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
