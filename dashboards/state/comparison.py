"""Method comparison of analyst mode: the ranking under every method and their agreement."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import param

from copilote.dashboards.state.decision_state import DecisionState
from copilote.decision.core.mcda import compare_methods
from copilote.decision.core.methods import METHODS


class ComparisonState(param.Parameterized):
    """Ranks of every alternative under every method, with the current weights."""

    table = param.DataFrame(
        default=None,
        doc="One row per method: method, label, agreement, then one rank column per alternative.",
    )
    stale = param.Boolean(default=True)

    def __init__(self, decision: DecisionState, **params: Any) -> None:
        self.decision = decision
        super().__init__(**params)
        decision.param.watch(self._mark_stale, ["ranking"])

    def _mark_stale(self, *_: Any) -> None:
        self.stale = True

    def refresh(self) -> pd.DataFrame:
        """Compute and store the table now."""
        table = self.compute()
        self.param.update(table=table, stale=False)
        return table

    def compute(self) -> pd.DataFrame:
        """Every method's ranking (``decision.core.mcda.compare_methods``) as a table; changes
        nothing (thread-safe)."""
        state = self.decision
        problem = state.problem
        rows = []
        for found in compare_methods(
            problem, state.method, state.normalization_or_none, state.choices
        ):
            row: dict[str, Any] = {
                "method": found.method,
                "label": METHODS[found.method].label,
                "normalization": found.normalization or "",  # "": the method's own
                "agreement": found.agreement,
                "note": found.note,
            }
            for k, alternative in enumerate(problem.alternatives):
                row[alternative] = np.nan if found.ranks is None else float(found.ranks[k])
            rows.append(row)
        return pd.DataFrame(rows)
