"""Method comparison of analyst mode: the ranking under every method and their agreement."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import param

from copilote.dashboards.state.decision_state import DecisionState
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.methods import METHODS
from copilote.decision.errors import InputError
from copilote.decision.record.group import weighted_spearman


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
        """Evaluate every method with ``decision.core.mcda.evaluate``; changes nothing
        (thread-safe)."""
        state = self.decision
        problem = state.problem
        reference = evaluate(problem, state.method, state.normalization_or_none).ranks
        rows = []
        for name, spec in METHODS.items():
            # Each method under its first normalisation that ranks the case (its own if it
            # can): the choices the page offers (decision.core.mcda.applicable_methods).
            choices = state.choices.get(name, ())
            normalization = choices[0] if choices else None
            ranks, note = None, ""
            try:
                ranks = evaluate(problem, name, normalization).ranks
            except InputError as err:
                note = str(err)
            row: dict[str, Any] = {
                "method": name,
                "label": spec.label,
                "normalization": normalization or "",  # "": the method's own
                "agreement": np.nan if ranks is None else weighted_spearman(reference, ranks),
                "note": note,
            }
            for k, alternative in enumerate(problem.alternatives):
                row[alternative] = np.nan if ranks is None else float(ranks[k])
            rows.append(row)
        return pd.DataFrame(rows)
