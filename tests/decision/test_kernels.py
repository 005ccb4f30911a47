"""Every batched kernel equals pymcdm to 1e-9: random problems (hypothesis) and degenerate ones.

The reference is pymcdm itself, called directly (``make_method(...)(..., validation=False)``),
wherever pymcdm gives a finite answer; where it does not (degenerate input), the reference is
decision.core.mcda.evaluate_matrix and the definitions are checked by their properties (finite, a
constant column's value is irrelevant, equal alternatives tie, ...).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymcdm import normalizations as pn
from pymcdm.helpers import rankdata

from copilote.decision.core import kernels
from copilote.decision.core.mcda import evaluate_matrix
from copilote.decision.core.methods import METHODS, NORMALIZATIONS, make_method, spotis_bounds
from copilote.decision.errors import InputError

TOL = 1e-9
ALL_METHODS = sorted(METHODS)
FALLBACK = sorted(set(METHODS) - kernels.BATCHED)
WITH_NORMALIZATION = sorted(m for m in METHODS if METHODS[m].accepts_normalization)

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pymcdm_scores(method, matrix, weights, types, normalization=None):
    """pymcdm's own answer, or None where it raises or is not finite (degenerate input)."""
    try:
        with np.errstate(all="ignore"):
            s = make_method(method, matrix, normalization)(matrix, weights, types, validation=False)
    except ValueError:
        return None
    s = np.asarray(s, dtype=float)
    return s if np.all(np.isfinite(s)) else None


