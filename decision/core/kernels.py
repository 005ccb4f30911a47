"""Batched MCDA: many weight vectors and many decision matrices evaluated at once.

Why hand-written kernels: sensitivity analysis evaluates a method tens of thousands of times
(Sobol samples of weights and parameters) and the live dashboard re-ranks on every slider move.
A Python loop over pymcdm costs tens of microseconds per call; these numpy kernels evaluate
``k`` problems of shape ``[m, n]`` in one pass (see ``benchmarks/bench_kernels.py``). Each kernel
is proved equal to pymcdm to 1e-9 (``tests/decision/test_kernels.py``, property-based with
hypothesis, plus degenerate cases), so speed costs no trust.

Shapes: ``matrix`` is ``[m, n]`` (shared by every sample: a weights-only batch, normalised once)
or ``[k, m, n]``; ``weights`` is ``[n]`` or ``[k, n]``; the result is ``[k, m]``. Weight rows are
scaled to sum 1, as :func:`copilote.decision.core.mcda.evaluate_matrix` does.

Degenerate cases are defined here, once, and one pymcdm evaluation uses the same definitions
(:func:`method_scores` calls :func:`normalize` and falls back to these kernels where pymcdm
raises or returns NaN):

1. **Constant column** (all alternatives equal on an indicator). Where pymcdm's normalisation of
   it is defined (finite, no error), it is pymcdm's; where it is not (an all-zero column under
   ``sum``, ``vector``, ``max``...; ``enhanced_accuracy`` always), the column is normalised as a
   column of 2s would be: every positive constant other than 1 gives the same values, so this is
   the value the formula takes on any well-behaved constant column. Every alternative gets the
   same value: the column contributes nothing to the ranking, and nothing at all to the scores
   of TOPSIS, VIKOR, PROMETHEE II, EDAS and MABAC.
2. **Zero spread**: a ratio whose denominator is a spread among alternatives that is zero
   because they do not differ (``0/0``) counts as 0 (:func:`spread_ratio`). VIKOR: a constant
   column adds 0 to S and R (pymcdm raises), equal S (or R) for all alternatives give 0 to that
   half of Q (pymcdm: NaN); TOPSIS: alternatives equal on every weighted indicator get closeness
   0 (pymcdm: NaN); EDAS: all alternatives equal give NSP = 0, NSN = 1, score 0.5 (pymcdm: NaN).
3. **No indicator to minimise** in COPRAS or MOORA (pymcdm raises): the minimising part is empty,
   ``Q = S+`` (COPRAS) and ``y = sum of the maximising part`` (MOORA). Likewise when the
   minimising indicators all have weight 0.
4. **Outside a formula's domain** (values <= 0 under ``sum`` or ``logarithmic``, 0 under
   ``linear``, negative values in COPRAS, a column mean of 0 in EDAS, an alternative with 0 on
   every indicator to minimise in COPRAS): :class:`~copilote.decision.errors.InputError` naming the
   indicator, never NaN.

Two equal alternatives get bit-identical scores (every operation is row-symmetric: no BLAS
products, sums along the indicator axis), so they share the average rank exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.core.methods import (
    METHODS,
    NORMALIZATIONS,
    check_normalization,
    make_method,
    method_spec,
)
from copilote.decision.errors import InputError

Array = NDArray[np.float64]

#: Methods with a vectorised kernel; the others loop over pymcdm (through decision.core.mcda).
BATCHED: frozenset[str] = frozenset(
    {"topsis", "vikor", "promethee_ii", "wsm", "wpm", "copras", "spotis", "moora", "edas"}
)

#: Samples per block in the sample-last kernels: a block's working set (a few arrays of
#: m x n x SAMPLE_BLOCK floats, 1.2 MB each for 8 x 9 x 2048) stays in the CPU's caches.
SAMPLE_BLOCK = 2048

# Up to this many alternatives, ranks are counted pair by pair (m^2 / 2 vector comparisons).
_PAIRWISE_RANKS = 16

# Value that stands for a constant column whose normalisation is undefined (rule 1).
_CONSTANT_STAND_IN = 2.0


# -- shared definitions ----------------------------------------------------------------------
def spread_ratio(num: ArrayLike, den: ArrayLike) -> Array:
    """``num / den`` where ``den != 0``, else 0: a zero spread means no difference (rule 2)."""
    num_a = np.asarray(num, dtype=float)
    den_a = np.asarray(den, dtype=float)
    shape = np.broadcast_shapes(num_a.shape, den_a.shape)
    out = np.zeros(shape)
    np.divide(num_a, den_a, out=out, where=np.broadcast_to(den_a != 0, shape))
    return out


def _indicator(j: int, names: Sequence[str] | None) -> str:
    return f"indicator '{names[j]}'" if names is not None else f"indicator {j + 1}"


# -- normalisations (vectorised copies of pymcdm.normalizations, along the alternatives) ---
def _minmax(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    lo = x.min(axis=ax, keepdims=True)
    hi = x.max(axis=ax, keepdims=True)
    span = hi - lo
    out = np.where(cost, (hi - x) / span, (x - lo) / span)
    # pymcdm's own convention: a constant column normalises to ones.
    return np.where(span == 0, 1.0, out)


def _max(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    hi = x.max(axis=ax, keepdims=True)
    return np.where(cost, 1 - x / hi, x / hi)


def _sum(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    inv = 1 / x
    return np.where(cost, inv / inv.sum(axis=ax, keepdims=True), x / x.sum(axis=ax, keepdims=True))


def _vector(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    ratio = x / np.sqrt(np.sum(x**2, axis=ax, keepdims=True))
    return np.where(cost, 1 - ratio, ratio)


def _logarithmic(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    ratio = np.log(x) / np.log(np.prod(x, axis=ax, keepdims=True))
    return np.where(cost, (1 - ratio) / (x.shape[ax] - 1), ratio)


def _linear(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    return np.where(cost, x.min(axis=ax, keepdims=True) / x, x / x.max(axis=ax, keepdims=True))


def _nonlinear(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    return np.where(
        cost, (x.min(axis=ax, keepdims=True) / x) ** 3, (x / x.max(axis=ax, keepdims=True)) ** 2
    )


def _enhanced_accuracy(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    below_max = x.max(axis=ax, keepdims=True) - x
    above_min = x - x.min(axis=ax, keepdims=True)
    return np.where(
        cost,
        1 - spread_ratio(above_min, above_min.sum(axis=ax, keepdims=True)),
        1 - spread_ratio(below_max, below_max.sum(axis=ax, keepdims=True)),
    )


def _zavadskas_turskis(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    lo = x.min(axis=ax, keepdims=True)
    hi = x.max(axis=ax, keepdims=True)
    return np.where(cost, 1 - np.abs((lo - x) / lo), 1 - np.abs((hi - x) / hi))


def _column_share(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    """COPRAS's normalisation: each value's share of its column total, whatever the type."""
    return x / x.sum(axis=ax, keepdims=True)


def _vector_ratio(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    """MOORA's normalisation: each value over its column's Euclidean norm, whatever the type."""
    return x / np.sqrt(np.sum(x**2, axis=ax, keepdims=True))


def _identity_or_gap(x: Array, cost: NDArray[np.bool_], ax: int = -2) -> Array:
    """VIKOR's default (pymcdm's ``_fake_normalization``): ``x``, or ``max - x`` to minimise."""
    return np.where(cost, x.max(axis=ax, keepdims=True) - x, x)


_NormKernel = Callable[[Array, NDArray[np.bool_], int], Array]

_NORMALIZE: dict[str, _NormKernel] = {
    "minmax": _minmax,
    "max": _max,
    "sum": _sum,
    "vector": _vector,
    "logarithmic": _logarithmic,
    "linear": _linear,
    "nonlinear": _nonlinear,
    "enhanced_accuracy": _enhanced_accuracy,
    "zavadskas_turskis": _zavadskas_turskis,
    # internal normalisations of methods that take no choice
    "column_share": _column_share,
    "vector_ratio": _vector_ratio,
    "vikor_default": _identity_or_gap,
}

# Where pymcdm refuses values (it raises ValueError): the domain of each normalisation.
_DOMAIN: dict[str, tuple[Callable[[Array], NDArray[np.bool_]], str]] = {
    "sum": (lambda x: x > 0, "values > 0"),
    "logarithmic": (lambda x: x > 0, "values > 0"),
    "linear": (lambda x: x != 0, "non-zero values"),
    "column_share": (lambda x: x >= 0, "values >= 0"),
}


def normalize(
    matrix: ArrayLike,
    types: ArrayLike,
    normalization: str,
    names: Sequence[str] | None = None,
) -> Array:
    """Normalise the columns of ``matrix`` ``[..., m, n]`` as pymcdm does, degenerate cases defined.

    Args:
        matrix: decision matrices, alternatives along axis -2, indicators along axis -1.
        types: ``[n]``, 1 to maximise, -1 to minimise.
        normalization: a name of :data:`decision.core.methods.NORMALIZATIONS`, or one of the
        internal
            ``column_share`` (COPRAS), ``vector_ratio`` (MOORA), ``vikor_default``.
        names: indicator names for error messages.

    Raises:
        InputError: a non-constant column outside the normalisation's domain (rule 4).
    """
    x = np.asarray(matrix, dtype=float)
    return _normalize_along(x, np.asarray(types) < 0, normalization, -2, -1, names)


def _normalize_along(
    x: Array,
    cost: NDArray[np.bool_],
    normalization: str,
    ax: int,
    indicator_ax: int,
    names: Sequence[str] | None = None,
    kernel: _NormKernel | None = None,
) -> Array:
    """:func:`normalize` for any layout: alternatives along ``ax``, indicators along
    ``indicator_ax``, ``cost`` shaped to broadcast against ``x`` (``[n]`` for ``[..., m, n]``,
    ``[n, 1]`` for the sample-last layout ``[m, n, k]`` of :func:`_topsis`); ``kernel``, if
    given, computes ``normalization`` (same values, faster for that layout)."""
    kernel = kernel or _NORMALIZE[normalization]
    with np.errstate(all="ignore"):
        out = kernel(x, cost, ax)
    ok = np.isfinite(out).all(axis=ax, keepdims=True)
    expected = ""
    in_domain = np.ones_like(ok)
    if normalization in _DOMAIN:
        check, expected = _DOMAIN[normalization]
        in_domain = np.asarray(check(x).all(axis=ax, keepdims=True))
        ok &= in_domain
    if ok.all():  # the common case: no column needs rule 1 or 4
        return out
    undefined = ~ok
    constant = np.ptp(x, axis=ax, keepdims=True) == 0
    bad = undefined & ~constant
    if bad.any():
        first = tuple(np.argwhere(bad)[0])
        j = int(first[indicator_ax])
        if expected and not in_domain[first]:
            need = f"needs {expected}"
        else:  # inside the domain but a denominator is 0 (log: the values' product is 1)
            need = "is undefined on its values (a denominator is 0)"
        # Zeros are common (0 ha of land take): say what the user can do about it.
        hint = "; choose another normalisation (e.g. minmax)" if normalization != "minmax" else ""
        if normalization not in NORMALIZATIONS:
            hint = "; choose another method"
        raise InputError(f"{_indicator(j, names)}: {normalization} normalisation {need}{hint}")
    fill = undefined & constant
    # A matrix of stand-ins with the layout of one problem (size 1 on every other axis).
    one = [1] * x.ndim
    one[ax] = x.shape[ax]
    one[indicator_ax] = x.shape[indicator_ax]
    stand_in = np.full(one, _CONSTANT_STAND_IN)
    with np.errstate(all="ignore"):
        regular = kernel(stand_in, cost, ax)
    return np.where(fill, regular, out)


def column_normalizer(normalization: str) -> Callable[..., Array]:
    """A pymcdm-style ``f(x, cost)`` applying :func:`normalize` to one column."""

    def normalize_column(x: ArrayLike, cost: bool = False) -> Array:
        column = np.asarray(x, dtype=float).reshape(-1, 1)
        return normalize(column, [-1 if cost else 1], normalization)[:, 0]

    return normalize_column


# -- inputs ------------------------------------------------------------------------------------
def prepare_batch(
    matrix: ArrayLike, weights: ArrayLike, types: ArrayLike
) -> tuple[Array, Array, NDArray[np.int_]]:
    """Matrix ``[kx, m, n]`` (kx = 1 if shared), weights ``[k, n]`` scaled to sum 1, types."""
    x = np.asarray(matrix, dtype=float)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise InputError(f"matrix must have shape [m, n] or [k, m, n], got {x.shape}")
    k_x, m, n = x.shape
    if m < 2:
        raise InputError(f"a decision needs at least two alternatives, got {m}")
    w = np.asarray(weights, dtype=float)
    if w.ndim == 1:
        w = w[None]
    if w.ndim != 2 or w.shape[1] != n:
        raise InputError(f"weights must have shape [{n}] or [k, {n}], got {w.shape}")
    t = np.asarray(types).astype(int).reshape(-1)
    if t.shape != (n,) or not np.all(np.abs(t) == 1):
        raise InputError(f"types must be {n} values of 1 (max) or -1 (min), got {types!r}")
    if not np.all(np.isfinite(x)):
        raise InputError("matrix contains values that are not finite numbers")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InputError("weights must be finite numbers >= 0")
    total = w.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        raise InputError("a weight vector is all zeros; at least one weight must be positive")
    k = max(k_x, w.shape[0])
    if k_x not in (1, k) or w.shape[0] not in (1, k):
        raise InputError(f"matrix batch {k_x} and weight batch {w.shape[0]} do not broadcast")
    return x, np.broadcast_to(w / total, (k, n)), t


# -- kernels: each takes x [kx, m, n], w [k, n], types, normalisation; returns [k, m] ----------
def _weighted(values: Array, w: Array) -> Array:
    return values * w[:, None, :]


def _topsis(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    k, m = w.shape[0], x.shape[-2]
    out = np.empty((k, m))
    shared = x.shape[0] == 1
    cost = (t < 0)[:, None]
    for start in range(0, k, SAMPLE_BLOCK):
        stop = min(start + SAMPLE_BLOCK, k)
        # Sample-last layout [m, n, k]: every step below is an operation on contiguous
        # k-vectors, where [k, m, n] reduces over axes of 8 or 9 strided values (slow in numpy).
        xt = x[0][:, :, None] if shared else x[start:stop].transpose(1, 2, 0)
        if xt.strides[-1] != xt.itemsize:  # samples not adjacent in memory: gather them once
            xt = np.ascontiguousarray(xt)
        wt = np.ascontiguousarray(w[start:stop].T)  # [n, kb]
        out[start:stop] = _topsis_sample_last(xt, wt, cost, norm).T
    return out


def _topsis_sample_last(xt: Array, wt: Array, cost: NDArray[np.bool_], norm: str | None) -> Array:
    """TOPSIS closeness ``[m, kb]`` of matrices ``xt`` ``[m, n, kx]`` (kx = 1 or kb), weights
    ``wt`` ``[n, kb]``: pymcdm's arithmetic, each value computed by the same operations."""
    plus, minus = topsis_gaps(xt, wt, cost, norm)
    return topsis_closeness(np.moveaxis(plus, 1, 0), np.moveaxis(minus, 1, 0))


