"""Weights: direct, by criterion, swing, AHP (Saaty's published example), objective (pymcdm)."""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm import weights as pw

from copilote.decision.core import weights
from copilote.decision.core.problem import Criterion, Indicator, split_criterion_weights
from copilote.decision.errors import InputError

NAMES = ["heat", "cost", "nox", "land"]


def test_direct_vector_and_mapping_are_normalised():
    np.testing.assert_allclose(weights.direct([2, 1, 1, 0], NAMES), [0.5, 0.25, 0.25, 0])
    np.testing.assert_allclose(weights.direct({"cost": 3, "land": 1}, NAMES), [0, 0.75, 0, 0.25])


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ([1, -1, 1, 1], "weight of 'cost' is negative"),
        ([0, 0, 0, 0], "all weights are zero"),
        ([1, 1], "got 2 weights for 4 indicators"),
        ({"price": 1}, "unknown indicator 'price'"),
        ([1, float("nan"), 1, 1], "finite"),
    ],
)
def test_direct_bad_weights(given, message):
    with pytest.raises(InputError, match=message):
        weights.direct(given, NAMES)


def test_from_criteria_reuses_the_problem_split():
    indicators = [
        Indicator("heat", "Chaleur", "Heat", "MWh/an", "min", "energy"),
        Indicator("cost", "Coût", "Cost", "k€", "min", "cost"),
        Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
        Indicator("pm", "PM", "PM", "t/an", "min", "air"),
    ]
    criteria = [Criterion(c, c, c) for c in ("energy", "cost", "air")]
    got = weights.from_criteria({"energy": 2, "cost": 1, "air": 1}, indicators, criteria)
    np.testing.assert_allclose(got, [0.5, 0.25, 0.125, 0.125])
    np.testing.assert_array_equal(
        got, split_criterion_weights({"energy": 2, "cost": 1, "air": 1}, indicators, criteria)
    )


def test_swing_points_over_their_sum():
    np.testing.assert_allclose(weights.swing([100, 50, 25, 25], NAMES), [0.5, 0.25, 0.125, 0.125])
    np.testing.assert_allclose(weights.swing({"nox": 100, "heat": 60}, NAMES), [0.375, 0, 0.625, 0])


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([90, 50, 25, 25], "must get 100 points"),
        ([100, 150, 25, 25], "expected 0 to 100"),
        ([100, -5, 25, 25], "expected 0 to 100"),
        ([100, 50], "got 2 swing points"),
    ],
)
def test_swing_bad_points(points, message):
    with pytest.raises(InputError, match=message):
        weights.swing(points, NAMES)


# Saaty (1990), "How to make a decision: the Analytic Hierarchy Process", European Journal of
# Operational Research 48:9-26, choosing a house: comparison of the eight criteria.
SAATY_1990_HOUSE = np.array(
    [
        [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
        [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
        [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
        [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
        [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
        [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
        [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
        [4, 7, 5, 8, 6, 6, 2, 1],
    ]
)


def test_ahp_saaty_1990_house():
    """Saaty, T. L. (1990). How to make a decision: the Analytic Hierarchy Process. European
    Journal of Operational Research 48(1):9-26. Choosing a house, eight criteria (size,
    transportation, neighbourhood, age, yard, modern facilities, general condition, financing):
    priorities .173 .054 .188 .018 .031 .036 .167 .333, lambda_max 9.669, CI 0.238, and
    CR 0.169 with Saaty's random index 1.41. pymcdm divides by Tummala & Ling's (1998) index
    for n = 8, 1.3952, hence CR = 0.238 / 1.3952 = 0.171: above 0.1, so a warning."""
    result = weights.ahp(SAATY_1990_HOUSE)
    np.testing.assert_allclose(
        result.weights, [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], atol=5e-4
    )
    assert result.consistency_index == pytest.approx(0.238, abs=5e-4)
    assert result.consistency_index / 1.41 == pytest.approx(0.169, abs=5e-4)  # Saaty's CR
    assert result.consistency_ratio == pytest.approx(0.238 / 1.3952, abs=1e-3)
    assert result.warning is not None
    assert "RC = 0,17 > 0,10" in result.warning and "CR = 0.17 > 0.10" in result.warning


def test_ahp_consistent_matrix_has_no_warning():
    # w = (4, 2, 1)/7: every comparison is the exact ratio, so CR = 0.
    a = np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    result = weights.ahp(a, ["energy", "cost", "air"])
    np.testing.assert_allclose(result.weights, [4 / 7, 2 / 7, 1 / 7], atol=1e-12)
    assert abs(result.consistency_ratio) < 1e-9 and result.warning is None


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3]], "square"),
        ([[1, 3], [3, 1]], "expected its reciprocal 0.333"),
        ([[2, 3], [1 / 3, 1]], "compared with itself must be 1"),
        ([[1, 11], [1 / 11, 1]], "Saaty's scale"),
        ([[1, -2], [-0.5, 1]], "positive"),
    ],
)
def test_ahp_bad_matrix(matrix, message):
    with pytest.raises(InputError, match=message):
        weights.ahp(matrix)


MATRIX = np.array(
    [
        [250.0, 16, 12, 5],
        [200, 16, 8, 3],
        [300, 32, 16, 4],
        [275, 32, 8, 4],
        [225, 16, 16, 2],
    ]
)
TYPES = np.array([-1, 1, 1, 1])


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("entropy", lambda m, t: pw.entropy_weights(m)),
        ("critic", lambda m, t: pw.critic_weights(m)),
        ("standard_deviation", lambda m, t: pw.standard_deviation_weights(m)),
        ("merec", lambda m, t: pw.merec_weights(m, t)),
    ],
)
def test_objective_weights_are_pymcdm(name, reference):
    got = weights.objective(name, MATRIX, TYPES)
    np.testing.assert_allclose(got, reference(MATRIX, TYPES), rtol=0, atol=1e-12)
    assert got.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["entropy", "critic", "standard_deviation", "merec"])
@pytest.mark.parametrize("value", [0.0, 7.0])
def test_objective_constant_indicator_gets_zero(name, value):
    x = np.column_stack([MATRIX, np.full(5, value)])
    t = np.append(TYPES, 1)
    if name == "merec" and value == 0.0:
        with pytest.raises(InputError, match="merec weights need values > 0, indicator 5 has 0"):
            weights.objective(name, x, t)
        return
    got = weights.objective(name, x, t)
    assert got[-1] == 0.0 and got.sum() == pytest.approx(1.0)
    if name != "merec":  # the others are unchanged on the remaining indicators
        np.testing.assert_allclose(got[:-1], weights.objective(name, MATRIX, TYPES), atol=1e-12)


def test_objective_unknown_name():
    with pytest.raises(InputError, match="unknown objective weighting 'gini'"):
        weights.objective("gini", MATRIX, TYPES)


def test_entropy_names_the_indicator_with_a_zero():
    x = MATRIX.copy()
    x[2, 3] = 0.0
    with pytest.raises(InputError, match="entropy weights need values > 0, indicator 'looks'"):
        weights.objective("entropy", x, TYPES, ["price", "storage", "camera", "looks"])
