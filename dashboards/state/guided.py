"""Weights from questions, for officials (issue 14.5): swing questions, no number to type.

Step 1: «Parmi ces passages du pire au meilleur, lequel compte le plus ?» (one criterion).
Step 2: for each other criterion, «par rapport à lui, ce passage compte…» with five plain
answers, each a number of swing points (the most important swing has 100). The points become
weights by ``decision.core.weights.swing`` (Edwards & Barron 1994's swing weighting), the
committee's sliders start from them (they can be adjusted), and the submission is recorded in
the meeting journal like any other (``Journal.submit_weights``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import param

from copilote.dashboards.state.decision_state import DecisionState, whole_percents
from copilote.decision.core import weights as dw

#: The answers to «par rapport au plus important, ce passage compte…», as swing points.
#: An assumption of this page (a five-step verbal scale), not a published scale: an analyst can
#: always give exact points in analyst mode.
ANSWERS: dict[str, int] = {
    "same": 100,
    "bit_less": 75,
    "half": 50,
    "much_less": 25,
    "hardly": 5,
}

#: Who the journal says submitted guided weights from the committee page.
COMMITTEE_MEMBER = "comité"


class GuidedWeighting(param.Parameterized):
    """The answers so far and the weights they give."""

    most: param.Selector[str | None] = param.Selector(
        default=None, objects=[], doc="The criterion whose swing matters most."
    )
    answers = param.Dict(default={}, doc="Other criterion id -> key of ANSWERS.")
    proposal = param.Dict(default={}, doc="Criterion id -> share, once every answer is given.")
    recorded = param.String(default="", doc="Journal entry of the last submission.")

    def __init__(self, decision: DecisionState, **params: Any) -> None:
        self.decision = decision
        super().__init__(**params)
        self.param.most.objects = [None, *self.criterion_ids]

    @property
    def criterion_ids(self) -> list[str]:
        """Criterion ids in order."""
        return [c.id for c in self.decision.criteria]

    def others(self) -> list[str]:
        """The criteria compared with the most important one."""
        return [c for c in self.criterion_ids if c != self.most]

    @param.depends("most", "answers", watch=True)
    def _propose(self) -> None:
        if self.most is None or any(c not in self.answers for c in self.others()):
            self.proposal = {}
            return
        points = {c: float(ANSWERS[self.answers[c]]) for c in self.others()}
        points[self.most] = 100.0
        ids = self.criterion_ids
        vector = np.asarray(dw.swing([points[c] for c in ids], ids), dtype=float)
        self.proposal = dict(zip(ids, vector.tolist(), strict=True))

    def answer(self, criterion: str, key: str) -> None:
        """Record one answer (``key`` of :data:`ANSWERS`)."""
        if key not in ANSWERS or criterion not in self.others():
            raise ValueError(f"no answer '{key}' for '{criterion}'")
        self.answers = {**self.answers, criterion: key}

    def apply(self, db: str | None = None) -> str:
        """Start the committee's sliders from the proposal and record it in the journal.

        Returns the journal entry's description (profile version). The weights become the
        agreed ones of the session ("back to the agreed weights" returns to them).
        """
        from copilote.decision.record.journal import Journal, new_session_id

        if not self.proposal:
            return ""
        # in whole percentages, as the sliders show them: the weights used are those displayed
        shown = whole_percents(self.proposal)
        self.decision.set_weights({c: v / 100.0 for c, v in shown.items()})
        self.decision.agree_on_current()
        journal = Journal(db)
        session = new_session_id()
        journal.open_session(session, COMMITTEE_MEMBER, title="pondération guidée")
        entry = journal.submit_weights(
            session,
            COMMITTEE_MEMBER,
            dict(self.decision.criterion_weights),
            comment="swing: "
            + ", ".join(f"{c}={self.answers.get(c, 'most')}" for c in self.criterion_ids),
        )
        self.recorded = f"{session} v{entry.payload['version']}"
        return self.recorded
