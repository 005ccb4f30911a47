"""What the server does when a browser session ends.

Kept out of ``app.py`` on purpose: Bokeh runs ``app.py`` as a fresh module for every session and
clears that module when the session ends, so a callback defined there finds its globals gone
(``name 'gc' is not defined``) by the time it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("copilote.serve")

#: Seconds between the last session end and the collection: long enough for Bokeh to drop the
#: closed sessions (it calls our hook while it still holds the session), short enough to matter.
COLLECT_DELAY_S = 2.0
#: Seconds between the collection and the memory figure logged.
REPORT_DELAY_S = 5.0

_pending: asyncio.TimerHandle | None = None


def release_memory(session_context: Any) -> None:
    """After a session closes: forget its views now, then give its memory back to the system.

    Why: a closed session's Bokeh document, widgets and watchers form reference cycles that
    wait for a full collection, and the C allocator keeps freed pages until asked to trim.
    Bokeh calls this hook before it lets go of the session, so the collection is deferred
    (``COLLECT_DELAY_S`` after the last session end of a burst: when 40 laptops leave, one
    collection). ``decision serve`` also sets how the process allocates
    (``decision.cli.server_memory``: jemalloc if installed), without which freed memory stays
    pinned by a few survivors and the collection gives little back; benchmarks/bench_sessions.py
    measures the result.
    """
    _drop_panel_views(session_context)
    _collect_soon(getattr(session_context, "server_context", None))


def _collect_soon(server_context: Any) -> None:
    """Collect and trim ``COLLECT_DELAY_S`` after the last call, or now outside an event loop."""
    global _pending
    if _pending is not None:
        _pending.cancel()
    _pending = _later(COLLECT_DELAY_S, collect_and_trim, server_context)


def _later(delay: float, callback: Any, *args: Any) -> asyncio.TimerHandle | None:
    """``callback(*args)`` ``delay`` seconds from now on the running event loop, or at once
    (returning None) when there is none: a script or a test has nothing to wait for."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        callback(*args)
        return None
    return loop.call_later(delay, callback, *args)


def collect_and_trim(server_context: Any = None) -> None:
    """A full garbage collection, then glibc's ``malloc_trim``: free pages go back to the OS.

    Logs the server's resident memory before and a few seconds after [MB] (jemalloc, when
    ``decision serve`` preloads it, gives pages back from its own thread about a second after
    they are freed), and how many sessions are still open (``server_context``: Bokeh's).
    """
    global _pending
    _pending = None
    before = _resident_mb()
    gc.collect()
    if sys.platform.startswith("linux"):
        # not glibc (musl, say): nothing to trim; under jemalloc it trims glibc's unused heap
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
    open_sessions = len(getattr(server_context, "sessions", ()) or ())
    _later(REPORT_DELAY_S, _report, before, open_sessions)


def _report(before: float, open_sessions: int) -> None:
    log.info(
        "sessions closed: resident memory %.0f -> %.0f MB, %d session(s) still open",
        before,
        _resident_mb(),
        open_sessions,
    )


def _resident_mb() -> float:
    """This process's resident memory [MB] (Linux /proc; NaN elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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


def quiet_closed_sockets() -> None:
    """Log a message sent to a browser that just closed its tab as one line, not a traceback.

    Why: Bokeh catches the failed send (``Failed sending message as connection was closed``),
    but Tornado's inner write future then ends with ``WebSocketClosedError`` that nobody
    retrieves, and asyncio prints it with a traceback. A tab closed while its robustness study
    was being sent is a normal event of a meeting, not an error; any other unretrieved
    exception keeps asyncio's usual report. Installed once on the server's event loop.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
    if getattr(loop, "_copilote_quiet", False):
        return
    from tornado.iostream import StreamClosedError
    from tornado.websocket import WebSocketClosedError

    previous = loop.get_exception_handler()

    def handler(event_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), WebSocketClosedError | StreamClosedError):
            log.info("a browser closed while the server was writing to it")
            return
        if previous is not None:
            previous(event_loop, context)
        else:
            event_loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
    loop._copilote_quiet = True  # type: ignore[attr-defined]
