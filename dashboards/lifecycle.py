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
    wait for a full collection, and glibc keeps freed pages in its arenas. Even so the server's
    resident memory stays near its peak after a meeting (CPython keeps its own arenas); what
    this ensures is that the next meeting reuses that memory instead of adding to it
    (benchmarks/bench_sessions.py measures it).
    """
    _drop_panel_views(session_context)
    gc.collect()
    if sys.platform.startswith("linux"):
        # not glibc (musl, say): nothing to trim
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _drop_panel_views(session_context: Any) -> None:
    """Forget the Panel views still registered for the closed session's document.

    Why: with Panel 1.9.4 the notification area of each session (``notifications=True``, which
    the reconnection message needs) stays in Panel's registry of views after its session ends,
    with the destroyed document it points to; one is kept per session for the life of the
    server. Panel's own clean-up hook is called for what is left. These are Panel's private
    names (checked on Panel 1.9.4); if they change, nothing is done.
    """
    import panel as pn

    doc = getattr(session_context, "_document", None)
    views = getattr(pn.state, "_views", None)
    if doc is None or not isinstance(views, dict):
        return
    for ref, (view, _root, view_doc, _comm) in list(views.items()):
        if view_doc is doc:
            with contextlib.suppress(Exception):  # a view's own clean-up failing must not stop ours
                view._server_destroy(session_context)
            views.pop(ref, None)
