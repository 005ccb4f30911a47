"""The committee page's «Pour les habitants» card (issue 13.8–13.9), without a browser."""

from __future__ import annotations

import pytest

from copilote.dashboards.i18n import fmt_number
from copilote.dashboards.state import DecisionState
from copilote.dashboards.views.committee import CommitteeView
from copilote.dashboards.views.residents import residents_html
from copilote.decision.case.loading import load_case
from copilote.decision.case.residents import per_dwelling, prices_by_group


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_card_shows_the_bills_and_prices_the_json_gives(lang: str) -> None:
    case = load_case()
    html = residents_html(case, lang)
    assert ("Pour les habitants" if lang == "fr" else "For the residents") in html
    for row in per_dwelling(case):
        assert fmt_number(row["bill_eur_ttc"], lang, 0) in html
        assert fmt_number(row["full_cost_eur_ttc"], lang, 0) in html
    merged = prices_by_group(case)["merge"]["lens"]
    assert merged is not None and fmt_number(merged, lang, 1) in html
    assert fmt_number(74.0008, lang, 1) in html  # Lens's price had the operator paid it all


def test_the_committee_page_holds_the_card() -> None:
    view = CommitteeView(DecisionState(load_case()))
    assert "Pour les habitants" in view.residents.html
    assert view.residents is not None


def test_a_case_without_such_figures_draws_nothing() -> None:
    class Table:
        scenarios = ()

    assert residents_html(Table(), "fr") == ""