def topsis_gaps(
    xt: Array, wt: Array, cost: NDArray[np.bool_], norm: str | None
) -> tuple[Array, Array]:
    """TOPSIS's squared weighted gaps ``[m, n, kb]`` of each value to the ideal and to the
    anti-ideal point, in the sample-last layout of :func:`_topsis_sample_last` (``cost``
    ``[n, 1]``).

    An indicator's gaps depend on its own column only (its values, its weight, its direction):
    a sensitivity study computes them again only for the indicators whose values moved
    (``StudyModel``), and :func:`topsis_closeness` sums them as the kernel does.
    """
    norm = norm or "minmax"
    kernel = _minmax_sample_last if norm == "minmax" else None
    r = _normalize_along(xt, cost, norm, 0, 1, kernel=kernel)
    v = r * wt
    # Weights are >= 0 and rounded multiplication is monotone, so the ideal points are the
    # weighted column extremes bit for bit: taken on the (shared) normalised matrix, cheaply.
    pis = r.max(axis=0) * wt  # [n, kb]
    nis = r.min(axis=0) * wt
    plus = np.subtract(v, pis, out=np.empty(np.broadcast_shapes(v.shape, pis.shape)))
    np.square(plus, out=plus)
    minus = np.subtract(v, nis, out=v)  # v (m, n, kb) is not needed any more
    np.square(minus, out=minus)
    return plus, minus


