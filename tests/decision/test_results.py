"""Typed results: the JSON of ``decision rank`` and ``decision sensitivity`` is the result's
``to_json()``, its keys are those docs/contracts.md lists, and the inputs key follows the inputs."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from copilote.decision.analysis.explain import explanation
from copilote.decision.analysis.red_lines import check
from copilote.decision.analysis.sensitivity import run_study
from copilote.decision.case.loading import load_case
from copilote.decision.cli import main
from copilote.decision.cli.rank import with_red_lines
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.results import InputsKey, Ranking, StabilityIntervals, TippingPoints

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "docs" / "contracts.md"
WEIGHTS = "energy=0.4,cost=0.3,air=0.2,land=0.1"


def documented_keys() -> dict[str, set[str]]:
    """ "Command results" rows: first cell -> the backticked keys in the second."""
    text = CONTRACTS.read_text(encoding="utf-8").split("## Command results", 1)[1]
    rows: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2 and "`" in cells[1]:
            rows[cells[0].split(" (")[0]] = set(re.findall(r"`([^`]+)`", cells[1]))
    return rows


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def case():
    return load_case()


def test_rank_json_is_the_ranking_and_its_keys_are_documented(capsys, case) -> None:
    docs = documented_keys()
    got = run_json(capsys, "rank", "--weights", WEIGHTS, "--method", "copras")
    problem = case.problem({"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1})
    admissibility = check(problem, case.red_lines)  # the case's own lines, as the command
    result = with_red_lines(evaluate(problem, "copras"), admissibility)
    ranking = Ranking.of(problem, result, case=case, admissibility=admissibility)
    assert got == json.loads(json.dumps(ranking.to_json()))
    assert set(got) == docs["`decision rank --json`"]
    assert {k for a in got["alternatives"] for k in a} == docs["each of its `alternatives`"]
    assert set(got["inputs"]) == docs["`inputs` of either"]
    assert got["inputs"]["method"] == "copras" and got["inputs"]["n"] is None
    assert got["inputs"]["red_lines"] == [line.text for line in case.red_lines] != []
    assert got["inputs"]["parameters"]["renovation_cost"] == pytest.approx(
        next(p.nominal for p in case.parameters if p.name == "renovation_cost")
    )
    # the typed value keeps what the JSON leaves out: names in both languages, units
    assert ranking.labels("en") != ranking.labels("fr")
    assert all(i.unit for i in ranking.indicators)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranking.method = "topsis"  # type: ignore[misc]


def test_sensitivity_json_is_the_study_and_its_keys_are_documented(capsys, case) -> None:
    docs = documented_keys()
    argv = ("sensitivity", "--weights", WEIGHTS, "--n", "16", "--seed", "3")
    got = run_json(capsys, *argv)
    weights = case.problem({"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1}).weights
    study = run_study(case, n=16, seed=3, weights=weights)  # what the command runs
    assert got == json.loads(json.dumps(study.to_json()))
    assert set(got) == docs["`decision sensitivity --json`"]
    assert set(got["inputs"]) == docs["`inputs` of either"]
    inputs = got["inputs"]
    assert (inputs["n"], inputs["seed"], inputs["over"]) == (16, 3, ["weights", "parameters"])
    assert inputs["weight_range"] == [0.5, 2.0]
    # a ranking and a study of the same state share the data and the weights, not the key
    rank = run_json(capsys, "rank", "--weights", WEIGHTS)["inputs"]
    assert (rank["data"], rank["weights"]) == (inputs["data"], inputs["weights"])
    assert rank["digest"] != inputs["digest"]


def test_the_key_follows_every_input(case) -> None:
    problem = case.problem()
    base = InputsKey.of(problem, method="topsis", normalization="vector", case=case)
    assert InputsKey.of(problem, method="topsis", normalization="vector", case=case) == base

    def digest(**change: object) -> str:
        settings: dict = {"method": "topsis", "normalization": "vector", "case": case}
        settings.update(change)
        subject = settings.pop("problem", problem)
        return InputsKey.of(subject, **settings).digest

    heavier = case.problem({"energy": 0.7, "cost": 0.1, "air": 0.1, "land": 0.1})
    raised = dataclasses.replace(
        case,
        parameters=tuple(
            dataclasses.replace(p, nominal=p.nominal * 1.15) if p.name == "renovation_cost" else p
            for p in case.parameters
        ),
    )
    changed = {
        "weights": digest(problem=heavier),
        "method": digest(method="vikor"),
        "normalization": digest(normalization="minmax"),
        "parameter": digest(case=raised),
        "n": digest(n=512),
        "seed": digest(seed=2),
    }
    assert base.digest not in changed.values()
    assert len(set(changed.values())) == len(changed)
    # weights enter normalised: the same ranking question, the same key
    scaled = case.problem({"energy": 4, "cost": 4, "air": 4, "land": 4})
    assert digest(problem=scaled) == base.digest


def test_stability_and_tipping_answers_are_typed_and_keep_the_study_json(capsys, case) -> None:
    weights = case.problem({"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1}).weights
    study = run_study(case, n=16, seed=3, weights=weights)
    got = run_json(capsys, "sensitivity", "--weights", WEIGHTS, "--n", "16", "--seed", "3")
    stability, tipping = study.stability_answer(), study.tipping_answer()
    assert isinstance(stability, StabilityIntervals) and isinstance(tipping, TippingPoints)
    # the JSON inside the study's is the typed value's, unchanged
    assert json.loads(json.dumps(stability.to_json())) == got["stability"] != {}
    assert json.loads(json.dumps(tipping.to_json())) == got["tipping_points"] != []
    # what the JSON leaves out: the committee's words in both languages, units, the nominal
    assert stability.weights == ("w:energy", "w:cost", "w:air", "w:land")
    assert stability.labels("fr") != stability.labels("en") and all(stability.labels("fr"))
    assert "w:" not in " ".join(stability.labels("en"))
    assert stability.interval("w:energy").nominal == pytest.approx(0.4)
    with pytest.raises(KeyError, match="w:nope"):
        stability.interval("w:nope")
    names = {p.name: p for p in case.parameters}
    assert [p.unit for p in tipping.points] == [names[p.parameter].unit for p in tipping.points]
    assert tipping.labels("fr") == tuple(names[p.parameter].label_fr for p in tipping.points)
    assert all(p.value is not None for p in tipping.found())
    with pytest.raises(dataclasses.FrozenInstanceError):
        stability.weights = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tipping.points = ()  # type: ignore[misc]
    # the key: the study's data, weights and method, not its sample (the searches draw none)
    assert study.inputs is not None
    assert (stability.inputs.data, stability.inputs.weights) == (
        study.inputs.data,
        study.inputs.weights,
    )
    assert stability.inputs.n is None and tipping.inputs.seed is None
    other_seed = run_study(case, n=16, seed=4, weights=weights)
    assert other_seed.stability_answer().inputs.digest == stability.inputs.digest
    heavier = case.problem({"energy": 0.7, "cost": 0.1, "air": 0.1, "land": 0.1}).weights
    moved = run_study(case, n=16, seed=3, weights=heavier)
    assert moved.stability_answer().inputs.digest != stability.inputs.digest
    assert moved.tipping_answer().inputs.digest != tipping.inputs.digest
    with pytest.raises(ValueError, match="inputs key"):
        dataclasses.replace(study, inputs=None).stability_answer()


def test_explanation_json_keys_are_documented(case) -> None:
    docs = documented_keys()
    problem = case.problem({"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1})
    why = explanation(problem, problem.alternatives[0], problem.alternatives[3], case=case)
    got = json.loads(json.dumps(why.to_json()))
    assert set(got) == docs["`Explanation.to_json()`"]
    assert set(got["a"]) == set(got["b"]) == docs["its `a` and `b`"]
    assert {k for c in got["contributions"] for k in c} == docs["each of its `contributions`"]
    assert set(got["inputs"]) == docs["`inputs` of either"]
    assert (got["a"]["id"], got["unit"], got["method"]) == (why.a, "score", "topsis")
    assert [c["contribution"] for c in got["contributions"]] == list(why.contributions)
    assert [c["label_en"] for c in got["contributions"]] == list(why.labels("en"))
    # a ranking of the same state shares its data and weights (no N, no seed in either)
    ranking = Ranking.of(problem, evaluate(problem, "topsis"), case=case)
    assert why.inputs == dataclasses.replace(ranking.inputs, red_lines=())
