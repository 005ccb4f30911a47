"""Red lines in the decision memo (issue #16): the lines, who set them, each scenario's
probability of crossing them; the digest covers them."""

from __future__ import annotations

import pytest

from copilote.decision.analysis.red_lines import parse_red_line
from copilote.decision.case.loading import load_case
from copilote.decision.cli import main
from copilote.decision.memo import build_memo, render

N = 16


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case()


def test_memo_lists_lines_who_set_them_and_probabilities(case) -> None:  # type: ignore[no-untyped-def]
    memo = build_memo(case, n=N, seed=1)
    assert memo.red_lines is not None and memo.red_lines_crossing is not None
    ((line, who, source),) = memo.red_lines.rows
    assert line == "land_take<=0 ha" and who == "le dossier du cas (trajectoire ZAN)"
    assert "Climat et Résilience" in source
    crossing = {row[0]: row for row in memo.red_lines_crossing.rows}
    zoning = crossing["Zone d'activités en périphérie"]
    assert zoning[1].startswith("prend 13,0\u00a0ha de terres nouvelles")
    assert zoning[2] == "100\u00a0%"
    assert crossing["Mixité sur le site libéré"][1:] == ("en deçà de toutes", "0\u00a0%")
    assert memo.ranking[-1].id == "zoning"
    assert any("Zone d'activités en périphérie" in s and "ligne rouge" in s for s in memo.summary)
    text = render(memo, "md").decode()
    assert "### Lignes rouges" in text and "land_take&lt;=0 ha" in text
    html = render(memo, "html").decode()
    assert "<h3>Lignes rouges</h3>" in html and "trajectoire ZAN" in html


def test_added_line_is_in_the_memo_and_its_digest(case) -> None:  # type: ignore[no-untyped-def]
    problem = case.problem()
    nox = parse_red_line("nox<=reference", problem.indicators, problem.alternatives)
    own = build_memo(case, n=N, seed=1, lang="en")
    more = build_memo(case, n=N, seed=1, lang="en", red_lines=(*case.red_lines, nox))
    assert own.digest != more.digest
    assert more.red_lines is not None
    assert [row[0] for row in more.red_lines.rows] == ["land_take<=0 ha", "nox<=reference"]
    assert more.red_lines.rows[1][1] == "the user (command line)"
    crossing = {row[0]: row for row in more.red_lines_crossing.rows}  # type: ignore[union-attr]
    assert crossing["Activity zone at the edge of town"][2] == "100%"
    assert "beyond the red line" in crossing["Lens–Liévin interconnection"][1]
    assert crossing["Reference: the hospital closes, nothing else"][1:] == ("within all", "0%")


def test_memo_without_lines_has_no_section(case) -> None:  # type: ignore[no-untyped-def]
    memo = build_memo(case, n=N, seed=1, red_lines=())
    assert memo.red_lines is None and memo.red_lines_crossing is None
    assert "Lignes rouges" not in render(memo, "md").decode()


def test_memo_cli_red_line(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        ["memo", "--n", str(N), "--format", "md", "--out", "-", "--red-line", "nox<=reference"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "nox&lt;=reference" in out and "l'utilisateur (ligne de commande)" in out
    code = main(["memo", "--n", str(N), "--format", "md", "--out", "-", "--red-line", "nox<="])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