def topsis_closeness(plus: Sequence[Array] | Array, minus: Sequence[Array] | Array) -> Array:
    """TOPSIS closeness ``[m, kb]`` from :func:`topsis_gaps`' terms given indicator by indicator
    (``plus[j]`` ``[m, kb]``): each distance sums its terms in numpy's order (:func:`_pairwise`)."""
    d_plus = np.sqrt(_pairwise(plus, 0, len(plus)))
    d_minus = np.sqrt(_pairwise(minus, 0, len(minus)))
    return spread_ratio(d_minus, d_minus + d_plus)


def _minmax_sample_last(x: Array, cost: NDArray[np.bool_], ax: int = 0) -> Array:
    """:func:`_minmax` on ``[m, n, k]`` (``ax`` 0), indicator by indicator: each value by the
    same operations, but only the formula of its indicator's direction is computed."""
    lo = x.min(axis=0)  # [n, k]
    hi = x.max(axis=0)
    span = hi - lo
    out = np.empty(np.broadcast_shapes(x.shape, span.shape))
    for j in range(x.shape[1]):
        if cost[j, 0]:
            np.subtract(hi[j], x[:, j], out=out[:, j])
        else:
            np.subtract(x[:, j], lo[j], out=out[:, j])
    out /= span
    flat = span == 0
    if flat.any():  # pymcdm's own convention: a constant column normalises to ones.
        np.copyto(out, 1.0, where=np.broadcast_to(flat, out.shape))
    return out


