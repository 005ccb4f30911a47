"""The memo as PDF: the HTML page printed by WeasyPrint (A4, vector charts, numbered pages).

Reproducible bytes: WeasyPrint writes the creation and modification dates it reads from the
page's ``dcterms.created``/``dcterms.modified`` meta tags, which carry the memo's date (itself
``SOURCE_DATE_EPOCH`` when set), and no file identifier (``pdf_identifier`` left unset), so the
same memo gives the same bytes.

Nothing is fetched: the page is self-contained (inline CSS and SVG), and WeasyPrint is given a
URL fetcher that refuses every URL but ``data:`` ones and files of the memo's own templates
folder (issue 17, finding 7). WeasyPrint's default fetcher would follow ``http://``, ``ftp://``
or ``file:///etc/...`` if such a URL ever reached the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # the HTML side (content, charts, matplotlib) is imported only when a memo is rendered
    # here: the PDF worker (pdf_process.py) imports this module for html_to_pdf alone
    from copilote.decision.memo.content import Memo

#: The only folder whose files the PDF may load (the memo's own CSS and templates).
BUNDLED = (Path(__file__).resolve().parent / "templates").as_uri() + "/"


def bundled_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses anything not bundled with Copilote."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before 67: a fetcher is a function
        from weasyprint.urls import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if url.startswith("data:") or (url.startswith(BUNDLED) and ".." not in url):
                return default_url_fetcher(url, *args, **kwargs)
            raise ValueError(f"memo: '{url[:80]}' is not bundled with Copilote; not fetched")

        return fetch

    class BundledOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or (url.startswith(BUNDLED) and ".." not in url):
                return super().fetch(url, headers)
            # WeasyPrint logs this and leaves the resource out; the memo is still written
            raise ValueError(f"memo: '{url[:80]}' is not bundled with Copilote; not fetched")

    return BundledOnly(allowed_protocols=("data", "file"), allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """``html`` printed to PDF bytes with :func:`bundled_only_fetcher`."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=None, url_fetcher=bundled_only_fetcher()).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return bytes(pdf)


def render_pdf(memo: Memo) -> bytes:
    """The memo as PDF bytes."""
    from copilote.decision.memo.render_html import render_html

    return html_to_pdf(render_html(memo))
