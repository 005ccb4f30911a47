"""How the store holds up when a whole committee saves at once.

Baseline, measured in the same run: one client saving N profiles one after the other. Then the
same N profiles saved by 40 client processes at once (each with its own connection, as 40
laptops behind ``decision serve`` would be), and reads (``resolve_profile``, what ``--profile``
costs) while they write. Printed: throughput, latency percentiles of one save, and the ratios to
the baseline. Every save is a durable commit (WAL, synchronous=FULL: fsync of the log), so the
figures depend on the disk; the last line checks that all N profiles are there.

Usage::

    python benchmarks/bench_store_load.py            # 1,000 profiles, 40 clients
    python benchmarks/bench_store_load.py --quick    # 200 profiles, 10 clients
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

CLIENT = textwrap.dedent(
    """
    import sys, time
    from copilote.decision.record.store import Store
    db, client, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    start_at = float(sys.argv[4])
    store = Store(db)
    while time.time() < start_at:  # everyone starts together
        time.sleep(0.001)
    for i in range(count):
        t0 = time.perf_counter()
        store.add_profile(f"c{client:02d}-p{i:03d}", {"energy": 1 + i, "cost": 2, "air": 1,
                          "land": 0.5}, owner=f"client{client}", comment="banc de charge")
        print(f"{time.perf_counter() - t0:.6f}", flush=True)
    """
)

READER = textwrap.dedent(
    """
    import sys, time
    from copilote.decision.errors import InputError
    from copilote.decision.record.store import resolve_profile
    db, seconds = sys.argv[1], float(sys.argv[2])
    end = time.time() + seconds
    while time.time() < end:
        t0 = time.perf_counter()
        try:
            resolve_profile("reference", db=db)
        except InputError:
            pass
        print(f"{time.perf_counter() - t0:.6f}", flush=True)
    """
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def run_clients(db: Path, clients: int, each: int) -> tuple[float, list[float]]:
    start_at = time.time() + 1.5 + 0.05 * clients  # leave time for the interpreters to start
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(db), str(c), str(each), str(start_at)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for c in range(clients)
    ]
    latencies: list[float] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"a client failed with exit status {proc.returncode}")
        latencies += [float(x) for x in out.split()]
    wall = time.time() - start_at
    return wall, latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="200 profiles, 10 clients")
    args = parser.parse_args(argv)
    if args.quick:
        args.profiles, args.clients = 200, 10
    each = args.profiles // args.clients
    total = each * args.clients

    from copilote.decision.record.store import Store

    with tempfile.TemporaryDirectory(prefix="copilote-store-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base_db = tmp / "baseline.sqlite3"
        Store(base_db)
        base_wall, base_lat = run_clients(base_db, 1, total)

        db = tmp / "concurrent.sqlite3"
        Store(db).add_profile("reference", {"energy": 1, "cost": 1})
        reader = subprocess.Popen(
            [sys.executable, "-c", READER, str(db), "8"], stdout=subprocess.PIPE, text=True
        )
        wall, lat = run_clients(db, args.clients, each)
        read_out, _ = reader.communicate(timeout=120)
        reads = [float(x) for x in read_out.split()]
        store = Store(db)
        saved = store.count_versions() - 1
        integrity = store.integrity_check()

    base_rate, rate = total / base_wall, total / wall
    print(f"profiles saved        {total} (durable commits: WAL, synchronous=FULL)")
    print(f"                      {'1 client (baseline)':>22} {f'{args.clients} clients':>14}")
    print(f"wall time [s]         {base_wall:22.2f} {wall:14.2f}")
    print(f"saves per second      {base_rate:22.0f} {rate:14.0f}")
    print(
        f"save latency p50 [ms] {1000 * statistics.median(base_lat):22.1f} "
        f"{1000 * statistics.median(lat):14.1f}"
    )
    print(
        f"save latency p95 [ms] {1000 * percentile(base_lat, 95):22.1f} "
        f"{1000 * percentile(lat, 95):14.1f}"
    )
    print(f"save latency max [ms] {1000 * max(base_lat):22.1f} {1000 * max(lat):14.1f}")
    print(f"throughput ratio      {rate / base_rate:.2f} x the single client")
    print(
        f"resolve_profile while they write: {len(reads)} reads, p50 "
        f"{1000 * statistics.median(reads):.1f} ms, p95 {1000 * percentile(reads, 95):.1f} ms"
    )
    print(f"all saved             {saved} of {total}; integrity_check: {integrity}")
    return 0 if saved == total and integrity == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
