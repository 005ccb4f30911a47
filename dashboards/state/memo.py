"""The decision memo of the session's current state ("Exporter la note de décision")."""

from __future__ import annotations

from datetime import date
from typing import Any

import param

from copilote.dashboards.state.decision_state import DecisionState
from copilote.dashboards.state.study import StudyState


class MemoState(param.Parameterized):
    """Which memo to export; :meth:`render` makes it with ``copilote.decision.memo.render_memo``."""

    fmt: param.Selector[str] = param.Selector(default="pdf", objects=["pdf", "html", "md"])
    last_size = param.Integer(default=0, doc="Bytes of the last memo made.")
    error = param.String(default="")

    def __init__(self, decision: DecisionState, study: StudyState, **params: Any) -> None:
        self.decision = decision
        self.study = study
        super().__init__(**params)

    def filename(self) -> str:
        """``note-decision-<case>-<date>.pdf``."""
        case_id = getattr(self.decision.case, "id", "copilote")
        stem = "note-decision" if self.decision.lang == "fr" else "decision-memo"
        return f"{stem}-{case_id}-{date.today().isoformat()}.{self.fmt}"

    def render(self) -> bytes:
        """The memo for the current weights, method and language; blocking (seconds)."""
        from copilote.decision.memo import DEFAULT_N, DEFAULT_SEED, render_memo

        state = self.decision
        weights = state.engine_weights()
        # A study the analyst already ran on exactly these inputs is handed over, not rerun.
        # So is the committee's robustness study: the memo then says the percentage on screen.
        inputs = {
            "weights": weights,
            "method": state.method,
            "normalization": state.normalization_or_none,
            "n": DEFAULT_N,
            "seed": DEFAULT_SEED,
            "over": state.study_over(),
            "red_lines": tuple(state.red_lines or ()),
        }
        study = self.study.result_for(inputs) or state.study_for(inputs)
        data = render_memo(
            state.case,
            weights=weights,
            method=state.method,
            normalization=state.normalization_or_none,
            fmt=self.fmt,
            lang=state.lang,
            n=DEFAULT_N,
            seed=DEFAULT_SEED,
            weights_owner=state.weights_owner or None,
            study=study,
            red_lines=tuple(state.red_lines or ()),
        )
        self.last_size = len(data)
        return data
