"""The memo as PDF: the HTML page printed by WeasyPrint (A4, vector charts, numbered pages).

Reproducible bytes: WeasyPrint writes the creation and modification dates it reads from the
page's ``dcterms.created``/``dcterms.modified`` meta tags, which carry the memo's date (itself
``SOURCE_DATE_EPOCH`` when set), and no file identifier (``pdf_identifier`` left unset), so the
same memo gives the same bytes.
"""

from __future__ import annotations

from copilote.decision.memo.content import Memo
from copilote.decision.memo.render_html import render_html


def render_pdf(memo: Memo) -> bytes:
    """The memo as PDF bytes."""
    from weasyprint import HTML

    html = render_html(memo)
    pdf = HTML(string=html, base_url=None).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return bytes(pdf)
