"""The login page of an authenticated server in Chromium: French first, English when the
browser prefers it or the server says ``--lang en`` (issue 14, committee room)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from copilote.decision.record.auth import add_user, new_cookie_secret
from tests.dashboards.serving import CHROMIUM, CHROMIUM_ARGS
from tests.dashboards.test_group_browser import serve


def _credentials(tmp_path: Path) -> Path:
    path = tmp_path / "credentials.json"
    add_user(path, "anne", "facilitatrice-1", "facilitator", n=2**14)
    return path


@pytest.fixture
def french_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(tmp_path, str(_credentials(tmp_path)), new_cookie_secret())


@pytest.fixture
def english_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(tmp_path, str(_credentials(tmp_path)), new_cookie_secret(), "en")


def test_login_page_french_first_english_on_request(french_server: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, _ = french_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="fr-FR").new_page()
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.title() == "Copilote — connexion"
            page.get_by_label("Identifiant").fill("anne")
            page.get_by_label("Mot de passe").fill("pas-le-bon")
            page.get_by_role("button", name="Se connecter").click()
            expect(page.get_by_role("alert")).to_have_text(
                "Identifiant ou mot de passe incorrect", timeout=15_000
            )
            # the right password still opens the dashboard
            page.get_by_label("Identifiant").fill("anne")
            page.get_by_label("Mot de passe").fill("facilitatrice-1")
            page.get_by_role("button", name="Se connecter").click()
            expect(page.get_by_text("Connecté·e : anne (animateur·rice)")).to_be_visible(
                timeout=20_000
            )

            english = browser.new_context(locale="en-GB").new_page()
            english.goto(url)
            assert english.locator("html").get_attribute("lang") == "en"
            english.get_by_label("Login").fill("anne")
            english.get_by_label("Password").fill("wrong-one")
            english.get_by_role("button", name="Log in").click()
            expect(english.get_by_role("alert")).to_have_text(
                "Wrong login or password", timeout=15_000
            )
        finally:
            browser.close()


def test_lang_en_server_speaks_english_to_a_browser_naming_neither(
    english_server: tuple[str, Path],
) -> None:
    from playwright.sync_api import sync_playwright

    url, _ = english_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            german = browser.new_context(locale="de-DE").new_page()
            german.goto(url)
            assert german.locator("html").get_attribute("lang") == "en"
            assert german.get_by_role("button", name="Log in").count() == 1
            french = browser.new_context(locale="fr-FR").new_page()
            french.goto(url)  # the browser's own preference still comes first
            assert french.locator("html").get_attribute("lang") == "fr"
        finally:
            browser.close()
