"""Where indicator weights come from: direct, by criterion, swing, AHP, or objective (pymcdm).

Every function returns global indicator weights ``[n]``, non-negative and summing to 1, or raises
:class:`~copilote.decision.errors.InputError` with one line naming the bad key or value.

- :func:`direct`: weights typed in (a vector in indicator order or ``{indicator: weight}``).
- :func:`from_criteria`: a weight per criterion, split over its indicators
  (:func:`copilote.decision.core.problem.split_criterion_weights`).
- :func:`swing`: swing weighting (von Winterfeldt & Edwards 1986, *Decision Analysis and
  Behavioral Research*, Cambridge University Press): the committee imagines every indicator at
  its worst level, picks the indicator whose swing from worst to best matters most and gives it
  100 points, then gives each other swing 0-100 points relative to it. Weights are the points
  over their sum.
- :func:`ahp`: Saaty's Analytic Hierarchy Process from a pairwise comparison matrix, through
  pymcdm's ``AHP`` (principal eigenvector; consistency ratio with the random indices of
  Tummala & Ling 1998, as pymcdm computes it); above 0.1 a warning is returned.
- :func:`objective`: weights from the data (pymcdm's entropy, CRITIC, standard deviation, MEREC).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pymcdm import weights as pw
from pymcdm.weights.subjective import AHP

from copilote.decision.core.problem import (
    Criterion,
    Indicator,
    normalize_weights,
    split_criterion_weights,
    weights_from_mapping,
)
from copilote.decision.errors import InputError
from copilote.decision.numbers import format_number

#: Saaty's threshold: a consistency ratio above it means the judgements should be revised.
CONSISTENCY_THRESHOLD = 0.1


def direct(weights: ArrayLike | Mapping[str, float], names: Sequence[str]) -> NDArray[np.float64]:
    """Weights typed in: a vector in ``names`` order or ``{name: weight}`` (missing ones 0)."""
    if isinstance(weights, Mapping):
        weights = weights_from_mapping(weights, names, what="indicator")
    return normalize_weights(weights, names)


def from_criteria(
    criterion_weights: Mapping[str, float],
    indicators: Sequence[Indicator],
    criteria: Sequence[Criterion],
    local_weights: Mapping[str, float] | None = None,
) -> NDArray[np.float64]:
    """A weight per criterion split over its indicators (equally, or by ``local_weights``)."""
    return split_criterion_weights(criterion_weights, indicators, criteria, local_weights)


def swing(points: ArrayLike | Mapping[str, float], names: Sequence[str]) -> NDArray[np.float64]:
    """Swing weights from points 0-100 per indicator; the most important swing has 100.

    Args:
        points: a vector in ``names`` order or ``{name: points}`` (missing ones 0).
        names: indicator ids.
    """
    if isinstance(points, Mapping):
        points = weights_from_mapping(points, names, what="indicator")
    p = np.asarray(points, dtype=float).reshape(-1)
    if p.size != len(names):
        raise InputError(f"got {p.size} swing points for {len(names)} indicators")
    for name, value in zip(names, p, strict=True):
        if not np.isfinite(value) or value < 0 or value > 100:
            raise InputError(f"swing points of '{name}' are {value:g}, expected 0 to 100")
    if p.max() != 100:
        raise InputError(
            f"the most important swing must get 100 points, the highest here is {p.max():g}"
        )
    return normalize_weights(p, names)


@dataclass(frozen=True)
class AHPResult:
    """Weights from an AHP pairwise comparison matrix.

    Attributes:
        weights: ``[n]``, summing to 1 (principal eigenvector).
        consistency_ratio: CR = CI / RI (0 for two or fewer items).
        warning: a French then English sentence when CR > 0.1, else None.
        consistency_index: CI = (lambda_max - n) / (n - 1).
    """

    weights: NDArray[np.float64]
    consistency_ratio: float
    warning: str | None
    consistency_index: float


def ahp(pairwise: ArrayLike, names: Sequence[str] | None = None) -> AHPResult:
    """Saaty's AHP weights from a reciprocal pairwise comparison matrix on the 1-9 scale.

    ``pairwise[i, j]`` says how much more important item i is than item j (1, 2, ..., 9 or
    1/2, ..., 1/9), with ``pairwise[j, i] = 1 / pairwise[i, j]`` and ones on the diagonal.
    """
    a = np.asarray(pairwise, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 2:
        raise InputError(f"the AHP comparison matrix must be square, at least 2x2; got {a.shape}")
    n = a.shape[0]
    if names is not None and len(names) != n:
        raise InputError(f"the AHP comparison matrix is {n}x{n} for {len(names)} items")
    if n > len(AHP.RI_M):
        raise InputError(f"AHP compares at most {len(AHP.RI_M)} items, got {n}")
    label = (lambda i: f"'{names[i]}'") if names is not None else (lambda i: f"{i + 1}")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise InputError("AHP comparisons must be positive numbers (1 to 9 or 1/2 to 1/9)")
    for i in range(n):
        if a[i, i] != 1:
            raise InputError(f"AHP: item {label(i)} compared with itself must be 1, got {a[i, i]}")
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1) > 0.01:
                raise InputError(
                    f"AHP: comparison of {label(i)} with {label(j)} is {a[i, j]:g} but the "
                    f"reverse is {a[j, i]:g}, expected its reciprocal {1 / a[i, j]:g}"
                )
    try:
        model = AHP(matrix=a)
    except ValueError as err:  # values off Saaty's 1-9 scale
        raise InputError(
            f"AHP comparisons must be on Saaty's scale 1-9 or 1/2-1/9: {err}"
        ) from None
    weights = np.asarray(model(), dtype=float)
    cr = float(model.get_cr())
    lambda_max = float(np.max(np.linalg.eigvals(a).real))
    ci = (lambda_max - n) / (n - 1)
    warning = None
    if cr > CONSISTENCY_THRESHOLD:
        fr = f"RC = {format_number(cr, 'fr', 2)} > {format_number(CONSISTENCY_THRESHOLD, 'fr', 2)}"
        en = f"CR = {cr:.2f} > {CONSISTENCY_THRESHOLD:.2f}"
        warning = (
            f"Comparaisons peu cohérentes ({fr}) : revoir les jugements. / "
            f"Inconsistent comparisons ({en}): revise the judgements."
        )
    return AHPResult(weights=weights, consistency_ratio=cr, warning=warning, consistency_index=ci)


_OBJECTIVE: dict[str, Callable[..., NDArray[np.float64]]] = {
    "entropy": pw.entropy_weights,
    "critic": pw.critic_weights,
    "standard_deviation": pw.standard_deviation_weights,
    "merec": pw.merec_weights,
}


def objective(
    name: str, matrix: ArrayLike, types: ArrayLike, names: Sequence[str] | None = None
) -> NDArray[np.float64]:
    """Objective weights computed from the decision matrix by pymcdm.

    Args:
        name: ``entropy``, ``critic``, ``standard_deviation`` or ``merec``.
        matrix: ``[m, n]`` performance values.
        types: ``[n]``, 1 to maximise, -1 to minimise (used by MEREC).
        names: indicator ids, for error messages.

    Entropy and MEREC take logarithms of the values: they need values > 0 (an indicator with a
    0, such as 0 ha of land take, makes them undefined: InputError naming it).

    An indicator on which all alternatives are equal carries no information: entropy, standard
    deviation and MEREC give it weight 0 themselves; CRITIC is undefined there (a correlation
    0/0), so it gets weight 0 and CRITIC weighs the other indicators without it.
    """
    key = name.strip().lower().replace("-", "_")
    if key not in _OBJECTIVE:
        raise InputError(
            f"unknown objective weighting '{name}': expected one of {', '.join(_OBJECTIVE)}"
        )
    x = np.asarray(matrix, dtype=float)
    t = np.asarray(types).astype(int).reshape(-1)
    if x.ndim != 2 or x.shape[0] < 2 or t.shape != (x.shape[1],):
        raise InputError(f"objective weights need a matrix [m >= 2, n] and n types; got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise InputError("objective weights: the matrix has values that are not finite numbers")
    if key in ("entropy", "merec"):
        bad = np.flatnonzero(
            np.any(x <= 0, axis=0) & (np.ptp(x, axis=0) > 0 if key == "entropy" else True)
        )
        if bad.size:
            j = int(bad[0])
            label = f"'{names[j]}'" if names is not None else f"{j + 1}"
            raise InputError(
                f"{key} weights need values > 0, indicator {label} has {x[:, j].min():g}; "
                "choose another objective weighting (critic)"
            )
    constant = np.ptp(x, axis=0) == 0
    if constant.all():
        raise InputError("objective weights: every indicator is constant, nothing tells them apart")
    # Entropy and standard deviation give a constant indicator weight 0 and are unchanged on the
    # others without it, so dropping it only spares them 0/0 (an all-zero column); CRITIC needs it.
    keep = np.ones(x.shape[1], dtype=bool) if key == "merec" else ~constant
    try:
        with np.errstate(all="ignore"):
            part = np.asarray(_OBJECTIVE[key](x[:, keep], t[keep]), dtype=float)
    except ValueError as err:
        raise InputError(f"{key} weights are undefined on these values: {err}") from None
    if not np.all(np.isfinite(part)):
        raise InputError(f"{key} weights are undefined on these values (e.g. zero or negative)")
    out = np.zeros(x.shape[1])
    out[keep] = part
    return out
