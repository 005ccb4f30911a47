"""Red lines on screen: set by the analyst, shown apart to the committee, in plain French.

Two thin views over :class:`~copilote.dashboards.state.red_lines.RedLineState`:
:class:`CommitteeRedLines` lists the scenarios beyond a red line with the line crossed
(« prend 13 ha de terres nouvelles : au-delà de la ligne rouge ... »), and
:class:`AnalystRedLines` lets the analyst add or remove lines.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import panel as pn

from copilote.dashboards.i18n import tr
from copilote.dashboards.state.red_lines import RedLineState
from copilote.dashboards.views.theme import POOR, esc


class CommitteeRedLines(pn.viewable.Viewer):
    """The scenarios beyond a red line, apart from the ranking, each with the line it crosses."""

    def __init__(self, state: RedLineState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.pane = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["cp-red-lines"])
        state.decision.param.watch(self._update, ["ranking", "red_lines", "lang"])
        self._update()

    def _update(self, *_: Any) -> None:
        lang = self.state.decision.lang
        crossings = self.state.crossings()
        if not crossings:
            self.pane.object = f"<div class='cp-note'>{esc(tr('rl_none', lang))}</div>"
            return
        colon = tr("colon", lang)
        items = "".join(
            f"<li data-alternative='{esc(alt)}'><b>{esc(name)}</b>{colon}"
            + " ; ".join(esc(s) for s in sentences)
            + "</li>"
            for alt, name, sentences in crossings
        )
        self.pane.object = (
            f"<div class='cp-section' style='color:{POOR}'>{esc(tr('rl_title', lang))}</div>"
            f"<ul id='cp-red-lines'>{items}</ul>"
            f"<div class='cp-note'>{esc(tr('rl_help', lang))}</div>"
        )

    def __panel__(self) -> pn.viewable.Viewable:
        return self.pane


class AnalystRedLines(pn.viewable.Viewer):
    """The lines in force with a remove button each, and a field to add one."""

    def __init__(self, state: RedLineState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        lang = state.decision.lang
        self.text = pn.widgets.TextInput(
            name=tr("rl_line", lang), placeholder="nox<=reference", width=260
        )
        self.who = pn.widgets.TextInput(name=tr("rl_who", lang), value=state.set_by, width=200)
        self.add_button = pn.widgets.Button(name=tr("rl_add", lang), button_type="primary")
        self.add_button.on_click(self._add)
        self.who.param.watch(lambda e: setattr(state, "set_by", e.new), "value")
        self.listing = pn.Column(sizing_mode="stretch_width")
        self.error = pn.pane.HTML("", sizing_mode="stretch_width")
        state.decision.param.watch(self._update, ["red_lines"])
        state.param.watch(self._update, ["error"])
        self._update()

    def _add(self, *_: Any) -> None:
        if self.state.add(self.text.value or ""):
            self.text.value = ""

    def _remove(self, text: str, *_: Any) -> None:
        self.state.remove(text)

    def _update(self, *_: Any) -> None:
        lang = self.state.decision.lang
        rows = []
        for line in self.state.lines:
            button = pn.widgets.Button(name=tr("rl_remove", lang), width=90)
            button.on_click(partial(self._remove, line.text))
            who = f" — {line.set_by}" if line.set_by else ""
            rows.append(pn.Row(pn.pane.HTML(f"<code>{esc(line.text)}</code>{esc(who)}"), button))
        self.listing.objects = rows
        error = self.state.error
        self.error.object = f"<div class='cp-verdict'>{esc(error)}</div>" if error else ""

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.decision.lang
        return pn.Column(
            pn.pane.HTML(f"<div class='cp-section'>{esc(tr('rl_set_title', lang))}</div>"),
            pn.pane.HTML(f"<div class='cp-help'>{esc(tr('rl_set_help', lang))}</div>"),
            self.listing,
            pn.Row(self.text, self.who, self.add_button),
            self.error,
            sizing_mode="stretch_width",
        )


def red_line_state(decision: Any) -> RedLineState:
    """The session's red-line state (one per DecisionState, shared by both modes)."""
    state: RedLineState | None = getattr(decision, "_copilote_red_lines", None)
    if state is None:
        state = RedLineState(decision)
        decision._copilote_red_lines = state
    return state
