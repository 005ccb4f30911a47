"""Sobol' sampling and first/total-order analysis, as SALib does it, batched over many outputs.

Two plain functions, as in SALib (``sample`` then ``analyze``), with the model evaluation in
between left to the caller:

- :func:`sobol_sample` gives the same matrix as ``SALib.sample.sobol.sample(problem, n,
  calc_second_order=False, seed=seed)``: a scrambled Sobol' sequence of dimension 2d (scipy's
  ``qmc.Sobol``, bit for bit, by :mod:`.sobol_sequence`), split into the matrices A and B, and
  the d cross matrices AB_j (A with column j taken from B), interleaved row by row as
  ``A, AB_1, ..., AB_d, B``; n (d + 2) rows.
- :func:`sobol_analyze` gives, for every output column, the numbers of
  ``SALib.analyze.sobol.analyze(problem, y, calc_second_order=False, seed=seed)``: first-order
  index (Saltelli et al. 2010, eq. (b) of table 2), total index (Jansen 1999, same table), and
  their bootstrap confidence half-widths with SALib's resampling indices.

Why not call SALib itself: its sampler fills the matrix with a Python loop over n (d + 2) d
cells (2.5 s for n = 4096, d = 44 on this machine) and its analyser handles one output at a time
with a bootstrap by fancy indexing (0.8 s per output for the same sizes; a study has 2m + 1
outputs). Here the same arithmetic is done with whole-array operations, and the bootstrap means
are one matrix product with the resample counts. ``tests/decision/test_sensitivity_sobol.py``
checks both functions against SALib, value for value, so SALib stays the reference.

Seeds: ``SALib.analyze.sobol.analyze`` tests ``if seed:``, so seed 0 silently means "use NumPy's
global generator". :func:`derive_seeds` turns any user seed (0 included) into two non-zero
integers through a ``numpy.random.Generator``; nothing here touches the global generator.

Constant outputs (a scenario first in every sample, so its rank never moves) have no variance to
apportion: their indices and confidence half-widths are defined as 0, where SALib would divide by
a zero standard deviation. Likewise a bootstrap resample with zero variance counts as index 0
(SALib's own rule for that case).

References: Saltelli, A. et al. (2010), Computer Physics Communications 181(2):259-270,
doi:10.1016/j.cpc.2009.09.018; Sobol', I. M. (2001), Mathematics and Computers in Simulation
55:271-280, doi:10.1016/S0378-4754(00)00270-6.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.analysis.sobol_sequence import sobol_points
from copilote.decision.errors import InputError

#: Bootstrap resamples for the confidence intervals (SALib's default).
NUM_RESAMPLES = 100
#: Confidence level of the intervals (SALib's default).
CONF_LEVEL = 0.95
#: ``scipy.stats.norm.ppf(0.975)``, the normal quantile of that level, to the last bit.
Z_DEFAULT = 1.959963984540054
_EPS = float(np.finfo(float).eps)


def derive_seeds(seed: int, count: int = 2) -> tuple[int, ...]:
    """``count`` non-zero integer seeds drawn from ``numpy.random.default_rng(seed)``.

    Seed 0 is a valid user seed; the seeds handed to SALib-style code are never 0, so no
    ``if seed:`` test can fall back to an unseeded generator.
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"seed {seed!r}: expected an integer >= 0")
    rng = np.random.default_rng(int(seed))
    return tuple(int(s) for s in rng.integers(1, 2**31 - 1, size=count))


