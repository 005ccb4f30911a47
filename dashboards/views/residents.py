"""«Pour les habitants»: what each Cité 12/14 option means for a dwelling and for each user group.

A committee-mode card (issue 13.8–13.10). Its figures are the nominal ones of
:mod:`copilote.decision.case.residents`, the same that ``decision evaluate --json`` and the memo
give; they do not depend on the weights, so the card is drawn once per case. A case whose model
does not give them (a table) shows nothing.
"""

from __future__ import annotations

from typing import Any

import panel as pn

from copilote.dashboards.i18n import fmt_number
from copilote.dashboards.state import DecisionState
from copilote.dashboards.views.theme import esc
from copilote.decision.case.residents import (
    LANDLORD_PLAN,
    cost_per_tonne_avoided,
    per_dwelling,
    prices_by_group,
)

#: The card's words, French first (the memo's block says the same, decision/memo/content.py).
WORDS: dict[str, dict[str, str]] = {
    "title": {"fr": "Pour les habitants", "en": "For the residents"},
    "intro": {
        "fr": "Un logement moyen de la Cité 12/14 rénovée, chaque année, toutes taxes comprises.",
        "en": "One average dwelling of the renovated Cité 12/14, each year, VAT included.",
    },
    "scenario": {"fr": "Scénario", "en": "Scenario"},
    "heating": {"fr": "Chauffage", "en": "Heating"},
    "bill": {"fr": "Facture", "en": "Bill"},
    "full": {"fr": "Coût complet", "en": "Full cost"},
    "co2": {"fr": "CO2", "en": "CO2"},
    "network": {"fr": "réseau de chaleur", "en": "district heating"},
    "gas_boiler": {"fr": "chaudière gaz", "en": "gas boiler"},
    "heat_pump": {"fr": "pompe à chaleur", "en": "heat pump"},
    "prices": {
        "fr": "Prix moyen de la chaleur par groupe d'usagers",
        "en": "Average heat price per user group",
    },
    "lens": {"fr": "Abonnés de Lens", "en": "Lens subscribers"},
    "cite": {"fr": "Cité 12/14", "en": "Cité 12/14"},
    "lievin": {"fr": "Abonnés de Liévin", "en": "Liévin subscribers"},
    "cross": {
        "fr": "Si l'exploitant payait toute l'extension de la Cité, "
        "le prix de Lens passerait à {v}.",
        "en": "Were the operator to pay the whole Cité extension, Lens's price would be {v}.",
    },
    "tonne": {"fr": "Coût de la tonne de CO2 évitée", "en": "Cost per tonne of CO2 avoided"},
    "vs_landlord": {
        "fr": "face au plan du bailleur (gaz)",
        "en": "against the landlord's plan (gas)",
    },
}


def _w(key: str, lang: str) -> str:
    return WORDS[key][lang]


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table class='cp-table cp-residents'><tr>{head}</tr>{body}</table>"


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
    html = _residents_html(case, lang)
    _drawn[(id(case), lang)] = (case, html)
    return html


def _residents_html(case: Any, lang: str) -> str:
    dwellings = per_dwelling(case)
    if not dwellings:
        return ""
    names = {s.id: (s.name_fr if lang == "fr" else s.name_en) for s in case.scenarios}
    euros = "€\u00a0TTC/an" if lang == "fr" else "€ incl. VAT/yr"
    per_mwh = "€\u00a0HT/MWh" if lang == "fr" else "€ excl. VAT/MWh"
    kg = "kg/an" if lang == "fr" else "kg/yr"
    landlord = cost_per_tonne_avoided(case, LANDLORD_PLAN, cite_options_only=True)

    def money(value: float | None, unit: str, digits: int = 0) -> str:
        return "–" if value is None else f"{fmt_number(value, lang, digits)}\u00a0{unit}"

    dwelling_rows = [
        [
            names[row["scenario"]],
            _w(row["heating"], lang),
            money(row["bill_eur_ttc"], euros),
            money(row["full_cost_eur_ttc"], euros),
            money(row["co2_kg"], kg),
            money(landlord.get(row["scenario"]), "€/t"),
        ]
        for row in dwellings
    ]
    prices = prices_by_group(case)
    price_rows = [
        [names[sid], *(money(p[g], per_mwh, 1) for g in ("lens", "cite", "lievin"))]
        for sid, p in prices.items()
    ]
    operator_all = next(
        (p["lens_if_operator_pays_all"] for p in prices.values() if p["lens_if_operator_pays_all"]),
        None,
    )
    cross = (
        f"<p class='cp-note'>{esc(_w('cross', lang).format(v=money(operator_all, per_mwh, 1)))}</p>"
        if operator_all is not None
        else ""
    )
    return (
        f"<div class='cp-section'>{esc(_w('title', lang))}</div>"
        f"<p>{esc(_w('intro', lang))}</p>"
        + _table(
            [
                _w("scenario", lang),
                _w("heating", lang),
                _w("bill", lang),
                _w("full", lang),
                _w("co2", lang),
                f"{_w('tonne', lang)} {_w('vs_landlord', lang)}",
            ],
            dwelling_rows,
        )
        + f"<h4>{esc(_w('prices', lang))}</h4>"
        + _table(
            [_w("scenario", lang), _w("lens", lang), _w("cite", lang), _w("lievin", lang)],
            price_rows,
        )
        + cross
    )


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
