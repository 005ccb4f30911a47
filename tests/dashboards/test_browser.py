"""The dashboard in a real browser: Debian's Chromium driven by Playwright, never a download.

One ``decision serve`` and one browser for the module; each test opens its own page (its own
session). Every wait is on a condition (a selector, an attribute changing, a download), never a
fixed sleep. The screenshots of both modes are made here: into pytest's temporary folder, or
into docs/img/ when ``COPILOTE_SCREENSHOTS=1`` (a test run never rewrites tracked files unasked).

Under CI (``CI=true``) a missing Chromium fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilote.decision.analysis.sensitivity import DEFAULT_N
from tests.dashboards.serving import CHROMIUM, CHROMIUM_ARGS, REPO, Server


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/img/ on request, else a temporary folder."""
    if os.environ.get("COPILOTE_SCREENSHOTS") == "1":
        return REPO / "docs" / "img"
    return tmp_path_factory.mktemp("screenshots")


TIMEOUT_MS = 60_000


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(dashboard_server: Server) -> Server:
    _require_chromium()
    return dashboard_server


@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(server.url)
    page.locator("#cp-ranking").wait_for()
    yield page
    context.close()
    assert not errors, errors


def _order(page) -> list[str]:
    rows = page.locator("#cp-ranking li")
    return [rows.nth(k).get_attribute("data-alternative") for k in range(rows.count())]


def _badges_ready(page) -> None:
    """Wait until the robustness badges show their shares (computed off the event loop)."""
    page.wait_for_function(
        """() => {
            const find = (root) => {
                const hit = root.querySelector && root.querySelector('#cp-ranking');
                if (hit) return hit;
                for (const el of root.querySelectorAll('*')) {
                    if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
                }
                return null;
            };
            const table = find(document);
            return table && /%/.test(table.textContent);
        }"""
    )


def test_moving_a_weight_changes_the_ranking(page, images: Path):
    from playwright.sync_api import expect

    _badges_ready(page)
    # a projector's first screen (issue 14.1): what the room sees without scrolling
    page.screenshot(path=str(images / "committee.png"))
    ranking = page.locator("#cp-ranking")
    scores = ranking.get_attribute("data-scores")
    order = _order(page)
    handle = page.locator(".cp-weight-cost .noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")  # one step: the scores move
    expect(ranking).not_to_have_attribute("data-scores", scores)
    handle.press("End")  # all the weight on cost: the committee's first changes
    expect(ranking.locator("li").first).not_to_have_attribute("data-alternative", order[0])
    assert _order(page) != order
    assert sorted(_order(page)) == sorted(order)


def test_language_switch(page):
    from playwright.sync_api import expect

    expect(page.get_by_text("Ce qui compte pour le comité")).to_be_visible(timeout=TIMEOUT_MS)
    page.locator(".cp-lang button", has_text="EN").click()
    expect(page.get_by_text("What matters to the committee")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".bk-tab", has_text="Analyst")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Ce qui compte pour le comité")).to_have_count(0, timeout=TIMEOUT_MS)
    page.locator(".cp-lang button", has_text="FR").click()
    expect(page.get_by_text("Ce qui compte pour le comité")).to_be_visible(timeout=TIMEOUT_MS)


#: Tick labels the Sobol chart's x-axis formatter writes for 0, 0.05, 0.1, 0.25 (in the page).
SOBOL_AXIS_TICKS = """() => {
  for (const doc of window.Bokeh.documents)
    for (const m of doc.all_models)
      if (Array.isArray(m.center) && m.center.some(l => l.type === 'Whisker'))
        return m.below[0].formatter.doFormat([0, 0.05, 0.1, 0.25], {loc: 0});
  return null;
}"""


def test_sensitivity_study_shows_its_charts(page, images: Path):
    from playwright.sync_api import expect

    page.locator(".bk-tab", has_text="Analyste").click()
    page.locator(".bk-tab", has_text="Sensibilité").click()
    page.locator(".cp-run-study button").click()
    verdict = page.locator(".cp-study-verdict")
    expect(verdict).to_contain_text("Verdict", timeout=TIMEOUT_MS)
    expect(verdict).to_contain_text("%")
    # the study the command line and the memo run by default
    expect(page.locator(".cp-study-done")).to_contain_text(f"N = {DEFAULT_N}")
    # Sobol bars and the rank-acceptability heat map: two more Bokeh canvases, drawn.
    charts = page.locator(".cp-sobol canvas, .cp-acceptability canvas")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    # the Sobol index axis, formatted by the browser for the page's language: a decimal comma
    ticks = page.evaluate(SOBOL_AXIS_TICKS)
    assert ticks == ["0", "0,05", "0,1", "0,25"], ticks
    verdict.scroll_into_view_if_needed()
    page.screenshot(path=str(images / "analyst.png"))


def test_memo_download(page, tmp_path: Path):
    from playwright.sync_api import expect

    button = page.locator(".cp-memo button")
    with page.expect_download(timeout=120_000) as download_info:
        button.click()
        # the seconds a PDF takes are shown on the button (issue 14.7)
        expect(button).to_contain_text("Note en préparation")
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".pdf"
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_size > 10_000
