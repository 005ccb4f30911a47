"""The store under load and under a kill: nothing acknowledged is lost, the file stays sound.

- 40 client processes, each with its own connection, each saving 25 profiles at the same time
  on a store none of them has created yet, leave all 1,000 in it (and 40 threads do too);
- a writer killed with SIGKILL in the middle of its writes leaves a file that passes
  ``PRAGMA integrity_check`` and holds every write it had acknowledged: the child prints each
  profile name to a pipe only after ``add_profile`` returned (the commit is on disk), the parent
  kills it mid-stream and then looks for every printed name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from copilote.decision.record.journal import Journal
from copilote.decision.record.store import Store

CLIENTS = 40
PROFILES_EACH = 25

CLIENT = textwrap.dedent(
    """
    import sys
    from copilote.decision.record.store import Store
    db, client, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = Store(db)
    for i in range(count):
        store.add_profile(f"c{client:02d}-p{i:02d}", {"energy": 1 + i, "cost": client + 1},
                          owner=f"client{client}", comment=f"client {client}, profile {i}")
    """
)

WRITER = textwrap.dedent(
    """
    import sys
    from copilote.decision.record.store import Store
    from copilote.decision.record.journal import Journal
    store = Store(sys.argv[1])
    journal = Journal(store)
    i = 0
    while True:
        store.add_profile(f"k{i:06d}", {"energy": i + 1, "land": 1.0}, comment="x" * 200)
        print(f"profile k{i:06d}", flush=True)
        entry = journal.append("kill-test", "scenarios_shown", "w", {"scenarios": [str(i)],
                               "method": "topsis"})
        print(f"journal {entry.id}", flush=True)
        i += 1
    """
)


def test_40_client_processes_each_saving_25_profiles(tmp_path: Path) -> None:
    db = tmp_path / "concurrent.sqlite3"
    clients = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(db), str(c), str(PROFILES_EACH)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in range(CLIENTS)
    ]
    failures = []
    for c, proc in enumerate(clients):
        _, err = proc.communicate(timeout=240)
        if proc.returncode != 0:
            failures.append(f"client {c}: exit {proc.returncode}: {err.strip()[-300:]}")
    assert failures == []
    store = Store(db)
    names = {p.name for p in store.profiles()}
    expected = {f"c{c:02d}-p{i:02d}" for c in range(CLIENTS) for i in range(PROFILES_EACH)}
    assert names == expected
    assert store.count_versions() == CLIENTS * PROFILES_EACH
    assert store.integrity_check() == "ok"
    assert store.profile("c17-p03").weights.entered() == {"energy": 4.0, "cost": 18.0}


def _run_all(threads: list[threading.Thread], seconds: float) -> None:
    """Start the threads and wait for them all, ``seconds`` in all: a stuck one fails the test
    instead of hanging CI."""
    for t in threads:
        t.start()
    deadline = time.monotonic() + seconds
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not [t for t in threads if t.is_alive()], f"threads still running after {seconds} s"


def test_40_threads_with_their_own_stores_editing_shared_profiles(tmp_path: Path) -> None:
    """Every thread adds versions to the same 5 profiles: versions are numbered without gaps.

    The store is created first (creation by 40 writers at once: the test above with processes,
    the one below with threads); a thread that fails breaks the barrier, so the others stop
    instead of waiting.
    """
    db = tmp_path / "threads.sqlite3"
    Store(db)
    errors: list[BaseException] = []
    start = threading.Barrier(CLIENTS, timeout=120)

    def client(c: int) -> None:
        try:
            store = Store(db)
            start.wait()
            for i in range(PROFILES_EACH):
                store.add_profile(f"shared{i % 5}", {"energy": c + 1, "air": i + 1})
        except BaseException as err:  # reported by the assertion below
            start.abort()
            errors.append(err)

    _run_all([threading.Thread(target=client, args=(c,), daemon=True) for c in range(CLIENTS)], 240)
    assert errors == []
    store = Store(db)
    assert store.count_versions() == CLIENTS * PROFILES_EACH
    for k in range(5):
        versions = [p.version for p in store.versions(f"shared{k}")]
        assert versions == list(range(1, CLIENTS * PROFILES_EACH // 5 + 1))


@pytest.mark.parametrize("acknowledged_before_kill", [1, 60, 400])
def test_sigkill_mid_write_loses_nothing_acknowledged(
    tmp_path: Path, acknowledged_before_kill: int
) -> None:
    db = tmp_path / "killed.sqlite3"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    acknowledged: list[str] = []
    for line in child.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) >= acknowledged_before_kill:
            break
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    acknowledged += [line.strip() for line in rest.splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL

    store = Store(db)
    assert store.integrity_check() == "ok"
    profiles = {p.name for p in store.profiles()}
    journal_ids = {e.id for e in Journal(store).entries("kill-test")}
    for ack in acknowledged:
        kind, _, ident = ack.partition(" ")
        if kind == "profile":
            assert ident in profiles, f"acknowledged profile {ident} lost"
        else:
            assert int(ident) in journal_ids, f"acknowledged journal entry {ident} lost"
    # The store still takes writes after the crash.
    assert store.add_profile("after-crash", {"energy": 1}).version == 1


def test_40_threads_opening_a_brand_new_store_at_once(tmp_path: Path) -> None:
    """Nobody mistakes the store another thread is creating for another program's file.

    The version and the tables were read one after the other, and a creation committed in
    between made a new Copilote store look foreign (``is an SQLite database of another
    program``): 40 threads hit it in most of 30 rounds before the fix.
    """

    def open_and_save(db: Path, start: threading.Barrier, failures: list[str]) -> None:
        try:
            start.wait()
            Store(db).add_profile("p", {"energy": 1.0})
        except BaseException as err:  # reported by the assertion below
            failures.append(f"{db.name}: {type(err).__name__}: {err}")

    for round_no in range(10):
        db = tmp_path / f"new{round_no}.sqlite3"
        start = threading.Barrier(CLIENTS, timeout=60)
        failures: list[str] = []
        _run_all(
            [
                threading.Thread(target=open_and_save, args=(db, start, failures), daemon=True)
                for _ in range(CLIENTS)
            ],
            120,
        )
        assert failures == []
        assert Store(db).count_versions() == CLIENTS
