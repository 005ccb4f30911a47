"""The decision problem is immutable and validated when built (decision/problem.py)."""

from __future__ import annotations

import numpy as np
import pytest

from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.errors import InputError

CRITERIA = (Criterion("energy", "énergie", "energy"), Criterion("cost", "coût", "cost"))
INDICATORS = (
    Indicator("final_energy", "énergie finale", "final energy", "MWh/an", "min", "energy"),
    Indicator("renewable", "part renouvelable", "renewable share", "%", "max", "energy"),
    Indicator("investment", "investissement", "investment", "k€", "min", "cost"),
)


def make(**changes):
    base = dict(
        alternatives=("a", "b", "c"),
        indicators=INDICATORS,
        matrix=np.array([[1.0, 50, 10], [2, 60, 20], [3, 70, 5]]),
        weights=np.array([1.0, 1.0, 2.0]),
        criteria=CRITERIA,
    )
    base.update(changes)
    return DecisionProblem(**base)


def test_weights_are_normalised_and_read_only():
    problem = make()
    np.testing.assert_allclose(problem.weights, [0.25, 0.25, 0.5])
    with pytest.raises(ValueError):
        problem.weights[0] = 1.0
    with pytest.raises(ValueError):
        problem.matrix[0, 0] = 9.0
    np.testing.assert_array_equal(problem.types, [-1, 1, -1])


def test_input_arrays_are_copied():
    matrix = np.ones((3, 3)) + np.arange(3)
    problem = make(matrix=matrix)
    matrix[0, 0] = 99
    assert problem.matrix[0, 0] == 1.0


def test_criterion_weights_split_over_indicators():
    problem = make().with_criterion_weights({"energy": 0.6, "cost": 0.4})
    np.testing.assert_allclose(problem.weights, [0.3, 0.3, 0.4])
    assert problem.criterion_weights == pytest.approx({"energy": 0.6, "cost": 0.4})
    local = make().with_criterion_weights({"energy": 1, "cost": 1}, {"final_energy": 3})
    np.testing.assert_allclose(local.weights, [0.375, 0.125, 0.5])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"alternatives": ("a", "a", "c")}, "duplicate alternative name 'a'"),
        ({"alternatives": ("a",), "matrix": np.ones((1, 3))}, "at least two alternatives"),
        ({"matrix": np.ones((2, 3))}, "expected (3 alternatives, 3 indicators)"),
        (
            {"matrix": np.array([[1, np.nan, 1], [1, 2, 3], [1, 2, 3]])},
            "alternative 'a', indicator 'renewable'",
        ),
        ({"weights": np.array([1, -1, 1])}, "weight of 'renewable' is negative"),
        ({"weights": np.zeros(3)}, "all weights are zero"),
        ({"weights": np.ones(2)}, "got 2 weights for 3 indicators"),
        ({"criteria": CRITERIA[:1]}, "unknown criterion 'cost'"),
    ],
)
def test_a_bad_problem_cannot_exist(changes, message):
    with pytest.raises(InputError) as err:
        make(**changes)
    assert message in str(err.value)


def test_replace_validates_again():
    problem = make()
    with pytest.raises(InputError, match="negative"):
        problem.with_weights({"final_energy": -1})
    with pytest.raises(InputError, match="unknown indicator 'price'"):
        problem.with_weights({"price": 1})
    with pytest.raises(InputError, match="unknown criterion 'air'"):
        problem.with_criterion_weights({"air": 1})
