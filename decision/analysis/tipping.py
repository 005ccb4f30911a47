"""Tipping points: the value of one uncertain parameter at which the first scenario changes.

One parameter at a time, the others at their nominal values, weights and method nominal: we walk
from the nominal value towards ``high`` and towards ``low`` on a grid of :data:`GRID_STEPS` steps
each way, stop at the first grid value where another scenario is first, then bisect that bracket
until it is narrower than :data:`REL_TOLERANCE` x (high - low). The value reported is the middle
of the final bracket, in the parameter's unit; the scenario that takes over is the one first
just beyond it. If nothing changes on a side, that side has no tipping point; if neither side
has one, the parameter gets one entry with ``value`` None ("none within its range").

Like the stability search, a change and a change back within one grid step (1/64 of the way
from nominal to a bound) would be missed; the test re-ranks just either side of each point found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from copilote.decision.analysis.sensitivity_model import Evaluation, StudyModel

#: Grid steps from the nominal value to each bound.
GRID_STEPS = 64
#: Final bracket width, as a share of the parameter's range.
REL_TOLERANCE = 1e-6


@dataclass(frozen=True)
class TippingPoint:
    """Where the first scenario changes as one parameter moves (or None within its range).

    Attributes:
        parameter: the parameter's name.
        value: the tipping value in ``unit``, or None if the first never changes in range.
        unit: the parameter's unit.
        first: id of the nominal first scenario (JSON ``from``).
        to: id of the scenario first beyond ``value``; None with ``value`` None.
        inside, outside: the final bracket: the first is unchanged at ``inside`` and changed at
            ``outside`` (both None without a tipping point).
        nominal, low, high: the parameter's nominal value and range.
    """

    parameter: str
    value: float | None
    unit: str
    first: str
    to: str | None
    inside: float | None
    outside: float | None
    nominal: float
    low: float
    high: float

    def to_json(self) -> dict[str, object]:
        """``{"parameter", "value", "unit", "from", "to"}`` (issue #4, plus the unit)."""
        return {
            "parameter": self.parameter,
            "value": self.value,
            "unit": self.unit,
            "from": self.first,
            "to": self.to,
        }


def tipping_points(model: StudyModel) -> list[TippingPoint]:
    """Tipping points of every parameter factor of ``model``, in factor order."""
    params = [(j, f) for j, f in enumerate(model.factors) if f.group == "parameters"]
    if not params:
        return []
    alternatives = model.problem.alternatives
    base = model.nominal_row()
    nominal_top = _top(model.evaluate(base[None, :]))[0]
    first = alternatives[int(np.argmax(nominal_top))]

    # Fine search: both sides of every parameter in one batch.
    steps = np.linspace(0.0, 1.0, GRID_STEPS + 1)[1:]
    rows = []
    for j, f in params:
        for bound in (f.low, f.high):
            values = f.nominal + steps * (bound - f.nominal)
            block = np.repeat(base[None, :], values.size, axis=0)
            block[:, j] = values
            rows.append(block)
    tops = _top(model.evaluate(np.concatenate(rows)))
    changed = ~np.all(tops == nominal_top, axis=1)
    changed = changed.reshape(len(params), 2, steps.size)

    brackets: list[tuple[int, int, float, float]] = []  # (param k, side, inside, outside)
    for k, (_, f) in enumerate(params):
        for side, bound in enumerate((f.low, f.high)):
            hit = np.flatnonzero(changed[k, side])
            if hit.size == 0 or bound == f.nominal:
                continue
            i = int(hit[0])
            out_value = f.nominal + steps[i] * (bound - f.nominal)
            in_value = f.nominal + (steps[i - 1] if i > 0 else 0.0) * (bound - f.nominal)
            brackets.append((k, side, float(in_value), float(out_value)))

    found: dict[int, list[TippingPoint]] = {}
    if brackets:
        cols = np.array([params[b[0]][0] for b in brackets])
        inside = np.array([b[2] for b in brackets])
        outside = np.array([b[3] for b in brackets])
        tol = np.array(
            [REL_TOLERANCE * (params[b[0]][1].high - params[b[0]][1].low) for b in brackets]
        )
        while np.any(np.abs(outside - inside) > tol):
            mid = 0.5 * (inside + outside)
            block = np.repeat(base[None, :], mid.size, axis=0)
            block[np.arange(mid.size), cols] = mid
            same = np.all(_top(model.evaluate(block)) == nominal_top, axis=1)
            inside = np.where(same, mid, inside)
            outside = np.where(same, outside, mid)
        block = np.repeat(base[None, :], outside.size, axis=0)
        block[np.arange(outside.size), cols] = outside
        beyond = _top(model.evaluate(block))
        for b, (k, _side, _, _) in enumerate(brackets):
            f = params[k][1]
            takers = [alternatives[i] for i in np.flatnonzero(beyond[b] & ~nominal_top)]
            found.setdefault(k, []).append(
                TippingPoint(
                    parameter=f.name,
                    value=float(0.5 * (inside[b] + outside[b])),
                    unit=f.unit,
                    first=first,
                    to=takers[0] if takers else alternatives[int(np.argmax(beyond[b]))],
                    inside=float(inside[b]),
                    outside=float(outside[b]),
                    nominal=f.nominal,
                    low=f.low,
                    high=f.high,
                )
            )

    out: list[TippingPoint] = []
    for k, (_, f) in enumerate(params):
        out.extend(
            found.get(k)
            or [
                TippingPoint(
                    f.name, None, f.unit, first, None, None, None, f.nominal, f.low, f.high
                )
            ]
        )
    return out


def _top(evaluation: Evaluation) -> NDArray[np.bool_]:
    """(k, m): which scenarios are first (ties share the first place) in each row."""
    ranks = evaluation.ranks
    return np.asarray(ranks == ranks.min(axis=1, keepdims=True))
