"""Red lines in a real browser (issue #16): the committee sees the scenario beyond the case's ZAN
line apart, in plain French; a line the analyst adds puts more scenarios apart.

Uses the browser and server fixtures of test_browser.py (one server for the session)."""

from __future__ import annotations

from copilote.decision.case.loading import load_case
from tests.dashboards.test_browser import browser, page, server  # noqa: F401  (fixtures)


def test_committee_sees_lines_crossed_and_analyst_adds_one(page) -> None:  # noqa: F811
    from playwright.sync_api import expect

    apart = page.locator("#cp-red-lines li")
    expect(apart).to_have_count(1)
    expect(apart.first).to_have_attribute("data-alternative", "zoning")
    expect(apart.first).to_contain_text("prend 13,0\u00a0ha de terres nouvelles")
    last = page.locator("#cp-ranking li").last
    expect(last).to_have_attribute("data-alternative", "zoning")

    page.locator(".bk-tab", has_text="Analyste").click()
    page.locator(".bk-tab", has_text="Lignes rouges").click()
    page.get_by_placeholder("nox<=reference").fill("nox<=refrence")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.locator(".cp-verdict", has_text="did you mean 'reference'")).to_be_visible()
    page.get_by_placeholder("nox<=reference").fill("nox<=reference")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("button", name="Retirer")).to_have_count(2)

    page.locator(".bk-tab", has_text="Comité").click()
    nox = load_case().performance()["nox"]
    expected = set(nox.index[nox > nox["reference"]]) | {"zoning"}
    assert len(expected) > 1
    expect(apart).to_have_count(len(expected))  # zoning and those above the reference's NOx
    expect(page.locator("#cp-red-lines")).to_contain_text("NOx émis localement")
