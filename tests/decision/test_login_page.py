"""The login page's language and text (the served page is tested in Chromium:
tests/dashboards/test_login_page_browser.py)."""

from __future__ import annotations

import pytest

from copilote.decision.cli.login_page import BUSY, REFUSED, page_language, render


@pytest.mark.parametrize(
    ("header", "default", "expected"),
    [
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr", "fr"),
        ("en-GB,en;q=0.9,fr;q=0.8", "fr", "en"),
        ("fr;q=0.5,en;q=0.8", "fr", "en"),  # q-values, not order, decide
        ("de-DE,de;q=0.9", "fr", "fr"),  # neither named: the server's --lang
        ("de-DE,de;q=0.9", "en", "en"),
        (None, "en", "en"),
        ("", "fr", "fr"),
        ("en;q=0,fr;q=0.1", "en", "fr"),  # q=0 means "not this one"
        ("en;q=bad", "fr", "fr"),
        ("fr-FR,en", "en", "fr"),  # the browser's choice wins over --lang
    ],
)
def test_page_language(header: str | None, default: str, expected: str) -> None:
    assert page_language(header, default) == expected


def test_french_page_says_everything_in_french() -> None:
    page = render("fr", "/login", REFUSED)
    assert '<html lang="fr">' in page
    for words in ("Identifiant", "Mot de passe", "Se connecter", "Copilote — connexion"):
        assert words in page
    assert "Identifiant ou mot de passe incorrect" in page
    assert "Login" not in page and "Password" not in page


def test_english_page_and_busy_message() -> None:
    page = render("en", "/login", BUSY)
    assert '<html lang="en">' in page
    assert "Server busy, try again in a moment" in page and "Log in" in page
    assert "Identifiant" not in page


def test_error_text_in_the_link_is_never_shown() -> None:
    """Panel's page printed any ?error= text; ours knows two codes and shows nothing else."""
    crafted = render("fr", "/login", "Votre compte expire, appelez le 06 00 00 00 00")
    assert "appelez" not in crafted and 'role="alert"' not in crafted
    assert 'role="alert"' not in render("fr", "/login")
