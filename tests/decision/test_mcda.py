"""decision.core.mcda: one evaluation through pymcdm, degenerate cases defined, explain() tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilote.decision.core.mcda import MethodResult, evaluate, evaluate_matrix, explain
from copilote.decision.core.methods import METHODS, make_method
from copilote.decision.core.problem import DecisionProblem, Indicator
from copilote.decision.errors import InputError

MATRIX = np.array(
    [
        [1200.0, 850.0, 3.1, 2.0],
        [900.0, 1100.0, 2.4, 4.5],
        [1500.0, 700.0, 4.0, 1.0],
        [1000.0, 950.0, 2.9, 3.0],
    ]
)


def make_problem(matrix=MATRIX, weights=(0.4, 0.3, 0.2, 0.1)):
    indicators = (
        Indicator("heat", "Chaleur livrée", "Heat delivered", "MWh/an", "max", "energy"),
        Indicator("cost", "Coût", "Cost", "k€", "min", "cost"),
        Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
        Indicator("land", "Foncier", "Land", "ha", "min", "land"),
    )
    return DecisionProblem(("A", "B", "C", "D"), indicators, np.array(matrix), np.array(weights))


@pytest.mark.parametrize("method", sorted(METHODS))
def test_evaluate_is_pymcdm(method):
    problem = make_problem()
    result = evaluate(problem, method)
    expected = make_method(method, problem.matrix)(
        problem.matrix, problem.weights, problem.types, validation=False
    )
    assert isinstance(result, MethodResult)
    assert result.method == method
    assert result.lower_is_better == METHODS[method].lower_is_better
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=1e-12)
    assert sorted(result.ranks) == [1, 2, 3, 4]
    best = np.argmin(result.scores) if result.lower_is_better else np.argmax(result.scores)
    assert result.ranks[best] == 1


def test_evaluate_matrix_scales_weights_and_reports_normalisation():
    a = evaluate_matrix(MATRIX, [4, 3, 2, 1], [1, -1, -1, -1], "topsis")
    b = evaluate(make_problem(), "topsis")
    np.testing.assert_allclose(a.scores, b.scores, rtol=0, atol=1e-15)
    assert a.normalization == "minmax"
    assert evaluate_matrix(MATRIX, [1] * 4, [1, -1, -1, -1], "vikor").normalization is None
    assert evaluate_matrix(MATRIX, [1] * 4, [1, -1, -1, -1], "wsm", "vector").normalization == (
        "vector"
    )


def test_dominated_alternative_is_ranked_without_warning():
    # pymcdm's validation warns on a dominated alternative; pytest turns warnings into errors.
    worst = [[800.0, 1200.0, 5.0, 5.0]]
    result = evaluate_matrix(np.vstack([MATRIX, worst]), [1] * 4, [1, -1, -1, -1], "topsis")
    assert result.ranks[-1] == 5


def test_zero_weight_is_allowed():
    result = evaluate(make_problem(weights=(0.5, 0.5, 0.0, 0.0)), "topsis")
    assert np.all(np.isfinite(result.scores))


def test_vikor_constant_indicator_is_defined_not_an_error():
    matrix = MATRIX.copy()
    matrix[:, 3] = 2.0  # every scenario takes 2 ha
    result = evaluate(make_problem(matrix), "vikor")
    without = evaluate_matrix(MATRIX[:, :3], [0.4, 0.3, 0.2], [1, -1, -1], "vikor")
    np.testing.assert_allclose(result.scores, without.scores, rtol=0, atol=1e-12)


def test_domain_error_names_the_indicator():
    matrix = MATRIX.copy()
    matrix[1, 2] = 0.0  # sum normalisation (WSM's default) needs values > 0
    with pytest.raises(InputError, match="indicator 'nox': sum normalisation needs values > 0"):
        evaluate(make_problem(matrix), "wsm")


def test_never_nan_outside_a_method_domain():
    # Zavadskas-Turskis gives negative values here, and MABAC's geometric mean of them is NaN.
    with pytest.raises(InputError, match="MABAC with zavadskas_turskis normalisation is undefined"):
        evaluate_matrix([[1.0], [4.0]], [1.0], [-1], "mabac", "zavadskas_turskis")


@pytest.mark.parametrize(
    ("method", "normalization", "message"),
    [("electre", None, "unknown method"), ("promethee_ii", "minmax", "takes no normalisation")],
)
def test_bad_method_choices(method, normalization, message):
    with pytest.raises(InputError, match=message):
        evaluate(make_problem(), method, normalization)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_explain_gives_titled_labelled_tables(method):
    problem = make_problem()
    tables = explain(problem, method)
    assert len(tables) >= 2
    for title, frame in tables:
        assert isinstance(title, str) and title
        assert isinstance(frame, pd.DataFrame) and not frame.empty
    title, final = tables[-1]
    assert "final scores and ranks" in title
    result = evaluate(problem, method)
    assert list(final.index) == ["A", "B", "C", "D"]
    np.testing.assert_array_equal(final["score"], result.scores)
    np.testing.assert_array_equal(final["rank"], result.ranks)


def test_explain_topsis_uses_names():
    tables = dict(explain(make_problem(), "topsis"))
    normalized = tables["Normalized decision matrix ($r_{ij}$)"]
    assert list(normalized.index) == ["A", "B", "C", "D"]
    assert list(normalized.columns) == ["heat", "cost", "nox", "land"]
    pis = tables["Positive Ideal Solution"]
    assert list(pis.index) == ["heat", "cost", "nox", "land"]


def test_explain_degenerate_problem_gives_the_defined_result():
    matrix = MATRIX.copy()
    matrix[:, 0] = 1000.0
    tables = explain(make_problem(matrix), "vikor")
    assert len(tables) == 1
    title, final = tables[0]
    assert "degenerate" in title
    assert np.all(np.isfinite(final["score"]))


def test_applicable_methods_on_the_bundled_case():
    """Exactly the method x normalisation choices that rank the bundled case are offered.

    Of the 12 methods x (own + 9 normalisations) = 120 choices a page used to offer, 54 are
    refused outright (a method that takes no normalisation) and 30 by the values (land take is
    0 ha for seven scenarios: sum, logarithmic, linear, nonlinear and Zavadskas-Turskis are
    undefined on it); the 36 that work are 34 distinct ones (TOPSIS and MABAC's own is minmax).
    """
    from copilote.decision.case.loading import load_case
    from copilote.decision.core.mcda import applicable_methods
    from copilote.decision.core.methods import NORMALIZATIONS, normalization_choices

    problem = load_case(None).problem()
    offered = applicable_methods(problem)
    working = set()
    for name in METHODS:
        for normalization in (None, *NORMALIZATIONS):
            try:
                evaluate(problem, name, normalization)
            except InputError:
                continue
            working.add((name, normalization))
    assert len(working) == 36
    listed = {(m, n) for m, choices in offered.items() for n in choices}
    assert listed <= working
    # every working pair is listed, once (a method's own normalisation named is None)
    for name, normalization in working:
        own = METHODS[name].default_normalization
        assert (name, None if normalization == own else normalization) in listed
    assert offered["wsm"] == ("minmax", "max", "vector", "enhanced_accuracy")
    assert "sum" not in offered["aras"] and None not in offered["waspas"]
    assert offered["copras"] == (None,) == normalization_choices("promethee_ii")


def test_applicable_methods_keeps_every_choice_on_positive_values():
    from copilote.decision.core.mcda import applicable_methods
    from copilote.decision.core.methods import normalization_choices

    offered = applicable_methods(make_problem())
    assert offered["wsm"][0] is None and "sum" not in offered["wsm"]  # sum is WSM's own
    assert set(offered) == set(METHODS)
    assert all(set(c) <= set(normalization_choices(m)) for m, c in offered.items())


def test_compare_methods_ranks_each_method_under_its_first_working_choice():
    """The method comparison (the analyst's table): every method, the reference agreeing with
    itself (rw = 1), each under the first normalisation that ranks the case, and a method that
    cannot rank says why instead of giving ranks."""
    from copilote.decision.case.loading import load_case
    from copilote.decision.core.mcda import applicable_methods, compare_methods

    problem = load_case(None).problem()
    offered = applicable_methods(problem)
    found = {row.method: row for row in compare_methods(problem, "topsis")}
    assert set(found) == set(METHODS)
    assert found["topsis"].agreement == pytest.approx(1.0)
    assert found["wsm"].normalization == "minmax" == offered["wsm"][0]
    np.testing.assert_array_equal(
        found["vikor"].ranks, evaluate(problem, "vikor", offered["vikor"][0]).ranks
    )
    # a choice that does not rank the case: no ranks, the engine's reason, no agreement
    refused = compare_methods(problem, "topsis", choices={"wsm": ("sum",)})
    wsm = next(row for row in refused if row.method == "wsm")
    assert wsm.ranks is None and wsm.note and np.isnan(wsm.agreement)
