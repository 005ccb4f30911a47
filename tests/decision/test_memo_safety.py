"""Finding 7 (issue 17): a memo never turns a name into a live link, and its PDF fetches nothing."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from copilote.decision.memo import render_memo
from copilote.decision.memo.pdf_process import PdfWorker
from copilote.decision.memo.render_pdf import html_to_pdf

N = 16
LINK = "[cliquez](javascript:alert(1))"
IMAGE = "![pixel](https://tracker.example/p.png)"


def test_markdown_memo_keeps_link_and_image_syntax_as_text(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(f"option,a,b\n{LINK},1,3\n{IMAGE},2,2\nC,3,1\n", encoding="utf-8")
    text = render_memo(str(table), types="max,min", fmt="md", n=N).decode("utf-8")
    # rendered as CommonMark + tables (what wikis and Git forges do)
    page = MarkdownIt("commonmark").enable("table").render(text)
    assert "javascript:" not in page.replace("(javascript:alert(1))", "")  # only as plain text
    assert "<a " not in page and "<img" not in page
    assert "[cliquez](javascript:alert(1))" in page  # the name is still shown, as text


def _in_a_child(page: str) -> bytes | None:
    with PdfWorker.start() as worker:  # what decision memo --format pdf prints with
        return worker.print_page(page)


@pytest.mark.parametrize("printer", [html_to_pdf, _in_a_child], ids=["in-process", "child"])
def test_the_pdf_fetches_no_url(tmp_path: Path, printer: Callable[[str], bytes | None]) -> None:
    hits: list[str] = []

    class Count(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Count)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red }", encoding="utf-8")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        page = (
            f"<html><head><link rel=stylesheet href='{url}/style.css'>"
            f"<link rel=stylesheet href='{secret.as_uri()}'></head>"
            f"<body><img src='{url}/pixel.png'><p>note</p></body></html>"
        )
        pdf = printer(page)
    finally:
        server.shutdown()
        server.server_close()
    assert pdf is not None and pdf.startswith(b"%PDF")
    assert hits == []  # WeasyPrint's default fetcher requests /style.css and /pixel.png
