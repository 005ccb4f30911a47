"""The memo's «Pour les habitants» block (issue 13.8–13.10): same figures as evaluate --json."""

from __future__ import annotations

import numpy as np

from copilote.decision.case.loading import load_case
from copilote.decision.case.residents import per_dwelling, prices_by_group
from copilote.decision.core.problem import DecisionProblem, Indicator
from copilote.decision.memo import build_memo, render
from copilote.decision.memo.text import format_number

N = 16


def test_the_case_memo_shows_bills_per_dwelling_and_prices_per_group() -> None:
    case = load_case()
    memo = build_memo(case, n=N, seed=1, lang="fr")
    markdown = render(memo, "md").decode("utf-8")
    html = render(memo, "html").decode("utf-8")
    assert "### Pour les habitants" in markdown and "<h3>Pour les habitants</h3>" in html
    for row in per_dwelling(case):  # the bills the JSON gives, formatted as the memo does
        bill = format_number(row["bill_eur_ttc"], "fr", 0)
        name = case.scenario(row["scenario"]).name_fr
        assert any(name in line and bill in line for line in markdown.splitlines())
    merged = prices_by_group(case)["merge"]["lens"]
    assert merged is not None
    lens = format_number(merged, "fr", 1)
    assert f"| Interconnexion Lens–Liévin | {lens} | – | {lens} |" in markdown
    assert "74,0 € HT/MWh" in markdown  # the price had the operator paid it all


def test_a_table_memo_has_no_residents_block() -> None:
    problem = DecisionProblem(
        alternatives=("a", "b"),
        indicators=(
            Indicator("x", "x", "x", "", "max", "x"),
            Indicator("y", "y", "y", "", "min", "y"),
        ),
        matrix=np.array([[1.0, 2.0], [2.0, 1.0]]),
        weights=np.array([0.5, 0.5]),
    )
    memo = build_memo(problem, n=N, seed=1, lang="en")
    assert memo.residents == ()
    assert "For the residents" not in render(memo, "md").decode("utf-8")
