"""Copilote's scrambled Sobol' points are scipy's, bit for bit (decision.analysis.sobol_sequence).

scipy.stats.qmc.Sobol is the reference; the command line uses our copy so as not to import
scipy.stats (0.6 s). Any difference in a direction number, a scramble bit or the order of the
random draws changes the points, so exact equality is asked for.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm, qmc

from copilote.decision.analysis.sensitivity_sobol import CONF_LEVEL, Z_DEFAULT
from copilote.decision.analysis.sobol_sequence import direction_numbers, sobol_points


@pytest.mark.parametrize(
    ("d", "n", "seed"),
    [(1, 8, 1), (2, 1, 3), (5, 64, 7), (152, 4096, 99), (300, 256, 2**31), (3, 0, 4)],
)
def test_points_equal_scipy(d: int, n: int, seed: int) -> None:
    expected = qmc.Sobol(d=d, scramble=True, seed=seed).random(n)
    assert np.array_equal(sobol_points(d, n, seed), expected)


@settings(max_examples=25, deadline=None)
@given(
    d=st.integers(1, 200),
    m=st.integers(0, 11),
    seed=st.integers(0, 2**32 - 1),
)
def test_points_equal_scipy_drawn(d: int, m: int, seed: int) -> None:
    n = 2**m
    expected = qmc.Sobol(d=d, scramble=True, seed=seed).random(n)
    assert np.array_equal(sobol_points(d, n, seed), expected)


def test_direction_numbers_equal_scipy_unscrambled() -> None:
    engine = qmc.Sobol(d=1000, scramble=False)
    assert np.array_equal(direction_numbers(1000), engine._sv.astype(np.int64))


def test_n_not_a_power_of_two_warns_as_scipy() -> None:
    with pytest.warns(UserWarning, match="power of 2"):
        points = sobol_points(4, 10, 1)
    with pytest.warns(UserWarning, match="power of 2"):
        expected = qmc.Sobol(d=4, scramble=True, seed=1).random(10)
    assert np.array_equal(points, expected)


def test_default_normal_quantile_is_scipys() -> None:
    assert float(norm.ppf(0.5 + CONF_LEVEL / 2)) == Z_DEFAULT
