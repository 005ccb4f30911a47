"""run_study, rank acceptability and robustness: properties that hold whatever the figures."""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose
from test_sensitivity_model import SmallCase

from copilote.decision.analysis.sensitivity import rank_acceptability, robustness, run_study
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.errors import InputError

JSON_KEYS = {
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


def table(matrix: list[list[float]], weights: list[float] | None = None) -> DecisionProblem:
    m = np.asarray(matrix, dtype=float)
    ids = [f"c{j + 1}" for j in range(m.shape[1])]
    indicators = tuple(Indicator(i, i, i, "", "max", i) for i in ids)
    return DecisionProblem(
        tuple("ABCDEFG"[: m.shape[0]]),
        indicators,
        m,
        np.ones(m.shape[1]) if weights is None else np.asarray(weights),
        criteria=tuple(Criterion(i, i, i) for i in ids),
    )


def two_weight_decision() -> DecisionProblem:
    """A and B differ only on c1 (A better) and c2 (B better); C is worst everywhere.

    With WSM (sum normalisation) A - B = (w1 - w2) x 6/13 after normalising the weights, so the
    order of A and B depends on w1 and w2 only, and C is always last: the ranks cannot depend
    on w3, w4, w5.
    """
    return table(
        [
            [9, 3, 5, 5, 5],
            [3, 9, 5, 5, 5],
            [1, 1, 1, 1, 1],
        ]
    )


def test_only_the_two_weights_that_can_change_the_order_matter() -> None:
    result = run_study(two_weight_decision(), n=512, seed=3, over=("weights",), method="wsm")
    for alt in ("A", "B"):
        st = result.outputs[f"rank:{alt}"]["ST"]
        assert st["w:c1"] > 0.3 and st["w:c2"] > 0.3
        for other in ("w:c3", "w:c4", "w:c5"):
            assert abs(st[other]) < 1e-12
            assert abs(result.outputs[f"rank:{alt}"]["S1"][other]) < 0.02
    # C is last in every sample: a constant output, indices defined as 0, never NaN.
    assert result.rank_acceptability["C"] == [0.0, 0.0, 1.0]
    assert set(result.outputs["rank:C"]["ST"].values()) == {0.0}


def test_same_with_topsis_up_to_sampling_noise() -> None:
    result = run_study(two_weight_decision(), n=512, seed=3, over=("weights",), method="topsis")
    st = result.outputs["rank:A"]["ST"]
    assert min(st["w:c1"], st["w:c2"]) > 0.3
    assert max(st["w:c3"], st["w:c4"], st["w:c5"]) < 0.05


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee_ii"])
def test_rank_acceptability_rows_and_columns_sum_to_one(method: str) -> None:
    result = run_study(SmallCase(), n=64, seed=2, over=("weights", "parameters"), method=method)
    shares = np.array(list(result.rank_acceptability.values()))
    assert_allclose(shares.sum(axis=0), 1.0)
    assert_allclose(shares.sum(axis=1), 1.0)
    assert np.all(shares >= 0)


def test_rank_acceptability_with_ties() -> None:
    ranks = np.array([[1.5, 1.5, 3.0], [1.0, 2.0, 3.0], [2.0, 2.0, 2.0]])
    out = rank_acceptability(ranks)
    assert_allclose(out.sum(axis=0), 1.0)
    assert_allclose(out.sum(axis=1), 1.0)
    assert_allclose(out[0], [(0.5 + 1 + 1 / 3) / 3, (0.5 + 0 + 1 / 3) / 3, 1 / 9])


def test_json_has_every_field_and_no_nan() -> None:
    result = run_study(
        SmallCase(), n=64, seed=1, over=("weights", "parameters", "method"), method="topsis"
    )
    doc = result.to_json()
    assert set(doc) == JSON_KEYS
    text = json.dumps(doc, allow_nan=False)  # raises on NaN or infinity
    assert json.loads(text) == doc
    factors = doc["factors"]
    assert [f["group"] for f in factors].count("method") == 1
    assert {f["name"] for f in factors if f["group"] == "weights"} == {
        "w:energy",
        "w:cost",
        "w:air",
        "w:land",
    }
    assert all(set(f) == {"name", "group", "low", "high"} for f in factors)
    assert doc["evaluations"] == 64 * (len(factors) + 2)
    alts = ["gas", "network", "heat_pump"]
    expected_outputs = {f"rank:{a}" for a in alts} | {f"score:{a}" for a in alts} | {"gap"}
    assert set(doc["outputs"]) == expected_outputs
    for output in doc["outputs"].values():
        assert set(output) == {"S1", "S1_conf", "ST", "ST_conf"}
        for values in output.values():
            assert set(values) == {f["name"] for f in factors}
    assert set(doc["rank_acceptability"]) == set(alts)
    assert set(doc["stability"]) == {"w:energy", "w:cost", "w:air", "w:land"}
    for tip in doc["tipping_points"]:
        assert {"parameter", "value", "from", "to"} <= set(tip)
    assert doc["verdict_fr"] and doc["verdict_en"]
    assert doc["nominal_ranks"] == {"gas": 1.0, "network": 3.0, "heat_pump": 2.0}


def test_nominal_ranks_are_pymcdm_ranks() -> None:
    case = SmallCase()
    result = run_study(case, n=16, seed=1, method="vikor", weights={"cost": 3, "air": 1})
    ref = evaluate(case.problem({"cost": 3, "air": 1}), "vikor")
    assert list(result.nominal_ranks.values()) == ref.ranks.tolist()
    assert result.factors[0].name == "w:cost"  # energy and land weigh 0: not factors


def test_same_seed_same_json_and_seed_zero_is_a_seed() -> None:
    def dump(seed: int) -> str:
        return json.dumps(run_study(SmallCase(), n=32, seed=seed).to_json(), sort_keys=True)

    assert dump(1) == dump(1)
    assert dump(0) == dump(0)
    assert dump(0) != dump(1)


def test_global_numpy_generator_is_left_alone() -> None:
    np.random.seed(7)
    expected = np.random.random(3)
    np.random.seed(7)
    run_study(SmallCase(), n=16, seed=0)
    assert_allclose(np.random.random(3), expected, rtol=0, atol=0)


def test_the_verdict_quotes_the_figures() -> None:
    result = run_study(SmallCase(), n=128, seed=5)
    share = result.rank_acceptability[result.first][0]
    pct = f"{round(100 * share)}"
    assert pct in result.verdict_fr and pct in result.verdict_en
    assert "Chaudières gaz" in result.verdict_fr
    assert "Gas boilers" in result.verdict_en


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 1000}, "power of 2"),
        ({"n": 4}, "power of 2"),
        ({"seed": -3}, "seed"),
        ({"over": "weights,parameters"}, "no uncertain parameters"),
        ({"weight_range": (1.0, 1.0)}, "weight-range"),
    ],
)
def test_bad_input_is_reported(kwargs: dict[str, object], match: str) -> None:
    settings: dict[str, object] = {"n": 16, "over": ("weights",), **kwargs}
    with pytest.raises(InputError, match=match):
        run_study(two_weight_decision(), **settings)  # type: ignore[arg-type]


def test_robustness_shares_sum_to_one_and_are_reproducible() -> None:
    case = SmallCase()
    shares = robustness(case, {"cost": 1, "air": 1, "energy": 1, "land": 1}, "topsis")
    assert set(shares) == {"gas", "network", "heat_pump"}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares == robustness(case, {"cost": 1, "air": 1, "energy": 1, "land": 1}, "topsis")
    # For the two-weight table, A and B are first about equally often (w1, w2 symmetric).
    table_shares = robustness(two_weight_decision(), None, "wsm", n=1024)
    assert table_shares["C"] == 0.0
    assert table_shares["A"] == pytest.approx(0.5, abs=0.05)
