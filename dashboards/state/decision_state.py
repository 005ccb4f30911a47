"""What the committee has chosen (weights, method) and what ``decision`` says about it.

One :class:`DecisionState` per browser session. Setting a weight recomputes the ranking at once
(``decision.core.mcda.evaluate``, a few milliseconds) and marks the slower figures (stability
intervals,
robustness) as stale; :meth:`DecisionState.refresh_slow` recomputes them, and the views call it off
the event loop so that a slider never waits for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import param

from copilote.decision.analysis.explain import criterion_contributions
from copilote.decision.analysis.sensitivity import robustness, stability_intervals
from copilote.decision.analysis.stability import weight_path
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.methods import METHODS, NORMALIZATIONS, method_spec
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.errors import InputError

#: Label of "the method's own normalisation" in the normalisation selector.
DEFAULT_NORMALIZATION = "default"


class DecisionState(param.Parameterized):
    """Weights, method and the resulting ranking of one case, for one session.

    Weights are kept as criterion shares (summing to 1) and, inside each criterion, local
    indicator shares; ``copilote.decision.core.problem`` turns them into global indicator weights.
    """

    lang = param.Selector(default="fr", objects=["fr", "en"], doc="Language shown.")
    method = param.Selector(default="topsis", objects=list(METHODS), doc="MCDA method.")
    normalization = param.Selector(
        default=DEFAULT_NORMALIZATION,
        objects=[DEFAULT_NORMALIZATION, *NORMALIZATIONS],
        doc="Normalisation; 'default' is the method's own.",
    )
    criterion_weights = param.Dict(default={}, doc="Criterion id -> share, summing to 1.")
    local_weights = param.Dict(default={}, doc="Indicator id -> share within its criterion.")
    weights_owner = param.String(default="", doc="Whose weights these are (a profile).")

    # -- what decision computed (read-only for views) -----------------------------------------
    ranking = param.DataFrame(
        default=None, doc="alternative, label, score, rank; sorted best first."
    )
    lower_is_better = param.Boolean(default=False, doc="True for VIKOR, SPOTIS.")
    stability = param.Dict(default={}, doc="Criterion -> {'top': (lo, hi), 'ranking': (lo, hi)}.")
    robustness = param.Dict(default={}, doc="Alternative -> share of plausible cases it is first.")
    slow_stale = param.Boolean(default=True, doc="Stability and robustness lag the weights.")
    compare_a = param.Selector(default=None, objects=[], doc="'Why A ahead of B': A.")
    compare_b = param.Selector(default=None, objects=[], doc="'Why A ahead of B': B.")
    why = param.DataFrame(default=None, doc="criterion, label, contribution (A minus B).")
    error = param.String(default="", doc="Last bad input, one line, shown to the user.")
    defer_why = param.Boolean(
        default=False,
        doc="Leave 'why' to apply_slow (a served page: a slider step then sends the ranking "
        "alone, and the explanation follows when the slider rests).",
    )

    def __init__(self, case: Any, **params: Any) -> None:
        self.case = case
        self.base_problem: DecisionProblem = case.problem()
        self.problem: DecisionProblem = self.base_problem
        alternatives = list(self.base_problem.alternatives)
        self.param.compare_a.objects = alternatives
        self.param.compare_b.objects = alternatives
        if not params.get("criterion_weights"):
            params["criterion_weights"] = dict(self.base_problem.criterion_weights)
        super().__init__(**params)
        self._recompute()

    # -- names --------------------------------------------------------------------------------
    @property
    def criteria(self) -> tuple[Any, ...]:
        """The case's criteria (``copilote.decision.core.problem.Criterion``), in order."""
        return self.base_problem.criteria

    @property
    def indicators(self) -> tuple[Any, ...]:
        """The case's indicators (``copilote.decision.core.problem.Indicator``), in column order."""
        return self.base_problem.indicators

    def alternative_label(self, alternative: str) -> str:
        """The scenario's name in the session's language."""
        for scenario in getattr(self.case, "scenarios", ()):
            if scenario.id == alternative:
                return scenario.name_fr if self.lang == "fr" else scenario.name_en
        problem = self.base_problem
        return problem.alternative_labels[problem.alternatives.index(alternative)]

    def criterion_label(self, criterion_id: str) -> str:
        """The criterion's label in the session's language."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion.label_fr if self.lang == "fr" else criterion.label_en
        return criterion_id

    @property
    def method_label(self) -> str:
        """``TOPSIS``, ``PROMETHEE II``..."""
        return method_spec(self.method).label

    @property
    def normalization_or_none(self) -> str | None:
        """The normalisation to pass to ``decision`` (None: the method's default)."""
        return None if self.normalization == DEFAULT_NORMALIZATION else self.normalization

    @property
    def first(self) -> str:
        """The alternative ranked first."""
        return str(self.ranking["alternative"].iloc[0])

    # -- changes ------------------------------------------------------------------------------
    def set_criterion_weight(self, criterion_id: str, share: float) -> None:
        """Set one criterion's share in [0, 1]; the others are rescaled in proportion.

        Rescaling in proportion keeps the total at 100 % and is the same move as the one behind
        the stability intervals, so the interval shown under a slider is exactly the range over
        which that slider can travel without changing who comes first.
        """
        if criterion_id not in self.criterion_weights:
            raise InputError(
                f"unknown criterion '{criterion_id}': expected one of "
                f"{', '.join(self.criterion_weights)}"
            )
        share = float(share)
        if not np.isfinite(share) or not 0.0 <= share <= 1.0:
            raise InputError(f"weight of '{criterion_id}' is {share}, expected a share in [0, 1]")
        ids = list(self.criterion_weights)
        base = np.array([self.criterion_weights[c] for c in ids], dtype=float)
        base = base / base.sum()
        new = weight_path(base, ids.index(criterion_id), np.array([share]))[0]
        if new.sum() <= 0:
            raise InputError("all weights are zero; at least one must be positive")
        self.criterion_weights = {c: float(v) for c, v in zip(ids, new, strict=True)}

    def set_weights(
        self,
        criterion_weights: Mapping[str, float],
        local_weights: Mapping[str, float] | None = None,
    ) -> None:
        """Replace all weights at once (a profile, a weighting method's result)."""
        ids = [c.id for c in self.criteria]
        unknown = [k for k in criterion_weights if k not in ids]
        if unknown:
            raise InputError(f"unknown criterion '{unknown[0]}': expected one of {', '.join(ids)}")
        total = float(sum(criterion_weights.values()))
        if not np.isfinite(total) or total <= 0 or min(criterion_weights.values()) < 0:
            raise InputError("criterion weights must be >= 0 with a positive total")
        with param.parameterized.batch_call_watchers(self):
            if local_weights is not None:
                self.local_weights = dict(local_weights)
            self.criterion_weights = {c: float(criterion_weights.get(c, 0.0)) / total for c in ids}

    def set_indicator_weights(self, weights: Mapping[str, float]) -> None:
        """Global indicator weights (e.g. objective weights): split into criterion and local."""
        criterion_weights = {c.id: 0.0 for c in self.criteria}
        for indicator in self.indicators:
            criterion_weights[indicator.criterion] += float(weights.get(indicator.id, 0.0))
        local = {}
        for indicator in self.indicators:
            total = criterion_weights[indicator.criterion]
            local[indicator.id] = float(weights.get(indicator.id, 0.0)) / total if total else 1.0
        self.set_weights(criterion_weights, local)

    # -- recomputation ------------------------------------------------------------------------
    @param.depends("criterion_weights", "local_weights", "method", "normalization", watch=True)
    def _recompute(self) -> None:
        """Ranking (fast, at once); stability and robustness marked stale."""
        try:
            problem = self.base_problem.with_criterion_weights(
                self.criterion_weights, self.local_weights or None
            )
            result = evaluate(problem, self.method, self.normalization_or_none)
        except InputError as err:
            self.error = str(err)
            return
        self.problem = problem
        order = np.argsort(result.ranks, kind="stable")
        ranking = pd.DataFrame(
            {
                "alternative": [problem.alternatives[i] for i in order],
                "score": [float(result.scores[i]) for i in order],
                "rank": [float(result.ranks[i]) for i in order],
            }
        )
        ranking["label"] = [self.alternative_label(a) for a in ranking["alternative"]]
        with param.parameterized.batch_call_watchers(self):
            self.error = ""
            self.lower_is_better = bool(result.lower_is_better)
            self.ranking = ranking
            self.slow_stale = True
            if self.compare_a is None or self.compare_b is None or self.compare_a == self.compare_b:
                self.compare_a = str(ranking["alternative"].iloc[0])
                self.compare_b = str(ranking["alternative"].iloc[1])
        if self.why is None or not self.defer_why:
            self._explain()

    @param.depends("lang", watch=True)
    def _relabel(self) -> None:
        ranking = self.ranking.copy()
        ranking["label"] = [self.alternative_label(a) for a in ranking["alternative"]]
        self.ranking = ranking
        self._explain()

    @param.depends("compare_a", "compare_b", watch=True)
    def _explain(self) -> None:
        """'Why is A ahead of B': the score difference broken down by criterion."""
        if self.compare_a is None or self.compare_b is None:
            return
        try:
            contributions = criterion_contributions(
                self.problem,
                self.compare_a,
                self.compare_b,
                self.method,
                self.normalization_or_none,
            )
        except InputError as err:
            self.error = str(err)
            return
        self.why = pd.DataFrame(
            {
                "criterion": list(contributions),
                "label": [self.criterion_label(c) for c in contributions],
                "contribution": list(contributions.values()),
            }
        )

    def compute_slow(self) -> tuple[DecisionProblem, dict[str, Any], dict[str, float]]:
        """Stability intervals and robustness for the current weights (tens of milliseconds).

        Reads a snapshot of the current problem and changes nothing, so it can run in a worker
        thread; :meth:`apply_slow` then stores the figures (on the event loop).
        """
        problem, method, normalization = self.problem, self.method, self.normalization_or_none
        stability = _stability(problem, method, normalization)
        robustness = _robustness(self.case, self.engine_weights(problem), method, normalization)
        return problem, stability, robustness

    def apply_slow(self, figures: tuple[DecisionProblem, dict[str, Any], dict[str, float]]) -> bool:
        """Store figures from :meth:`compute_slow`; False if the weights moved meanwhile."""
        problem, stability, robustness = figures
        if problem is not self.problem:
            return False
        with param.parameterized.batch_call_watchers(self):
            self.stability = stability
            self.robustness = robustness
            self.slow_stale = False
        if self.defer_why:
            self._explain()
        return True

    def refresh_slow(self) -> None:
        """Compute and store stability and robustness now (tests, scripts)."""
        self.apply_slow(self.compute_slow())

    def engine_weights(self, problem: DecisionProblem | None = None) -> dict[str, float]:
        """The weights as ``decision`` takes them, at the level they were chosen.

        Criterion weights while indicator weights are an equal split of them (what the committee
        sets), indicator weights once an analyst has changed the split; so the sensitivity
        study varies the weights people actually chose (the memo's rule, copilote.decision.memo).
        """
        problem = problem or self.problem
        criterion = problem.criterion_weights
        split = problem.with_criterion_weights(criterion).weights
        if np.allclose(split, problem.weights, rtol=0, atol=1e-12):
            return dict(criterion)
        return dict(zip(problem.indicator_ids, (float(w) for w in problem.weights), strict=True))

    def weights_summary(self) -> dict[str, float]:
        """Criterion id -> share, as used right now (for memos, journals, profiles)."""
        return dict(self.problem.criterion_weights)


# -- calls into decision --------------------------------------------------------------------------
def _stability(problem: DecisionProblem, method: str, normalization: str | None) -> dict[str, Any]:
    """``decision.analysis.sensitivity.stability_intervals`` at criterion level, as plain tuples."""
    out = {}
    for name, interval in stability_intervals(
        problem, method=method, normalization=normalization, level="criterion"
    ).items():
        top = getattr(interval, "top", None)
        ranking = getattr(interval, "ranking", None)
        if top is None and isinstance(interval, Mapping):
            top, ranking = interval.get("top"), interval.get("ranking")
        out[str(name).removeprefix("w:")] = {
            "top": tuple(float(x) for x in top) if top is not None else None,
            "ranking": tuple(float(x) for x in ranking) if ranking is not None else None,
        }
    return out


def _robustness(
    case: Any, weights: Mapping[str, float], method: str, normalization: str | None
) -> dict[str, float]:
    """``decision.analysis.sensitivity.robustness``: share of plausible cases where each is
    first."""
    shares = robustness(
        case,
        weights,
        method,
        normalization=normalization,
    )
    return {str(k): float(v) for k, v in shares.items()}
