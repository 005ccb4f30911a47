"""``decision.analysis.explain.criterion_contributions``: Shapley shares of one alternative's
lead."""

from __future__ import annotations

import numpy as np
import pytest

from copilote.decision.analysis.explain import criterion_contributions
from copilote.decision.case.loading import load_case
from copilote.decision.core.mcda import evaluate
from copilote.decision.errors import InputError


@pytest.fixture(scope="module")
def problem():
    return (
        load_case(None)
        .problem()
        .with_criterion_weights({"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1})
    )


def test_shares_add_up_to_the_topsis_lead(problem):
    result = evaluate(problem, "topsis")
    a, b = problem.alternatives[0], problem.alternatives[3]
    gap = result.scores[0] - result.scores[3]
    shares = criterion_contributions(problem, a, b)
    assert sum(shares.values()) == pytest.approx(gap, rel=1e-9, abs=1e-12)


def test_weighted_sum_shares_are_its_own_terms(problem):
    """WSM is additive: a criterion's share is the sum of w_j (r_aj - r_bj) over its indicators,
    with min-max normalised values r (the hybrid row stays inside the range, so r is unchanged)."""
    m = np.asarray(problem.matrix, float)
    low, high = m.min(axis=0), m.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    benefit = np.asarray(problem.types) > 0
    r = np.where(benefit, (m - low) / span, (high - m) / span)
    w = np.asarray(problem.weights)
    ia, ib = 1, 5
    shares = criterion_contributions(
        problem, problem.alternatives[ia], problem.alternatives[ib], "wsm", "minmax"
    )
    for cid, share in shares.items():
        cols = [k for k, ind in enumerate(problem.indicators) if ind.criterion == cid]
        assert share == pytest.approx(
            float(np.sum(w[cols] * (r[ia, cols] - r[ib, cols]))), abs=1e-12
        )


@pytest.mark.parametrize("method", ["topsis", "vikor", "spotis", "promethee_ii"])
def test_swapping_a_and_b_flips_every_share(problem, method):
    a, b = problem.alternatives[2], problem.alternatives[6]
    ab = criterion_contributions(problem, a, b, method)
    ba = criterion_contributions(problem, b, a, method)
    for cid in ab:
        assert ab[cid] == pytest.approx(-ba[cid], abs=1e-12)


def test_an_alternative_against_itself_has_no_lead(problem):
    a = problem.alternatives[4]
    assert all(v == 0.0 for v in criterion_contributions(problem, a, a).values())


def test_unknown_alternative_is_named(problem):
    with pytest.raises(InputError, match="unknown alternative 'nowhere'"):
        criterion_contributions(problem, "nowhere", problem.alternatives[0])