@st.composite
def problems(draw, batch_matrix=None):
    """A random batch: matrix [m, n] or [k, m, n] in [1, 100], weights [k, n], types [n]."""
    m = draw(st.integers(2, 7), label="alternatives")
    n = draw(st.integers(1, 6), label="indicators")
    k = draw(st.integers(1, 4), label="samples")
    shared = draw(st.booleans()) if batch_matrix is None else not batch_matrix
    values = st.floats(1.0, 100.0, allow_nan=False)
    shape = (m, n) if shared else (k, m, n)
    flat = draw(st.lists(values, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    matrix = np.array(flat).reshape(shape)
    w = draw(st.lists(st.floats(0.01, 1.0), min_size=k * n, max_size=k * n))
    weights = np.array(w).reshape(k, n)
    types = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    return matrix, weights, types


def check_against_pymcdm(method, matrix, weights, types, normalization=None):
    k, m = weights.shape[0], matrix.shape[-2]
    undefined = []
    for i in range(k):
        x = matrix if matrix.ndim == 2 else matrix[i]
        try:
            evaluate_matrix(x, weights[i], types, method, normalization)
        except InputError:  # outside the method's domain (e.g. a negative value in a product)
            assert (
                pymcdm_scores(method, x, weights[i] / weights[i].sum(), types, normalization)
                is None
            )
            undefined.append(i)
    if undefined:
        with pytest.raises(InputError):
            kernels.batch_scores(method, matrix, weights, types, normalization)
        return
    scores = kernels.batch_scores(method, matrix, weights, types, normalization)
    assert scores.shape == (k, m)
    assert np.all(np.isfinite(scores))
    ranks = kernels.batch_ranks(method, scores)
    lower = METHODS[method].lower_is_better
    for i in range(k):
        x = matrix if matrix.ndim == 2 else matrix[i]
        w = weights[i] / weights[i].sum()
        defined = evaluate_matrix(x, w, types, method, normalization)
        np.testing.assert_allclose(scores[i], defined.scores, rtol=0, atol=TOL)
        np.testing.assert_array_equal(ranks[i], rankdata(scores[i], reverse=not lower))
        reference = pymcdm_scores(method, x, w, types, normalization)
        if reference is not None:
            np.testing.assert_allclose(scores[i], reference, rtol=0, atol=TOL)
            gaps = np.abs(reference[:, None] - reference[None, :])
            if not np.any((gaps > 0) & (gaps < 1e-9)):  # no near-tie that rounding could flip
                np.testing.assert_array_equal(ranks[i], rankdata(reference, reverse=not lower))


@pytest.mark.parametrize("method", ALL_METHODS)
@FAST
@given(problem=problems())
def test_kernel_equals_pymcdm_on_random_problems(method, problem):
    check_against_pymcdm(method, *problem)


@pytest.mark.parametrize("method", WITH_NORMALIZATION)
@pytest.mark.parametrize("normalization", sorted(NORMALIZATIONS))
@settings(max_examples=8, deadline=None)
@given(problem=problems())
def test_kernel_equals_pymcdm_with_each_normalisation(method, normalization, problem):
    check_against_pymcdm(method, *problem, normalization=normalization)


@pytest.mark.parametrize("normalization", sorted(NORMALIZATIONS))
@settings(max_examples=30, deadline=None)
@given(
    column=st.lists(st.floats(0.5, 50.0), min_size=2, max_size=8),
    cost=st.booleans(),
)
def test_normalize_equals_pymcdm_column_by_column(normalization, column, cost):
    x = np.array(column)
    with np.errstate(all="ignore"):
        expected = NORMALIZATIONS[normalization](x, cost=cost)
    if np.all(np.isfinite(expected)):
        got = kernels.normalize(x[:, None], [-1 if cost else 1], normalization)[:, 0]
        np.testing.assert_allclose(got, expected, rtol=0, atol=TOL)
    elif np.ptp(x) == 0:  # a constant column undefined in pymcdm gets one value for all
        got = kernels.normalize(x[:, None], [-1 if cost else 1], normalization)[:, 0]
        assert np.all(np.isfinite(got)) and np.ptp(got) == 0
    else:  # e.g. logarithmic where the values' product is 1: bad input, said as such
        with pytest.raises(InputError, match="undefined on its values"):
            kernels.normalize(x[:, None], [-1 if cost else 1], normalization)


def test_logarithmic_where_the_product_is_one_names_the_cause():
    """Found by hypothesis: ln(2) / ln(2 x 0.5) divides by 0 though every value is > 0."""
    with pytest.raises(InputError, match=r"indicator 1: .*undefined on its values"):
        kernels.normalize(np.array([[2.0], [0.5]]), [1], "logarithmic")


def test_spotis_bounds_batch_equals_methods_spotis_bounds():
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 10, (5, 6, 4))
    x[2, :, 1] = 3.0  # a constant column: bounds widened by one unit
    low, high = kernels.spotis_bounds_batch(x)
    for i in range(5):
        np.testing.assert_array_equal(np.column_stack([low[i], high[i]]), spotis_bounds(x[i]))


@pytest.mark.parametrize("lower_is_better", [False, True])
@settings(max_examples=50, deadline=None)
@given(scores=st.lists(st.lists(st.integers(0, 4), min_size=5, max_size=5), min_size=1, max_size=4))
def test_batch_ranks_equal_rankdata_with_ties(lower_is_better, scores):
    method = "vikor" if lower_is_better else "topsis"
    s = np.array(scores, dtype=float) / 3.0
    ranks = kernels.batch_ranks(method, s)
    for row, got in zip(s, ranks, strict=True):
        np.testing.assert_array_equal(got, rankdata(row, reverse=not lower_is_better))


# -- degenerate problems ---------------------------------------------------------------------
RNG_SEED = 20261122


def base_problem(m=6, n=4):
    rng = np.random.default_rng(RNG_SEED)
    matrix = rng.uniform(1.0, 10.0, (m, n))
    weights = rng.dirichlet(np.ones(n), size=3)
    types = np.array([1, -1, 1, -1][:n])
    return matrix, weights, types


@pytest.mark.parametrize("method", ALL_METHODS)
def test_constant_column_is_finite_and_its_value_is_irrelevant(method):
    matrix, weights, types = base_problem()
    results = []
    for value in (0.0, 3.0, 7.5):
        x = matrix.copy()
        x[:, 1] = value  # every alternative equal on an indicator to minimise
        x[:, 2] = value + 1.0  # ... and on one to maximise
        scores = kernels.batch_scores(method, x, weights, types)
        assert np.all(np.isfinite(scores))
        for i in range(weights.shape[0]):
            defined = evaluate_matrix(x, weights[i], types, method).scores
            np.testing.assert_allclose(scores[i], defined, rtol=0, atol=TOL)
        results.append(scores)
    np.testing.assert_allclose(results[0], results[1], rtol=0, atol=TOL)
    np.testing.assert_allclose(results[1], results[2], rtol=0, atol=TOL)


# Methods where a constant column adds the same amount to everyone's distances or flows, so the
# scores equal pymcdm's on the matrix without that column.
NO_CONTRIBUTION = ["edas", "mabac", "promethee_ii", "topsis", "vikor"]
# Methods where it shifts or scales every score alike: ranks equal those without the column.
SAME_RANKS = ["aras", "moora", "spotis", "wpm", "wsm"]


@pytest.mark.parametrize("method", NO_CONTRIBUTION + SAME_RANKS)
def test_constant_column_contributes_nothing(method):
    matrix, weights, types = base_problem()
    x = matrix.copy()
    x[:, 2] = 4.0
    keep = [0, 1, 3]
    scores = kernels.batch_scores(method, x, weights, types)
    lower = METHODS[method].lower_is_better
    for i in range(weights.shape[0]):
        w = weights[i][keep] / weights[i].sum()  # the other weights unchanged
        reference = pymcdm_scores(method, matrix[:, keep], w, types[keep])
        assert reference is not None
        if method in NO_CONTRIBUTION:
            np.testing.assert_allclose(scores[i], reference, rtol=0, atol=TOL)
        np.testing.assert_array_equal(
            kernels.batch_ranks(method, scores[i : i + 1])[0],
            rankdata(reference, reverse=not lower),
        )


def test_vikor_constant_column_where_pymcdm_raises():
    matrix, weights, types = base_problem()
    matrix[:, 0] = 5.0
    assert pymcdm_scores("vikor", matrix, weights[0], types) is None  # pymcdm raises here
    got = kernels.batch_scores("vikor", matrix, weights[0], types)[0]
    assert np.all(np.isfinite(got)) and got.min() == 0.0 and got.max() == 1.0


@pytest.mark.parametrize("method", ALL_METHODS)
def test_dominated_alternative_equals_pymcdm_and_ranks_last(method):
    matrix, weights, types = base_problem()
    worst = np.where(types == 1, matrix.min(axis=0) - 0.5, matrix.max(axis=0) + 0.5)
    x = np.vstack([matrix, worst])
    scores = kernels.batch_scores(method, x, weights, types)
    ranks = kernels.batch_ranks(method, scores)
    for i in range(weights.shape[0]):
        reference = pymcdm_scores(method, x, weights[i], types)
        assert reference is not None
        np.testing.assert_allclose(scores[i], reference, rtol=0, atol=TOL)
    assert np.all(ranks[:, -1] == x.shape[0])


@pytest.mark.parametrize("method", ALL_METHODS)
def test_two_equal_alternatives_tie_exactly(method):
    matrix, weights, types = base_problem()
    x = np.vstack([matrix, matrix[2]])  # alternatives 2 and 6 are the same
    scores = kernels.batch_scores(method, x, weights, types)
    ranks = kernels.batch_ranks(method, scores)
    np.testing.assert_array_equal(scores[:, 2], scores[:, -1])
    np.testing.assert_array_equal(ranks[:, 2], ranks[:, -1])
    assert np.all(ranks[:, 2] % 1 == 0.5)  # they share the average of two ranks
    for i in range(weights.shape[0]):
        reference = pymcdm_scores(method, x, weights[i], types)
        assert reference is not None
        np.testing.assert_allclose(scores[i], reference, rtol=0, atol=TOL)
        lower = METHODS[method].lower_is_better
        np.testing.assert_array_equal(ranks[i], rankdata(reference, reverse=not lower))


@pytest.mark.parametrize("method", ALL_METHODS)
def test_all_alternatives_equal_tie_without_nan(method):
    x = np.tile([[2.0, 5.0, 3.0]], (4, 1))
    scores = kernels.batch_scores(method, x, [0.2, 0.5, 0.3], [1, -1, 1])
    assert np.all(np.isfinite(scores)) and np.ptp(scores) == 0
    np.testing.assert_array_equal(kernels.batch_ranks(method, scores), [[2.5] * 4])


def test_topsis_alternatives_equal_on_weighted_indicators_get_zero():
    # The only indicator where they differ has weight 0: D+ = D- = 0 (pymcdm: NaN).
    x = np.array([[1.0, 2.0], [1.0, 5.0], [1.0, 9.0]])
    assert pymcdm_scores("topsis", x, np.array([1.0, 0.0]), np.array([1, 1])) is None
    np.testing.assert_array_equal(kernels.batch_scores("topsis", x, [1, 0], [1, 1]), [[0, 0, 0]])


def test_vikor_equal_group_utility_gives_zero_to_that_half():
    # S is equal for both alternatives (pymcdm: 0/0 = NaN); R tells them apart.
    x = np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]])
    w = np.array([0.5, 0.25, 0.25])
    assert pymcdm_scores("vikor", x, w, np.array([1, 1, 1])) is None
    np.testing.assert_allclose(
        kernels.batch_scores("vikor", x, w, [1, 1, 1]), [[0.0, 0.5]], rtol=0, atol=TOL
    )


