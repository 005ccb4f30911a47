"""The server's worker process leaves when the server dies (dashboards/worker.py).

Before, every ``decision serve`` stopped by a signal left its robustness worker behind (30 idle
processes of 130 MB each were found after a day of test servers). Here a real process plays the
server: it starts the pool as ``decision serve`` does, runs one job, prints the worker's id and
waits; the test kills it with SIGKILL (no clean-up of any kind) and the worker must be gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from copilote.dashboards import worker

ROOT = Path(__file__).resolve().parents[2]

SERVER = """
import os, sys, time
from copilote.dashboards.worker import worker_pool
pool = worker_pool(1)
print(pool.submit(os.getpid).result(timeout=120), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_worker_leaves_when_the_server_is_killed() -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert server.stdout is not None
        worker_pid = int(server.stdout.readline())
        assert worker_pid != server.pid and _alive(worker_pid)
        time.sleep(2 * worker.WATCH_SECONDS)
        assert _alive(worker_pid), "the worker must stay while its server runs"
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 10 * worker.WATCH_SECONDS
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(worker_pid), f"worker {worker_pid} outlived its server"
    finally:
        server.kill()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()
