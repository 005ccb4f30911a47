"""decision.memo.annex: TOPSIS annex tables made without pymcdm equal its verbose ones."""

from __future__ import annotations

import numpy as np
import pytest

from copilote.decision.core.mcda import explain
from copilote.decision.core.methods import NORMALIZATIONS
from copilote.decision.memo import annex
from tests.decision.test_mcda import MATRIX, make_problem


def _same_tables(ours, theirs):
    assert [title for title, _ in ours] == [title for title, _ in theirs]
    for (title, mine), (_, ref) in zip(ours, theirs, strict=True):
        assert list(mine.index) == list(ref.index), title
        assert list(mine.columns) == list(ref.columns), title
        np.testing.assert_allclose(mine.to_numpy(float), ref.to_numpy(float), rtol=0, atol=1e-9)


@pytest.mark.parametrize("normalization", [None, *NORMALIZATIONS])
def test_topsis_annex_is_pymcdm_verbose_output(normalization):
    problem = make_problem()
    try:
        reference = explain(problem, "topsis", normalization)
    except Exception as error:  # a normalisation undefined on these values fails alike
        with pytest.raises(type(error)):
            annex.annex_tables(problem, "topsis", normalization)
        return
    _same_tables(annex.annex_tables(problem, "topsis", normalization), reference)


def test_topsis_annex_on_random_problems_is_pymcdm():
    rng = np.random.default_rng(7)
    for _ in range(30):
        matrix = rng.uniform(0.5, 50.0, size=MATRIX.shape)
        weights = rng.dirichlet(np.ones(MATRIX.shape[1]))
        problem = make_problem(matrix, weights)
        _same_tables(annex.annex_tables(problem, "topsis"), explain(problem, "topsis"))


def test_a_wrong_step_would_be_caught():
    """The comparison can fail: swapping PIS and NIS breaks it."""
    problem = make_problem()
    ours = annex.annex_tables(problem, "topsis")
    ours[2], ours[3] = (ours[2][0], ours[3][1]), (ours[3][0], ours[2][1])
    with pytest.raises(AssertionError):
        _same_tables(ours, explain(problem, "topsis"))


def test_degenerate_and_other_methods_go_through_explain():
    flat = MATRIX.copy()
    flat[:, :] = 1.0  # every alternative equal: closeness 0/0
    problem = make_problem(flat)
    assert annex.annex_tables(problem, "topsis")[-1][0] == explain(problem, "topsis")[-1][0]
    assert "degenerate" in annex.annex_tables(problem, "topsis")[-1][0]
    _same_tables(annex.annex_tables(make_problem(), "vikor"), explain(make_problem(), "vikor"))
