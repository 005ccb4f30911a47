"""Decision memos on a CSV table: each format, its content, the PDF's text and pixels, bytes.

The sensitivity study runs with a small N (16) to keep the tests fast; the memo's numbers are
checked against direct calls to the engine (they must be the same, not recomputed).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from copilote.decision.analysis.sensitivity import run_study
from copilote.decision.cli.common import load_source
from copilote.decision.core.mcda import evaluate
from copilote.decision.errors import InputError
from copilote.decision.memo import build_memo, render, render_memo
from copilote.decision.memo.render_md import BAR_WIDTH, MARKER

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "chauffage-cite-12-14.csv"
TYPES = "min,min,min"
WEIGHTS = [0.4, 0.4, 0.2]
N = 16
EPOCH = "1767225600"  # 2026-01-01 00:00:00 UTC

# Under CI poppler must be there: a missing tool fails the tests instead of skipping them.
POPPLER_MISSING = shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None
needs_poppler = pytest.mark.skipif(
    POPPLER_MISSING and not os.environ.get("CI"),
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)


@pytest.fixture(scope="module")
def source():  # type: ignore[no-untyped-def]
    return load_source(str(EXAMPLE), types=TYPES, weights=WEIGHTS)


@pytest.fixture(scope="module")
def memo(source):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build_memo(source, weights=WEIGHTS, n=N, seed=3, types=TYPES)


@pytest.fixture(scope="module")
def pdf_bytes(memo) -> bytes:  # type: ignore[no-untyped-def]
    return render(memo, "pdf")


@pytest.fixture(scope="module")
def pdf_text(pdf_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> str:
    if POPPLER_MISSING and not os.environ.get("CI"):
        pytest.skip("pdftotext not installed")
    path = tmp_path_factory.mktemp("pdf") / "memo.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_memo_numbers_are_the_engines(source, memo) -> None:  # type: ignore[no-untyped-def]
    result = evaluate(source.problem, "topsis")
    order = [source.problem.alternatives[k] for k in np.argsort(result.ranks, kind="stable")]
    assert [r.id for r in memo.ranking] == order
    assert [r.score for r in memo.ranking] == pytest.approx(
        [float(result.scores[source.problem.alternatives.index(a)]) for a in order], abs=0
    )
    study = run_study(source.problem, n=N, seed=3, over=("weights",), method="topsis").to_json()
    for row in memo.ranking:
        assert row.share_first == study["rank_acceptability"][row.id][0]
    assert memo.verdict == study["verdict_fr"]


def test_markdown_memo(memo) -> None:  # type: ignore[no-untyped-def]
    text = render(memo, "md").decode("utf-8")
    assert text.startswith(MARKER)
    assert "# Note de décision" in text
    first = memo.ranking[0].name
    assert f"| **1** | **{first}** |" in text
    assert memo.digest in text
    for heading in ("Classement", "Robustesse", "Hypothèses et sources", "Traçabilité", "Annexe"):
        assert heading in text
    # the command that remakes the memo names every setting
    assert "--types min,min,min --weights 0.4,0.4,0.2 --method topsis --n 16 --seed 3" in text


def test_html_memo_is_self_contained(memo) -> None:  # type: ignore[no-untyped-def]
    html = render(memo, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 3  # ranking, rank frequencies, drivers
    assert "<style>" in html
    # nothing fetched from elsewhere: no external src/href/url/@import
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "url(http" not in html and "@import" not in html
    assert "<link" not in html and "<script" not in html
    # ids of the inline charts never collide
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert memo.digest in html


def test_names_typed_by_users_are_escaped(tmp_path: Path) -> None:
    table = tmp_path / "evil.csv"
    table.write_text("option,a,b\n<script>x</script>,1,2\nplain,2,1\n", encoding="utf-8")
    html = render_memo(str(table), types="max,max", fmt="html", n=N).decode("utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_markdown_escapes_names_bars_the_best_longest_and_bolds_the_best(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "option,a,b\n<img src=x onerror=alert(1)>,1,3\nB,2,2\nC,3,1\n", encoding="utf-8"
    )
    for method in ("topsis", "vikor", "promethee_ii"):
        text = render_memo(str(table), types="max,min", fmt="md", n=N, method=method).decode(
            "utf-8"
        )
        assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
        # the first of the ranking has the full bar, the last none (whatever the score's sign
        # or direction)
        first = next(line for line in text.splitlines() if line.startswith("| **1** |"))
        assert first.count("█") == BAR_WIDTH, (method, first)
        last = next(line for line in text.splitlines() if line.startswith("| 3 |"))
        assert "█" not in last, (method, last)
    assert "**3,00**" in text  # the best value of indicator a (max), in bold


@needs_poppler
def test_pdf_text_holds_ranking_weights_and_digest(memo, pdf_text: str) -> None:  # type: ignore[no-untyped-def]
    flat = " ".join(pdf_text.split())
    # the ranking table, in rank order
    positions = [flat.find(f"{k} {r.name}") for k, r in enumerate(memo.ranking, start=1)]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    # the weights as typed (0.4, 0.4, 0.2 -> 40,0 %, 40,0 %, 20,0 %)
    assert flat.count("40,0 %") >= 2 and "20,0 %" in flat
    assert memo.digest in flat.replace(" ", "") or memo.digest in pdf_text
    assert "Page 1 sur" in flat


@needs_poppler
def test_pdf_is_a4_numbered_and_dated(pdf_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf_bytes)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    assert "(A4)" in info.stdout
    assert "Creator:         Copilote" in info.stdout
    assert "CreationDate:    Thu Jan  1 00:00:00 2026 UTC" in info.stdout


@needs_poppler
def test_pdf_first_page_is_not_blank(pdf_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    pixels = np.asarray(Image.open(png).convert("L"), dtype=float)
    ink = pixels < 200
    assert ink.mean() > 0.02  # text, tables and the masthead cover well over 2 % of the page
    assert pixels.min() < 60  # some of it is dark (text), not a grey wash


def test_pdf_bytes_are_reproducible_with_source_date_epoch(
    source, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = render_memo(source, weights=WEIGHTS, n=N, seed=3)
    second = render_memo(source, weights=WEIGHTS, n=N, seed=3)
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert render_memo(source, weights=WEIGHTS, n=N, seed=3) != first  # the date is in it


def test_weasyprint_has_nothing_to_say_about_our_page(
    memo, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render(memo, "pdf")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_english_memo(source) -> None:  # type: ignore[no-untyped-def]
    text = render_memo(source, weights=WEIGHTS, n=N, lang="en", fmt="md").decode("utf-8")
    assert "# Decision memo" in text
    assert "Provenance" in text and "Traçabilité" not in text


def test_profile_owner_is_named(source) -> None:  # type: ignore[no-untyped-def]
    memo = build_memo(source, weights=WEIGHTS, n=N, weights_owner="Association des locataires")
    assert "Association des locataires" in memo.weights_note
    typed = build_memo(source, weights=WEIGHTS, n=N)
    assert "pondération saisie" in typed.weights_note


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fmt": "docx"}, "unknown memo format"),
        ({"lang": "de"}, "unknown language"),
        ({"method": "electre"}, "unknown method"),
        ({"n": 10}, "power of 2"),
        ({"weights": [1, -1, 1]}, "negative"),
    ],
)
def test_bad_settings_are_input_errors(source, options: dict, message: str) -> None:  # type: ignore[no-untyped-def]
    settings: dict = {"weights": WEIGHTS, "n": N}
    settings.update(options)
    with pytest.raises(InputError, match=message):
        render_memo(source, **settings)


def test_a_name_with_dollar_signs_is_drawn_as_text(tmp_path: Path) -> None:
    """matplotlib would read ``$...$`` as mathematics (and fail on this one)."""
    table = tmp_path / "dollars.csv"
    name = r"budget $\frac{ $ serré"
    table.write_text(f"option,a,b\n{name},1,2\nplain,2,1\n", encoding="utf-8")
    html = render_memo(str(table), types="max,max", fmt="html", n=N).decode("utf-8")
    assert r"budget $\frac{ $ serré" in html


def test_a_study_handed_over_is_the_engines_value(source, memo) -> None:  # type: ignore[no-untyped-def]
    """The memo takes the typed study (the dashboard's), not its JSON, and only a matching one."""
    study = run_study(source.problem, n=N, seed=3, over=("weights",), method="topsis")
    handed = build_memo(source, lang="fr", n=N, seed=3, study=study)
    assert handed.ranking == memo.ranking and handed.stability == memo.stability
    with pytest.raises(InputError, match="SensitivityResult"):
        build_memo(source, lang="fr", n=N, seed=3, study=study.to_json())
    with pytest.raises(InputError, match="does not match"):
        build_memo(source, lang="fr", n=N, seed=4, study=study)
