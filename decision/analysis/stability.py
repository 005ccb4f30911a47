"""Weight stability intervals: how far one weight can move before the ranking changes.

For each weight w_j (a criterion's, or an indicator's for a plain table), the path is

    w_j = t,   w_i = w_i0 (1 - t) / (1 - w_j0) for i != j,   t in [0, 1],

so the other weights keep their proportions and all weights still sum to 1 (if w_j0 = 1 the
others share 1 - t equally). Along the path we give two intervals containing the nominal t = w_j0:

- ``top``: the first scenario (the set of first scenarios, if tied) stays first;
- ``ranking``: every scenario keeps its rank.

Breakpoints are found for every method the same way, without assuming a form of the score:
a fine search on a grid of :data:`GRID_STEPS` + 1 points over [0, 1] brackets the first change on
each side of the nominal weight, then bisection narrows each bracket to :data:`TOLERANCE`. The
end reported is the last weight at which the condition still holds (inside the interval). The
limit of the method: a change and a change back within one grid step (1/400 of the weight range)
on the way from the nominal weight would be missed. For WSM the ranking changes where a linear
function of t changes sign, so no such excursion exists; for the other methods the tests check
that a ten times finer grid finds the same intervals (test_stability.py) and re-rank with pymcdm
at each end and just beyond it.

All grid points of all weights go through :mod:`decision.core.kernels` in one batch, and each
bisection step is one batch for all brackets together: a dashboard slider can call this on
every move (about 55 ms for the bundled case's four criteria, measured on a loaded 2-core machine).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copilote.decision.analysis.red_lines import admissible_first
from copilote.decision.analysis.sensitivity_model import (
    WeightStructure,
    score_rows,
    weight_structure,
)
from copilote.decision.core.methods import check_normalization, method_spec
from copilote.decision.core.problem import DecisionProblem

#: Grid steps over [0, 1] for the fine search.
GRID_STEPS = 400
#: Width of the final bracket around a breakpoint [weight, 0-1 scale].
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Stability:
    """Stability of one weight.

    Attributes:
        top: (low, high) of the weight over which the first scenario stays first [0-1].
        ranking: (low, high) over which the whole ranking stays the same [0-1].
        nominal: the nominal weight [0-1].
    """

    top: tuple[float, float]
    ranking: tuple[float, float]
    nominal: float

    def to_json(self) -> dict[str, list[float]]:
        """``{"top": [low, high], "ranking": [low, high]}`` (issue #4)."""
        return {"top": list(self.top), "ranking": list(self.ranking)}


def weight_path(base: NDArray[np.float64], j: int, t: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weights (len(t), len(base)) with weight ``j`` set to t and the others rescaled.

    The others are multiplied by (1 - t) / (1 - base[j]), so at t = base[j] the row is ``base``
    bit for bit: the nominal point of every path is exactly the nominal weights (a ranking on a
    knife-edge would otherwise flip on rounding noise).
    """
    t = np.asarray(t, dtype=float)
    others = np.delete(np.arange(base.size), j)
    out = np.empty((t.size, base.size))
    out[:, j] = t
    rest = 1.0 - base[j]
    if rest > 0 and base[others].sum() > 0:
        out[:, others] = base[others][None, :] * ((1.0 - t) / rest)[:, None]
    else:
        out[:, others] = (1.0 - t)[:, None] / max(others.size, 1)
    return out


def stability_intervals(
    problem: DecisionProblem,
    method: str = "topsis",
    normalization: str | None = None,
    level: str = "criterion",
    admissible: NDArray[np.bool_] | None = None,
) -> dict[str, Stability]:
    """Stability intervals of every weight at ``level``, keyed ``w:<criterion or indicator>``.

    ``admissible`` (m,): with red lines, the alternatives within all of them; the others are
    ranked after them at every weight (``decision.analysis.red_lines``), as in the ranking shown.
    """
    name = method_spec(method).name
    norm = check_normalization(name, normalization)
    ws = weight_structure(problem, level)
    if ws.nominal.size == 1:
        # One weight only: it is always 1 and nothing can move.
        return {ws.names()[0]: Stability((1.0, 1.0), (1.0, 1.0), 1.0)}
    checker = _Checker(problem, name, norm, ws, admissible)

    nw = ws.nominal.size
    grid = np.linspace(0.0, 1.0, GRID_STEPS + 1)
    top_ok, rank_ok = checker.check(np.repeat(np.arange(nw), grid.size), np.tile(grid, nw))
    top_ok = top_ok.reshape(nw, grid.size)
    rank_ok = rank_ok.reshape(nw, grid.size)

    # Brackets (weight j, condition c, side): inside (holds) and outside (fails) values.
    brackets: list[tuple[int, int, int, float, float]] = []
    ends: dict[tuple[int, int, int], float] = {}
    for j in range(nw):
        t0 = float(ws.nominal[j])
        for c, ok in enumerate((top_ok[j], rank_ok[j])):
            for side in (0, 1):  # 0: towards 0, 1: towards 1
                inside, outside = _bracket(grid, ok, t0, side)
                if outside is None:
                    ends[(j, c, side)] = inside
                else:
                    brackets.append((j, c, side, inside, outside))
    if brackets:
        js = np.array([b[0] for b in brackets])
        cs = np.array([b[1] for b in brackets])
        inside_t = np.array([b[3] for b in brackets])
        outside_t = np.array([b[4] for b in brackets])
        while np.max(np.abs(outside_t - inside_t)) > TOLERANCE:
            mid = 0.5 * (inside_t + outside_t)
            top_mid, rank_mid = checker.check(js, mid)
            holds = np.where(cs == 0, top_mid, rank_mid)
            inside_t = np.where(holds, mid, inside_t)
            outside_t = np.where(holds, outside_t, mid)
        for (j, c, side, _, _), value in zip(brackets, inside_t, strict=True):
            ends[(j, c, side)] = float(value)

    return {
        wname: Stability(
            top=(ends[(j, 0, 0)], ends[(j, 0, 1)]),
            ranking=(ends[(j, 1, 0)], ends[(j, 1, 1)]),
            nominal=float(ws.nominal[j]),
        )
        for j, wname in enumerate(ws.names())
    }


class _Checker:
    """Whether the top and the ranking at given weights are the nominal ones."""

    def __init__(
        self,
        problem: DecisionProblem,
        method: str,
        norm: str | None,
        ws: WeightStructure,
        admissible: NDArray[np.bool_] | None = None,
    ) -> None:
        self.problem = problem
        self.method = method
        self.norm = norm
        self.ws = ws
        self.admissible = admissible
        # The nominal ranking through the same route as the path points (criterion weights
        # times the split), so that the nominal point of each path agrees with it exactly.
        _, ranks = score_rows(
            method,
            np.asarray(problem.matrix),
            (ws.nominal @ ws.split)[None, :],
            problem.types,
            norm,
        )
        ranks = self._red_lines(ranks)
        self.nominal_ranks = ranks[0]
        self.nominal_top = ranks[0] == ranks[0].min()

    def check(
        self, j: NDArray[np.int_], t: NDArray[np.float64]
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """For rows (weight j, value t): (same first, same ranking)."""
        crit = np.empty((t.size, self.ws.nominal.size))
        # the weights asked about, in order (np.unique would import numpy.ma: 11 ms a command)
        for jj in np.flatnonzero(np.bincount(j)):
            rows = np.flatnonzero(j == jj)
            crit[rows] = weight_path(self.ws.nominal, int(jj), t[rows])
        weights = crit @ self.ws.split
        _, ranks = score_rows(
            self.method, np.asarray(self.problem.matrix), weights, self.problem.types, self.norm
        )
        ranks = self._red_lines(ranks)
        top = ranks == ranks.min(axis=1, keepdims=True)
        same_top = np.all(top == self.nominal_top, axis=1)
        same_rank = np.all(ranks == self.nominal_ranks, axis=1)
        return same_top, same_rank

    def _red_lines(self, ranks: NDArray[np.float64]) -> NDArray[np.float64]:
        """Ranks with inadmissible alternatives after the others, when there are some."""
        if self.admissible is None or self.admissible.all():
            return ranks
        return admissible_first(ranks, np.broadcast_to(self.admissible, ranks.shape))


def _bracket(
    grid: NDArray[np.float64], ok: NDArray[np.bool_], t0: float, side: int
) -> tuple[float, float | None]:
    """(last value where the condition holds, first where it fails) walking from t0 on a side.

    The condition holds at t0 by definition (it is the nominal point). Returns (end, None) if it
    holds up to the end of [0, 1] on that side.
    """
    if side == 1:
        idx = np.flatnonzero(grid > t0)
        inside = t0
        for k in idx:
            if not ok[k]:
                return inside, float(grid[k])
            inside = float(grid[k])
        return 1.0 if idx.size else t0, None
    idx = np.flatnonzero(grid < t0)[::-1]
    inside = t0
    for k in idx:
        if not ok[k]:
            return inside, float(grid[k])
        inside = float(grid[k])
    return 0.0 if idx.size else t0, None
