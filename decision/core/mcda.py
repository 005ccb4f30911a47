"""One MCDA evaluation, pymcdm's numbers, with its degenerate cases defined.

A method with a batched kernel (:data:`decision.core.kernels.BATCHED`, tested equal to pymcdm to
1e-9) is computed by it, so that ranking a table does not import pymcdm; the other methods are
pymcdm's own (configured by :func:`decision.core.methods.make_method`). One evaluation is
:func:`decision.core.kernels.method_scores`, beside the batched kernels it uses, so that neither
module needs the other back.

Where pymcdm raises, warns or returns NaN on degenerate input, the result is defined once, in
:mod:`decision.core.kernels` (its module docstring lists the rules), and used here as follows:

- normalisations go through :func:`decision.core.kernels.normalize` (pymcdm's formulas, with a
  constant column normalised as a column of 2s where pymcdm's formula is undefined on it);
- values outside a method's domain (e.g. 0 under ``sum`` normalisation) are
  :class:`~copilote.decision.errors.InputError` naming the indicator;
- where pymcdm still raises or returns a non-finite score on a degenerate problem (VIKOR with a
  constant column, TOPSIS or EDAS when no alternative differs, COPRAS or MOORA without an
  indicator to minimise), the score is the batched kernel's, whose formulas equal pymcdm's
  wherever pymcdm is defined and define ``0/0`` spreads as 0. Never a silent NaN.

pymcdm's input validation is turned off (``validation=False``): its warnings about dominated
alternatives or zero weights are not errors here (a dominated alternative is ranked, zero weights
are allowed), and we validate inputs ourselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.core import kernels
from copilote.decision.core.kernels import configured_method, method_scores
from copilote.decision.core.methods import (
    METHODS,
    check_normalization,
    method_spec,
    normalization_choices,
    rank_scores,
)
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.errors import InputError

if TYPE_CHECKING:  # pandas is imported where a table is built (explain): rank need not pay it
    import pandas as pd


@dataclass(frozen=True)
class MethodResult:
    """The outcome of one method on one problem.

    Attributes:
        method: method name (``topsis``).
        normalization: the normalisation used, by name; None where the method takes none.
        scores: preference values ``[m]``, in the alternatives' order.
        ranks: ``[m]``, 1 is best, ties share the average rank.
        lower_is_better: True where a lower score ranks first (VIKOR, SPOTIS).
    """

    method: str
    normalization: str | None
    scores: NDArray[np.float64]
    ranks: NDArray[np.float64]
    lower_is_better: bool


def evaluate(
    problem: DecisionProblem, method: str = "topsis", normalization: str | None = None
) -> MethodResult:
    """Rank the alternatives of ``problem`` with ``method`` (pymcdm)."""
    return _evaluate(
        problem.matrix,
        problem.weights,
        problem.types,
        method,
        normalization,
        problem.indicator_ids,
    )


def evaluate_matrix(
    matrix: ArrayLike,
    weights: ArrayLike,
    types: ArrayLike,
    method: str,
    normalization: str | None = None,
) -> MethodResult:
    """Rank the rows of ``matrix`` ``[m, n]``; ``weights`` ``[n]`` are scaled to sum 1.

    ``types`` holds 1 for an indicator to maximise, -1 to minimise.
    """
    return _evaluate(matrix, weights, types, method, normalization, None)


def _evaluate(
    matrix: ArrayLike,
    weights: ArrayLike,
    types: ArrayLike,
    method: str,
    normalization: str | None,
    names: Sequence[str] | None,
) -> MethodResult:
    spec = method_spec(method)
    norm = check_normalization(spec.name, normalization)
    x, w, t = _single_problem(matrix, weights, types)
    scores = method_scores(spec.name, x, w, t, norm, names)
    return MethodResult(
        method=spec.name,
        normalization=norm,
        scores=scores,
        ranks=rank_scores(spec.name, scores),
        lower_is_better=spec.lower_is_better,
    )


def applicable_methods(problem: DecisionProblem) -> dict[str, tuple[str | None, ...]]:
    """Which methods and normalisations rank ``problem``: method -> normalisations that work.

    None stands for the method's own normalisation. A choice is left out when the method takes no
    normalisation (:func:`copilote.decision.core.methods.normalization_choices`) or when its
    formula is undefined on the problem's values (a 0 ha land take under ``sum``, say); a method
    none of whose choices work is left out. Weights play no part (only the values' domain), so
    the answer holds for the problem whatever the weights; it costs one evaluation per choice
    (about 60 on the bundled case, a few tens of milliseconds).
    """
    out: dict[str, tuple[str | None, ...]] = {}
    for name in METHODS:
        working = []
        for normalization in normalization_choices(name):
            try:
                evaluate(problem, name, normalization)
            except InputError:
                continue
            working.append(normalization)
        if working:
            out[name] = tuple(working)
    return out


def weighted_spearman(reference: NDArray[np.float64], ranks: NDArray[np.float64]) -> float:
    """pymcdm's weighted Spearman ``rw`` between two rankings (1: identical; top ranks weigh
    more; Pinto da Costa & Soares 2005)."""
    from pymcdm import correlations  # here: ranking a table does not load pymcdm

    return float(correlations.weighted_spearman(np.asarray(reference), np.asarray(ranks)))


@dataclass(frozen=True)
class MethodRanks:
    """One method's ranking of a problem, beside the reference method's.

    Attributes:
        method: the method; normalization: the one it ran with (None: its own).
        ranks: (m,) ranks of the alternatives (1 best), None where the method cannot rank them.
        agreement: weighted Spearman ``rw`` with the reference ranking (NaN without ranks).
        note: why there are no ranks (the engine's message), else "".
    """

    method: str
    normalization: str | None
    ranks: NDArray[np.float64] | None
    agreement: float
    note: str


def compare_methods(
    problem: DecisionProblem,
    method: str,
    normalization: str | None = None,
    choices: Mapping[str, Sequence[str | None]] | None = None,
) -> tuple[MethodRanks, ...]:
    """Every method's ranking of ``problem`` and its agreement with ``method``'s.

    Each method runs under its first normalisation in ``choices`` (default
    :func:`applicable_methods`: the first that ranks the problem, its own if it can); a method
    with no working choice runs under its own and says why it cannot rank.
    """
    reference = evaluate(problem, method, normalization).ranks
    choices = applicable_methods(problem) if choices is None else choices
    out = []
    for name in METHODS:
        working = choices.get(name, ())
        norm = working[0] if working else None
        try:
            ranks = np.asarray(evaluate(problem, name, norm).ranks, dtype=float)
        except InputError as err:
            out.append(MethodRanks(name, norm, None, float("nan"), str(err)))
            continue
        out.append(MethodRanks(name, norm, ranks, weighted_spearman(reference, ranks), ""))
    return tuple(out)


def _single_problem(
    matrix: ArrayLike, weights: ArrayLike, types: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int_]]:
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2:
        raise InputError(f"matrix must have shape [alternatives, indicators], got {x.shape}")
    x3, w, t = kernels.prepare_batch(x, weights, types)
    if w.shape[0] != 1:
        raise InputError(f"one weight vector expected, got {w.shape[0]}")
    return x3[0], np.array(w[0]), t


def explain(
    problem: DecisionProblem, method: str, normalization: str | None = None
) -> list[tuple[str, pd.DataFrame]]:
    """pymcdm's intermediate tables (``verbose=True``), titled, for the memo annex.

    Rows and columns are labelled with the alternatives' and indicators' names. The last table
    holds the final scores and ranks of :func:`evaluate`. On a degenerate problem where pymcdm
    cannot run (see the module docstring), only that last table is given, with a title saying so.
    """
    import pandas as pd

    spec = method_spec(method)
    norm = check_normalization(spec.name, normalization)
    result = evaluate(problem, spec.name, norm)
    tables: list[tuple[str, pd.DataFrame]] = []
    pymcdm_method = configured_method(spec.name, problem.matrix, norm)
    try:
        with np.errstate(all="ignore"):
            explained = pymcdm_method(
                problem.matrix, problem.weights, problem.types, validation=False, verbose=True
            )
        steps = list(explained.results)
    except ValueError:
        steps = []
    if any(not np.all(np.isfinite(np.asarray(s.data, dtype=float))) for s in steps):
        steps = []
    labels = {"A": list(problem.alternatives), "C": list(problem.indicator_ids)}
    for step in steps:
        tables.append((step.caption, _frame(step, labels)))
    final_title = f"{spec.label}: final scores and ranks"
    if not steps:
        final_title += " (degenerate problem, defined in copilote.decision.core.kernels)"
    tables.append(
        (
            final_title,
            pd.DataFrame(
                {"score": result.scores, "rank": result.ranks}, index=list(problem.alternatives)
            ),
        )
    )
    return tables


def _frame(step: Any, labels: dict[str, list[str]]) -> pd.DataFrame:
    import pandas as pd

    data = np.asarray(step.data, dtype=float)
    rows = labels.get(step.desc.rows) if isinstance(step.desc.rows, str) else None
    if rows is None or len(rows) != data.shape[0]:
        rows = [str(r) for r in step.row_labels]
    if data.ndim == 1:
        return pd.DataFrame({step.desc.symbol or step.desc.label: data}, index=rows)
    cols = labels.get(step.desc.cols) if isinstance(step.desc.cols, str) else None
    if cols is None or len(cols) != data.shape[1]:
        cols = [str(c) for c in step.col_labels]
    return pd.DataFrame(data, index=rows, columns=cols)
