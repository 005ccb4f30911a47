"""Scrambled Sobol' points, equal to the bit to ``scipy.stats.qmc.Sobol(d, scramble=True,
seed=seed).random(n)``, without importing ``scipy.stats``.

Why: ``scipy.stats`` takes 0.6 s to import on an idle machine (seconds on a loaded one), which is
more than half of what ``decision sensitivity --n 4096`` costs as a command; the sequence itself
is a few numpy operations. scipy stays the reference: tests/decision/test_sobol_sequence.py
compares the points bit for bit, and the direction numbers are read from the file scipy ships
(``scipy/stats/_sobol_direction_numbers.npz``: Joe & Kuo 2008, new-joe-kuo-6.21201), so there is
one copy of them.

The construction, as scipy does it (its ``_sobol.pyx``):

1. direction numbers ``v[d, j]`` (``BITS`` = 30 bits each) from each dimension's primitive
   polynomial and initial numbers, by the recurrence of Bratley & Fox (1988), Algorithm 659,
   ACM TOMS 14(1):88-100;
2. scrambling (Owen's linear matrix scramble plus a digital shift), with random bits drawn from
   ``numpy.random.default_rng(seed)`` in scipy's order: first the shift ``[d, BITS]``, then the
   lower-triangular matrices ``[d, BITS, BITS]`` (unit diagonal); each direction number, as a
   column of bits (most significant first), is multiplied by its dimension's matrix over GF(2);
3. point ``k`` is the shift XOR the direction numbers selected by the Gray code of ``k``
   (scipy's loop adds one direction number per point; the XOR of all of them is the same).
"""

from __future__ import annotations

import warnings
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

#: Bits of each coordinate (scipy's default): 2**30 points at most.
BITS = 30


@cache
def _direction_table() -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Primitive polynomials ``[D]`` and initial direction numbers ``[D, 18]`` shipped by scipy."""
    spec = find_spec("scipy")  # locates the package without importing scipy.stats
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("scipy is needed for the Sobol' direction numbers")
    path = Path(next(iter(spec.submodule_search_locations))) / "stats"
    with np.load(path / "_sobol_direction_numbers.npz") as table:
        return table["poly"].astype(np.int64), table["vinit"].astype(np.int64)


def direction_numbers(d: int) -> NDArray[np.int64]:
    """Unscrambled direction numbers ``[d, BITS]``, scaled to ``BITS``-bit integers."""
    poly, vinit = _direction_table()
    if not 1 <= d <= len(poly):
        raise ValueError(f"Sobol' dimension {d}: expected 1 to {len(poly)}")
    v = np.zeros((d, BITS), dtype=np.int64)
    v[0, :] = 1
    p = poly[1:d]
    degree = np.array([int(x).bit_length() - 1 for x in p], dtype=np.int64)
    rows = np.arange(1, d)
    for j in range(BITS):
        initial = j < degree
        if initial.any():
            v[rows[initial], j] = vinit[rows[initial], j]
        todo = ~initial
        if not todo.any():
            continue
        r, m, q = rows[todo], degree[todo], p[todo]
        new = v[r, j - m]
        for k in range(int(m.max())):
            # coefficient k of the polynomial (from the top), for the dimensions of degree > k
            use = (k < m) & (((q >> np.maximum(m - 1 - k, 0)) & 1) == 1)
            new = new ^ np.where(use, v[r, np.maximum(j - k - 1, 0)] << (k + 1), 0)
        v[r, j] = new
    return v << np.arange(BITS - 1, -1, -1, dtype=np.int64)  # column j weighs 2**(BITS-1-j)


def _scrambled(d: int, seed: int | None) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Scrambled direction numbers ``[d, BITS]`` and the digital shift ``[d]``."""
    rng = np.random.default_rng(seed)
    shift_bits = rng.integers(0, 2, size=(d, BITS), dtype=np.uint32)
    shift = shift_bits.astype(np.int64) @ (np.int64(1) << np.arange(BITS, dtype=np.int64))
    lower = np.tril(rng.integers(0, 2, size=(d, BITS, BITS), dtype=np.uint32)).astype(np.int64)
    lower[:, np.arange(BITS), np.arange(BITS)] = 1
    weights = np.int64(1) << np.arange(BITS - 1, -1, -1, dtype=np.int64)  # MSB first
    v = direction_numbers(d)
    bits = (v[:, :, None] & weights) != 0  # [d, j, i]: bit i (MSB first) of v[d, j]
    # Over GF(2): the parity of sum_i bits[d, j, i] lower[d, p, i]. Summed as floats by BLAS
    # (each sum counts at most BITS ones: exact), a tenth of the time of an integer einsum.
    counts = np.matmul(bits.astype(np.float64), lower.transpose(0, 2, 1).astype(np.float64))
    mixed = counts.astype(np.int64) & 1
    return mixed @ weights, shift


def sobol_points(d: int, n: int, seed: int | None) -> NDArray[np.float64]:
    """The first ``n`` points ``[n, d]`` of the scrambled Sobol' sequence, in ``[0, 1)``.

    Equal to ``scipy.stats.qmc.Sobol(d=d, scramble=True, seed=seed).random(n)``, including its
    warning when ``n`` is not a power of 2 (the sequence's balance needs one).
    """
    if n < 0 or n > 2**BITS:
        raise ValueError(f"Sobol' sample size {n}: expected 0 to 2**{BITS}")
    if n & (n - 1):
        warnings.warn(
            "The balance properties of Sobol' points require n to be a power of 2.",
            stacklevel=2,
        )
    v, shift = _scrambled(d, seed)
    k = np.arange(n, dtype=np.int64)
    gray = k ^ (k >> 1)
    quasi = np.broadcast_to(shift, (n, d)).copy()
    row = np.empty(n, dtype=bool)
    for b in range(max(int(n - 1).bit_length(), 0)):
        np.equal((gray >> b) & 1, 1, out=row)
        # in place, on the rows whose Gray code has bit b: no (n, d) temporary per bit
        np.bitwise_xor(quasi, v[:, b], out=quasi, where=row[:, None])
    points: NDArray[np.float64] = quasi * (1.0 / 2**BITS)
    return points
