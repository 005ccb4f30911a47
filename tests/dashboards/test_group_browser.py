"""The group-session tab in a real headless Chromium (Playwright, Debian's /usr/bin/chromium).

A facilitator opens a session, a member whose name is an HTML/JS injection attempt submits
weights from another browser context, the facilitator's page shows the member (as text, no
script run), and signs off the decision with the memo's hash.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilote.decision.record.auth import add_user, load_credentials, new_cookie_secret
from copilote.decision.record.journal import Journal
from tests.dashboards.serving import CHROMIUM, CHROMIUM_ARGS, free_port

EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

APP = textwrap.dedent(
    """
    import sys
    import numpy as np
    import panel as pn
    from copilote.dashboards.group import group_view
    from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator

    PROBLEM = DecisionProblem(
        ("raccordement", "fusion", "statu_quo"),
        (
            Indicator("heat", "Chaleur livrée", "Heat", "MWh/an", "max", "energy"),
            Indicator("capex", "Investissement", "Investment", "k€", "min", "cost"),
            Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
        ),
        np.array([[12000.0, 3500.0, 4.1], [15000.0, 6000.0, 3.2], [8000.0, 0.0, 6.5]]),
        np.ones(3),
        (Criterion("energy", "Énergie", "Energy"), Criterion("cost", "Coût", "Cost"),
         Criterion("air", "Qualité de l'air", "Air")),
    )

    class AppState:
        base_problem = PROBLEM
        case = None
        lang = "fr"
        method = "topsis"

    def app():
        view = group_view(AppState(), store=sys.argv[1])
        view.state.memo_n = 16  # a small Sobol study keeps the memo quick in a test
        return view

    from copilote.decision.cli.serve import serve_auth_options
    credentials = sys.argv[3] if len(sys.argv) > 3 else None
    secret = sys.argv[4] if credentials else None
    options = serve_auth_options("127.0.0.1", credentials, secret, *sys.argv[5:6])  # [lang]
    pn.serve(app, address="127.0.0.1", port=int(sys.argv[2]), show=False,
             websocket_origin=f"127.0.0.1:{sys.argv[2]}", **options)
    """
)


def serve(tmp_path: Path, *auth_args: str) -> Iterator[tuple[str, Path]]:
    db = tmp_path / "group.sqlite3"
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", APP, str(db), str(port), *auth_args],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=5):
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    try:
        yield url, db
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(tmp_path)


@pytest.fixture
def auth_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    credentials = tmp_path / "credentials.json"
    # n = 2**14: a quicker hash than the served default keeps the test short; the cost is per entry
    add_user(credentials, "anne", "facilitatrice-1", "facilitator", n=2**14)
    add_user(credentials, "alice", "membre-alice", "member", n=2**14)
    add_user(credentials, "guest", "membre-guest", "member", n=2**14)
    yield from serve(tmp_path, str(credentials), new_cookie_secret())


def open_session_as_facilitator(browser, url: str, title: str):  # type: ignore[no-untyped-def]
    """A new page (no authentication) where ``anne`` takes the facilitator role and opens a
    session titled ``title``."""
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    page.goto(url)
    page.get_by_label("Votre nom").fill("anne")
    page.get_by_label("Votre nom").press("Enter")
    page.get_by_role("button", name="animateur·rice").click()
    page.get_by_label("Titre d'une nouvelle séance").fill(title)
    page.get_by_label("Titre d'une nouvelle séance").press("Enter")
    page.get_by_role("button", name="Ouvrir une séance").click()
    expect(page.get_by_text("Aucun membre n'a encore soumis")).to_be_visible(timeout=15_000)
    return page


def log_in(browser, url: str, login: str, password: str):  # type: ignore[no-untyped-def]
    """A new browser context logged in as ``login``; its page."""
    page = browser.new_context().new_page()
    page.goto(url)
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", password)
    page.locator("button[type=submit], input[type=submit]").first.click()
    return page


#: The facilitator's widgets, found among every Bokeh model of a page (hidden ones included).
FACILITATOR_MODELS_JS = """() => {
    const names = ['Charger', 'Signer la décision', 'Rejouer une séance', 'Ouvrir une séance'];
    const found = [];
    for (const doc of window.Bokeh.documents)
        for (const m of doc.all_models)
            if (names.includes(m.label) || names.includes(m.title)) found.push(m.label || m.title);
    return found;
}"""


def test_member_submits_facilitator_sees_and_signs(server: tuple[str, Path]) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            facilitator = open_session_as_facilitator(browser, url, "COPIL réseau")

            member = browser.new_context().new_page()
            member.goto(url)
            name = member.get_by_label("Votre nom")
            name.fill(EVIL)
            name.press("Enter")
            handle = member.locator(".cg-w-energy .noUi-handle").first
            handle.focus()
            for _ in range(20):
                handle.press("ArrowRight")
            member.get_by_role("button", name="Soumettre mes poids").click()
            expect(member.get_by_text("Poids enregistrés")).to_be_visible(timeout=15_000)

            # the facilitator's page polls the store every 3 s
            row = facilitator.locator(".cg-member-row").first
            expect(row).to_contain_text(EVIL, timeout=15_000)
            expect(facilitator.get_by_text("Accord moyen des classements")).to_be_visible()
            for page in (facilitator, member):
                assert page.evaluate("window.__pwned") is None

            facilitator.get_by_role("button", name="Signer la décision").click()
            expect(facilitator.get_by_text("Décision signée")).to_be_visible(timeout=60_000)
            with facilitator.expect_download() as download:
                facilitator.get_by_text("Télécharger la note signée").click()
            memo = Path(download.value.path()).read_bytes()
        finally:
            browser.close()

    journal = Journal(db)
    [session] = journal.sessions()
    assert session.title == "COPIL réseau" and session.signed
    entries = journal.entries(session.session)
    submitted = [e for e in entries if e.kind == "weights_submitted"]
    assert [e.actor for e in submitted] == [EVIL]
    weights = submitted[0].payload["weights"]
    assert weights["energy"] > weights["cost"]  # the slider moved before submission
    signed = entries[-1]
    assert signed.kind == "decision_signed" and signed.actor == "anne"
    # the journal holds the hash of the very file the facilitator downloaded
    assert memo.startswith(b"%PDF")
    assert signed.payload["memo_sha256"] == hashlib.sha256(memo).hexdigest()


def test_with_authentication_login_gives_identity_and_role(
    auth_server: tuple[str, Path],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, _ = auth_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pages = {}
            for login, password in (("anne", "facilitatrice-1"), ("alice", "membre-alice")):
                page = browser.new_context().new_page()
                page.goto(url)
                page.fill("input[name=username]", login)
                page.fill("input[name=password]", password)
                page.locator("button[type=submit], input[type=submit]").first.click()
                pages[login] = page
            anne, alice = pages["anne"], pages["alice"]
            expect(anne.get_by_text("Connecté·e : anne (animateur·rice)")).to_be_visible(
                timeout=20_000
            )
            expect(alice.get_by_text("Connecté·e : alice (membre)")).to_be_visible(timeout=20_000)
            # no name field or role switch: identity comes from the login
            assert alice.get_by_label("Votre nom").count() == 0
            assert alice.get_by_role("button", name="Signer la décision").count() == 0
            expect(anne.get_by_role("button", name="Signer la décision")).to_be_visible()
        finally:
            browser.close()


def test_member_page_holds_no_facilitator_widget_and_no_login_is_special(
    auth_server: tuple[str, Path],
) -> None:
    """Findings 1 and 2 (issue 17): a member's page carries no facilitator widget, even hidden
    (the replay that sent every member's weights); ``guest`` is a login like any other, and an
    unsigned ``is_guest`` cookie changes nobody's identity."""
    from playwright.sync_api import expect, sync_playwright

    url, _ = auth_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            anne = log_in(browser, url, "anne", "facilitatrice-1")
            expect(anne.get_by_text("Connecté·e : anne (animateur·rice)")).to_be_visible(
                timeout=20_000
            )
            assert "Charger" in anne.evaluate(FACILITATOR_MODELS_JS)  # the probe finds them

            guest = log_in(browser, url, "guest", "membre-guest")
            expect(guest.get_by_text("Connecté·e : guest (membre)")).to_be_visible(timeout=20_000)
            assert guest.get_by_label("Votre nom").count() == 0
            assert guest.evaluate(FACILITATOR_MODELS_JS) == []

            alice = log_in(browser, url, "alice", "membre-alice")
            expect(alice.get_by_text("Connecté·e : alice (membre)")).to_be_visible(timeout=20_000)
            alice.context.add_cookies([{"name": "is_guest", "value": "1", "url": url}])
            alice.reload()
            expect(alice.get_by_text("Connecté·e : alice (membre)")).to_be_visible(timeout=20_000)
            assert alice.get_by_label("Votre nom").count() == 0
            assert alice.get_by_role("button", name="animateur·rice").count() == 0
            assert alice.evaluate(FACILITATOR_MODELS_JS) == []
        finally:
            browser.close()


def test_sessions_end_at_logout_and_when_the_user_is_removed(
    auth_server: tuple[str, Path], tmp_path: Path
) -> None:
    """Finding 3/7 (issue 17): a copied session cookie is worthless after logout, and a user
    removed from the credentials file is sent back to the login page at once."""
    import json

    from playwright.sync_api import expect, sync_playwright

    url, _ = auth_server
    credentials = tmp_path / "credentials.json"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            alice = log_in(browser, url, "alice", "membre-alice")
            expect(alice.get_by_text("Connecté·e : alice (membre)")).to_be_visible(timeout=20_000)
            cookies = alice.context.cookies()
            session = next(c for c in cookies if c["name"] == "copilote_session")
            assert session["httpOnly"] and session["sameSite"] == "Lax"
            assert not any(c["name"] == "user" for c in cookies)  # no day-long login cookie
            # the page's Bokeh token holds no login cookie
            assert "user=" not in alice.content().replace("copilote_session", "")
            alice.goto(url + "logout")
            thief = browser.new_context()
            thief.add_cookies(cookies)
            stolen = thief.new_page()
            stolen.goto(url)
            assert "/login" in stolen.url
            assert stolen.get_by_text("Connecté·e : alice").count() == 0

            guest = log_in(browser, url, "guest", "membre-guest")
            expect(guest.get_by_text("Connecté·e : guest (membre)")).to_be_visible(timeout=20_000)
            users = load_credentials(credentials)
            del users["guest"]
            credentials.write_text(json.dumps(users), encoding="utf-8")
            # the open page notices within a poll (3 s) and reloads to the login page
            guest.wait_for_url("**/login**", timeout=20_000)
        finally:
            browser.close()


def test_early_member_follows_the_session_and_sign_off_proposes_the_groups_first(
    server: tuple[str, Path],
) -> None:
    """Issue 14.6: a member who opened the page before the session joins it without reloading;
    the sign-off proposes the group's first scenario; the arithmetic mean is the default and
    the geometric mean's veto is said in plain words."""
    from playwright.sync_api import expect, sync_playwright

    from copilote.decision.record.group import analyse
    from tests.dashboards.test_group_state import PROBLEM

    url, db = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            member = browser.new_context().new_page()
            member.goto(url)
            member.get_by_label("Votre nom").fill("alice")
            member.get_by_label("Votre nom").press("Enter")
            expect(member.get_by_text("Connecté·e : alice (membre)")).to_be_visible(timeout=20_000)

            facilitator = open_session_as_facilitator(browser, url, "COPIL tardif")
            active = facilitator.locator(".bk-btn-group .bk-btn.bk-active")
            expect(active.filter(has_text="moyenne")).to_have_text("moyenne")
            expect(facilitator.get_by_text("un seul membre qui donne 0")).to_be_visible()

            # the member's page picks the new session up within a poll (3 s), no reload
            expect(member.get_by_label("Séance", exact=True)).to_have_value(
                re.compile("COPIL tardif"), timeout=15_000
            )
            handle = member.locator(".cg-w-cost .noUi-handle").first
            handle.focus()
            for _ in range(40):
                handle.press("ArrowRight")
            member.get_by_role("button", name="Soumettre mes poids").click()
            expect(member.get_by_text("Poids enregistrés")).to_be_visible(timeout=15_000)

            expect(facilitator.locator(".cg-member-row").first).to_contain_text(
                "alice", timeout=15_000
            )
            [session] = Journal(db).sessions()
            [entry] = [e for e in Journal(db).entries(session.session) if e.actor == "alice"]
            group = analyse(PROBLEM, {"alice": entry.payload["weights"]})
            first = group.alternatives[int(group.group_ranks.argmin())]
            assert first != PROBLEM.alternatives[0]  # the case file's first is not the answer
            expect(facilitator.get_by_label("Scénario", exact=True)).to_have_value(
                first, timeout=10_000
            )
        finally:
            browser.close()
