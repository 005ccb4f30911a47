"""The server's worker process: started by ``decision serve``, gone when the server is gone.

``ProcessPoolExecutor`` workers wait for work on a pipe whose writing end they hold too, so a
server that stops without shutting its pool down (SIGTERM's default action, SIGKILL, a crash)
left its worker behind: seen here, 30 idle workers of 130 MB each after a day of test servers.
Each worker therefore watches its parent and leaves when the parent changes. A thread polling
``os.getppid()`` rather than Linux's ``PR_SET_PDEATHSIG``: the latter fires when the *thread*
that started the worker ends, which may be any thread of the server. Standard library only, so
that starting a worker imports nothing heavy.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

#: How often a worker checks that its server is still there [s].
WATCH_SECONDS = 1.0


def leave_with(parent: int, every: float = WATCH_SECONDS) -> None:
    """Pool initializer: end this process once ``parent`` (a process id) is no longer its parent.

    When a process dies its children are re-parented (to init or a subreaper), so
    ``os.getppid()`` changes; ``os._exit`` because there is nothing to save in a worker, and
    the pool's own threads must not block the exit.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name="copilote-leave-with-server", daemon=True).start()


def worker_pool(workers: int = 1) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started with ``spawn`` (the server runs threads; forking
    it would copy their locks), each leaving when this process goes."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=leave_with,
        initargs=(os.getpid(),),
    )
