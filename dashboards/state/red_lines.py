"""Red lines in the dashboard: the analyst sets them, the committee sees who crosses them.

:class:`RedLineState` holds no figure of its own: it parses a line with
``decision.analysis.red_lines.parse_red_line``, hands the list to the session's
:class:`~copilote.dashboards.state.decision_state.DecisionState` (which ranks admissible
scenarios first), and words the crossings with ``decision``'s own sentences. A line set while a
group session is open is recorded in the meeting journal (``GroupSessionState.record_red_line``).
"""

from __future__ import annotations

from typing import Any

import param

from copilote.decision.analysis.red_lines import (
    RedLine,
    check,
    parse_red_line,
    violation_sentence,
)
from copilote.decision.errors import InputError

#: Attribute of a DecisionState under which the group tab keeps its state (dashboards/group.py).
GROUP_STATE_ATTR = "_copilote_group_state"


class RedLineState(param.Parameterized):
    """The red lines of one dashboard session.

    Args:
        decision: the session's DecisionState; its ``red_lines`` are the lines in force.
    """

    set_by = param.String(default="", doc="Who sets the next line (shown in the memo).")
    error = param.String(default="", doc="Last bad line, one line.")
    recorded = param.Integer(default=0, doc="Lines recorded in a group session's journal.")

    def __init__(self, decision: Any, **params: Any) -> None:
        self.decision = decision
        super().__init__(**params)

    @property
    def lines(self) -> list[RedLine]:
        """The lines in force (the case's own, then those added)."""
        return list(self.decision.red_lines or [])

    def add(self, text: str) -> bool:
        """Parse ``text`` (``land_take<=5 ha``, ``nox<=reference``) and put it in force."""
        problem = self.decision.base_problem
        who = self.set_by.strip() or ("le comité" if self.decision.lang == "fr" else "committee")
        try:
            line = parse_red_line(
                text, problem.indicators, problem.alternatives, set_by=who, where="ligne rouge"
            )
        except InputError as err:
            self.error = str(err)
            return False
        self.error = ""
        if line.text in {existing.text for existing in self.lines}:
            return True
        self.decision.red_lines = [*self.lines, line]
        self._record(line)
        return True

    def remove(self, text: str) -> None:
        """Take the line written ``text`` out of force."""
        self.decision.red_lines = [line for line in self.lines if line.text != text]

    def crossings(self) -> list[tuple[str, str, list[str]]]:
        """Inadmissible scenarios: (id, name, what they cross in plain words), in rank order."""
        state = self.decision
        problem = state.base_problem
        found = check(problem, self.lines)
        names = {a: state.alternative_label(a) for a in problem.alternatives}
        order = list(state.ranking["alternative"]) if state.ranking is not None else []
        return [
            (
                alt,
                names[alt],
                [
                    violation_sentence(v, problem.indicator(v.line.indicator), state.lang, names)
                    for v in found.violations[alt]
                ],
            )
            for alt in order
            if not found.is_admissible(alt)
        ]

    def _record(self, line: RedLine) -> None:
        """Into the journal of the group session this person is in, if any."""
        group: Any = getattr(self.decision, GROUP_STATE_ATTR, None)
        session = str(getattr(group, "session_id", "") or "")
        if group is not None and session and group.record_red_line(line):
            self.recorded += 1
