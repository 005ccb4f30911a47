"""«Pour les habitants» on the committee page, in Chromium (issue 13.8–13.9)."""

from __future__ import annotations

from copilote.dashboards.i18n import fmt_number
from copilote.decision.case.loading import load_case
from copilote.decision.case.residents import per_dwelling
from tests.dashboards.test_browser import browser, page, server  # noqa: F401 (fixtures)


def test_the_committee_page_shows_what_residents_pay(page):  # noqa: F811
    from playwright.sync_api import expect

    card = page.locator(".cp-residents").first
    card.scroll_into_view_if_needed()
    expect(page.get_by_text("Pour les habitants")).to_be_visible()
    gas = next(r for r in per_dwelling(load_case()) if r["heating"] == "gas_boiler")
    expect(card).to_contain_text(fmt_number(gas["bill_eur_ttc"], "fr", 0))
    expect(card).to_contain_text("chaudière gaz")
    page.locator(".cp-lang button", has_text="EN").click()
    expect(page.get_by_text("For the residents")).to_be_visible()