@pytest.mark.parametrize(("method", "normalization"), [("copras", None), ("moora", "vector")])
def test_no_indicator_to_minimise_means_an_empty_minimising_part(method, normalization):
    matrix, weights, _ = base_problem()
    profit = np.ones(4, dtype=int)
    assert pymcdm_scores(method, matrix, weights[0], profit) is None  # pymcdm raises
    got = kernels.batch_scores(method, matrix, weights, profit)
    # COPRAS: Q = S+ (column shares), scaled by its max; MOORA: the weighted vector ratios.
    wsm_norm = "sum" if method == "copras" else normalization
    for i in range(weights.shape[0]):
        w = weights[i] / weights[i].sum()
        s_plus = pymcdm_scores("wsm", matrix, w, profit, wsm_norm)
        expected = s_plus / s_plus.max() if method == "copras" else s_plus
        np.testing.assert_allclose(got[i], expected, rtol=0, atol=TOL)


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": np.ones((3,))}, "shape"),
        ({"matrix": np.ones((1, 3))}, "at least two alternatives"),
        ({"matrix": np.array([[1, 2, np.nan], [1, 2, 3]])}, "not finite"),
        ({"weights": [0.5, -0.1, 0.6]}, ">= 0"),
        ({"weights": [0, 0, 0]}, "all zeros"),
        ({"weights": [0.5, 0.5]}, "weights must have shape"),
        ({"types": [1, 0, 1]}, "types"),
        ({"method": "electre"}, "unknown method"),
        ({"normalization": "softmax"}, "unknown normalisation"),
        ({"matrix": np.array([[1.0, 2, 3], [0, 2, 4]]), "method": "wsm"}, "needs values > 0"),
        ({"matrix": np.array([[1.0, 2, 3], [-1, 2, 4]]), "method": "copras"}, "values >= 0"),
        ({"matrix": np.array([[1.0, 2, 3], [-1, 2, 4]]), "method": "edas"}, "mean 0"),
        ({"matrix": np.ones((4, 2, 3)), "weights": np.ones((3, 3))}, "broadcast"),
    ],
)
def test_bad_input_is_input_error(kwargs, message):
    args = {
        "method": "topsis",
        "matrix": np.array([[1.0, 2, 3], [2, 1, 4]]),
        "weights": [0.3, 0.3, 0.4],
        "types": [1, -1, 1],
    }
    args.update(kwargs)
    with pytest.raises(InputError, match=message):
        kernels.batch_scores(
            args["method"],
            args["matrix"],
            args["weights"],
            args["types"],
            args.get("normalization"),
        )


