"""Why one alternative is ahead of another: its lead shared out over the criteria.

The lead is the score gap (A minus B; B minus A where the method's lower score is better) as the
method itself computes it. Methods such as TOPSIS are not additive, so the gap is shared out with
Shapley values (Shapley 1953, "A value for n-person games"; Lundberg & Lee 2017, NeurIPS, for
explaining a model's output by its inputs).

Written here rather than taken from a library: the SHAP package explains a fitted model from a
background sample, whereas the game here is exact and tiny (2^c coalitions, 16 for four criteria),
all scored in one batched call.

:func:`explanation` is the engine's answer, a typed
:class:`~copilote.decision.core.results.Explanation` (names and labels in both languages, the
lead, the key of its inputs) that the dashboard draws; :func:`criterion_contributions` is its
contributions alone, as a mapping.
"""

from __future__ import annotations

from itertools import combinations
from math import factorial
from typing import Any

import numpy as np

from copilote.decision.core.kernels import batch_scores
from copilote.decision.core.methods import check_normalization, method_spec
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.core.results import Explanation
from copilote.decision.errors import InputError


def explanation(
    problem: DecisionProblem,
    a: str,
    b: str,
    method: str = "topsis",
    normalization: str | None = None,
    *,
    case: Any = None,
) -> Explanation:
    """Why ``a`` is ahead of ``b`` (or behind) under ``method``, as a typed answer.

    The contributions are :func:`criterion_contributions`'s, the lead the score gap they share.

    ``case``, when the problem is a case's, gives the scenarios' names in both languages and the
    data of the inputs key (as :meth:`Ranking.of`).
    """
    spec = method_spec(method)
    norm = check_normalization(spec.name, normalization)
    contributions, lead = _shapley(problem, a, b, spec.name, norm)
    return Explanation.of(
        problem,
        a,
        b,
        contributions,
        method=spec.name,
        normalization=norm,
        lower_is_better=spec.lower_is_better,
        lead=lead,
        case=case,
    )


def criterion_contributions(
    problem: DecisionProblem,
    a: str,
    b: str,
    method: str = "topsis",
    normalization: str | None = None,
) -> dict[str, float]:
    """Per criterion, its share of A's lead over B under ``method`` (positive favours A).

    For a set S of criteria, a hybrid alternative takes A's values on the indicators of S and
    B's elsewhere, and is scored as one more row of the matrix; the value of S is the hybrid's
    score minus B's (sign-corrected). S empty gives 0, S = all criteria gives A's lead. A
    criterion on which A and B are equal contributes exactly 0, and the contributions add up to
    the lead: exactly where one more row inside the observed range leaves the normalisation
    unchanged (TOPSIS with min-max, say), closely otherwise.

    Returns:
        ``{criterion_id: contribution}`` in score units of the method, in criterion order.
    """
    return _shapley(problem, a, b, method, normalization)[0]


def _shapley(
    problem: DecisionProblem, a: str, b: str, method: str, normalization: str | None
) -> tuple[dict[str, float], float]:
    """(criterion id -> Shapley value, the lead they share out), in the method's score units."""
    for name in (a, b):
        if name not in problem.alternatives:
            raise InputError(
                f"unknown alternative '{name}'; expected one of {', '.join(problem.alternatives)}"
            )
    criteria = [c.id for c in problem.criteria]
    member = np.array([[ind.criterion == c for ind in problem.indicators] for c in criteria])
    count = len(criteria)
    subsets = [s for r in range(count + 1) for s in combinations(range(count), r)]
    ia, ib = problem.alternatives.index(a), problem.alternatives.index(b)
    matrix = np.asarray(problem.matrix, dtype=float)
    stack = np.empty((len(subsets), matrix.shape[0] + 1, matrix.shape[1]))
    for k, subset in enumerate(subsets):
        mask = member[list(subset)].any(axis=0) if subset else np.zeros(member.shape[1], bool)
        stack[k, :-1] = matrix
        stack[k, -1] = np.where(mask, matrix[ia], matrix[ib])
    scores = batch_scores(method, stack, problem.weights, problem.types, normalization)
    sign = -1.0 if method_spec(method).lower_is_better else 1.0
    value = {subset: sign * (scores[k, -1] - scores[k, ib]) for k, subset in enumerate(subsets)}
    out = {}
    for j, cid in enumerate(criteria):
        total = 0.0
        for subset in subsets:
            if j in subset:
                continue
            share = factorial(len(subset)) * factorial(count - len(subset) - 1) / factorial(count)
            total += share * (value[tuple(sorted((*subset, j)))] - value[subset])
        out[cid] = float(total)
    # the value of all criteria (A's row) less that of none (B's own row, 0 by construction)
    lead = value[tuple(range(count))] - value[()]
    return out, float(lead)
