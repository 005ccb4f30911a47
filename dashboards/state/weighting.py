"""Weighting methods of analyst mode: swing, AHP and objective weights (``Weights``).

Direct weighting is the sliders themselves (:class:`DecisionState`). The other methods compute a
proposal here, shown beside the current weights, that :meth:`WeightingState.apply` adopts.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import param

from copilote.dashboards.state.decision_state import DecisionState
from copilote.decision.core.weighting import Weights, ahp_matrix
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
        return ahp_matrix(self.ahp_judgements, self.criterion_ids)

    @param.depends("method", "swing_points", "ahp_judgements", "objective", watch=True)
    def _propose(self) -> None:
        """Compute the method's proposal with ``copilote.decision.core.weighting.Weights``."""
        self.error = ""
        if self.method == "direct":
            self.param.update(
                proposal=dict(self.decision.criterion_weights),
                proposal_level="criterion",
                consistency_ratio=None,
            )
            return
        problem = self.decision.base_problem
        consistency_ratio = None
        try:
            if self.method == "swing":
                weights = Weights.swing(dict(self.swing_points), problem, "criterion")
            elif self.method == "ahp":
                weights, result = Weights.ahp(self.ahp_judgements, problem)
                consistency_ratio = float(result.consistency_ratio)
            else:  # objective
                weights = Weights.objective(self.objective, problem)
        except InputError as err:
            self.error = str(err)
            return
        self.param.update(
            proposal=weights.normalized(),
            proposal_level=weights.level,
            consistency_ratio=consistency_ratio,
        )

    def apply(self) -> None:
        """Adopt the proposal as the session's weights."""
        if not self.proposal:
            return
        if self.proposal_level == "indicator":
            self.decision.set_indicator_weights(self.proposal)
        else:
            self.decision.set_weights(self.proposal)
