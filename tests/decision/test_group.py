"""Group aggregation, agreement (pymcdm's rw, WS, WSC), disagreement and rank acceptability."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose
from pymcdm import correlations
from pymcdm.methods import TOPSIS

from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.errors import InputError
from copilote.decision.record.group import (
    aggregate_weights,
    analyse,
    problem_with_weights,
    rank_acceptability,
    weight_table,
    weighted_spearman,
    ws,
)

CRITERIA = (
    Criterion("energy", "Énergie", "Energy"),
    Criterion("cost", "Coût", "Cost"),
    Criterion("air", "Air", "Air"),
)
INDICATORS = (
    Indicator("heat", "Chaleur", "Heat", "MWh/an", "max", "energy"),
    Indicator("capex", "Investissement", "Capex", "k€", "min", "cost"),
    Indicator("opex", "Exploitation", "Opex", "k€/an", "min", "cost"),
    Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
)
MATRIX = np.array(
    [
        [120.0, 900.0, 40.0, 2.0],
        [90.0, 500.0, 35.0, 3.5],
        [150.0, 1400.0, 60.0, 1.2],
        [100.0, 700.0, 30.0, 2.8],
    ]
)
PROBLEM = DecisionProblem(("A", "B", "C", "D"), INDICATORS, MATRIX, np.ones(4), CRITERIA)

MEMBERS = {
    "élus": {"energy": 0.2, "cost": 0.6, "air": 0.2},
    "opérateur": {"energy": 0.5, "cost": 0.3, "air": 0.2},
    "habitants": {"energy": 0.1, "cost": 0.3, "air": 0.6},
}


def test_geometric_mean_by_hand() -> None:
    _, keys, table = weight_table(MEMBERS)
    group = aggregate_weights(table, "geometric")
    raw = np.array(
        [(0.2 * 0.5 * 0.1) ** (1 / 3), (0.6 * 0.3 * 0.3) ** (1 / 3), (0.2 * 0.2 * 0.6) ** (1 / 3)]
    )
    assert keys == ("energy", "cost", "air")
    assert_allclose(group, raw / raw.sum(), rtol=1e-12)


def test_median_by_hand() -> None:
    _, _, table = weight_table(MEMBERS)
    assert_allclose(aggregate_weights(table, "median"), np.array([0.2, 0.3, 0.2]) / 0.7)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (5, 4), elements=st.floats(0.01, 10.0)))
def test_geometric_mean_keeps_ratios_aczel_saaty(raw: np.ndarray) -> None:
    """Aczél & Saaty (1983): the group's ratio w_i / w_j is the geometric mean of the members'
    ratios (reciprocity); the arithmetic mean does not have this property in general."""
    table = raw / raw.sum(axis=1, keepdims=True)
    group = aggregate_weights(table, "geometric")
    for i in range(4):
        for j in range(4):
            members_ratio = np.exp(np.log(table[:, i] / table[:, j]).mean())
            assert group[i] / group[j] == pytest.approx(members_ratio, rel=1e-9)


def test_arithmetic_mean_would_break_reciprocity() -> None:
    """The property above is not automatic: the arithmetic mean fails it on two members."""
    table = np.array([[0.8, 0.2], [0.5, 0.5]])
    assert table.mean(axis=0)[0] / table.mean(axis=0)[1] != pytest.approx(
        np.exp(np.log(table[:, 0] / table[:, 1]).mean())
    )
    geometric = aggregate_weights(table, "geometric")
    assert geometric[0] / geometric[1] == pytest.approx(
        np.exp(np.log(table[:, 0] / table[:, 1]).mean())
    )


def test_zero_weight_is_a_veto_under_geometric_mean_only() -> None:
    _, _, table = weight_table(
        {"a": {"x": 1, "y": 1}, "b": {"x": 0, "y": 1}, "c": {"x": 1, "y": 2}}
    )
    assert aggregate_weights(table, "geometric")[0] == 0.0
    assert aggregate_weights(table, "median")[0] > 0.0


def test_all_criteria_vetoed_is_bad_input() -> None:
    _, _, table = weight_table({"a": {"x": 1, "y": 0}, "b": {"x": 0, "y": 1}})
    with pytest.raises(InputError, match="use the median"):
        aggregate_weights(table, "geometric")
    assert_allclose(aggregate_weights(table, "median"), [0.5, 0.5])


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({}, "no member"),
        ({"a": {"x": float("nan")}}, "finite"),
        ({"a": {"x": 0}}, "all weights are zero"),
    ],
)
def test_bad_member_weights(members: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        weight_table(members)


def test_unknown_aggregation() -> None:
    with pytest.raises(InputError, match="mean, geometric, median"):
        aggregate_weights(np.ones((2, 2)) / 2, "mode")


def test_arithmetic_mean_is_the_default_and_no_zero_vetoes() -> None:
    """Issue 14.6: one member's 0 removed a criterion for everyone (50/0/0/50) under the
    geometric mean, then the default."""
    table = np.array([[0.5, 0.0, 0.0, 0.5], [0.25, 0.25, 0.25, 0.25]])
    np.testing.assert_allclose(aggregate_weights(table), [0.375, 0.125, 0.125, 0.375])
    assert aggregate_weights(table, "geometric")[1] == 0.0
    assert analyse(PROBLEM, MEMBERS).aggregation == "mean"


def test_member_rankings_equal_pymcdm_topsis() -> None:
    result = analyse(PROBLEM, MEMBERS)
    for name, ranks in zip(result.members, result.member_ranks, strict=True):
        weighted = PROBLEM.with_criterion_weights(MEMBERS[name])
        scores = TOPSIS()(MATRIX, weighted.weights, weighted.types)
        expected = (-scores).argsort().argsort() + 1.0
        assert_allclose(ranks, expected)
    group = PROBLEM.with_criterion_weights(result.group_weight_map)
    scores = TOPSIS()(MATRIX, group.weights, group.types)
    assert_allclose(result.group_ranks, (-scores).argsort().argsort() + 1.0)


def test_agreement_measures_are_pymcdms() -> None:
    result = analyse(PROBLEM, MEMBERS)
    r, w = result.member_ranks, result.member_weights
    assert result.rank_agreement[0, 1] == pytest.approx(correlations.weighted_spearman(r[0], r[1]))
    assert result.rank_agreement[2, 1] == pytest.approx(correlations.weighted_spearman(r[1], r[2]))
    assert result.weight_similarity[0, 2] == pytest.approx(correlations.wsc2(w[0], w[2]))
    assert result.ws_to_group[1] == pytest.approx(
        correlations.rank_similarity_coef(result.group_ranks, r[1])
    )
    assert result.wsc_to_group[2] == pytest.approx(correlations.wsc(result.group_weights, w[2]))
    assert weighted_spearman(r[0], r[0]) == pytest.approx(1.0)
    assert ws(r[0], r[0]) == pytest.approx(1.0)
    assert result.mean_rank_agreement == pytest.approx((result.rank_agreement.sum() - 3) / 6)


def test_identical_members_agree_fully() -> None:
    same = {"a": MEMBERS["élus"], "b": dict(MEMBERS["élus"])}
    result = analyse(PROBLEM, same)
    assert result.mean_rank_agreement == pytest.approx(1.0)
    assert result.mean_weight_similarity == pytest.approx(1.0)
    assert all(s.spread == pytest.approx(0.0) for s in result.disagreement)
    assert_allclose(result.group_weights, result.member_weights[0])


def test_one_member_has_no_pairwise_agreement() -> None:
    result = analyse(PROBLEM, {"seul": MEMBERS["élus"]})
    assert result.mean_rank_agreement is None and result.mean_weight_similarity is None


def test_disagreement_is_sorted_by_spread() -> None:
    result = analyse(PROBLEM, MEMBERS, aggregation="median")
    spreads = [s.spread for s in result.disagreement]
    assert spreads == sorted(spreads, reverse=True)
    air = next(s for s in result.disagreement if s.key == "air")
    assert (air.low, air.high) == pytest.approx((0.2, 0.6))
    assert air.spread == pytest.approx(0.4)
    assert air.std == pytest.approx(np.std([0.2, 0.2, 0.6]))


def test_rank_acceptability_counts_members_and_splits_ties() -> None:
    ranks = np.array([[1, 2, 3], [2, 1, 3], [1.5, 1.5, 3], [3, 2, 1]])
    acc = rank_acceptability(ranks)
    assert_allclose(acc[0], [(1 + 0.5) / 4, (1 + 0.5) / 4, 1 / 4])
    assert_allclose(acc[2], [1 / 4, 0, 3 / 4])
    assert_allclose(acc.sum(axis=0), 1.0)
    assert_allclose(acc.sum(axis=1), 1.0)


def test_analysis_acceptability_matches_member_ranks() -> None:
    result = analyse(PROBLEM, MEMBERS)
    firsts = (result.member_ranks == 1).mean(axis=0)
    assert_allclose(result.acceptability[:, 0], firsts)
    data = result.to_json()
    assert data["members"] == ["élus", "opérateur", "habitants"]
    assert set(data["group_weights"]) == {"energy", "cost", "air"}


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ({"energy": 1, "cost": 1, "air": 2}, [0.25, 0.125, 0.125, 0.5]),
        ({"heat": 1, "nox": 1}, [0.5, 0, 0, 0.5]),
        ([1, 1, 2], [0.25, 0.125, 0.125, 0.5]),
        ({"#1": 1, "#2": 1, "#3": 2}, [0.25, 0.125, 0.125, 0.5]),
        ([1, 0, 0, 1], [0.5, 0, 0, 0.5]),
    ],
)
def test_problem_with_weights(weights, expected) -> None:  # type: ignore[no-untyped-def]
    assert_allclose(problem_with_weights(PROBLEM, weights).weights, expected)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"energie": 1}, "unknown name 'energie'"),
        ({"energy": 1, "nox": 1}, "not both"),
        ([1, 2], r"2 numbers; expected 3 \(criteria energy, cost, air\) or 4"),
    ],
)
def test_problem_with_bad_weights(weights, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        problem_with_weights(PROBLEM, weights)
