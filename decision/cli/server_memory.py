"""How ``decision serve`` allocates memory, so that a meeting's memory goes back to the system.

The problem: after a meeting of 40 laptops, the server's resident memory stayed near its peak
(benchmarks/bench_sessions.py: 212 MB before, 366 MB peak, 370 MB after, 22 November), although
every closed session was freed. The freed memory stayed with the allocators:

- CPython's own allocator gives a 1 MiB arena back only when every object in it is gone, and a
  few long-lived objects made during a meeting keep many arenas half empty;
- glibc's malloc, when Python uses it (``PYTHONMALLOC=malloc``), keeps freed holes between live
  blocks in its heap, and ``malloc_trim`` can only give back whole free pages; it also raises its
  threshold for giving large blocks their own mapping each time one is freed, after which a
  page's JSON (hundreds of kB) lands in the heap between small objects.

What is done, in order of preference (each variable is left alone if the user set it):

1. jemalloc, when installed (Debian ``libjemalloc2``), preloaded with a decay of 1 s and its
   background thread: freed pages go back to the system about a second after they are freed,
   whatever is left around them;
2. otherwise glibc with a fixed mmap threshold (128 KiB), trimmed by ``dashboards.lifecycle``
   after sessions close.

In both, Python's small objects go to the C allocator (``PYTHONMALLOC=malloc``). Measured with
benchmarks/bench_sessions.py; the figures are in the README.
"""

from __future__ import annotations

import ctypes.util
import sys

#: jemalloc's settings: purge freed pages after 1 s, from its own thread (no need for activity).
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"
#: glibc's threshold [bytes] above which a block gets its own mapping, fixed (no raising).
GLIBC_MMAP_THRESHOLD = 128 * 1024


def find_jemalloc() -> str | None:
    """The jemalloc shared library's name as the dynamic loader finds it, or None."""
    return ctypes.util.find_library("jemalloc")


def allocator_settings(jemalloc: str | None) -> dict[str, str]:
    """The environment variables that set the server's allocators (see the module's text)."""
    settings = {"PYTHONMALLOC": "malloc"}
    if jemalloc:
        settings |= {"LD_PRELOAD": jemalloc, "MALLOC_CONF": JEMALLOC_CONF}
    else:
        settings["MALLOC_MMAP_THRESHOLD_"] = str(GLIBC_MMAP_THRESHOLD)
    return settings


def allocator_command(
    argv: list[str] | None,
    environ: dict[str, str],
    jemalloc: str | None,
    platform: str = sys.platform,
) -> tuple[list[str], dict[str, str]] | None:
    """The command and environment to re-run ``decision`` with :func:`allocator_settings`.

    None when there is nothing to add (the user set every variable, or this is the re-run
    itself), when this is not Linux (these are glibc's and the Linux loader's variables), or
    when ``serve`` was called from Python rather than from the command line (``argv`` None:
    the caller's process must not be replaced).
    """
    if argv is None or not platform.startswith("linux"):
        return None
    missing = {k: v for k, v in allocator_settings(jemalloc).items() if k not in environ}
    if not missing:
        return None
    return [sys.executable, "-m", "copilote", *argv], {**environ, **missing}