@dataclass(frozen=True)
class SaltelliDesign:
    """Saltelli's design for first and total indices, kept as its two base matrices.

    The full design (:meth:`rows`) repeats A d + 2 times: 194 MB for N = 4096 and d = 76.
    :meth:`columns` gives any run of base points' rows, factor by factor, without it.

    Attributes:
        a, b: shape (n, d), the matrices A and B, scaled to the factors' bounds.
    """

    a: NDArray[np.float64]
    b: NDArray[np.float64]

    @property
    def n(self) -> int:
        """Base sample size N."""
        return int(self.a.shape[0])

    @property
    def d(self) -> int:
        """Number of factors."""
        return int(self.a.shape[1])

    def __len__(self) -> int:
        """Rows of the design, n (d + 2)."""
        return self.n * (self.d + 2)

    def rows(self) -> NDArray[np.float64]:
        """Shape (n (d + 2), d): for each base point i, the rows A_i, AB_i1, ..., AB_id, B_i."""
        n, d = self.a.shape
        rows = np.empty((n, d + 2, d))
        rows[:] = self.a[:, None, :]
        diag = np.arange(d)
        rows[:, 1 + diag, diag] = self.b
        rows[:, d + 1, :] = self.b
        return rows.reshape(n * (d + 2), d)

    def columns(self, first: int, last: int) -> NDArray[np.float64]:
        """Shape (d, (last - first) (d + 2)): ``rows()`` of base points first..last-1, transposed.

        Factor j takes A's value in every row of a base point but AB_j's and B's, which take B's.
        """
        d = self.d
        step = d + 2
        count = last - first
        out = np.empty((d, count, step))
        out[:] = self.a[first:last].T[:, :, None]
        b = self.b[first:last].T  # (d, count)
        diag = np.arange(d)
        out[diag, :, 1 + diag] = b
        out[:, :, step - 1] = b
        return out.reshape(d, count * step)


def saltelli_design(bounds: ArrayLike, n: int, seed: int) -> SaltelliDesign:
    """The matrices A and B of :func:`sobol_sample`'s design (same arguments)."""
    b = np.asarray(bounds, dtype=float)
    if b.ndim != 2 or b.shape[1] != 2 or b.shape[0] < 1:
        raise ValueError(f"bounds must have shape (d, 2), got {b.shape}")
    if np.any(b[:, 0] >= b[:, 1]):
        raise ValueError("each factor needs low < high")
    if n < 2:
        raise InputError(f"sample size {n}: expected at least 2")
    d = b.shape[0]
    # scipy.stats.qmc.Sobol's points, bit for bit, without importing scipy.stats (0.6 s)
    base = sobol_points(2 * d, n, seed)
    # Scaling before copying does the same arithmetic on the same numbers as SALib's in-place
    # scaling after (x * (high - low) + low), so the two designs are equal to the bit.
    scaled = np.add(np.multiply(base, np.tile(b[:, 1] - b[:, 0], 2)), np.tile(b[:, 0], 2))
    return SaltelliDesign(np.ascontiguousarray(scaled[:, :d]), np.ascontiguousarray(scaled[:, d:]))


