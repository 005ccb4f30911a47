"""The committee page in a meeting room (issues 12.3 and 14): a projector, no internet, French.

Debian's Chromium driven by Playwright, on the ``decision serve`` of the module (conftest.py).
At 1280 x 720 with every request to another host blocked: the weights and the ranking on the
first screen, no text under 14 px, no jargon, ``<html lang>``; then the one-source-of-truth
contract: the ranking, badges, bands and «pourquoi» shown are only ever those of the weights and
method on screen (method switched to COPRAS, to WSM, a burst of 50 key presses).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from tests.dashboards.serving import CHROMIUM, CHROMIUM_ARGS, Server
from tests.dashboards.test_browser import TIMEOUT_MS, _require_chromium

#: Every piece of text on the first screen, with its font size, through Panel's shadow roots.
FIRST_SCREEN_TEXT = """
() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
      if (!own.length) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!box.width || !box.height || style.visibility === 'hidden' || style.display === 'none')
        continue;
      if (box.top >= innerHeight || box.bottom <= 0) continue;
      out.push({text: own.map(n => n.textContent.trim()).join(' '),
                size: parseFloat(style.fontSize), top: box.top});
    }
  };
  walk(document);
  return out;
}
"""

#: The ranking list, the sliders' shown values and the ranking's key, read in one go.
READ_STATE = """
() => {
  const find = (root, sel, all) => {
    let hits = [...root.querySelectorAll(sel)];
    for (const el of root.querySelectorAll('*'))
      if (el.shadowRoot) hits = hits.concat(find(el.shadowRoot, sel, true));
    return hits;
  };
  const list = find(document, '#cp-ranking')[0];
  const handles = find(document, '.noUi-handle');
  return {
    key: list ? list.getAttribute('data-key') : null,
    ready: list ? list.getAttribute('data-ready') : null,
    text: list ? list.textContent : '',
    around: list && list.parentElement ? list.parentElement.textContent : '',
    order: list ? [...list.querySelectorAll('li')].map(li => li.dataset.alternative) : [],
    sliders: handles.slice(0, 4).map(h => parseFloat(h.getAttribute('aria-valuenow'))),
  };
}
"""


@pytest.fixture(scope="module")
def browser(dashboard_server: Server) -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def room(browser, dashboard_server: Server):
    """A 1280 x 720 page (a projector) that can reach nothing but the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    blocked: list[str] = []
    local = urlparse(dashboard_server.url).netloc

    def guard(route) -> None:
        url = urlparse(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != local:
            blocked.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    context.add_init_script(
        "window.addEventListener('keydown', () => { window.__lastKey = performance.now(); },"
        " {capture: true});"
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(dashboard_server.url)
    page.get_by_test_id("ranking").locator("li").first.wait_for()
    yield page
    # let the page settle before closing it: the server is not left writing to a closed socket
    page.wait_for_function(
        f"() => {{ const s = ({READ_STATE})(); return s.key === null || s.ready === '1'; }}"
    )
    context.close()
    assert not blocked, f"requests to other hosts: {blocked}"
    assert not errors, errors


def _state(page) -> dict:
    return page.evaluate(READ_STATE)


def _weights_of(key: str) -> dict[str, float]:
    """The criterion weights a ranking key was computed for (DecisionState.inputs_key)."""
    import ast

    # (method, normalisation, criterion weights, local weights, and what else the key holds)
    return dict(ast.literal_eval(key)[2])


def _wait_ready(page) -> dict:
    page.wait_for_function(f"() => ({READ_STATE})().ready === '1'")
    return _state(page)


def test_first_screen_on_a_projector_offline(room):
    from playwright.sync_api import expect

    page = room
    assert page.evaluate("document.documentElement.lang") == "fr"
    state = _wait_ready(page)
    for testid in ("weights", "ranking"):
        box = page.get_by_test_id(testid).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + 60 < 720, (testid, box)
    # the whole ranking (8 scenarios, with badges) and every slider fit on the first screen
    last = page.get_by_test_id("ranking").locator("li").last.bounding_box()
    assert last["y"] + last["height"] <= 720, last
    reset = page.locator(".cp-reset button").bounding_box()
    assert reset["y"] + reset["height"] <= 720, reset
    # an ordered list a screen reader reads, in order, with each scenario's share of first places
    items = page.get_by_test_id("ranking").locator("ol li")
    assert items.count() == 8
    assert "en tête dans" in state["text"] and "%" in state["text"]
    texts = page.evaluate(FIRST_SCREEN_TEXT)
    small = [t for t in texts if t["size"] < 14]
    assert not small, small[:5]
    shown = " ".join(t["text"] for t in texts)
    for jargon in ("TOPSIS", "graine", "tirages", "score", "0,7", "seed"):
        assert jargon not in shown, jargon
    # the method and the draws are one click away, in the «Méthode» note
    page.locator(".cp-method-note .card-header").click()
    expect(page.locator(".cp-method-note")).to_contain_text("TOPSIS")
    expect(page.locator(".cp-method-note")).to_contain_text("graine 1")


def test_english_page_says_so(room):
    page = room
    page.locator(".cp-lang button", has_text="EN").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.get_by_text("What matters to the committee").wait_for()
    page.locator(".cp-lang button", has_text="FR").click()
    page.wait_for_function("() => document.documentElement.lang === 'fr'")


def _switch_method(page, label: str) -> None:
    page.locator(".bk-tab", has_text="Analyste").click()
    page.locator(".bk-tab", has_text="Méthode et données").click()
    page.locator(".cp-method select").select_option(label=label)
    page.locator(".bk-tab", has_text="Comité").click()


def _assert_truthful(page, samples: int = 20) -> dict:
    """Sample the page: its badges are either «recalcul…» or for the key of the ranking, and
    the ranking's key holds the weights the sliders show."""
    state = _state(page)
    for _ in range(samples):
        state = _state(page)
        if state["key"]:
            weights = _weights_of(state["key"])
            shown = [round(100 * weights[c]) for c in ("energy", "cost", "air", "land")]
            if state["ready"] == "1":
                assert "recalcul" not in state["text"]
        time.sleep(0.05)
    return {"state": state, "shown": shown}


@pytest.mark.parametrize("method", ["COPRAS", "WSM"])
def test_method_switch_never_leaves_other_figures(room, method):
    page = room
    before = _wait_ready(page)
    _switch_method(page, method)
    page.wait_for_function(
        f"() => {{ const s = ({READ_STATE})(); "
        f"return s.key && s.key.includes({method.lower()!r}); }}"
    )
    state = _state(page)
    # TOPSIS's badges are not on screen: either recomputing, or the new method's own figures
    assert state["key"] != before["key"]
    if state["ready"] != "1":
        assert "recalcul" in state["text"]
    page.wait_for_function(f"() => ({READ_STATE})().ready === '1'")
    state = _state(page)
    assert method.lower() in state["key"]
    if method == "COPRAS":  # some plausible draws cannot be ranked by COPRAS: said, not hidden
        assert "Solidité non calculée" in state["around"]
        assert "en tête dans" not in state["text"]
    else:  # WSM runs under min-max (its own sum normalisation is undefined on 0 ha)
        assert "en tête dans" in state["text"]
        assert "'minmax'" in state["key"]
    assert "expected" not in state["around"] and "COPRAS:" not in state["around"]


def test_burst_of_50_key_presses(room):
    page = room
    _wait_ready(page)
    handle = page.locator(".cp-weight-cost .noUi-handle").first
    handle.focus()
    initial = _state(page)["key"]
    for k in range(50):
        handle.press("ArrowRight" if k % 3 else "ArrowLeft")
        if k % 5 == 0:
            state = _state(page)
            # while keys are pressed the badges say «recalcul…» unless they are for this key
            if state["ready"] == "1":
                assert "recalcul" not in state["text"]
    # The ranking on screen is the one of the sliders shown within 300 ms of the last key
    # press: checked in the page, every frame, in the page's own clock.
    since = page.wait_for_function(
        f"""() => {{
            const s = ({READ_STATE})();
            const w = {{}};
            for (const m of (s.key || '').matchAll(/\\('(\\w+)', ([-\\d.e]+)\\)/g))
                w[m[1]] = Math.round(100 * parseFloat(m[2]));
            const shown = ['energy', 'cost', 'air', 'land'].map(c => w[c]);
            const total = s.sliders.reduce((a, b) => a + Math.round(b), 0);
            const ok = total === 100 && shown.every((v, i) => v === Math.round(s.sliders[i]));
            return ok ? performance.now() - window.__lastKey : false;
        }}""",
        polling="raf",
        timeout=10_000,
    ).json_value()
    # Issue 14.4 asks for 300 ms: benchmarks/bench_dashboard_latency.py measures it (bursts of
    # 50 presses). A test does not time it: CI's machine may be loaded by other work, so the
    # bound here is that the page catches up at all; the time is printed.
    print(f"ranking matched the sliders {since:.0f} ms after the last key press")
    assert since < 10_000
    time.sleep(1.0)  # and it stays so: no late event moves the sliders away from the ranking
    state = _state(page)
    assert sum(round(x) for x in state["sliders"]) == 100
    shown = [round(100 * _weights_of(state["key"])[c]) for c in ("energy", "cost", "air", "land")]
    assert shown == [round(x) for x in state["sliders"]]
    # 33 steps right, 17 left: the burst moved the weights (whatever the page showed meanwhile:
    # intermediate rankings may or may not be drawn, depending on how fast the page keeps up)
    assert state["key"] != initial
    state = _wait_ready(page)
    assert "en tête dans" in state["text"]
    # back to the agreed weights, then undo
    page.locator(".cp-reset button").click()
    page.wait_for_function(f"() => ({READ_STATE})().sliders.every(v => Math.abs(v - 25) < 0.01)")
    page.locator(".cp-undo button").click()
    page.wait_for_function(f"() => ({READ_STATE})().sliders.some(v => Math.abs(v - 25) > 0.01)")


def test_analyst_inputs_in_french(room):
    """Seed field refuses what is not a whole number >= 0 and never changes it silently; the
    performance table sorts numbers as numbers; only the working normalisations are offered."""
    from playwright.sync_api import expect

    page = room
    page.locator(".bk-tab", has_text="Analyste").click()
    page.locator(".bk-tab", has_text="Méthode et données").click()
    page.locator(".cp-method select").select_option(label="WSM")
    normalisations = page.locator(".cp-normalization select option").all_text_contents()
    assert normalisations and not any("par la somme" in t for t in normalisations)
    assert not any("zavadskas" in t.lower() for t in normalisations)
    # sort the investment column: 240 before 1 004 before 6 540 (as text "1 004" < "240")
    header = page.locator(".cp-performance .tabulator-col[tabulator-field$='[k€]']").first
    field = header.get_attribute("tabulator-field")
    assert field and "k€" in field, field
    header.click()
    cells = page.locator(
        f'.cp-performance .tabulator-row .tabulator-cell[tabulator-field="{field}"]'
    )
    expect(cells.first).to_be_visible()
    values = [float(t.replace("\u202f", "").replace(",", ".")) for t in cells.all_inner_texts()]
    assert values == sorted(values) or values == sorted(values, reverse=True), values
    assert any("\u202f" in t for t in cells.all_inner_texts())  # 38 961, written the French way
    page.locator(".bk-tab", has_text="Sensibilité").click()
    seed = page.locator(".cp-seed input")
    for typed in ("1e30", "3.7", "-2", ""):
        seed.fill(typed)
        seed.press("Enter")
        expect(page.locator(".cp-seed-error")).to_contain_text("la graine reste 1")
        expect(page.locator(".cp-run-study button")).to_be_disabled()
    seed.fill("7")
    seed.press("Enter")
    expect(page.locator(".cp-seed-error")).not_to_contain_text("graine")
    expect(page.locator(".cp-run-study button")).to_be_enabled()


def test_guided_weighting_drives_the_ranking(room):
    """An official answers swing questions with buttons, no number typed: the sliders start
    from the weights they give, and the ranking shown is theirs."""
    page = room
    before = _wait_ready(page)
    page.locator(".cp-guided .card-header").click()
    page.locator(".cp-guided-most select").select_option(label="Coût")
    for criterion, answer in (("energy", "presque pas"), ("air", "presque pas")):
        page.locator(f".cp-guided-{criterion} button", has_text=answer).click()
    page.locator(".cp-guided-land button", has_text="presque pas").click()
    page.locator(".cp-proposal").get_by_text("Poids proposés").wait_for()
    page.locator(".cp-guided-apply button").click()
    page.locator(".cp-recorded").wait_for()
    # cost 100 points, the three others 5 each: 87 / 4 / 4 / 4 %, cost-first ranking
    page.wait_for_function(
        f"() => {{ const s = ({READ_STATE})(); return s.sliders[1] === 87 && s.ready === '1'; }}"
    )
    state = _state(page)
    assert _weights_of(state["key"]) == {"energy": 0.05, "cost": 0.87, "air": 0.04, "land": 0.04}
    assert sum(state["sliders"]) == 100
    assert state["order"] != before["order"]


#: Every ranking label (name, badge, the row itself) too narrow for its text, and any row
#: running past the right edge of the window.
CLIPPED_RANKING_LABELS = """
() => {
  const find = (root, sel) => {
    let hits = [...root.querySelectorAll(sel)];
    for (const el of root.querySelectorAll('*'))
      if (el.shadowRoot) hits = hits.concat(find(el.shadowRoot, sel));
    return hits;
  };
  const out = [];
  for (const el of find(document, '#cp-ranking li, #cp-ranking .cp-name, #cp-ranking .cp-badge')) {
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth || box.right > innerWidth)
      out.push({text: el.textContent.trim(), scroll: el.scrollWidth, client: el.clientWidth,
                right: box.right, window: innerWidth});
  }
  return out;
}
"""


def test_committee_page_at_150_percent_zoom(browser, dashboard_server: Server):
    """A laptop at 1280 x 720 zoomed to 150 % (a common setting for the far end of the room):
    the page lays out in 853 x 480 CSS pixels at 1.5 device pixels each. The weights and the
    ranking are shown and no scenario's name or badge is cut off."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 853, "height": 480}, device_scale_factor=1.5)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(dashboard_server.url)
        page.get_by_test_id("ranking").locator("li").first.wait_for()
        _wait_ready(page)
        assert page.evaluate("innerWidth") == 853
        for testid in ("weights", "ranking"):
            region = page.get_by_test_id(testid)
            expect(region).to_be_visible()
            box = region.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 853, box
        assert page.get_by_test_id("ranking").locator("li").count() == 8
        clipped = page.evaluate(CLIPPED_RANKING_LABELS)
        assert not clipped, clipped[:3]
    finally:
        context.close()
