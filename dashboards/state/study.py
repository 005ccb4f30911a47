"""A Sobol sensitivity study of the session's current choice, with its progress.

:meth:`StudyState.run` is blocking (about a second on the bundled case); the views call it in a
worker thread so the event loop, and every other session, stays responsive. Progress is a
parameter the views bind to a progress bar.
"""

from __future__ import annotations

import time
import traceback
from typing import Any

import param

from copilote.dashboards.i18n import tr
from copilote.dashboards.state.decision_state import DecisionState
from copilote.decision.analysis.sensitivity import DEFAULT_N, SensitivityResult
from copilote.decision.errors import InputError

#: Smallest progress step reported, so a fast study does not flood the browser with updates.
PROGRESS_STEP = 0.02

#: Share of the progress bar each stage of ``run_study`` fills (evaluation is most of the time).
STAGES = {
    "sample": (0.0, 0.05),
    "evaluate": (0.05, 0.85),
    "analyse": (0.85, 0.95),
    "stability": (0.95, 0.98),
    "tipping": (0.98, 1.0),
}


class StudyState(param.Parameterized):
    """Settings and result of one sensitivity study
    (``decision.analysis.sensitivity.run_study``)."""

    n: param.Selector[int] = param.Selector(
        default=DEFAULT_N,
        objects=[128, 256, 512, 1024, 2048, 4096],
        doc="Sobol base sample size N (a power of two).",
    )
    seed = param.Integer(default=1, bounds=(0, None), doc="Seed (>= 0), recorded with the result.")
    over = param.ListSelector(
        default=["weights", "parameters"],
        objects=["weights", "parameters", "method"],
        doc="What varies.",
    )
    running = param.Boolean(default=False)
    progress = param.Number(default=0.0, bounds=(0.0, 1.0), doc="Share of the study done.")
    result = param.ClassSelector(
        class_=SensitivityResult,
        default=None,
        allow_None=True,
        doc="The last study: the engine's typed answer (its to_json() is the CLI's JSON).",
    )
    elapsed = param.Number(default=0.0, doc="Wall time of the last study [s].")
    error = param.String(default="")
    inputs = param.Dict(default=None, allow_None=True, doc="Weights, method... the result is for.")

    def __init__(self, decision: DecisionState, **params: Any) -> None:
        self.decision = decision
        super().__init__(**params)

    def _report(self, stage: str, done: float, total: float) -> None:
        """``run_study``'s ``progress(stage, done, total)``, as one share of the whole study."""
        lo, hi = STAGES.get(stage, (self.progress, self.progress))
        share = lo + (hi - lo) * (float(done) / float(total) if total else 1.0)
        share = min(max(share, 0.0), 1.0)
        if share >= 1.0 or share - self.progress >= PROGRESS_STEP:
            self.progress = share

    def snapshot(self) -> dict[str, Any]:
        """The inputs of a study of the session's current choice (weights, method, N, seed)."""
        state = self.decision
        return {
            "weights": state.engine_weights(),
            "method": state.method,
            "normalization": state.normalization_or_none,
            "n": int(self.n),
            "seed": int(self.seed),
            # in one order whatever the order of ticking, as the memo asks for it
            "over": tuple(x for x in ("weights", "parameters", "method") if x in self.over),
            "red_lines": tuple(state.red_lines or ()),
        }

    def compute(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Run ``decision.analysis.sensitivity.run_study`` on ``inputs``; blocking (call it in a
        thread).

        Only ``progress`` changes meanwhile; the outcome (result or error) is returned for
        :meth:`apply`, so the views take it on the event loop.
        """
        from copilote.decision.analysis.sensitivity import run_study

        start = time.perf_counter()
        try:
            result = run_study(
                self.decision.case,
                n=inputs["n"],
                seed=inputs["seed"],
                over=inputs["over"],
                method=inputs["method"],
                normalization=inputs["normalization"],
                weights=inputs["weights"],
                progress=self._report,
                red_lines=inputs.get("red_lines"),
            )
        except InputError as err:
            return {"error": str(err)}
        except Exception as err:
            traceback.print_exc()
            return {"error": f"{type(err).__name__}: {err}"}
        return {"inputs": inputs, "result": result, "elapsed": time.perf_counter() - start}

    def start(self) -> dict[str, Any] | None:
        """Mark the study as running; the inputs to compute, or None if nothing can be run."""
        if self.running:
            return None
        if not self.over:
            self.error = tr("study_no_factor", self.decision.lang)
            return None
        self.param.update(running=True, progress=0.0, error="")
        return self.snapshot()

    def apply(self, outcome: dict[str, Any]) -> None:
        """Store what :meth:`compute` returned."""
        if "error" in outcome:
            self.param.update(running=False, error=outcome["error"])
            return
        self.param.update(
            inputs=outcome["inputs"],
            result=outcome["result"],
            elapsed=outcome["elapsed"],
            progress=1.0,
            running=False,
        )

    def run(self) -> SensitivityResult | None:
        """Start, compute and apply in one blocking call (tests, scripts)."""
        inputs = self.start()
        if inputs is None:
            return None
        self.apply(self.compute(inputs))
        return self.result if not self.error else None

    def result_for(self, inputs: dict[str, Any]) -> SensitivityResult | None:
        """The last result if it was computed for exactly ``inputs`` (to reuse it in a memo)."""
        if self.result is None or self.inputs is None:
            return None
        return self.result if self.inputs == inputs else None