def _pairwise(a: Sequence[Array] | Array, lo: int, n: int) -> Array:
    """The sum of terms ``a[lo]`` .. ``a[lo + n - 1]`` (arrays, or an axis moved first) with the
    rounding of ``np.sum`` along a contiguous axis, bit for bit.

    numpy sums a contiguous axis pairwise (``pairwise_sum`` in numpy's ``loops_utils.h``:
    sequential below 8 terms, 8 running sums combined as ((0+1)+(2+3))+((4+5)+(6+7)) then the
    remainder up to 128 terms, halves beyond), while it sums a strided axis one term after the
    other. Summing the indicators of the sample-last layout in numpy's contiguous order keeps
    the scores equal, to the bit, to those of the ``[k, m, n]`` layout and of pymcdm (which sums
    each row of its ``[m, n]`` matrix): results do not depend on the layout chosen for speed.
    """
    if n < 8:
        res = np.add(a[lo], 0.0)  # numpy starts from 0.0 (so -0.0 sums to 0.0)
        for i in range(1, n):
            res += a[lo + i]
        return res
    if n <= 128:
        # 8 running sums; below 16 terms each is a single term (no copy needed)
        r = [a[lo + j].copy() for j in range(8)] if n >= 16 else [a[lo + j] for j in range(8)]
        for i in range(8, n - n % 8, 8):
            for j in range(8):
                r[j] += a[lo + i + j]
        res = (r[0] + r[1]) + (r[2] + r[3])
        res += (r[4] + r[5]) + (r[6] + r[7])
        for i in range(n - n % 8, n):
            res += a[lo + i]
        return res
    half = n // 2
    half -= half % 8
    return _pairwise(a, lo, half) + _pairwise(a, lo + half, n - half)


