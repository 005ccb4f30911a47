"""Annex B of the memo: the method's intermediate tables, without importing pymcdm for TOPSIS.

:func:`copilote.decision.core.mcda.explain` asks pymcdm for its ``verbose=True`` tables; importing
pymcdm brings matplotlib's pyplot and pandas' plotting (about 2 s of the 5 s a PDF memo may take,
issue 15). For TOPSIS, the default method, the same seven tables are computed here from
:func:`copilote.decision.core.kernels.normalize` (the normalisation pymcdm is given anyway, see
``configured_method``) with pymcdm's own arithmetic, step by step, so the values are pymcdm's
(``tests/decision/test_memo_annex.py`` compares them with pymcdm's verbose output). Every other
method, and a degenerate TOPSIS problem, goes through ``explain`` as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from copilote.decision.core import kernels
from copilote.decision.core.methods import check_normalization, method_spec
from copilote.decision.core.problem import DecisionProblem

if TYPE_CHECKING:
    import pandas as pd

#: pymcdm 1.4's TOPSIS tables: caption, symbol, what the rows are (A alternatives, C indicators).
TOPSIS_STEPS = (
    ("Normalized decision matrix", "$r_{ij}$", "A"),
    ("Weighted normalized decision matrix", "$v_{ij}$", "A"),
    ("Negative Ideal Solution", "$v^{-}_{j}$", "C"),
    ("Positive Ideal Solution", "$v^{+}_{j}$", "C"),
    ("Distance from NIS", "$D_i^-$", "A"),
    ("Distance from PIS", "$D_i^+$", "A"),
    ("Final preference values", "$P_i$", "A"),
)


def topsis_steps(
    matrix: np.ndarray, weights: np.ndarray, types: np.ndarray, normalization: str
) -> tuple[np.ndarray, ...] | None:
    """TOPSIS's intermediate arrays in pymcdm's order, or None if one is not finite.

    The same operations as ``pymcdm.methods.TOPSIS._method`` in the same order (row-wise weights,
    ideal points by column max/min, Euclidean distances, closeness ``D- / (D- + D+)``).
    """
    with np.errstate(all="ignore"):
        nmatrix = kernels.normalize(matrix, types, normalization)
        weighted = nmatrix * weights
        pis = np.max(weighted, axis=0)
        nis = np.min(weighted, axis=0)
        d_pis = np.sqrt(np.sum((weighted - pis) ** 2, axis=1))
        d_nis = np.sqrt(np.sum((weighted - nis) ** 2, axis=1))
        closeness = d_nis / (d_nis + d_pis)
    steps = (nmatrix, weighted, nis, pis, d_nis, d_pis, closeness)
    if not all(np.all(np.isfinite(s)) for s in steps):
        return None  # degenerate: explain() says so and gives the defined scores
    return steps


def annex_tables(
    problem: DecisionProblem, method: str, normalization: str | None = None
) -> list[tuple[str, pd.DataFrame]]:
    """The titled tables of :func:`copilote.decision.core.mcda.explain`; no pymcdm for TOPSIS."""
    from copilote.decision.core.mcda import evaluate, explain

    spec = method_spec(method)
    norm = check_normalization(spec.name, normalization)
    if spec.name != "topsis" or norm is None:
        return explain(problem, spec.name, norm)
    matrix = np.asarray(problem.matrix, dtype=float)
    steps = topsis_steps(
        matrix, np.asarray(problem.weights, dtype=float), np.asarray(problem.types), norm
    )
    if steps is None:
        return explain(problem, spec.name, norm)

    import pandas as pd

    names = {"A": list(problem.alternatives), "C": list(problem.indicator_ids)}
    tables: list[tuple[str, pd.DataFrame]] = []
    for (caption, symbol, rows), data in zip(TOPSIS_STEPS, steps, strict=True):
        if data.ndim == 1:
            frame = pd.DataFrame({symbol: data}, index=names[rows])
        else:  # pymcdm adds the symbol to the caption of a matrix only
            frame = pd.DataFrame(data, index=names[rows], columns=names["C"])
            caption = f"{caption} ({symbol})"
        tables.append((caption, frame))
    result = evaluate(problem, spec.name, norm)
    tables.append(
        (
            f"{spec.label}: final scores and ranks",
            pd.DataFrame(
                {"score": result.scores, "rank": result.ranks}, index=list(problem.alternatives)
            ),
        )
    )
    return tables
