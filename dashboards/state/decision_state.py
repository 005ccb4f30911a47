"""What the committee has chosen (weights, method) and what ``decision`` says about it.

One :class:`DecisionState` per browser session. Setting a weight recomputes the ranking at once
(``decision.core.mcda.evaluate``, a few milliseconds) and marks the slower figures (stability
intervals, robustness, "why A ahead of B") as stale; :meth:`DecisionState.refresh_slow`
recomputes them, and the views call it off the event loop so that a slider never waits for them.

One source of truth (issue 12.3): every figure carries the key of the inputs it was computed
from (:meth:`DecisionState.inputs_key`: weights, method, normalisation), and a view draws it only
while that key is :attr:`DecisionState.current_key`; otherwise it says «recalcul…», or the short
message of a failed computation, never the previous figure. The robustness badges are the rank-1
shares of the very study the memo runs (same N, seed, draws), so screen and memo agree.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import param

from copilote.decision.analysis.explain import explanation
from copilote.decision.analysis.red_lines import admissible_first, check
from copilote.decision.analysis.sensitivity import (
    DEFAULT_N,
    DEFAULT_SEED,
    SensitivityResult,
    run_study,
    stability_intervals,
)
from copilote.decision.analysis.sensitivity_model import DEFAULT_WEIGHT_RANGE
from copilote.decision.analysis.stability import weight_path
from copilote.decision.core.mcda import applicable_methods, evaluate
from copilote.decision.core.methods import (
    METHODS,
    NORMALIZATIONS,
    check_normalization,
    method_spec,
)
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.core.results import Explanation, InputsKey, StabilityIntervals
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError

#: Label of "the method's own normalisation" in the normalisation selector.
DEFAULT_NORMALIZATION = "default"

#: Weight changes closer together than this [s] are one gesture: one undo step takes them back.
UNDO_GESTURE_SECONDS = 1.0
#: Undo steps kept per session.
UNDO_DEPTH = 50

#: Slow figures: what one run of :meth:`DecisionState.compute_slow` gives.
SlowFigures = dict[str, Any]


def _whole(values: Mapping[str, float], total: int) -> dict[str, int]:
    """Non-negative ``values`` as whole numbers summing to ``total`` (largest remainder)."""
    ids = list(values)
    exact = np.array([max(float(values[k]), 0.0) for k in ids], dtype=float)
    if exact.sum() <= 0:
        exact = np.ones(len(ids))
    exact = total * exact / exact.sum()
    floor = np.floor(exact + 1e-9).astype(int)
    order = sorted(range(len(ids)), key=lambda i: (-(exact[i] - floor[i]), i))
    for i in order[: max(total - int(floor.sum()), 0)]:
        floor[i] += 1
    return {k: int(v) for k, v in zip(ids, floor, strict=True)}


def whole_percents(shares: Mapping[str, float]) -> dict[str, int]:
    """Shares as whole percentages that sum to exactly 100 (largest remainder).

    What the sliders and labels show: rounding each share alone can show 99 % or 101 % in total
    (three thirds give 33 + 33 + 33). Shares are taken relative to their total; all zero gives
    all zero.
    """
    if sum(max(float(v), 0.0) for v in shares.values()) <= 0:
        return dict.fromkeys(shares, 0)
    return _whole(shares, 100)


class DecisionState(param.Parameterized):
    """Weights, method and the resulting ranking of one case, for one session.

    Weights are kept as criterion shares (summing to 1) and, inside each criterion, local
    indicator shares; ``copilote.decision.core.problem`` turns them into global indicator weights.
    """

    lang: param.Selector[str] = param.Selector(
        default="fr", objects=["fr", "en"], doc="Language shown."
    )
    method: param.Selector[str] = param.Selector(
        default="topsis", objects=list(METHODS), doc="MCDA method."
    )
    normalization: param.Selector[str] = param.Selector(
        default=DEFAULT_NORMALIZATION,
        objects=[DEFAULT_NORMALIZATION, *NORMALIZATIONS],
        doc="Normalisation; 'default' is the method's own.",
    )
    criterion_weights = param.Dict(default={}, doc="Criterion id -> share, summing to 1.")
    local_weights = param.Dict(default={}, doc="Indicator id -> share within its criterion.")
    weights_owner = param.String(default="", doc="Whose weights these are (a profile).")
    red_lines = param.List(
        default=None, doc="Red lines (decision.analysis.red_lines.RedLine); the case's own."
    )

    # -- what decision computed (read-only for views) -----------------------------------------
    ranking = param.DataFrame(
        default=None, doc="alternative, label, score, rank; sorted best first."
    )
    lower_is_better = param.Boolean(default=False, doc="True for VIKOR, SPOTIS.")
    stability = param.ClassSelector(
        class_=StabilityIntervals,
        default=None,
        allow_None=True,
        doc="Each criterion weight's stability interval (w:<criterion>), typed and labelled.",
    )
    robustness = param.Dict(default={}, doc="Alternative -> share of plausible cases it is first.")
    slow_stale = param.Boolean(default=True, doc="Stability and robustness lag the weights.")
    current_key = param.String(default="", doc="Key of the inputs on screen (inputs_key).")
    ranking_key = param.String(default="", doc="Key of the inputs ``ranking`` is for.")
    slow_key = param.String(default="", doc="Key of the inputs stability/robustness are for.")
    slow_error = param.String(default="", doc="Why the slow figures failed (French first).")
    why_key = param.String(default="", doc="Key of the inputs ``why`` is for.")
    study = param.ClassSelector(
        class_=SensitivityResult,
        default=None,
        allow_None=True,
        doc="The robustness study behind the badges (the engine's typed answer), for the memo.",
    )
    agreed_weights = param.Dict(default={}, doc="The weights the session started from.")
    can_undo = param.Boolean(default=False, doc="There is a weight change to take back.")
    compare_a: param.Selector[str | None] = param.Selector(
        default=None, objects=[], doc="'Why A ahead of B': A."
    )
    compare_b: param.Selector[str | None] = param.Selector(
        default=None, objects=[], doc="'Why A ahead of B': B."
    )
    why = param.ClassSelector(
        class_=Explanation,
        default=None,
        allow_None=True,
        doc="Why A is ahead of B: the engine's typed explanation (contributions by criterion).",
    )
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
        #: method -> normalisations (None: its own) that rank this case; the page offers these.
        self.choices = applicable_methods(self.base_problem)
        if not params.get("criterion_weights"):
            params["criterion_weights"] = dict(self.base_problem.criterion_weights)
        if params.get("red_lines") is None:
            params["red_lines"] = list(getattr(case, "red_lines", ()) or ())
        self._history: list[tuple[dict[str, float], dict[str, float]]] = []
        self._last_change = 0.0
        self._restoring = False
        super().__init__(**params)
        self.agreed_weights = dict(self.criterion_weights)
        self._agreed_local = dict(self.local_weights)
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
    def ranked(self) -> pd.DataFrame:
        """``ranking``, which is always set once the state is built (typed for mypy)."""
        ranking = self.ranking
        if ranking is None:  # pragma: no cover - __init__ ranks the case or raises
            raise RuntimeError("the ranking is computed when the state is built")
        return ranking

    @property
    def first(self) -> str:
        """The alternative ranked first."""
        return str(self.ranked["alternative"].iloc[0])

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
        # Whole percentages summing to 100: the weights used are the ones the sliders show.
        # The moved slider keeps its own value (the browser is not told it back: Panel does not
        # echo a value to the widget it came from), the others share what is left.
        moved = 100.0 * share
        if abs(moved - round(moved)) < 1e-6:
            others = {c: float(v) for c, v in zip(ids, new.tolist(), strict=True)}
            left = 100 - round(moved)
            others.pop(criterion_id)
            shown = _whole(others, left)
            shown[criterion_id] = round(moved)
        else:
            shown = whole_percents(dict(zip(ids, new.tolist(), strict=True)))
        self._remember()
        self.criterion_weights = {c: shown[c] / 100.0 for c in ids}

    def set_weights(
        self,
        criterion_weights: Weights | Mapping[str, float],
        local_weights: Mapping[str, float] | None = None,
    ) -> None:
        """Replace all weights at once (a profile, a weighting method's result).

        Indicator-level weights are split into criterion weights and local shares by the engine
        (:meth:`Weights.criterion_and_local`).
        """
        given = Weights.parse(criterion_weights, self.base_problem)
        if given.level == "indicator":
            criterion, local = given.criterion_and_local(self.base_problem)
            self.set_weights(criterion, local)
            return
        self._remember()
        with param.parameterized.batch_call_watchers(self):
            if local_weights is not None:
                self.local_weights = dict(local_weights)
            self.criterion_weights = given.normalized()

    # -- going back ---------------------------------------------------------------------------
    def agree_on_current(self) -> None:
        """Make the current weights the agreed ones (a profile applied at the start, say)."""
        self.agreed_weights = dict(self.criterion_weights)
        self._agreed_local = dict(self.local_weights)

    def _remember(self) -> None:
        """Keep the weights before a change, once per gesture (a burst of key presses)."""
        if self._restoring:
            return
        now = time.monotonic()
        if not self._history or now - self._last_change > UNDO_GESTURE_SECONDS:
            self._history.append((dict(self.criterion_weights), dict(self.local_weights)))
            del self._history[:-UNDO_DEPTH]
        self._last_change = now
        self.can_undo = True

    def _restore(self, criterion: Mapping[str, float], local: Mapping[str, float]) -> None:
        self._restoring = True
        try:
            with param.parameterized.batch_call_watchers(self):
                self.local_weights = dict(local)
                self.criterion_weights = dict(criterion)
        finally:
            self._restoring = False

    def reset_weights(self) -> None:
        """Back to the agreed weights («Revenir aux poids convenus»); undoable."""
        if self.criterion_weights == self.agreed_weights and (
            self.local_weights == self._agreed_local
        ):
            return
        self._history.append((dict(self.criterion_weights), dict(self.local_weights)))
        self._last_change = 0.0  # the next move is a new gesture
        self._restore(self.agreed_weights, self._agreed_local)
        self.can_undo = True

    def undo(self) -> None:
        """Take back the last weight change (a burst of key presses is one change)."""
        if not self._history:
            return
        criterion, local = self._history.pop()
        self._last_change = 0.0
        self._restore(criterion, local)
        self.can_undo = bool(self._history)

    def percents(self) -> dict[str, int]:
        """Criterion id -> whole percentage shown, summing to 100."""
        return whole_percents(self.criterion_weights)

    def inputs_key(self) -> str:
        """The key of what is chosen now: weights, method and normalisation.

        Every slow figure is stored with the key it was computed for, and drawn only while it
        equals :attr:`current_key`.
        """
        criterion = tuple(sorted((k, float(v)) for k, v in self.criterion_weights.items()))
        local = tuple(sorted((k, float(v)) for k, v in self.local_weights.items()))
        lines = tuple(line.text for line in self.red_lines or ())
        return repr((self.method, self.normalization_or_none, criterion, local, lines))

    def fit_normalization(self) -> None:
        """Choose a normalisation that ranks this case when the method's current one cannot.

        The page offers only :attr:`choices`; a method whose own normalisation fails on the
        case (WSM's sum, with a 0 ha land take) starts on its first working one (min-max).
        """
        allowed = self.choices.get(self.method, ())
        if not allowed or self.normalization_or_none in allowed:
            return
        first = allowed[0]
        self.normalization = DEFAULT_NORMALIZATION if first is None else first

    def set_indicator_weights(self, weights: Weights | Mapping[str, float]) -> None:
        """Global indicator weights (e.g. objective weights): split into criterion and local."""
        criterion, local = Weights.parse(weights, self.base_problem).criterion_and_local(
            self.base_problem
        )
        self.set_weights(criterion, local)

    # -- recomputation ------------------------------------------------------------------------
    @param.depends(
        "criterion_weights", "local_weights", "method", "normalization", "red_lines", watch=True
    )
    def _recompute(self) -> None:
        """Ranking (fast, at once); stability and robustness marked stale."""
        allowed = self.choices.get(self.method, ())
        if allowed and self.normalization_or_none not in allowed:
            self.fit_normalization()  # sets normalization: this runs again with it
            return
        key = self.inputs_key()
        with param.parameterized.batch_call_watchers(self):
            self.current_key = key
            self.slow_stale = True
            self.slow_error = ""
        try:
            problem = self.base_problem.with_criterion_weights(
                self.criterion_weights, self.local_weights or None
            )
            result = evaluate(problem, self.method, self.normalization_or_none)
        except InputError as err:
            self.error = str(err)
            return
        self.problem = problem
        admissible = check(problem, self.red_lines or []).admissible
        ranks = admissible_first(result.ranks, admissible)  # beyond a red line: after the rest
        order = np.argsort(ranks, kind="stable")
        ranking = pd.DataFrame(
            {
                "alternative": [problem.alternatives[i] for i in order],
                "score": [float(result.scores[i]) for i in order],
                "rank": [float(ranks[i]) for i in order],
                "admissible": [bool(admissible[i]) for i in order],
            }
        )
        ranking["label"] = [self.alternative_label(a) for a in ranking["alternative"]]
        with param.parameterized.batch_call_watchers(self):
            self.error = ""
            self.lower_is_better = bool(result.lower_is_better)
            self.ranking_key = key
            self.ranking = ranking
            if self.compare_a is None or self.compare_b is None or self.compare_a == self.compare_b:
                self.compare_a = str(ranking["alternative"].iloc[0])
                self.compare_b = str(ranking["alternative"].iloc[1])
        if self.why is None or not self.defer_why:
            self._explain()

    @param.depends("lang", watch=True)
    def _relabel(self) -> None:
        ranking = self.ranked.copy()
        ranking["label"] = [self.alternative_label(a) for a in ranking["alternative"]]
        self.ranking = ranking
        self._explain()

    @param.depends("compare_a", "compare_b", watch=True)
    def _explain(self) -> None:
        """'Why is A ahead of B': the score difference broken down by criterion."""
        if self.compare_a is None or self.compare_b is None:
            return
        key = self.current_key
        if self.ranking_key != key:  # the choice on screen could not be ranked
            return
        try:
            why = explanation(
                self.problem,
                self.compare_a,
                self.compare_b,
                self.method,
                self.normalization_or_none,
                case=self.case,
            )
        except InputError as err:
            self.error = str(err)
            return
        with param.parameterized.batch_call_watchers(self):
            self.why_key = key
            self.why = why

    def study_over(self) -> tuple[str, ...]:
        """What the robustness study varies: weights, and a case's uncertain parameters."""
        return ("weights", "parameters") if getattr(self.case, "parameters", None) else ("weights",)

    def slow_inputs(self) -> dict[str, Any]:
        """A snapshot of what the slow figures are computed from (read on the event loop)."""
        return {
            "key": self.current_key,
            "ready": self.ranking_key == self.current_key,
            "problem": self.problem,
            "method": self.method,
            "normalization": self.normalization_or_none,
            "weights": self.engine_weights(),
            "red_lines": tuple(self.red_lines or ()),
        }

    def compute_slow(self, inputs: dict[str, Any] | None = None) -> SlowFigures:
        """Stability intervals and robustness for ``inputs`` (default: the current choice).

        See :func:`slow_figures`; changes nothing, so it can run in a worker (the served page
        runs :func:`slow_figures` itself in a separate process); :meth:`apply_slow` then
        stores the figures on the event loop.
        """
        return slow_figures(self.case, inputs or self.slow_inputs(), self.study_over())

    def apply_slow(self, figures: SlowFigures) -> bool:
        """Store figures from :meth:`compute_slow`; False if the choice moved meanwhile."""
        if figures["key"] != self.current_key:
            return False
        with param.parameterized.batch_call_watchers(self):
            if "error" in figures:
                self.slow_error = figures["error"]
                self.stability, self.robustness, self.study = None, {}, None
            else:
                self.slow_error = ""
                self.stability = figures["stability"]
                self.robustness = figures["robustness"]
                self.study = figures["study"]
            self.slow_key = figures["key"]
            self.slow_stale = False
        if self.defer_why:
            self._explain()
        return True

    def slow_ready(self) -> bool:
        """Stability and robustness are for the choice on screen."""
        return self.slow_key == self.current_key and not self.slow_stale

    def study_for(self, inputs: Mapping[str, Any]) -> SensitivityResult | None:
        """The robustness study if it was run on exactly ``inputs`` (the memo reuses it)."""
        if not self.slow_ready() or self.study is None:
            return None
        expected = {
            "weights": self.engine_weights(),
            "method": self.method,
            "normalization": self.normalization_or_none,
            "n": DEFAULT_N,
            "seed": DEFAULT_SEED,
            "over": self.study_over(),
            "red_lines": tuple(self.red_lines or ()),
        }
        given = dict(inputs)
        given.setdefault("red_lines", expected["red_lines"])  # unsaid: the lines in force
        return self.study if given == expected else None

    def refresh_slow(self) -> None:
        """Compute and store stability and robustness now (tests, scripts)."""
        self.apply_slow(self.compute_slow())

    def engine_weights(self, problem: DecisionProblem | None = None) -> dict[str, float]:
        """The weights as ``decision`` takes them, at the level they were chosen
        (:meth:`Weights.of_problem`, the memo's rule)."""
        return Weights.of_problem(problem or self.problem).mapping()

    def weights_summary(self) -> dict[str, float]:
        """Criterion id -> share, as used right now (for memos, journals, profiles)."""
        return dict(self.problem.criterion_weights)


# -- calls into decision --------------------------------------------------------------------------
def slow_figures(case: Any, inputs: Mapping[str, Any], over: tuple[str, ...]) -> SlowFigures:
    """Stability intervals and robustness of one choice (``DecisionState.slow_inputs``).

    Robustness is the share of plausible cases in which each scenario is first, taken from the
    study the memo runs (``run_study``, N = DEFAULT_N, seed DEFAULT_SEED, weights and
    parameters): the percentage on screen is the memo's. About a second of computation, with
    no state: a module-level function so that a worker process can run it (the event loop of a
    served page then never competes with it for the interpreter). A failure is returned as a
    short message, never raised.
    """
    out: SlowFigures = {"key": inputs["key"]}
    if not inputs["ready"]:
        out["error"] = "ranking"
        return out
    method, normalization = inputs["method"], inputs["normalization"]
    try:
        lines = inputs.get("red_lines", ())
        admissible = check(inputs["problem"], lines).admissible
        out["stability"] = _stability(
            case, inputs["problem"], method, normalization, admissible, lines
        )
        result = run_study(
            case,
            n=DEFAULT_N,
            seed=DEFAULT_SEED,
            over=over,
            weight_range=DEFAULT_WEIGHT_RANGE,
            method=method,
            normalization=normalization,
            weights=inputs["weights"],
            red_lines=lines,
        )
    except InputError as err:
        out["error"] = str(err)
        return out
    out["study"] = result
    out["robustness"] = {
        str(a): float(shares[0]) for a, shares in result.rank_acceptability.items()
    }
    return out


def _stability(
    case: Any,
    problem: DecisionProblem,
    method: str,
    normalization: str | None,
    admissible: Any = None,
    red_lines: Any = (),
) -> StabilityIntervals:
    """``decision.analysis.sensitivity.stability_intervals`` at criterion level, typed (red
    lines: ``admissible`` alternatives first, as in the ranking shown), with the key of the
    ranking they bound."""
    found = stability_intervals(
        problem,
        method=method,
        normalization=normalization,
        level="criterion",
        admissible=admissible,
    )
    key = InputsKey.of(
        problem,
        method=method_spec(method).name,
        normalization=check_normalization(method, normalization),
        case=case,
        red_lines=[line.text for line in red_lines],
    )
    return StabilityIntervals.of_problem(found, problem, key)
