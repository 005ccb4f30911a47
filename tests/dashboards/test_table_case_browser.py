"""``decision serve`` on a table case (issue 18), in Debian's Chromium driven by Playwright.

The bundled Métropole Savoie example: its own criteria (foncier, air, énergie, coût), labels and
units must reach both modes, and the committee's sliders must move its ranking. Every wait is on
a condition, never a fixed sleep. Under CI a missing Chromium fails instead of skipping.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilote.decision.case.loading import load_case
from tests.dashboards.serving import CHROMIUM, CHROMIUM_ARGS, REPO, Server, start_server

EXAMPLE = REPO / "data" / "examples" / "mixite_savoie"
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    served = start_server(tmp_path_factory.mktemp("serve-table"), [str(EXAMPLE)])
    yield served
    served.stop()
    log = served.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]
    assert "failed with following error" not in log, log[-4000:]


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: Server, tmp_path: Path) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(server.url)
    page.locator("#cp-ranking").wait_for()
    # the robustness badges (computed off the event loop) are in: the session is at rest
    page.locator("#cp-ranking[data-ready='1']").wait_for()
    yield page
    page.screenshot(path=str(tmp_path / "table-case.png"), full_page=True)
    context.close()
    assert not errors, errors


def _order(page) -> list[str]:
    rows = page.locator("#cp-ranking [data-alternative]")
    return [rows.nth(k).get_attribute("data-alternative") for k in range(rows.count())]


def test_committee_shows_the_cases_own_criteria_and_moves(page) -> None:
    from playwright.sync_api import expect

    case = load_case(EXAMPLE)
    expect(page.get_by_text(case.title_fr).first).to_be_visible()
    for criterion in case.criteria:
        expect(page.locator(f".cp-weight-{criterion.id}")).to_be_visible()
        expect(page.get_by_text(criterion.label_fr).first).to_be_visible()
    page.get_by_role("button", name="Les scénarios en détail").click()
    for scenario in case.scenarios:
        expect(page.locator(".cp-scenario", has_text=scenario.name_fr)).to_be_visible()
    # the land figure of the business park, in its unit, on its card
    expect(page.locator(".cp-scenario", has_text="zoning")).to_contain_text("50,0 ha")
    assert sorted(_order(page)) == sorted(s.id for s in case.scenarios)

    ranking = page.locator("#cp-ranking")
    first = _order(page)[0]
    handle = page.locator(".cp-weight-cout .noUi-handle").first
    handle.focus()
    handle.press("End")  # all the weight on cost: the cheapest, the business park, comes first
    expect(ranking.locator("[data-alternative]").first).not_to_have_attribute(
        "data-alternative", first
    )
    expect(ranking.locator("[data-alternative]").first).to_have_attribute(
        "data-alternative", "zoning"
    )
    # and the stability bands, computed off the event loop with the badges, follow it
    zoning = case.scenario("zoning").name_fr
    expect(page.get_by_text(f"« {zoning} » reste en tête").first).to_be_visible()
    expect(ranking).to_have_attribute("data-ready", "1")


def test_english_and_analyst_mode_use_the_cases_labels(page) -> None:
    from playwright.sync_api import expect

    page.locator(".cp-lang button", has_text="EN").click()
    expect(page.get_by_text("Land sobriety").first).to_be_visible()
    page.get_by_role("button", name="The scenarios in detail").click()
    expect(page.locator(".cp-scenario", has_text="Mixed-use urban fabric")).to_be_visible()
    page.locator(".bk-tab", has_text="Analyst").click()
    # the effective weights table: the air criterion's weight shared by its two indicators
    expect(page.get_by_text("NOx from home-work car trips").first).to_be_visible()
    expect(page.get_by_text("Mobility and air quality").first).to_be_visible()


def test_sensitivity_study_names_the_uncertain_cells_in_their_units(page) -> None:
    from playwright.sync_api import expect

    page.locator(".bk-tab", has_text="Analyste").click()
    page.locator(".bk-tab", has_text="Sensibilité").click()
    page.locator(".cp-run-study button").click()
    verdict = page.locator(".cp-study-verdict")
    expect(verdict).to_contain_text("Verdict", timeout=TIMEOUT_MS)
    # the cell the verdict names, and its tipping value in the indicator's unit (k€)
    expect(verdict).to_contain_text("coût d'aménagement pour la collectivité")
    expect(page.get_by_text("11 242 k€").first).to_be_visible()
