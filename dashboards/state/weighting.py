"""Weighting methods of analyst mode: swing, AHP and objective weights (``decision.core.weights``).

Direct weighting is the sliders themselves (:class:`DecisionState`). The other methods compute a
proposal here, shown beside the current weights, that :meth:`WeightingState.apply` adopts.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import param

from copilote.dashboards.state.decision_state import DecisionState
from copilote.decision.core import weights as dw
from copilote.decision.errors import InputError

OBJECTIVE_METHODS = ("entropy", "critic", "standard_deviation", "merec")


class WeightingState(param.Parameterized):
    """Inputs and proposal of one weighting method, at criterion level (objective: indicators)."""

    method: param.Selector[str] = param.Selector(
        default="direct", objects=["direct", "swing", "ahp", "objective"]
    )
    swing_points = param.Dict(default={}, doc="Criterion id -> points, the most important 100.")
    ahp_judgements = param.Dict(
        default={},
        doc="'a|b' -> how much more a matters than b: 1..9, or -9..-1 for the reverse.",
    )
    objective: param.Selector[str] = param.Selector(
        default="entropy", objects=list(OBJECTIVE_METHODS)
    )
    proposal = param.Dict(default={}, doc="Weights proposed: criterion (or indicator) -> share.")
    proposal_level: param.Selector[str] = param.Selector(
        default="criterion", objects=["criterion", "indicator"]
    )
    consistency_ratio = param.Number(default=None, allow_None=True, doc="AHP's CR.")
    error = param.String(default="")

    def __init__(self, decision: DecisionState, **params: Any) -> None:
        self.decision = decision
        ids = [c.id for c in decision.criteria]
        params.setdefault("swing_points", {c: 100.0 for c in ids})
        params.setdefault("ahp_judgements", {f"{a}|{b}": 1.0 for a, b in combinations(ids, 2)})
        super().__init__(**params)
        self._propose()

    @property
    def criterion_ids(self) -> list[str]:
        """Criterion ids in order."""
        return [c.id for c in self.decision.criteria]

    def pairs(self) -> list[tuple[str, str]]:
        """The criterion pairs AHP asks about, in order."""
        return list(combinations(self.criterion_ids, 2))

    def pairwise_matrix(self) -> np.ndarray:
        """Saaty's reciprocal matrix from the judgements (a negative value means b over a)."""
        ids = self.criterion_ids
        matrix = np.ones((len(ids), len(ids)))
        for (a, b), value in zip(self.pairs(), self._judgements(), strict=True):
            i, j = ids.index(a), ids.index(b)
            ratio = value if value >= 1 else 1.0 / abs(value)
            matrix[i, j], matrix[j, i] = ratio, 1.0 / ratio
        return matrix

    def _judgements(self) -> list[float]:
        out = []
        for a, b in self.pairs():
            value = float(self.ahp_judgements.get(f"{a}|{b}", 1.0))
            if not np.isfinite(value) or value == 0 or abs(value) > 9:
                raise InputError(f"AHP judgement {a}|{b} is {value}, expected 1..9 or -9..-1")
            out.append(1.0 if -1 < value < 1 else value)
        return out

    @param.depends("method", "swing_points", "ahp_judgements", "objective", watch=True)
    def _propose(self) -> None:
        """Compute the method's proposal with ``copilote.decision.core.weights``."""
        ids = self.criterion_ids
        self.error = ""
        if self.method == "direct":
            self.param.update(
                proposal=dict(self.decision.criterion_weights),
                proposal_level="criterion",
                consistency_ratio=None,
            )
            return
        try:
            if self.method == "swing":
                points = [float(self.swing_points.get(c, 0.0)) for c in ids]
                vector = np.asarray(dw.swing(points, ids), dtype=float)
                self.param.update(
                    proposal=dict(zip(ids, vector.tolist(), strict=True)),
                    proposal_level="criterion",
                    consistency_ratio=None,
                )
            elif self.method == "ahp":
                result = dw.ahp(self.pairwise_matrix())
                self.param.update(
                    proposal=dict(zip(ids, np.asarray(result.weights).tolist(), strict=True)),
                    proposal_level="criterion",
                    consistency_ratio=float(result.consistency_ratio),
                )
            else:  # objective
                problem = self.decision.base_problem
                vector = np.asarray(
                    dw.objective(self.objective, problem.matrix, problem.types), dtype=float
                )
                self.param.update(
                    proposal=dict(zip(problem.indicator_ids, vector.tolist(), strict=True)),
                    proposal_level="indicator",
                    consistency_ratio=None,
                )
        except InputError as err:
            self.error = str(err)

    def apply(self) -> None:
        """Adopt the proposal as the session's weights."""
        if not self.proposal:
            return
        if self.proposal_level == "indicator":
            self.decision.set_indicator_weights(self.proposal)
        else:
            self.decision.set_weights(self.proposal)
