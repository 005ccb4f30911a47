"""``decision sensitivity``: JSON fields, text summary, progress, bad input, bundled case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from copilote.decision.analysis.sensitivity import run_study
from copilote.decision.analysis.sensitivity_model import StudyModel
from copilote.decision.analysis.stability import stability_intervals
from copilote.decision.analysis.tipping import tipping_points
from copilote.decision.case.loading import load_case
from copilote.decision.cli import main
from copilote.decision.core.mcda import evaluate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "chauffage-cite-12-14.csv"
KEYS = {
    "n",
    "seed",
    "method",
    "evaluations",
    "factors",
    "outputs",
    "rank_acceptability",
    "stability",
    "tipping_points",
    "verdict_fr",
    "verdict_en",
    "nominal_ranks",
    "red_lines",  # issue #16
    "inputs",  # issue 12: what the study was computed from
}


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bundled_case_json_has_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "sensitivity", "--n", "32", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == KEYS
    case = load_case()
    scenario_ids = [s.id for s in case.scenarios]
    assert set(doc["rank_acceptability"]) == set(scenario_ids)
    groups = {f["group"] for f in doc["factors"]}
    assert groups == {"weights", "parameters"}
    assert {f["name"] for f in doc["factors"] if f["group"] == "weights"} == {
        "w:energy",
        "w:cost",
        "w:air",
        "w:land",
    }
    assert f"rank:{scenario_ids[0]}" in doc["outputs"] and "gap" in doc["outputs"]
    assert set(doc["stability"]) == {"w:energy", "w:cost", "w:air", "w:land"}
    assert doc["tipping_points"] and {"parameter", "value", "from", "to"} <= set(
        doc["tipping_points"][0]
    )
    # Progress on stderr, plain lines when stderr is not a terminal.
    assert "decision: sensitivity: evaluate" in err


def test_csv_json_and_method_factor(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys,
        "sensitivity",
        str(EXAMPLE),
        "--types",
        "min,min,min",
        "--over",
        "weights,method",
        "--n",
        "64",
        "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == KEYS
    assert [f["group"] for f in doc["factors"]] == ["weights"] * 3 + ["method"]
    assert doc["tipping_points"] == []
    assert doc["evaluations"] == 64 * 6


def test_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "sensitivity", "--n", "16", "--lang", "en")
    assert code == 0
    assert "comes first in" in out
    assert "Share of cases at each rank" in out
    assert "total Sobol index" in out
    assert "Weight stability intervals" in out


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--over", "weights,parameters"], "no uncertain parameters"),
        (["--n", "1000"], "power of 2"),
        (["--weight-range", "2,1"], "weight-range"),
        (["--weight-range", "abc"], "weight-range"),
        (["--over", "everything"], "unknown 'everything'"),
        (["--seed", "-1"], "seed"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, _, err = run_cli(capsys, "sensitivity", str(EXAMPLE), "--types", "min,min,min", *argv)
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("decision: error")]
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in err


def test_same_seed_same_json_as_a_subprocess() -> None:
    """Two processes, same seed 0: the same bytes (seed 0 vs 1 is tested in-process)."""
    cmd = [sys.executable, "-m", "copilote", "sensitivity", "--n", "16", "--seed", "0", "--json"]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    second = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["seed"] == 0


def test_bundled_case_tipping_points_checked_with_pymcdm() -> None:
    case = load_case()
    model = StudyModel(case)
    nominal = case.problem()
    for point in tipping_points(model):
        if point.value is None:
            continue
        for value, expect_first in ((point.inside, True), (point.outside, False)):
            matrix = case.evaluate({point.parameter: np.array([value])})[0]
            ranks = evaluate(nominal.replace(matrix=matrix), "topsis").ranks
            first = {a for a, r in zip(nominal.alternatives, ranks, strict=True) if r == 1}
            assert (point.first in first and len(first) == 1) is expect_first, point


def test_bundled_case_stability_contains_nominal_weights() -> None:
    problem = load_case().problem()
    # (WSM, WPM, COPRAS need positive values: the reference's land take of 0 ha rules them out.)
    for method in ("topsis", "vikor", "promethee_ii", "spotis", "moora", "edas"):
        for name, stab in stability_intervals(problem, method).items():
            assert stab.top[0] <= stab.nominal <= stab.top[1], (method, name)
            assert stab.ranking[0] <= stab.nominal <= stab.ranking[1], (method, name)


def test_bundled_case_acceptability_sums_to_one() -> None:
    result = run_study(load_case(), n=32, seed=4, over=("weights", "parameters", "method"))
    shares = np.array(list(result.rank_acceptability.values()))
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
