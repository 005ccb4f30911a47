"""Benchmark: how fast the ``decision`` command starts, against ``python -c "import numpy"``.

    python benchmarks/bench_startup.py [--repeat 5]

Each command runs as a user runs it, a fresh interpreter (``python -m copilote ...``), from the
checkout; the reference, ``python -c "import numpy"``, is measured in the same run, interleaved
with the commands, so that the machine's load weighs on both alike. Best of ``--repeat`` wall
times. Targets (issue 15): ``--help`` <= 2x the reference, ``rank TABLE.csv`` <= 3x.

With ``--pdf``, also times ``decision memo --format pdf`` of the bundled case twice and checks
that both runs write the same bytes (target: under 5 s).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import compile_bytecode

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "data" / "examples" / "chauffage-cite-12-14.csv"

REFERENCE = [sys.executable, "-c", "import numpy"]
COMMANDS: dict[str, tuple[list[str], float | None]] = {
    "decision --help": ([sys.executable, "-m", "copilote", "--help"], 2.0),
    "decision --version": ([sys.executable, "-m", "copilote", "--version"], 2.0),
    "decision rank TABLE.csv": (
        [sys.executable, "-m", "copilote", "rank", str(TABLE), "--types", "min,min,min"],
        3.0,
    ),
    "decision evaluate": ([sys.executable, "-m", "copilote", "evaluate"], None),
}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF memo")
    args = parser.parse_args()
    compile_bytecode()  # as an installed copy has it (see installed.py)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (1 min)")
    wall(REFERENCE)  # warm the file cache for both sides
    for cmd, _ in COMMANDS.values():
        wall(cmd)
    best = {name: float("inf") for name in ["import numpy", *COMMANDS]}
    for _ in range(args.repeat):
        best["import numpy"] = min(best["import numpy"], wall(REFERENCE))
        for name, (cmd, _) in COMMANDS.items():
            best[name] = min(best[name], wall(cmd))
    ref = best["import numpy"]
    print(f'reference, python -c "import numpy": {ref:.3f} s (best of {args.repeat})')
    failed = []
    for name, (_, target) in COMMANDS.items():
        ratio = best[name] / ref
        verdict = ""
        if target is not None:
            verdict = f"  target <= {target:.0f}x: {'met' if ratio <= target else 'NOT met'}"
            if ratio > target:
                failed.append(name)
        print(f"{name:<26} {best[name]:.3f} s  {ratio:4.1f}x{verdict}")
    if args.pdf:
        # the memo prints its date and time: fixed by SOURCE_DATE_EPOCH (docs/memo.md), so
        # that two runs on the same inputs can give the same bytes
        os.environ.setdefault("SOURCE_DATE_EPOCH", "1764547200")
        with tempfile.TemporaryDirectory() as tmp:
            digests, times, cpu = [], [], []
            for i in range(2):
                out = Path(tmp) / f"memo-{i}.pdf"
                cmd = [sys.executable, "-m", "copilote", "memo", "--format", "pdf"]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                times.append(wall([*cmd, "--out", str(out)]))
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
        same = "same bytes" if digests[0] == digests[1] else "DIFFERENT bytes"
        print(
            f"decision memo --format pdf: {min(times):.2f} s (best of 2; CPU time "
            f"{min(cpu):.2f} s), {same}; "
            f"target < 5 s: {'met' if min(times) < 5 else 'NOT met'}"
        )
    if failed:
        print(f"targets not met: {', '.join(failed)}")


if __name__ == "__main__":
    main()
