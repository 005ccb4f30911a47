"""«Pour les habitants»: what each Cité 12/14 option means for a dwelling and for each user group.

A committee-mode card (issue 13.8–13.10). It draws the memo's own tables
(:func:`copilote.decision.memo.content.residents_tables`), so that the card, the memo and
``decision evaluate --json`` say the same words and figures. They do not depend on the weights,
so the card is drawn once per case and language. A case whose model does not give them (a table)
shows nothing.
"""

from __future__ import annotations

from typing import Any

import panel as pn

from copilote.dashboards.i18n import tr
from copilote.dashboards.state import DecisionState
from copilote.dashboards.views.theme import esc
from copilote.decision.memo.content import Table, residents_tables


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='cp-num'>{esc(cell)}</td>" if numeric else f"<td>{esc(cell)}</td>"
            for cell, numeric in zip(row, table.numeric or (False,) * len(row), strict=False)
        )
        + "</tr>"
        for row in table.rows
    )
    caption = f"<p class='cp-note'>{esc(table.caption)}</p>" if table.caption else ""
    return f"<table class='cp-table cp-residents'><tr>{head}</tr>{body}</table>{caption}"


#: (id(case), lang) -> (case, html): each session builds the card, the case is shared; holding
#: the case keeps its id from being reused.
_drawn: dict[tuple[int, str], tuple[Any, str]] = {}


def residents_html(case: Any, lang: str) -> str:
    """The card's HTML for ``case`` in ``lang``; empty when the case gives no such figures.

    About 50 ms for the bundled case (some thirty evaluations at nominal values): computed once
    per case and language, not once per session.
    """
    held = _drawn.get((id(case), lang))
    if held is not None and held[0] is case:
        return held[1]
    tables = residents_tables(case, lang)
    html = (
        f"<div class='cp-section'>{esc(tr('res_title', lang))}</div>"
        + "".join(_table_html(table) for table in tables)
        if tables
        else ""
    )
    _drawn[(id(case), lang)] = (case, html)
    return html


class ResidentsPanel(pn.viewable.Viewer):
    """The «Pour les habitants» card of the committee page."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.html = residents_html(state.case, state.lang)

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.pane.HTML(
            self.html,
            visible=bool(self.html),
            sizing_mode="stretch_width",
            css_classes=["cp-card"],
            margin=(8, 8),
        )
