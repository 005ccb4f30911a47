"""Annex B of the memo: the method's intermediate tables, without importing pymcdm for TOPSIS.

:func:`copilote.decision.core.mcda.explain` asks pymcdm for its ``verbose=True`` tables; importing
pymcdm brings matplotlib's pyplot and pandas' plotting (about 2 s of the 5 s a PDF memo may take,
issue 15). For TOPSIS, the default method, the same seven tables are computed here from
:func:`copilote.decision.core.kernels.normalize` (the normalisation pymcdm is given anyway, see
``configured_method``) with pymcdm's own arithmetic, step by step, so the values are pymcdm's
(``tests/decision/test_memo_annex.py`` compares them with pymcdm's verbose output). Every other
method, and a degenerate TOPSIS problem, goes through ``explain`` as before.

The TOPSIS tables are :class:`Frame` objects, not pandas DataFrames: the memo reads only their
row names, column names and numbers, and importing pandas for that took 0.3 to 0.4 s of a memo.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True, eq=False)
class Frame:
    """A table of numbers with named rows and columns: what the memo reads of a DataFrame.

    ``values`` is a float array, one row per name of ``index``, one column per name of
    ``columns``; :meth:`iterrows` and :meth:`to_numpy` behave as pandas' do on such a frame (a
    frame of floats and integers gives float rows there too).
    """

    index: tuple[str, ...]
    columns: tuple[str, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        if self.values.shape != (len(self.index), len(self.columns)):
            raise ValueError(
                f"{self.values.shape} values for {len(self.index)} rows "
                f"and {len(self.columns)} columns"
            )

    def iterrows(self) -> Iterator[tuple[str, np.ndarray]]:
        """(row name, the row's values) for each row, in order."""
        return zip(self.index, self.values, strict=True)

    def to_numpy(self, dtype: Any = float) -> np.ndarray:
        """The values as an array of ``dtype``."""
        return self.values.astype(dtype)


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
) -> Sequence[tuple[str, pd.DataFrame | Frame]]:
    """The titled tables of :func:`copilote.decision.core.mcda.explain`; for TOPSIS, the same
    as :class:`Frame` objects, without pymcdm or pandas."""
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

    names = {"A": tuple(problem.alternatives), "C": tuple(problem.indicator_ids)}
    tables: list[tuple[str, pd.DataFrame | Frame]] = []
    for (caption, symbol, rows), data in zip(TOPSIS_STEPS, steps, strict=True):
        if data.ndim == 1:
            frame = Frame(names[rows], (symbol,), np.asarray(data, dtype=float)[:, np.newaxis])
        else:  # pymcdm adds the symbol to the caption of a matrix only
            frame = Frame(names[rows], names["C"], np.asarray(data, dtype=float))
            caption = f"{caption} ({symbol})"
        tables.append((caption, frame))
    result = evaluate(problem, spec.name, norm)
    scores = np.column_stack([np.asarray(result.scores, float), np.asarray(result.ranks, float)])
    tables.append(
        (f"{spec.label}: final scores and ranks", Frame(names["A"], ("score", "rank"), scores))
    )
    return tables