def _vikor(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    v_weight = float(make_method("vikor").v)
    f = normalize(x, t, norm or "vikor_default")
    best = f.max(axis=-2, keepdims=True)
    worst = f.min(axis=-2, keepdims=True)
    regret = _weighted(spread_ratio(best - f, best - worst), w)
    s = regret.sum(axis=-1)
    r = regret.max(axis=-1)

    def scaled(a: Array) -> Array:
        lo = a.min(axis=-1, keepdims=True)
        return spread_ratio(a - lo, a.max(axis=-1, keepdims=True) - lo)

    return v_weight * scaled(s) + (1 - v_weight) * scaled(r)


def _promethee_ii(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    m = x.shape[-2]
    # d[..., i, j, c]: how much better alternative i is than j on indicator c.
    diff = (x[:, :, None, :] - x[:, None, :, :]) * t
    preferred = (diff > 0).astype(float)  # the "usual" preference function
    pi = np.zeros((w.shape[0], m, m))
    for c in range(x.shape[-1]):  # criterion by criterion, as pymcdm sums them
        pi = pi + w[:, c, None, None] * preferred[..., c]
    return pi.sum(axis=-1) / (m - 1) - pi.sum(axis=-2) / (m - 1)


def _wsm(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    return np.sum(_weighted(normalize(x, t, norm or "sum"), w), axis=-1)


def _wpm(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    return np.prod(normalize(x, t, norm or "sum") ** w[:, None, :], axis=-1)


def _copras(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    v = _weighted(normalize(x, t, "column_share"), w)
    s_plus = np.sum(v[..., t == 1], axis=-1)
    s_minus = np.sum(v[..., t == -1], axis=-1)
    has_cost = np.any(s_minus > 0, axis=-1, keepdims=True)
    if np.any(has_cost & (s_minus == 0)):
        raise InputError(
            "COPRAS: an alternative has 0 on every weighted indicator to minimise, "
            "expected positive values there"
        )
    safe = np.where(has_cost, s_minus, 1.0)
    low = safe.min(axis=-1, keepdims=True)
    cost_part = (
        low * safe.sum(axis=-1, keepdims=True) / (safe * np.sum(low / safe, axis=-1, keepdims=True))
    )
    q = s_plus + np.where(has_cost, cost_part, 0.0)
    return spread_ratio(q, q.max(axis=-1, keepdims=True))


def spotis_bounds_batch(x: Array) -> tuple[Array, Array]:
    """Per-matrix SPOTIS bounds as :func:`decision.core.methods.spotis_bounds`: low, high ``[kx,
    n]``."""
    low = x.min(axis=-2)
    high = x.max(axis=-2)
    flat = low == high
    return np.where(flat, low - 1.0, low), np.where(flat, high + 1.0, high)


def _spotis(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    low, high = spotis_bounds_batch(x)
    ideal = np.where(t == 1, high, low)
    distance = np.abs((x - ideal[:, None, :]) / (low - high)[:, None, :])
    return np.sum(_weighted(distance, w), axis=-1)


def _moora(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    v = _weighted(normalize(x, t, "vector_ratio"), w)
    return np.sum(v[..., t == 1], axis=-1) - np.sum(v[..., t == -1], axis=-1)


def _edas(x: Array, w: Array, t: NDArray[np.int_], norm: str | None) -> Array:
    average = x.mean(axis=-2, keepdims=True)
    constant = np.ptp(x, axis=-2, keepdims=True) == 0
    if np.any((average == 0) & ~constant):
        j = int(np.argwhere((average == 0) & ~constant)[0][-1])
        raise InputError(f"EDAS: {_indicator(j, None)} has mean 0, expected a non-zero mean")
    gap = np.where(t == 1, x - average, average - x)
    pda = np.maximum(spread_ratio(gap, average), 0.0)
    nda = np.maximum(spread_ratio(-gap, average), 0.0)
    sp = np.sum(_weighted(pda, w), axis=-1)
    sn = np.sum(_weighted(nda, w), axis=-1)
    nsp = spread_ratio(sp, sp.max(axis=-1, keepdims=True))
    nsn = 1 - spread_ratio(sn, sn.max(axis=-1, keepdims=True))
    return (nsp + nsn) / 2


_Kernel = Callable[[Array, Array, NDArray[np.int_], str | None], Array]

_KERNELS: dict[str, _Kernel] = {
    "topsis": _topsis,
    "vikor": _vikor,
    "promethee_ii": _promethee_ii,
    "wsm": _wsm,
    "wpm": _wpm,
    "copras": _copras,
    "spotis": _spotis,
    "moora": _moora,
    "edas": _edas,
}
assert set(_KERNELS) == BATCHED and BATCHED.issubset(METHODS)


# -- public API ------------------------------------------------------------------------------
def batch_scores(
    method: str,
    matrix: ArrayLike,
    weights: ArrayLike,
    types: ArrayLike,
    normalization: str | None = None,
) -> Array:
    """Preference values of ``k`` problems at once, ``[k, m]``, equal to pymcdm's to 1e-9.

    Args:
        method: a name of :data:`copilote.decision.core.methods.METHODS`.
        matrix: ``[m, n]`` shared by all samples, or ``[k, m, n]``.
        weights: ``[n]`` or ``[k, n]``, non-negative; each row is scaled to sum 1.
        types: ``[n]``: 1 to maximise, -1 to minimise.
        normalization: a name of :data:`decision.core.methods.NORMALIZATIONS`; None is the method's
            default.

    Raises:
        InputError: bad shapes, non-finite values, negative or all-zero weights, an unknown
            method or normalisation, values outside the method's domain.
    """
    spec = method_spec(method)
    norm = check_normalization(spec.name, normalization)
    x, w, t = prepare_batch(matrix, weights, types)
    if spec.name in BATCHED:
        with np.errstate(all="ignore"):
            scores = np.asarray(_KERNELS[spec.name](x, w, t, norm), dtype=float)
        scores = np.broadcast_to(scores, (w.shape[0], x.shape[-2])).copy()
    else:
        scores = _loop_over_pymcdm(spec.name, x, w, t, norm)
    if not np.all(np.isfinite(scores)):
        raise InputError(f"{spec.label} is undefined on these values (non-finite scores)")
    return scores


def _loop_over_pymcdm(
    method: str, x: Array, w: Array, t: NDArray[np.int_], norm: str | None
) -> Array:
    k, m = w.shape[0], x.shape[-2]
    out = np.empty((k, m))
    for i in range(k):
        out[i] = method_scores(method, x[i if x.shape[0] > 1 else 0], w[i], t, norm)
    return out


def batch_ranks(method: str, scores: ArrayLike) -> Array:
    """Ranks ``[k, m]`` from scores ``[k, m]``: 1 is best, ties share the average rank.

    Row by row equal to ``pymcdm.helpers.rankdata(row, reverse=not lower_is_better)``: exact
    equality makes a tie, as there.
    """
    spec = method_spec(method)
    s = np.asarray(scores, dtype=float)
    if s.ndim == 1:
        s = s[None]
    m = s.shape[1]
    if m <= _PAIRWISE_RANKS:
        # Few alternatives: count wins and losses pair by pair on contiguous k-vectors.
        # sign(b - a) is exactly the comparison (a difference of finite floats is 0 only
        # when they are equal), and rank = 1 + better + ties / 2 = 1 + (m - 1 + net) / 2 with
        # net = better - worse: small integers and halves, exact in floating point.
        st = np.ascontiguousarray(s.T)  # [m, k]
        net = np.zeros_like(st)
        for i in range(m - 1):
            sign = np.sign(st[i + 1 :] - st[i])  # [m - i - 1, k]: +1 where later one is higher
            net[i] += sign.sum(axis=0)
            net[i + 1 :] -= sign
        if spec.lower_is_better:
            np.negative(net, out=net)
        net += m - 1
        net *= 0.5
        net += 1.0
        return np.ascontiguousarray(net.T)
    a = s[:, :, None]
    b = s[:, None, :]
    better = (b < a) if spec.lower_is_better else (b > a)
    equal = b == a
    return 1.0 + better.sum(axis=-1) + (equal.sum(axis=-1) - 1) / 2.0


def batch_kernel(method: str) -> Any:
    """The kernel function of a batched method (for tests and benchmarks)."""
    return _KERNELS[method_spec(method).name]


# -- one evaluation through pymcdm, falling back to the kernels above on degenerate input ------
# The normalisation a method applies itself when it offers no choice (see decision.core.kernels).
_BUILT_IN_NORMALIZATION = {
    "copras": "column_share",
    "moora": "vector_ratio",
    "vikor": "vikor_default",
}


def method_scores(
    method: str,
    matrix: NDArray[np.float64],
    weights: NDArray[np.float64],
    types: NDArray[np.int_],
    normalization: str | None,
    names: Sequence[str] | None = None,
) -> NDArray[np.float64]:
    """pymcdm's preference values on a validated problem, degenerate cases as defined above.

    ``weights`` must already sum to 1 and ``normalization`` be checked (see
    :func:`copilote.decision.core.mcda.evaluate_matrix`, which does both).
    """
    spec = method_spec(method)
    built_in = _BUILT_IN_NORMALIZATION.get(spec.name)
    if normalization is not None or built_in is not None:
        # Raises InputError, naming the indicator, for values outside the domain.
        normalize(matrix, types, normalization or str(built_in), names)
    if spec.name in BATCHED:
        # The batched kernel is pymcdm's formula, tested equal to it to 1e-9 with the degenerate
        # cases defined; it spares the command line pymcdm's import (matplotlib, pandas: 2 s).
        return batch_scores(spec.name, matrix, weights, types, normalization)[0]
    pymcdm_method = configured_method(spec.name, matrix, normalization)
    try:
        with np.errstate(all="ignore"):
            scores = np.asarray(
                pymcdm_method(matrix, weights, types, validation=False), dtype=float
            )
    except ValueError:
        # pymcdm refuses a degenerate problem (VIKOR constant column, COPRAS/MOORA without an
        # indicator to minimise); domain errors were caught above.
        scores = None
    if scores is None or not np.all(np.isfinite(scores)):
        if spec.name not in BATCHED:
            with_norm = f" with {normalization} normalisation" if normalization else ""
            raise InputError(
                f"{spec.label}{with_norm} is undefined on these values (no finite score)"
            )
        scores = batch_scores(spec.name, matrix, weights, types, normalization)[0]
    return scores


def configured_method(method: str, matrix: NDArray[np.float64], normalization: str | None) -> Any:
    """pymcdm's method object, its normalisation replaced by ours (same formulas, rule 1)."""
    obj = make_method(method, matrix, normalization)
    if normalization is not None and hasattr(obj, "normalization"):
        obj.normalization = column_normalizer(normalization)
    return obj