@pytest.mark.parametrize("method", FALLBACK)
def test_fallback_methods_loop_over_pymcdm_per_sample_matrix(method):
    rng = np.random.default_rng(3)
    matrix = rng.uniform(1, 10, (5, 4, 3))
    weights = rng.dirichlet(np.ones(3), size=5)
    types = np.array([1, -1, 1])
    got = kernels.batch_scores(method, matrix, weights, types)
    for i in range(5):
        expected = pymcdm_scores(method, matrix[i], weights[i], types)
        np.testing.assert_allclose(got[i], expected, rtol=0, atol=TOL)


def test_weights_are_scaled_to_sum_one():
    matrix, weights, types = base_problem()
    np.testing.assert_allclose(
        kernels.batch_scores("wsm", matrix, weights * 7.0, types),
        kernels.batch_scores("wsm", matrix, weights, types),
        rtol=0,
        atol=TOL,
    )


def test_pymcdm_normalisation_names_match():
    assert {f"{n}_normalization" for n in NORMALIZATIONS} <= set(pn.__all__)


# -- the sample-last layout changes no bit ---------------------------------------------------
@pytest.mark.parametrize("n", [1, 5, 7, 8, 9, 15, 16, 17, 40, 129, 300])
def test_pairwise_sum_equals_np_sum_bit_for_bit(n):
    rng = np.random.default_rng(n)
    a = rng.normal(size=(30, n)) * 10.0 ** rng.integers(-6, 6, size=(30, n))
    terms = np.ascontiguousarray(a.T)  # term j of every row: what the kernels sum
    np.testing.assert_array_equal(kernels._pairwise(terms, 0, n), a.sum(axis=1))
    # given as a list of arrays (what a study passes: some terms computed, some reused)
    np.testing.assert_array_equal(kernels._pairwise(list(terms), 0, n), a.sum(axis=1))


