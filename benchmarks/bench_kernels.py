"""Batched MCDA kernels against a plain pymcdm loop, on the same weight samples.

Problem: 6 alternatives x 8 indicators (seeded), 40,960 weight vectors drawn from a flat
Dirichlet distribution with a seeded numpy Generator. For each batched method it prints the time
of ``decision.core.kernels.batch_scores`` on all samples, the time of a loop calling pymcdm (the
method object built once, ``validation=False``) on the same samples, their ratio, and the largest
absolute difference between the two results (must be <= 1e-9).

Where the pymcdm loop is slow, it is timed on the first 4,096 samples and scaled to 40,960 (the
table says so); the difference is then measured on those 4,096 samples.

Run: ``python benchmarks/bench_kernels.py`` (options: ``--samples``, ``--loop-samples``,
``--seed``).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from copilote.decision.core import kernels
from copilote.decision.core.methods import METHODS, make_method

ALTERNATIVES, INDICATORS = 6, 8


def problem(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seeded 6 x 8 matrix of positive values, half the indicators to minimise."""
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(1.0, 100.0, (ALTERNATIVES, INDICATORS))
    types = np.array([1, -1] * (INDICATORS // 2))
    weights = rng.dirichlet(np.ones(INDICATORS), size=1)[0]
    return matrix, weights, types


def best_time(func, repeats: int) -> float:
    """Best wall time of ``repeats`` calls [s]."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40_960)
    parser.add_argument(
        "--loop-samples",
        type=int,
        default=4_096,
        help="samples timed in the pymcdm loop for slow methods (then scaled)",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)

    matrix, _, types = problem(args.seed)
    rng = np.random.default_rng(args.seed + 1)
    samples = rng.dirichlet(np.ones(INDICATORS), size=args.samples)

    print(
        f"Batched kernels vs pymcdm loop: {ALTERNATIVES} alternatives x {INDICATORS} indicators,"
        f" {args.samples:,} weight samples (seed {args.seed})"
    )
    header = (
        f"{'method':<14}{'kernel [s]':>12}{'pymcdm loop [s]':>17}{'looped':>9}"
        f"{'ratio':>10}{'max |diff|':>12}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    scaled_any = False
    for name in sorted(kernels.BATCHED):
        kernel_time = best_time(
            lambda name=name: kernels.batch_scores(name, matrix, samples, types), repeats=3
        )
        batched = kernels.batch_scores(name, matrix, samples, types)
        method = make_method(name, matrix)
        # Time a few calls first to decide whether the whole loop is affordable (< ~5 s).
        probe = best_time(
            lambda method=method: method(matrix, samples[0], types, validation=False), repeats=20
        )
        looped = (
            args.samples if probe * args.samples < 5.0 else min(args.loop_samples, args.samples)
        )
        reference = np.empty((looped, ALTERNATIVES))
        start = time.perf_counter()
        for i in range(looped):
            reference[i] = method(matrix, samples[i], types, validation=False)
        loop_time = (time.perf_counter() - start) * args.samples / looped
        diff = float(np.max(np.abs(batched[:looped] - reference)))
        worst = max(worst, diff)
        scaled = looped < args.samples
        scaled_any |= scaled
        looped_text = f"{looped:,}" + ("*" if scaled else "")
        print(
            f"{METHODS[name].label:<14}{kernel_time:>12.4f}{loop_time:>17.3f}{looped_text:>9}"
            f"{loop_time / kernel_time:>9.0f}x{diff:>12.1e}"
        )
    if scaled_any:
        print(
            f"* pymcdm loop timed on the first {args.loop_samples:,} samples and scaled to "
            f"{args.samples:,}; differences measured on those samples."
        )
    print(
        f"Largest difference: {worst:.1e} (required <= 1e-9): {'OK' if worst <= 1e-9 else 'FAIL'}"
    )
    return 0 if worst <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
