"""Sobol sampling and analysis: equal to SALib, and right on functions with known indices.

The pipeline tested is the one :func:`decision.analysis.sensitivity.run_study` uses:
``sobol_sample`` ->
evaluate the rows -> ``sobol_analyze``.

References for the analytic indices:
- Ishigami & Homma (1990), with a = 7, b = 0.1; formulas in Saltelli et al. (2008), Global
  Sensitivity Analysis: The Primer, Wiley, section 4.8 (V1, V2, V13 below).
- Sobol' G function, Saltelli & Sobol' (1995), with a = (0, 1, 4.5, 9, 99, 99, 99, 99):
  V_i = 1 / (3 (1 + a_i)^2), V = prod(1 + V_i) - 1, S_i = V_i / V,
  ST_i = V_i prod_{j != i} (1 + V_j) / V (Saltelli et al. 2010, CPC 181:259-270).

Tolerance: 0.02 absolute on every index at N = 4096 for five seeds (errors seen: < 0.005).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from SALib.analyze import sobol as salib_analyze
from SALib.sample import sobol as salib_sample

from copilote.decision.analysis.sensitivity_sobol import (
    derive_seeds,
    saltelli_design,
    sobol_analyze,
    sobol_sample,
)
from copilote.decision.errors import InputError

TOL = 0.02


def _salib_problem(bounds: np.ndarray) -> dict[str, object]:
    d = bounds.shape[0]
    return {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": bounds.tolist()}


@pytest.mark.parametrize(("d", "n", "seed"), [(1, 8, 3), (3, 64, 11), (7, 256, 2024)])
def test_sample_is_salib_sobol_sample(d: int, n: int, seed: int) -> None:
    bounds = np.column_stack([-np.arange(d, dtype=float), np.arange(d) + 1.5])
    expected = salib_sample.sample(_salib_problem(bounds), n, calc_second_order=False, seed=seed)
    assert_array_equal(sobol_sample(bounds, n, seed), expected)


@pytest.mark.parametrize("seed", [5, 77])
def test_analyze_is_salib_analyze_for_every_output(seed: int) -> None:
    d, n = 4, 256
    bounds = np.tile([0.0, 1.0], (d, 1))
    x = sobol_sample(bounds, n, 9)
    outputs = np.column_stack(
        [
            np.sin(6 * x[:, 0]) + x[:, 1] ** 2 * x[:, 2],
            x[:, 3],
            np.round(2 * x[:, 0] + x[:, 1]),  # a rank-like step output
        ]
    )
    ours = sobol_analyze(outputs, d, seed)
    for q in range(outputs.shape[1]):
        ref = salib_analyze.analyze(
            _salib_problem(bounds), outputs[:, q], calc_second_order=False, seed=seed
        )
        for key in ("S1", "S1_conf", "ST", "ST_conf"):
            assert_allclose(getattr(ours, key)[q], ref[key], rtol=0, atol=1e-12, err_msg=key)


def _ishigami_analytic(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    v = a**2 / 8 + b * np.pi**4 / 5 + b**2 * np.pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * np.pi**8 * (1 / 18 - 1 / 50)
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_pipeline_recovers_ishigami(seed: int) -> None:
    a, b = 7.0, 0.1
    s1, st = _ishigami_analytic(a, b)
    sample_seed, analyze_seed = derive_seeds(seed)
    x = sobol_sample(np.tile([-np.pi, np.pi], (3, 1)), 4096, sample_seed)
    y = np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])
    result = sobol_analyze(y, 3, analyze_seed)
    assert_allclose(result.S1[0], s1, atol=TOL)
    assert_allclose(result.ST[0], st, atol=TOL)
    # The bootstrap half-widths are of the size of the error, not zero and not huge.
    assert np.all(result.S1_conf[0] > 0) and np.all(result.S1_conf[0] < 0.1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pipeline_recovers_sobol_g(seed: int) -> None:
    a = np.array([0, 1, 4.5, 9, 99, 99, 99, 99], dtype=float)
    vi = 1 / (3 * (1 + a) ** 2)
    total = np.prod(1 + vi) - 1
    s1 = vi / total
    st = vi * np.prod(1 + vi) / (1 + vi) / total
    sample_seed, analyze_seed = derive_seeds(seed)
    x = sobol_sample(np.tile([0.0, 1.0], (8, 1)), 4096, sample_seed)
    y = np.prod((np.abs(4 * x - 2) + a) / (1 + a), axis=1)
    result = sobol_analyze(y, 8, analyze_seed)
    assert_allclose(result.S1[0], s1, atol=TOL)
    assert_allclose(result.ST[0], st, atol=TOL)
    # The four unimportant factors (a = 99) are told apart from the important one.
    assert result.ST[0][4:].max() < 0.01 < result.ST[0][0]


def test_constant_output_gives_zero_indices_not_nan() -> None:
    x = sobol_sample(np.tile([0.0, 1.0], (3, 1)), 64, 4)
    outputs = np.column_stack([np.full(x.shape[0], 2.0), x[:, 0]])
    result = sobol_analyze(outputs, 3, 8)
    assert result.constant.tolist() == [True, False]
    for key in ("S1", "S1_conf", "ST", "ST_conf"):
        values = getattr(result, key)
        assert np.all(np.isfinite(values))
        assert np.all(values[0] == 0.0)
    assert result.ST[1, 0] > 0.9


def test_seeds_are_nonzero_reproducible_and_seed_zero_is_a_seed() -> None:
    assert derive_seeds(0) == derive_seeds(0)
    assert derive_seeds(0) != derive_seeds(1)
    for seed in range(50):
        assert all(s != 0 for s in derive_seeds(seed))


def test_bad_seed_and_size() -> None:
    with pytest.raises(InputError, match="seed"):
        derive_seeds(-1)
    with pytest.raises(ValueError, match="seed 0"):
        sobol_analyze(np.zeros(10), 3, 0)


def test_global_numpy_generator_is_left_alone() -> None:
    np.random.seed(12345)
    expected = np.random.random(4)
    np.random.seed(12345)
    x = sobol_sample(np.tile([0.0, 1.0], (2, 1)), 32, 3)
    sobol_analyze(x.sum(axis=1), 2, 5)
    assert_array_equal(np.random.random(4), expected)


@pytest.mark.parametrize(("first", "last"), [(0, 64), (0, 1), (5, 17), (63, 64)])
def test_design_columns_are_the_sample_rows_transposed(first: int, last: int) -> None:
    bounds = np.column_stack([-np.arange(5, dtype=float), np.arange(5) + 1.5])
    design = saltelli_design(bounds, 64, 11)
    rows = sobol_sample(bounds, 64, 11)
    assert len(design) == rows.shape[0]
    assert_array_equal(design.columns(first, last).T, rows[first * 7 : last * 7])
