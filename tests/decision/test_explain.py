"""``decision.analysis.explain``: Shapley shares of one alternative's lead, and the typed
:class:`Explanation` the dashboard draws."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from copilote.decision.analysis.explain import criterion_contributions, explanation
from copilote.decision.case.loading import load_case
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.results import Explanation, InputsKey
from copilote.decision.errors import InputError

WEIGHTS = {"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1}


@pytest.fixture(scope="module")
def case():
    return load_case(None)


@pytest.fixture(scope="module")
def problem(case):
    return case.problem().with_criterion_weights(WEIGHTS)


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


@pytest.mark.parametrize(("method", "normalization"), [("topsis", None), ("vikor", None)])
def test_explanation_is_typed_and_its_lead_is_the_methods_gap(problem, case, method, normalization):
    result = evaluate(problem, method, normalization)
    ia, ib = 1, 5
    a, b = problem.alternatives[ia], problem.alternatives[ib]
    why = explanation(problem, a, b, method, normalization, case=case)
    assert isinstance(why, Explanation)
    gap = result.scores[ia] - result.scores[ib]
    if result.lower_is_better:  # VIKOR: lower is better, the lead is B's score minus A's
        gap = -gap
    assert why.lower_is_better is result.lower_is_better
    assert why.lead == pytest.approx(gap, rel=1e-9, abs=1e-12)
    assert sum(why.contributions) == pytest.approx(why.lead, rel=1e-9, abs=1e-12)
    assert why.by_criterion() == criterion_contributions(problem, a, b, method, normalization)
    # names and labels in both languages, from the case, and the resolved normalisation
    assert why.names("fr") == (case.scenario(a).name_fr, case.scenario(b).name_fr)
    assert why.names("en") == (case.scenario(a).name_en, case.scenario(b).name_en)
    assert why.labels("en") == tuple(c.label_en for c in problem.criteria)
    assert why.labels("fr") != why.labels("en")
    assert why.normalization == result.normalization
    assert why.inputs == InputsKey.of(
        problem, method=method, normalization=result.normalization, case=case
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        why.lead = 0.0  # type: ignore[misc]


def test_reversed_explanation_is_b_against_a(problem, case):
    a, b = problem.alternatives[2], problem.alternatives[6]
    ab = explanation(problem, a, b, case=case)
    ba = explanation(problem, b, a, case=case)
    told = ab.reversed()
    assert (told.a, told.b, told.names("fr")) == (ba.a, ba.b, ba.names("fr"))
    assert told.lead == pytest.approx(ba.lead, abs=1e-12)
    assert told.contributions == pytest.approx(ba.contributions, abs=1e-12)
    assert told.inputs == ab.inputs


def test_explanation_key_follows_weights_and_method(problem, case):
    a, b = problem.alternatives[0], problem.alternatives[3]
    base = explanation(problem, a, b, case=case).inputs
    heavier = case.problem().with_criterion_weights({**WEIGHTS, "land": 0.5})
    assert explanation(heavier, a, b, case=case).inputs.digest != base.digest
    assert explanation(problem, a, b, "copras", case=case).inputs.digest != base.digest
    # another pair of the same state: the same inputs
    assert explanation(problem, b, a, case=case).inputs == base