@pytest.mark.parametrize("shared", [False, True])
def test_topsis_over_several_blocks_equals_row_by_row_formula_and_pymcdm(shared):
    """Blocks of samples in the sample-last layout give, to the bit, what the [k, m, n]
    formula gives (minmax, weighted distances summed along each row), and pymcdm to 1e-9."""
    rng = np.random.default_rng(11)
    k, m, n = 2 * kernels.SAMPLE_BLOCK + 3, 8, 9
    x = rng.uniform(1, 100, (m, n) if shared else (k, m, n))
    if not shared:
        x[5, :, 2] = 4.0  # a constant column in one sample
    w = rng.uniform(0.01, 1, (k, n))
    types = np.where(rng.random(n) < 0.5, 1, -1)
    got = kernels.batch_scores("topsis", x, w, types)

    xb = np.broadcast_to(x, (k, m, n))
    lo, hi = xb.min(axis=1, keepdims=True), xb.max(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        r = np.where(types < 0, (hi - xb) / (hi - lo), (xb - lo) / (hi - lo))
    r = np.where(hi == lo, 1.0, r)
    wn = (w / w.sum(axis=1, keepdims=True))[:, None, :]
    v = r * wn
    d_plus = np.sqrt(np.sum((v - r.max(axis=1, keepdims=True) * wn) ** 2, axis=-1))
    d_minus = np.sqrt(np.sum((v - r.min(axis=1, keepdims=True) * wn) ** 2, axis=-1))
    np.testing.assert_array_equal(got, d_minus / (d_minus + d_plus))
    for i in (0, 5, kernels.SAMPLE_BLOCK - 1, kernels.SAMPLE_BLOCK, k - 1):
        ref = pymcdm_scores("topsis", xb[i], wn[i, 0], types)
        np.testing.assert_allclose(got[i], ref, rtol=0, atol=TOL)


@pytest.mark.parametrize("lower_is_better", [False, True])
@pytest.mark.parametrize("m", [2, 8, kernels._PAIRWISE_RANKS + 4])
def test_batch_ranks_pairwise_and_broadcast_paths_equal_rankdata(lower_is_better, m):
    rng = np.random.default_rng(m)
    s = rng.integers(0, 4, (200, m)) / 3.0  # many ties
    method = "vikor" if lower_is_better else "topsis"
    ranks = kernels.batch_ranks(method, s)
    for row, got in zip(s, ranks, strict=True):
        np.testing.assert_array_equal(got, rankdata(row, reverse=not lower_is_better))