def sobol_sample(bounds: ArrayLike, n: int, seed: int) -> NDArray[np.float64]:
    """Saltelli's design for first and total indices, scaled to ``bounds``.

    Args:
        bounds: shape (d, 2), low and high of each factor, low < high.
        n: base sample size N; a power of 2 keeps the Sobol' sequence balanced.
        seed: non-zero integer seed for the scrambling (see :func:`derive_seeds`).

    Returns:
        Array of shape (n (d + 2), d): for each base point i, the rows A_i, AB_i1, ...,
        AB_id, B_i (SALib's order). :func:`saltelli_design` gives the same rows without
        building this matrix.
    """
    return saltelli_design(bounds, n, seed).rows()


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total Sobol indices of q outputs over d factors.

    Attributes:
        S1, S1_conf, ST, ST_conf: arrays of shape (q, d); ``*_conf`` are half-widths of the
            95 % bootstrap confidence interval (normal approximation, as SALib).
        constant: shape (q,), True where the output never varied (indices defined as 0).
    """

    S1: NDArray[np.float64]
    S1_conf: NDArray[np.float64]
    ST: NDArray[np.float64]
    ST_conf: NDArray[np.float64]
    constant: NDArray[np.bool_]


def sobol_analyze(
    outputs: ArrayLike,
    d: int,
    seed: int,
    *,
    num_resamples: int = NUM_RESAMPLES,
    conf_level: float = CONF_LEVEL,
) -> SobolIndices:
    """First-order and total indices of each column of ``outputs``.

    Args:
        outputs: shape (n (d + 2),) or (n (d + 2), q), model outputs on :func:`sobol_sample`'s
            rows, in the same order.
        d: number of factors.
        seed: non-zero integer seed of the bootstrap (SALib draws
            ``default_rng(seed).integers(n, size=(n, num_resamples))``; so do we).
    """
    y = np.asarray(outputs, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    step = d + 2
    if y.shape[0] % step:
        raise ValueError(f"{y.shape[0]} outputs is not a multiple of d + 2 = {step}")
    # Each output a contiguous row: free when the caller passes y.T
    columns = np.ascontiguousarray(y.T)  # (q, n (d + 2))
    return sobol_analyze_outputs(
        [_given(row) for row in columns],
        y.shape[0] // step,
        d,
        seed,
        num_resamples=num_resamples,
        conf_level=conf_level,
    )


Output = Callable[[NDArray[np.float64]], NDArray[np.float64]]
"""``output(buffer)``: one output's n (d + 2) values in the design's rows' order, as a contiguous
array: written into ``buffer`` (of that size, reused from output to output) or any array."""


def _given(row: NDArray[np.float64]) -> Output:
    return lambda _buffer: row


def sobol_analyze_outputs(
    outputs: Sequence[Output],
    n: int,
    d: int,
    seed: int,
    *,
    threads: int = 1,
    sparse: Sequence[bool] | None = None,
    num_resamples: int = NUM_RESAMPLES,
    conf_level: float = CONF_LEVEL,
) -> SobolIndices:
    """:func:`sobol_analyze` of q outputs given one by one (see :data:`Output`), on ``threads``.

    Each output is analysed on its own, by the same operations whatever the threads (a thread
    takes whole outputs), so the numbers do not depend on ``threads``. ``sparse[k]``: output k
    may not depend on most factors (a scenario's margin to a red line depends on the
    parameters its model reads, 27 of the bundled case's 89 factors for the NOx line): the
    bootstrap products skip the factors that never moved it, when they are most.
    """
    if seed == 0:
        raise ValueError("seed 0 would leave the bootstrap unseeded; use derive_seeds")
    step = d + 2
    q = len(outputs)

    # Bootstrap: resample b uses rows r[:, b]; counts[b, i] = how often row i is drawn. Every
    # resampled mean is then counts @ values / n, one matrix product per output.
    r = np.random.default_rng(seed).integers(n, size=(n, num_resamples))
    flat = (np.arange(num_resamples)[None, :] * n + r).ravel()
    counts = np.bincount(flat, minlength=num_resamples * n).reshape(num_resamples, n)
    counts = counts.astype(float)

    constant = np.zeros(q, dtype=bool)
    a = np.empty((n, q))
    b = np.empty((n, q))
    s1 = np.empty((d, q))
    st = np.empty((d, q))
    mean_first = np.empty((num_resamples, d, q))
    mean_total = np.empty((num_resamples, d, q))
    local = threading.local()

    # One output at a time, each a contiguous column: the working arrays (n x d) stay in the
    # CPU caches, and means and deviations are summed as SALib sums them (numpy's pairwise sum
    # of a contiguous 1-D array), where a (n (d + 2), q) table would be summed row after row.
    def analyse(k: int) -> None:
        buffers = getattr(local, "buffers", None)
        if buffers is None:  # three per thread, reused from output to output
            buffers = local.buffers = np.empty((3, n * step))
        column = outputs[k](buffers[0])
        if column.shape != (n * step,):
            raise ValueError(f"output {k}: {column.shape[0]} values, expected n (d + 2)")
        constant[k] = np.ptp(column) <= _EPS
        if constant[k]:
            # Its indices and half-widths are 0 whatever is computed (set below), and no other
            # output's numbers depend on its columns: skip the work (a scenario always last).
            a[:, k] = b[:, k] = s1[:, k] = st[:, k] = 0.0
            mean_first[:, :, k] = mean_total[:, :, k] = 0.0
            return
        # SALib centres and scales first: (y - y.mean()) / y.std(), computed as numpy's mean and
        # std compute them (a pairwise sum, divided; the same for the squared deviations), the
        # deviations kept rather than computed twice: the same numbers, two passes fewer.
        rows = column.size
        centred = np.subtract(column, np.add.reduce(column) / rows, out=buffers[1])
        std = np.sqrt(np.add.reduce(np.square(centred, out=buffers[2])) / rows)
        z = np.divide(centred, std, out=centred).reshape(n, step)
        a[:, k] = z[:, 0]
        b[:, k] = z[:, step - 1]
        ab = z[:, 1 : d + 1]  # (n, d)
        first_terms = ab - z[:, :1]
        moving = first_terms.any(axis=0) if sparse is not None and sparse[k] else None
        first_terms *= z[:, step - 1 :]
        total_terms = z[:, :1] - ab
        np.square(total_terms, out=total_terms)
        total_terms *= 0.5
        s1[:, k] = first_terms.mean(axis=0)
        st[:, k] = total_terms.mean(axis=0)
        if moving is not None and np.count_nonzero(moving) <= d // 2:
            # Factors that never moved this output (AB_j = A in every base point) have terms
            # of exact zeros: their resampled means are zeros, whose spread is exactly 0
            # whatever their signs, so only the other columns go through the products.
            # Padded to at least 8 columns: a product with fewer takes another BLAS path,
            # whose sums can differ in the last bit.
            keep = np.flatnonzero(moving)
            if keep.size < min(8, d):
                keep = np.union1d(keep, np.flatnonzero(~moving)[: min(8, d) - keep.size])
            mean_first[:, :, k] = 0.0
            mean_total[:, :, k] = 0.0
            mean_first[:, keep, k] = counts @ np.ascontiguousarray(first_terms[:, keep])
            mean_total[:, keep, k] = counts @ np.ascontiguousarray(total_terms[:, keep])
            return
        mean_first[:, :, k] = counts @ first_terms
        mean_total[:, :, k] = counts @ total_terms

    with _one_blas_thread():
        if threads > 1 and q > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                list(pool.map(analyse, range(q)))
        else:
            for k in range(q):
                analyse(k)
        moments = counts @ np.concatenate([a + b, a * a + b * b], axis=1) / (2 * n)
    mean_first /= n
    mean_total /= n
    variance = np.var(np.concatenate([a, b]), axis=0)  # (q,)
    s1 = _ratio(s1, variance)
    st = _ratio(st, variance)

    var_r = moments[:, q:] - moments[:, :q] ** 2  # (R, q), variance of the 2n resampled values
    var_r = np.maximum(var_r, 0.0)[:, None, :]
    z_level = _normal_quantile(0.5 + conf_level / 2)
    s1_conf = z_level * _ratio(mean_first, var_r).std(axis=0, ddof=1)
    st_conf = z_level * _ratio(mean_total, var_r).std(axis=0, ddof=1)

    out = [s1.T, s1_conf.T, st.T, st_conf.T]  # each (q, d)
    for arr in out:
        arr[constant, :] = 0.0
    return SobolIndices(
        S1=out[0], S1_conf=out[1], ST=out[2], ST_conf=out[3], constant=np.asarray(constant)
    )


def _one_blas_thread() -> AbstractContextManager[object]:
    """BLAS on one thread for the bootstrap products.

    Each product is small (100 x N by N x d, 70 ms for all of them on one core at N = 4096,
    d = 76, 17 outputs): a second BLAS thread saves little on an idle machine, and on a busy one
    it waits for a core (measured on the 2-core target machine under a load of 4 to 19, the
    whole analysis: 0.8 to 7 s with two BLAS threads, 0.5 to 1.2 s with one). Uses threadpoolctl
    when installed; without it, BLAS keeps its own setting. One thread also makes the last bits
    of the confidence half-widths independent of the machine's core count (BLAS sums in another
    order on more threads: differences below 1e-16 seen).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional speed-up only
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _normal_quantile(p: float) -> float:
    """``scipy.stats.norm.ppf(p)``; the default level's value is kept, so that the sensitivity
    command need not import scipy.stats (0.6 s) for one number (a test checks it is scipy's)."""
    if p == 0.5 + CONF_LEVEL / 2:
        return Z_DEFAULT
    from scipy.stats import norm

    return float(norm.ppf(p))


def _ratio(num: NDArray[np.float64], var: NDArray[np.float64]) -> NDArray[np.float64]:
    """``num / var`` where the variance is above machine epsilon, else 0 (SALib's rule)."""
    var_b = np.broadcast_to(var, num.shape)
    return np.divide(num, var_b, out=np.zeros_like(num), where=var_b > _EPS)
