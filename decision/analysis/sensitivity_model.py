"""What a sensitivity study varies (its factors) and how one row of factor values is ranked.

A *factor* is one input the study draws at random:

- a weight ``w:<criterion>`` (a case: energy, cost, air, land) or ``w:<indicator>`` (a CSV
  table), drawn uniformly in [lo x nominal, hi x nominal] (``weight_range`` = (lo, hi)); the
  drawn raw weights are then divided by their sum;
- an uncertain parameter of a case, drawn uniformly in its [low, high], in its own unit;
- the MCDA method, one categorical factor: u drawn uniformly in [0, 1) picks
  ``methods[floor(u x len(methods))]``.

Weights whose nominal value is 0 stay 0 and are not factors (their range would be empty), as are
parameters with low = high.

Why raw weights then normalised: Sobol's decomposition needs independent inputs. The raw
weights are drawn independently, and the ranking is a deterministic function of them (normalise,
then score), so the decomposition is exact for the raw weights. Normalised weights are not
independent (they sum to 1), and Sobol indices of dependent inputs are not defined in the usual
sense. The price is in the reading: the index of ``w:cost`` measures how much the ranking
depends on how strongly cost is stressed *relative to its nominal weight*, its effect through
the other weights' shares included. All MCDA methods here rank the same under a common scaling
of the weights, so normalising changes no ranking; it only makes the weights the committee sees.

Evaluation of k rows is batched: the case's vectorised model gives the k performance matrices at
once (``Case.evaluate``) and :mod:`copilote.decision.core.kernels` scores them at once. A Saltelli
design of a case with a model is evaluated block by block, each scenario's model run only where
a parameter it reads moved (:meth:`StudyModel.evaluate`): the same numbers, to the bit.
"""

from __future__ import annotations

import math
import os
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.analysis.red_lines import (
    RedLine,
    admissible_first,
    admissible_first_by_scenario,
    margins,
    margins_by_scenario,
)
from copilote.decision.analysis.sensitivity_sobol import SaltelliDesign
from copilote.decision.core import kernels
from copilote.decision.core.methods import METHODS, check_normalization, method_spec
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError

GROUPS = ("weights", "parameters", "method")
WEIGHT_PREFIX = "w:"
METHOD_FACTOR = "method"
#: Each weight varies between these multiples of its nominal value unless asked otherwise: from
#: half to double, a disagreement between stakeholders of a factor of four (a convention of this
#: project, shown on every result).
DEFAULT_WEIGHT_RANGE = (0.5, 2.0)
#: Rows evaluated at once: bounds memory (k x scenarios x indicators floats per chunk).
CHUNK_ROWS = 16384
#: Base points per task when a design is evaluated block by block (:meth:`StudyModel.evaluate`):
#: the model's Python overhead per call is paid once per scenario and task, so tasks are long;
#: at N = 4096, one task is one whole block.
BLOCK_ROWS = 4096
#: Blocks of a design evaluated together (see :meth:`StudyModel.evaluate`).
GROUP_BLOCKS = 8
#: Groups of blocks the case model runs ahead of the scoring on two threads.
PIPELINE_AHEAD = 2
#: Chunks evaluated at once (threads): at most 2, the cores of the machine the benchmark targets.
THREADS = min(2, os.cpu_count() or 1)

Progress = Callable[[str, int, int], None]
Column = Callable[[int], NDArray[np.float64]]
"""``column(j)``: factor j's values in k rows."""
"""``progress(stage, done, total)``: called as work advances (stage is a short English label)."""


class CaseLike(Protocol):
    """What a study needs of :class:`decision.case.loading.Case` (its contract in
    docs/contracts.md)."""

    id: str

    @property
    def parameters(self) -> Any: ...

    def evaluate(self, samples: Mapping[str, NDArray[np.float64]] | None = None) -> Any: ...

    def problem(self, weights: Any = None) -> DecisionProblem: ...


@dataclass(frozen=True)
class Factor:
    """One input drawn by the study.

    Attributes:
        name: ``w:cost``, a parameter name (``gas_price_eur_per_kwh``) or ``method``.
        group: ``weights``, ``parameters`` or ``method``.
        low, high: range drawn uniformly (for ``method``, [0, 1) mapped to a method).
        nominal: value at the nominal point (a weight: its normalised nominal weight).
        unit: unit of low/high (empty for weights and method).
        label_fr, label_en: what a committee reads (``le poids donné au coût``'s noun part).
    """

    name: str
    group: str
    low: float
    high: float
    nominal: float
    unit: str = ""
    label_fr: str = ""
    label_en: str = ""

    def to_json(self) -> dict[str, object]:
        """``{"name", "group", "low", "high"}`` as issue #4 asks."""
        return {"name": self.name, "group": self.group, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class WeightStructure:
    """How the weights a study varies map to the problem's indicator weights.

    Attributes:
        level: ``criterion`` or ``indicator``.
        ids: the varied weights' targets (criterion or indicator ids), in order.
        labels_fr, labels_en: their display labels.
        nominal: their nominal weights, summing to 1.
        split: shape (len(ids), indicators): indicator weights = weights @ split. At criterion
            level each row holds the criterion's indicators' nominal shares (equal shares for a
            criterion of weight 0).
    """

    level: str
    ids: tuple[str, ...]
    labels_fr: tuple[str, ...]
    labels_en: tuple[str, ...]
    nominal: NDArray[np.float64]
    split: NDArray[np.float64]

    def names(self) -> list[str]:
        """Factor names, ``w:<id>``."""
        return [WEIGHT_PREFIX + i for i in self.ids]


def weight_structure(problem: DecisionProblem, level: str = "criterion") -> WeightStructure:
    """The weights at ``level`` (``criterion`` or ``indicator``) and their split to indicators."""
    n = len(problem.indicators)
    if level == "indicator":
        return WeightStructure(
            "indicator",
            problem.indicator_ids,
            tuple(i.label_fr for i in problem.indicators),
            tuple(i.label_en for i in problem.indicators),
            np.array(problem.weights, dtype=float),
            np.eye(n),
        )
    if level != "criterion":
        raise InputError(f"weight level '{level}': expected criterion or indicator")
    crit = problem.criteria
    cw = problem.criterion_weights
    split = np.zeros((len(crit), n))
    for c, criterion in enumerate(crit):
        members = [k for k, ind in enumerate(problem.indicators) if ind.criterion == criterion.id]
        total = cw[criterion.id]
        for k in members:
            split[c, k] = problem.weights[k] / total if total > 0 else 1.0 / len(members)
    return WeightStructure(
        "criterion",
        tuple(c.id for c in crit),
        tuple(c.label_fr for c in crit),
        tuple(c.label_en for c in crit),
        np.array([cw[c.id] for c in crit], dtype=float),
        split,
    )


def score_rows(
    method: str,
    matrix: NDArray[np.float64],
    weights: NDArray[np.float64],
    types: NDArray[np.int_],
    normalization: str | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Scores and ranks, each (k, m), through the batched kernels (the one scoring path)."""
    scores = np.asarray(kernels.batch_scores(method, matrix, weights, types, normalization))
    if scores.ndim == 1:
        scores = scores[None, :]
    ranks = np.asarray(kernels.batch_ranks(method, scores), dtype=float)
    return scores, ranks


class Evaluation:
    """Scores, ranks and the method used, for k rows of factor values.

    Attributes (each in the rows' order, built on first use when the rows were evaluated block
    by block; see :meth:`blocks`):
        scores: (k, m), the method's preference values (VIKOR, SPOTIS: lower is better).
        ranks: (k, m), 1 best, ties share the average rank.
        method_index: (k,), index in :attr:`StudyModel.methods` of the method of each row.
        margins: (k, m, L) how far each scenario is beyond each red line in each row (> 0:
            crossed; see :func:`decision.analysis.red_lines.margins`); None without red lines.
            With red lines, ``ranks`` put the scenarios crossing none first in each row.
        crossings: (m, L + 1) with red lines (else None): in how many rows each scenario crosses
            each line (columns 0..L-1) and any line (column L), counted chunk by chunk while the
            chunk's margins are still in the CPU caches (a second pass over the (k, m, L)
            margins cost a tenth of the red lines' time).

    A study reads one output at a time (a scenario's rank over all rows): :meth:`values` gives
    it in the order the evaluation stored it, :meth:`in_row_order` puts such a vector in the
    rows' order. A design evaluated block by block is stored block after block, output by
    output ((m, d + 2, N): contiguous per scenario), and never rearranged whole: the (k, m)
    arrays in the design's order, fresh memory, cost 12 ms each at N = 4096 (page faults).
    """

    def __init__(
        self,
        scores: NDArray[np.float64],
        ranks: NDArray[np.float64],
        method_index: NDArray[np.int_],
        margins: NDArray[np.float64] | list[NDArray[np.float64]] | None = None,
        crossings: NDArray[np.int_] | None = None,
        *,
        blocks: int | None = None,
    ) -> None:
        """Rows in order, (k, m) arrays as the attributes; or, with ``blocks`` = d + 2, block
        order output by output: scores and ranks (m, d + 2, N), method_index (d + 2, N), margins
        a list of L arrays (m, d + 2, N), one per line, where block t of base point p is row
        p (d + 2) + t. (One array per line: below 32 MB each, glibc's malloc reuses their memory
        from study to study, where one (m, L, d + 2, N) array, 48 MB at N = 4096 with two lines,
        was mapped and faulted in afresh every time.)"""
        self._scores = scores
        self._ranks = ranks
        self._index = method_index
        # margins in the rows' order (k, m, L), or stored by blocks: one (m, d + 2, N) per line
        self._margins: NDArray[np.float64] | None = None
        self._line_blocks: list[NDArray[np.float64]] | None = None
        if isinstance(margins, list):
            self._line_blocks = margins
        else:
            self._margins = margins
        self.crossings = crossings
        self._blocks = blocks
        self.rows = int(method_index.size)
        self._cache: dict[str, Any] = {}

    @property
    def blocks(self) -> int | None:
        """d + 2 when stored block after block (see the class), None when in the rows' order."""
        return self._blocks

    # -- one output at a time, in the stored order ---------------------------------------------
    def values(self, kind: str, i: int = 0, j: int = 0) -> NDArray[Any]:
        """(k,) one output in the stored order: ``score``/``rank`` of scenario i, ``margin`` of
        scenario i to line j, ``method`` (the method index)."""
        if self._blocks is None:
            table = {"score": self._scores, "rank": self._ranks}
            if kind in table:
                return table[kind][:, i]
            if kind == "margin":
                assert self._margins is not None
                return self._margins[:, i, j]
            return self._index
        if kind == "score":
            return self._scores[i].reshape(-1)
        if kind == "rank":
            return self._ranks[i].reshape(-1)
        if kind == "margin":
            assert self._line_blocks is not None
            return self._line_blocks[j][i].reshape(-1)
        return self._index.reshape(-1)

    def in_row_order(
        self, values: NDArray[np.float64], out: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        """(k,) contiguous: ``values`` (from :meth:`values`, or computed from them value by
        value) in the rows' order, written into ``out`` if given."""
        if out is None:
            out = np.empty(self.rows)
        if self._blocks is None:
            np.copyto(out, values)
        else:
            step = self._blocks
            np.copyto(out.reshape(-1, step), values.reshape(step, -1).T)
        return out

    # -- whole arrays in the rows' order (built once when stored by blocks) ------------------
    @property
    def scores(self) -> NDArray[np.float64]:
        """(k, m) scores in the rows' order."""
        return self._whole("scores", self._scores)

    @property
    def ranks(self) -> NDArray[np.float64]:
        """(k, m) ranks in the rows' order."""
        return self._whole("ranks", self._ranks)

    @property
    def method_index(self) -> NDArray[np.int_]:
        """(k,) method index of each row."""
        if self._blocks is None:
            return self._index
        if "index" not in self._cache:
            self._cache["index"] = np.ascontiguousarray(self._index.T).reshape(-1)
        return np.asarray(self._cache["index"])

    @property
    def margins(self) -> NDArray[np.float64] | None:
        """(k, m, L) margins in the rows' order; None without red lines."""
        if self._line_blocks is None:
            return self._margins
        if "margins" not in self._cache:
            # L x (m, d + 2, N) -> (N, d + 2, m, L)
            moved = np.stack(self._line_blocks, axis=-1).transpose(2, 1, 0, 3)
            m, lines = moved.shape[2:]
            self._cache["margins"] = np.ascontiguousarray(moved).reshape(-1, m, lines)
        return np.asarray(self._cache["margins"])

    def _whole(self, key: str, stored: NDArray[np.float64]) -> NDArray[np.float64]:
        if self._blocks is None:
            return stored
        if key not in self._cache:
            m = stored.shape[0]
            # (m, d + 2, N) -> (N, d + 2, m)
            self._cache[key] = np.ascontiguousarray(stored.transpose(2, 1, 0)).reshape(-1, m)
        return np.asarray(self._cache[key])

    def violation_shares(self) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
        """(any (m,), each (m, L)) shares of rows crossing lines, as
        :func:`decision.analysis.red_lines.violation_probability` gives them; None without
        lines."""
        if self.crossings is None:
            return None
        return self.crossings[:, -1] / self.rows, self.crossings[:, :-1] / self.rows


class StudyModel:
    """A decision (a table or a case) with the factors a study varies, able to rank k rows.

    Args:
        source: a :class:`DecisionProblem` (a table) or a case.
        weights: nominal weights: None (the problem's, or the case's default), ``{id: w}``
            (criteria or indicators) or a vector (indicators, or criteria for a case).
        method, normalization: the nominal MCDA method.
        over: which groups vary, among ``weights``, ``parameters`` (a case only), ``method``.
        weight_range: (lo, hi): each weight is drawn in [lo, hi] x its nominal value.
        methods: the methods the ``method`` factor picks from (default: the nominal method
            first, then every other method with a batched kernel, in registry order).
        red_lines: limits no weight buys back: in each row, a scenario beyond one is ranked
            after every scenario beyond none (its score is kept).
    """

    def __init__(
        self,
        source: DecisionProblem | CaseLike,
        *,
        weights: Mapping[str, float] | ArrayLike | None = None,
        method: str = "topsis",
        normalization: str | None = None,
        over: Sequence[str] = ("weights", "parameters"),
        weight_range: tuple[float, float] = DEFAULT_WEIGHT_RANGE,
        methods: Sequence[str] | None = None,
        red_lines: Sequence[RedLine] = (),
    ) -> None:
        self.method = method_spec(method).name
        self.normalization = check_normalization(self.method, normalization)
        self.case: CaseLike | None = None if isinstance(source, DecisionProblem) else source
        self.problem = nominal_problem(source, weights)
        self.over = _check_over(over, is_case=self.case is not None)
        lo, hi = _check_range(weight_range)
        self.weight_range = (lo, hi)
        level = "criterion" if self.case is not None else "indicator"
        self.weights = weight_structure(self.problem, level)
        self.types = self.problem.types
        self.methods = (
            _method_choices(self.method, methods, self.problem) if "method" in self.over else ()
        )
        self.parameters = _case_parameters(self.case) if self.case is not None else ()
        self.red_lines: tuple[RedLine, ...] = tuple(red_lines)

        factors: list[Factor] = []
        if "weights" in self.over:
            for wid, fr, en, w in zip(
                self.weights.ids,
                self.weights.labels_fr,
                self.weights.labels_en,
                self.weights.nominal,
                strict=True,
            ):
                if w > 0:
                    factors.append(
                        Factor(WEIGHT_PREFIX + wid, "weights", lo * w, hi * w, float(w), "", fr, en)
                    )
        if "parameters" in self.over:
            for p in self.parameters:
                if float(p.high) > float(p.low):
                    factors.append(
                        Factor(
                            str(p.name),
                            "parameters",
                            float(p.low),
                            float(p.high),
                            float(p.nominal),
                            str(getattr(p, "unit", "")),
                            str(getattr(p, "label_fr", "") or p.name),
                            str(getattr(p, "label_en", "") or p.name),
                        )
                    )
        if "method" in self.over and len(self.methods) > 1:
            factors.append(
                Factor(METHOD_FACTOR, "method", 0.0, 1.0, 0.0, "", "la méthode", "the method")
            )
        if not factors:
            raise InputError(
                f"nothing to vary: no factor with a non-empty range in --over {','.join(self.over)}"
            )
        self.factors: tuple[Factor, ...] = tuple(factors)
        names = [f.name for f in factors]
        self._weight_cols = [
            (k, names.index(WEIGHT_PREFIX + wid))
            for k, wid in enumerate(self.weights.ids)
            if WEIGHT_PREFIX + wid in names
        ]
        self._param_cols = [(f.name, j) for j, f in enumerate(factors) if f.group == "parameters"]
        self._method_col = names.index(METHOD_FACTOR) if METHOD_FACTOR in names else None
        # The weight each indicator's weight is a share of, when there is one (criteria).
        nonzero = self.weights.split != 0
        self._owner: tuple[NDArray[np.int_], NDArray[np.float64]] | None = None
        if np.all(nonzero.sum(axis=0) <= 1):
            owner = nonzero.argmax(axis=0)
            self._owner = (owner, self.weights.split[owner, np.arange(owner.size)])

    # -- descriptions ------------------------------------------------------------------------
    @property
    def bounds(self) -> NDArray[np.float64]:
        """(d, 2): each factor's low and high."""
        return np.array([[f.low, f.high] for f in self.factors], dtype=float)

    @property
    def all_methods(self) -> tuple[str, ...]:
        """Methods rows can use: the factor's choices, or just the nominal method."""
        return self.methods or (self.method,)

    def nominal_row(self) -> NDArray[np.float64]:
        """Factor values at the nominal point (method factor: the nominal method's slot)."""
        row = np.array([f.nominal for f in self.factors], dtype=float)
        for _, j in self._weight_cols:
            row[j] = self.factors[j].nominal
        if self._method_col is not None:
            row[self._method_col] = 0.5 / len(self.methods)  # nominal method is first
        return row

    # -- evaluation --------------------------------------------------------------------------
    def indicator_weights(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """(k, indicators) normalised indicator weights for rows ``x`` (k, d)."""
        return self._indicator_weights(np.asarray(x, dtype=float).T)

    def matrices(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """(k, m, n) performance matrices for rows ``x``, or the nominal (m, n) if none vary."""
        return self._matrices(np.asarray(x, dtype=float).T)

    def method_index(self, x: NDArray[np.float64]) -> NDArray[np.int_]:
        """(k,) index in :attr:`all_methods` of each row's method."""
        return self._method_index(np.asarray(x, dtype=float).T)

    # The same three on columns ``xt`` (d, k): factor j's values are ``xt[j]``, contiguous when
    # ``xt`` is (a chunk of a design is built that way), so nothing is gathered row by row.
    def _indicator_weights(self, xt: NDArray[np.float64]) -> NDArray[np.float64]:
        return self._weights_of(xt.__getitem__, xt.shape[1])

    def _weights_of(self, column: Column, k: int) -> NDArray[np.float64]:
        """:meth:`_indicator_weights` of k rows whose factor j takes the values ``column(j)``."""
        raw = np.broadcast_to(self.weights.nominal, (k, len(self.weights.ids))).copy()
        for c, j in self._weight_cols:
            raw[:, c] = column(j)
        raw /= raw.sum(axis=1, keepdims=True)
        if self._owner is None:
            return np.asarray(raw @ self.weights.split)
        # Each indicator takes a share of one weight: one product per value, no matrix product
        # (BLAS starts threads for it that only wait on a busy 2-core machine). Adding the
        # other weights' zero shares changes nothing, so the values are those of raw @ split.
        # C order, as the product's: the kernels sum each row along memory (numpy's pairwise sum).
        owner, share = self._owner
        return np.multiply(raw[:, owner], share, out=np.empty((k, owner.size)))

    def _matrices(self, xt: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.case is None or not self._param_cols:
            return np.asarray(self.problem.matrix, dtype=float)
        samples = {name: np.ascontiguousarray(xt[j]) for name, j in self._param_cols}
        out = np.asarray(self.case.evaluate(samples), dtype=float)
        self._check_finite(out)
        return out

    def _check_finite(self, values: NDArray[np.float64]) -> None:
        if not np.all(np.isfinite(values)):
            raise InputError(
                f"case '{getattr(self.case, 'id', '')}': the model gave a non-finite value for "
                "some parameter values within their ranges; check the ranges"
            )

    def _method_index(self, xt: NDArray[np.float64]) -> NDArray[np.int_]:
        return self._method_index_of(xt.__getitem__, xt.shape[1])

    def _method_index_of(self, column: Column, k: int) -> NDArray[np.int_]:
        if self._method_col is None:
            return np.zeros(k, dtype=int)
        m = len(self.methods)
        return np.minimum((column(self._method_col) * m).astype(int), m - 1)

    def evaluate(
        self,
        x: ArrayLike | SaltelliDesign,
        progress: Progress | None = None,
        stage: str = "evaluate",
    ) -> Evaluation:
        """Scores and ranks of every row of ``x`` (k, d), or of a Saltelli design's rows.

        Rows go in chunks of about :data:`CHUNK_ROWS` (a design's chunks hold whole base points
        and are built chunk by chunk, never as a whole). Chunks are independent and numpy
        releases the GIL in its array operations, so on a machine with several cores
        :data:`THREADS` chunks are evaluated at once; each writes its own rows, so the result
        does not depend on the threads.
        """
        if isinstance(x, SaltelliDesign):
            readers = self._readers()
            if readers is not None:
                return self._evaluate_blocks(x, readers, progress, stage)
            design = x
            k = len(design)
            step = design.d + 2
            per_chunk = max(1, CHUNK_ROWS // step)
            bounds = [
                (p * step, min(p + per_chunk, design.n) * step)
                for p in range(0, design.n, per_chunk)
            ]

            def columns(start: int, stop: int) -> NDArray[np.float64]:
                return design.columns(start // step, stop // step)

        else:
            xs = np.atleast_2d(np.asarray(x, dtype=float))
            k = xs.shape[0]
            bounds = [(a, min(a + CHUNK_ROWS, k)) for a in range(0, k, CHUNK_ROWS)]

            def columns(start: int, stop: int) -> NDArray[np.float64]:
                return np.ascontiguousarray(xs[start:stop].T)

        m = len(self.problem.alternatives)
        scores = np.empty((k, m))
        ranks = np.empty((k, m))
        index = np.empty(k, dtype=int)
        lines = len(self.red_lines)
        beyond = np.empty((k, m, lines)) if lines else None
        # Each chunk counts its own crossings into its own slot: threads never share one.
        counts = np.zeros((len(bounds), m, lines + 1), dtype=np.int64) if lines else None

        def run(numbered: tuple[int, tuple[int, int]]) -> int:
            chunk, (start, stop) = numbered
            xt = columns(start, stop)
            index[start:stop] = self._method_index(xt)
            chunk_beyond = beyond[start:stop] if beyond is not None else None
            chunk_counts = counts[chunk] if counts is not None else None
            self._evaluate_chunk(
                xt,
                index[start:stop],
                scores[start:stop],
                ranks[start:stop],
                chunk_beyond,
                chunk_counts,
            )
            return stop

        if THREADS > 1 and len(bounds) > 1:
            with ThreadPoolExecutor(max_workers=THREADS) as pool:
                for stop in pool.map(run, enumerate(bounds)):  # in order: progress only grows
                    if progress is not None:
                        progress(stage, stop, k)
        else:
            for numbered in enumerate(bounds):
                stop = run(numbered)
                if progress is not None:
                    progress(stage, stop, k)
        crossings = None if counts is None else counts.sum(axis=0)
        return Evaluation(scores, ranks, index, beyond, crossings)

    def _evaluate_chunk(
        self,
        xt: NDArray[np.float64],
        index: NDArray[np.int_],
        scores: NDArray[np.float64],
        ranks: NDArray[np.float64],
        beyond: NDArray[np.float64] | None = None,
        counts: NDArray[np.int64] | None = None,
    ) -> None:
        """Score and rank the rows of columns ``xt`` (d, c) into ``scores``, ``ranks`` (c, m),
        and with red lines their margins into ``beyond`` (c, m, L), admissible ranked first, and
        the rows crossing each line and any into ``counts`` (m, L + 1)."""
        matrix = self._matrices(xt)
        weights = self._indicator_weights(xt)
        self._score_chunk(matrix, weights, index, scores, ranks)
        if beyond is None:
            return
        # The margins come from the matrices just evaluated: red lines cost no model run.
        ids, alts = list(self.problem.indicator_ids), list(self.problem.alternatives)
        if matrix.ndim == 2:  # nothing uncertain: the same margins in every row
            beyond[:] = margins(matrix, self.red_lines, ids, alts)
        else:
            margins(matrix, self.red_lines, ids, alts, out=beyond)
        crossed = np.zeros(beyond.shape[:-1], dtype=bool)
        for j in range(beyond.shape[-1]):  # line by line: an any() over a short last axis is slow
            crossed_j = beyond[..., j] > 0.0
            if counts is not None:
                counts[:, j] = column_counts(crossed_j)
            crossed |= crossed_j
        if counts is not None:
            counts[:, -1] = column_counts(crossed)
        ranks[:] = admissible_first(ranks, ~crossed)

    def _score_chunk(
        self,
        matrix: NDArray[np.float64],
        weights: NDArray[np.float64],
        index: NDArray[np.int_],
        scores: NDArray[np.float64],
        ranks: NDArray[np.float64],
    ) -> None:
        """Scores and compensatory ranks of the chunk's rows, each method on its own rows."""
        for mi, name in enumerate(self.all_methods):
            norm = self.normalization if name == self.method else None
            if len(self.all_methods) == 1:  # every row: no gather, no scatter
                scores[:], ranks[:] = score_rows(name, matrix, weights, self.types, norm)
                continue
            rows = np.flatnonzero(index == mi)
            if rows.size == 0:
                continue
            sub_matrix = matrix if matrix.ndim == 2 else matrix[rows]
            s, r = score_rows(name, sub_matrix, weights[rows], self.types, norm)
            scores[rows] = s
            ranks[rows] = r

    # -- a Saltelli design, block by block ----------------------------------------------------
    def _readers(self) -> dict[int, tuple[int, ...]] | None:
        """Parameter factor j -> the scenarios whose model reads it (indices), or None when the
        case cannot say (a table case, a case-like object) or no parameter varies."""
        if self.case is None or not self._param_cols:
            return None
        reads_of = getattr(self.case, "parameter_reads", None)
        reads = reads_of() if callable(reads_of) else None
        if reads is None or len(reads) != len(self.problem.alternatives):
            return None
        return {
            j: tuple(s for s, read in enumerate(reads) if name in read)
            for name, j in self._param_cols
        }

    def _evaluate_blocks(
        self,
        design: SaltelliDesign,
        readers: Mapping[int, tuple[int, ...]],
        progress: Progress | None,
        stage: str,
    ) -> Evaluation:
        """:meth:`evaluate` of a design's rows, block by block: the same numbers, less model.

        The rows of a base point are A, AB_1, ..., AB_d, B, and AB_j is A with factor j taken
        from B. So the rows of block AB_j (one per base point) have A's performance matrices
        except for the scenarios whose model reads factor j, when j is a parameter (none
        of them for a weight or the method): only those are evaluated, the others' cells are
        copied from A's. On the bundled case a parameter is read by 5 scenarios of 8 on
        average. A block also has A's indicator weights unless j is a weight, and A's method
        unless j is the method. The model is vectorised numpy with no branch on a parameter's
        value (what ``Case.parameter_reads`` relies on), every value is computed by the same
        operations on the same inputs, and the kernels score each row on its own: scores, ranks
        and margins equal the plain path's to the bit
        (``tests/decision/test_sensitivity_blocks.py``).

        Work goes in groups of :data:`GROUP_BLOCKS` consecutive blocks of :data:`BLOCK_ROWS`
        base points, A and B first (the others copy from them). In a group, each scenario is
        run once on all the group's blocks that move a parameter it reads: those parameters as
        (g, c) arrays (A's values but in their own block), the others as A's (c,) values,
        broadcast. Fewer, longer array operations: the model's Python overhead is paid once per
        scenario and group, and the thread that runs it holds the interpreter lock less often.
        Results are stored block after block (:class:`Evaluation`). On two threads the model
        runs a few groups ahead of the scoring (a pipeline).
        """
        case = self.case
        assert case is not None
        raise_trim_threshold()
        n, d = design.n, design.d
        step = d + 2
        k = n * step
        m, n_ind = len(self.problem.alternatives), len(self.problem.indicator_ids)
        lines = len(self.red_lines)
        scores = np.empty((m, step, n))
        ranks = np.empty((m, step, n))
        index = np.empty((step, n), dtype=int)
        beyond = [np.empty((m, step, n)) for _ in range(lines)] if lines else None
        ranges = [(lo, min(lo + BLOCK_ROWS, n)) for lo in range(0, n, BLOCK_ROWS)]
        names = {j: name for name, j in self._param_cols}
        # A block whose parameter no scenario reads has A's matrices, weights and methods:
        # its results are A's, copied at the end rather than computed.
        copies = [t for t in range(1, step - 1) if t - 1 in names and not readers[t - 1]]
        crosses = [t for t in range(1, step - 1) if t not in copies]
        # A, B, then the AB blocks in groups: each group a task of each range.
        groups = [[0], [step - 1]] + [
            crosses[i : i + GROUP_BLOCKS] for i in range(0, len(crosses), GROUP_BLOCKS)
        ]
        # Each task counts its own crossings into its own slot.
        counts = (
            np.zeros((len(ranges), len(groups), m, lines + 1), dtype=np.int64) if lines else None
        )
        a_t, b_t = np.ascontiguousarray(design.a.T), np.ascontiguousarray(design.b.T)
        evaluate_scenarios = case.evaluate_scenarios  # type: ignore[attr-defined]
        sample_values = case.sample_values  # type: ignore[attr-defined]
        indicator_ids = list(self.problem.indicator_ids)
        alternatives = list(self.problem.alternatives)
        base: dict[tuple[int, int], tuple[Any, ...]] = {}
        # A group's matrices are large (19 MB for 8 blocks of 4096 rows): a few buffers are
        # reused rather than fresh memory for each group (first touches cost system time).
        spare: list[tuple[NDArray[Any], ...]] = []
        spare_lock = threading.Lock()

        def buffers(g: int, c: int) -> tuple[NDArray[Any], ...]:
            with spare_lock:
                for i, held in enumerate(spare):
                    if held[0].shape == (m, n_ind, g, c):
                        return spare.pop(i)
            return (
                np.empty((m, n_ind, g, c)),
                np.empty((g, c, len(indicator_ids))),
                np.empty((g, c), dtype=int),
            )

        def release(gi: int, held: tuple[NDArray[Any], ...]) -> None:
            if gi >= 2:  # not A's or B's: kept in base, read by the other groups
                with spare_lock:
                    spare.append(held)

        # TOPSIS alone (the default study): a parameter's block has A's weights, and each
        # indicator whose values did not move in it has A's gaps to the ideal points, to the
        # bit (an indicator's gaps depend on its own column only): only the moved indicators'
        # gaps are computed again, 2 or 3 of 9 on the bundled case (kernels.topsis_gaps).
        reuse_gaps = len(self.all_methods) == 1 and self.method == "topsis"
        cost = (np.asarray(self.types) < 0)[:, None]
        a_gaps: dict[int, tuple[NDArray[np.float64], ...]] = {}
        # Likewise a red line's margins in a parameter's block are A's where the line's
        # indicator did not move (a margin reads that indicator's column only).
        a_margins: dict[int, NDArray[np.float64]] = {}
        line_columns = [indicator_ids.index(line.indicator) for line in self.red_lines]
        track_moves = reuse_gaps or bool(lines)

        def gaps_of(
            matrix: NDArray[np.float64], weights: NDArray[np.float64]
        ) -> tuple[NDArray[np.float64], ...]:
            """A's gaps (m, n, c) to the ideal and anti-ideal points and its scaled weights
            (n, c), as kernels.batch_scores computes them."""
            _, scaled, _ = kernels.prepare_batch(matrix.transpose(2, 0, 1), weights, self.types)
            wt = np.ascontiguousarray(scaled.T)
            with np.errstate(all="ignore"):
                plus, minus = kernels.topsis_gaps(matrix, wt, cost, self.normalization)
            return plus, minus, wt

        Moved = list[NDArray[np.bool_] | None]
        Task = tuple[int, int, NDArray[np.float64], NDArray[np.float64], NDArray[np.int_], Moved]

        def model(r: int, gi: int) -> Task:
            """Matrices (m, n, g, c), indicator weights (g, c, n) and methods (g, c) of group gi
            of range r."""
            lo, hi = ranges[r]
            c = hi - lo
            blocks = groups[gi]
            g = len(blocks)
            if blocks[0] in (0, step - 1):  # A or B: every scenario evaluated
                source = a_t if blocks[0] == 0 else b_t

                def column(j: int) -> NDArray[np.float64]:
                    return source[j, lo:hi]

                values, _ = sample_values({name: column(j) for j, name in names.items()})
                matrix = np.empty((m, n_ind, c))
                evaluate_scenarios(values, range(m), matrix)
                self._check_finite(matrix)
                weights = self._weights_of(column, c)
                chunk_index = self._method_index_of(column, c)
                base[r, blocks[0]] = (values, matrix, weights, chunk_index)
                if reuse_gaps and blocks[0] == 0:
                    a_gaps[r] = gaps_of(matrix, weights)
                if lines and blocks[0] == 0:
                    a_margins[r] = margins_by_scenario(
                        matrix, self.red_lines, indicator_ids, alternatives, np.empty((m, lines, c))
                    )
                return r, gi, matrix[:, :, None], weights[None], chunk_index[None], [None]
            values, a_matrix, a_weights, a_index = base[r, 0]
            b_values = base[r, step - 1][0]
            matrices, weights, chunk_index = buffers(g, c)
            weights[:] = a_weights
            chunk_index[:] = a_index
            for s in range(m):
                # The group's blocks that move a parameter scenario s reads.
                mine = [i for i, t in enumerate(blocks) if s in readers.get(t - 1, ())]
                others = [i for i in range(g) if i not in mine]
                if others:  # A's cells, copied once
                    matrices[s][:, others] = a_matrix[s][:, None, :]
                if not mine:
                    continue
                own = dict(values)
                for row, i in enumerate(mine):
                    name = names[blocks[i] - 1]
                    moved = np.empty((len(mine), c))
                    moved[:] = values[name]
                    moved[row] = b_values[name]
                    own[name] = moved
                if mine == list(range(mine[0], mine[-1] + 1)):  # written in place
                    found = matrices[s : s + 1, :, mine[0] : mine[-1] + 1]
                    evaluate_scenarios(own, (s,), found)
                    self._check_finite(found)
                else:
                    found = np.empty((1, n_ind, len(mine), c))
                    evaluate_scenarios(own, (s,), found)
                    self._check_finite(found)
                    matrices[s][:, mine] = found[0]
            for i, t in enumerate(blocks):
                j = t - 1
                if j in names:
                    continue

                def moved_column(f: int, j: int = j) -> NDArray[np.float64]:
                    return b_t[f, lo:hi] if f == j else a_t[f, lo:hi]

                if j == self._method_col:
                    chunk_index[i] = self._method_index_of(moved_column, c)
                else:  # a weight
                    weights[i] = self._weights_of(moved_column, c)
            # Per parameter block, the indicators whose values moved from A's (in any row of
            # any scenario that reads the parameter; the others copied A's cells).
            changed: Moved = [None] * g
            if track_moves:
                for i, t in enumerate(blocks):
                    if t - 1 in names:
                        flags = np.zeros(n_ind, dtype=bool)
                        for s in readers[t - 1]:
                            flags |= (matrices[s, :, i] != a_matrix[s]).any(axis=1)
                        changed[i] = flags
            return r, gi, matrices, weights, chunk_index, changed

        def rescored(
            r: int, matrices: NDArray[np.float64], moved: Moved
        ) -> NDArray[np.float64] | None:
            """TOPSIS scores (m, g c) of a group of parameter blocks (matrices (m, n, g, c)):
            A's gaps, those of the indicators that moved computed again, summed as the kernel
            sums them. None if a moved column needs the kernel's checks (it then runs on the
            whole group and says what is wrong)."""
            plus_a, minus_a, wt = a_gaps[r]
            g, c = matrices.shape[2], matrices.shape[3]
            out = np.empty((m, g, c))
            for i, flags in enumerate(moved):
                assert flags is not None
                plus, minus = list(plus_a.transpose(1, 0, 2)), list(minus_a.transpose(1, 0, 2))
                cols = np.flatnonzero(flags)
                try:
                    with np.errstate(all="ignore"):
                        if cols.size:
                            new_plus, new_minus = kernels.topsis_gaps(
                                matrices[:, :, i][:, cols], wt[cols], cost[cols], self.normalization
                            )
                            for at, col in enumerate(cols):
                                plus[col], minus[col] = new_plus[:, at], new_minus[:, at]
                        out[:, i] = kernels.topsis_closeness(plus, minus)
                except InputError:
                    return None
            if not np.all(np.isfinite(out)):
                return None
            return out.reshape(m, g * c)

        def finish(
            r: int,
            gi: int,
            matrices: NDArray[np.float64],
            weights: NDArray[np.float64],
            chunk_index: NDArray[np.int_],
            moved: Moved,
        ) -> tuple[int, int]:
            lo, hi = ranges[r]
            blocks = groups[gi]
            # the group's blocks: a slice when consecutive (written in place), else a list
            t0, g = blocks[0], len(blocks)
            where: slice | list[int] = (
                slice(t0, t0 + g) if blocks == list(range(t0, t0 + g)) else blocks
            )
            c = hi - lo
            rows = g * c
            matrix = matrices.reshape(m, n_ind, rows)
            flat_index = chunk_index.reshape(rows)
            index[where, lo:hi] = chunk_index
            # [rows, m, n] view of [m, n, rows], as Case.evaluate gives it
            as_rows = matrix.transpose(2, 0, 1)
            flat_weights = weights.reshape(rows, -1)
            single = len(self.all_methods) == 1
            admissible = (
                None if beyond is None else lines_crossed(r, gi, matrix, where, lo, hi, moved)
            )
            if single:
                # Scores as score_rows gives them, ranked scenario by scenario along the
                # samples (ranks_by_scenario: kernels.batch_ranks' numbers, a third of its time)
                # with the admissible ones first when there are red lines, in the same pass.
                by_scenario = None
                if reuse_gaps and all(flags is not None for flags in moved):
                    by_scenario = rescored(r, matrices, moved)
                if by_scenario is None:
                    by_scenario = np.ascontiguousarray(
                        np.asarray(
                            kernels.batch_scores(
                                self.method, as_rows, flat_weights, self.types, self.normalization
                            )
                        ).T
                    )
                scores[:, where, lo:hi] = by_scenario.reshape(m, g, c)
                found_ranks = ranks_by_scenario(by_scenario, self.method, admissible)
            else:
                chunk_scores, chunk_ranks = np.empty((rows, m)), np.empty((rows, m))
                self._score_chunk(as_rows, flat_weights, flat_index, chunk_scores, chunk_ranks)
                scores[:, where, lo:hi] = chunk_scores.T.reshape(m, g, c)
                found_ranks = np.ascontiguousarray(chunk_ranks.T)
            if admissible is not None and not single:
                found_ranks = admissible_first_by_scenario(found_ranks, admissible)
            ranks[:, where, lo:hi] = found_ranks.reshape(m, g, c)
            release(gi, (matrices, weights, chunk_index))
            return r, gi

        def lines_crossed(
            r: int,
            gi: int,
            matrix: NDArray[np.float64],
            where: slice | list[int],
            lo: int,
            hi: int,
            moved: Moved,
        ) -> NDArray[np.bool_]:
            """Margins of the group's rows (matrix (m, n, rows)) stored, crossings counted;
            (m, rows) True where a scenario crosses no line. In a parameter's block, a line
            whose indicator did not move has A's margins, copied."""
            assert beyond is not None and counts is not None
            rows = matrix.shape[2]
            g, c = rows // (hi - lo), hi - lo
            reuse = r in a_margins  # A's margins, for the blocks of a parameter
            # A run of blocks is a view of the stored margins, written in place; a list of
            # blocks is a copy, written into and stored after.
            direct = isinstance(where, slice)
            crossed = np.zeros((m, g, c), dtype=bool)
            crossed_j = np.empty((m, g, c), dtype=bool)
            for j, line in enumerate(self.red_lines):
                found = beyond[j][:, where, lo:hi] if direct else np.empty((m, g, c))
                for i, flags in enumerate(moved):
                    if reuse and flags is not None and not flags[line_columns[j]]:
                        found[:, i] = a_margins[r][:, j]
                        continue
                    # scenario by scenario along the samples
                    block = matrix[:, :, i * c : (i + 1) * c]
                    margins_by_scenario(
                        block, (line,), indicator_ids, alternatives, found[:, None, i]
                    )
                if not direct:
                    beyond[j][:, where, lo:hi] = found
                np.greater(found, 0.0, out=crossed_j)
                # row by row: count_nonzero along a contiguous row is its fast path
                counts[r, gi, :, j] = [np.count_nonzero(row) for row in crossed_j]
                crossed |= crossed_j
            counts[r, gi, :, -1] = [np.count_nonzero(row) for row in crossed]
            return ~crossed.reshape(m, rows)

        jobs = [(r, gi) for r in range(len(ranges)) for gi in range(len(groups))]
        done = 0

        def scored(job: tuple[int, int]) -> None:
            nonlocal done
            lo, hi = ranges[job[0]]
            done += (hi - lo) * len(groups[job[1]])
            if progress is not None:
                progress(stage, done, k)

        if THREADS > 1:
            self._run_pipeline(jobs, model, finish, scored)
        else:
            for job in jobs:
                scored(finish(*model(*job)))
        for t in copies:
            for stored in (scores, ranks, *(beyond or ())):
                stored[:, t] = stored[:, 0]
            index[t] = index[0]
        crossings = None
        if counts is not None:  # A's crossings once more for each copied block
            crossings = counts.sum(axis=(0, 1)) + len(copies) * counts[:, 0].sum(axis=0)
        return Evaluation(scores, ranks, index, beyond, crossings, blocks=step)

    @staticmethod
    def _run_pipeline(
        jobs: Sequence[tuple[int, int]],
        model: Callable[[int, int], Any],
        finish: Callable[..., tuple[int, int]],
        scored: Callable[[tuple[int, int]], None],
    ) -> None:
        """Run ``model(*job)`` then ``finish(*its result)`` for every job on :data:`THREADS`
        threads, the two steps as separate tasks: whichever thread is free takes the next,
        so the case model (Python, short array operations) and the scoring (long array
        operations) share both cores. (Each thread running whole jobs contended for the
        interpreter lock: no faster than one thread.) Jobs are (range, group); groups 0 and 1
        of a range (A and B) are modelled before its others, which copy from them. At most
        :data:`PIPELINE_AHEAD` modelled groups wait to be scored (their matrices are large).
        ``finish`` returns its job, handed to ``scored`` on this thread (for the progress).
        """
        queue = deque(jobs)
        pending: dict[Future[Any], str] = {}
        modelled: dict[int, int] = {}  # range -> groups modelled
        waiting = 0  # groups modelled or being modelled, not yet scored

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            try:
                while queue or pending:
                    while (
                        queue
                        and waiting < PIPELINE_AHEAD
                        and (queue[0][1] < 2 or modelled.get(queue[0][0], 0) >= 2)
                    ):
                        r, gi = queue.popleft()
                        pending[pool.submit(model, r, gi)] = "model"
                        waiting += 1
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        kind = pending.pop(future)
                        result = future.result()
                        if kind == "model":
                            modelled[result[0]] = modelled.get(result[0], 0) + 1
                            pending[pool.submit(finish, *result)] = "score"
                        else:
                            waiting -= 1
                            scored(result)
            finally:
                for future in pending:
                    future.cancel()

    def lower_is_better(self, method_index: NDArray[np.int_]) -> NDArray[np.bool_]:
        """(k,) whether a lower score is better for each row's method."""
        flags = np.array([METHODS[name].lower_is_better for name in self.all_methods])
        return flags[method_index]


def ranks_by_scenario(
    scores: NDArray[np.float64], method: str, admissible: NDArray[np.bool_] | None = None
) -> NDArray[np.float64]:
    """Ranks (m, c) of c samples' scores laid out samples last (m, c), C-contiguous: 1 best, ties
    sharing the average rank; ``kernels.batch_ranks(method, scores.T)``, to the bit. With
    ``admissible`` (m, c): the numbers of ``red_lines.admissible_first`` applied to those ranks.

    Rank = 1 + those ahead + those tied / 2, small integers and halves, exact: the numbers of
    batch_ranks' 1 + (m - 1 + ahead - behind) / 2. Those ahead are counted by comparing each
    scenario's row with all rows (m comparisons of m x c values, counted in bytes). With red
    lines, each one's count of better scores (equal exactly for equal scores) plus m + 1 if it
    is inadmissible is a one-byte key ordered as "admissible first, then by score": those ahead
    are counted again on the keys, cheaply. Ties are rare: found by the sum of squares of those
    ahead (below that of 0..m-1 exactly when two counts are equal), only their samples compared
    for equality. A third of batch_ranks' time on a study's blocks (m = 8), no transposition.
    """
    m, c = scores.shape
    if m > 60:  # counts and keys in bytes, sums of squares in float32: the general way beyond
        ranks = np.asarray(kernels.batch_ranks(method, scores.T), dtype=float)
        if admissible is not None:
            ranks = admissible_first(ranks, admissible.T)
        return np.ascontiguousarray(ranks.T)
    compare = np.less if METHODS[method].lower_is_better else np.greater
    ahead = np.zeros((m, c), dtype=np.int8)
    beats = np.empty((m, c), dtype=bool)
    for j in range(m):
        compare(scores[j], scores, out=beats)  # beats[i]: scenario j ahead of scenario i
        ahead += beats.view(np.int8)
    values: NDArray[Any] = scores
    if admissible is not None and not admissible.all():
        key = ahead.copy()
        np.add(key, m + 1, out=key, where=~admissible)
        ahead[:] = 0
        for j in range(m):
            np.less(key[j], key, out=beats)
            ahead += beats.view(np.int8)
        values = key  # equal keys: same group, equal scores
    out = np.add(ahead, 1.0)
    spread = ahead.astype(np.float32)
    squares = spread[0] * spread[0]
    for j in range(1, m):
        squares += spread[j] * spread[j]
    tie_columns = np.flatnonzero(squares != (m - 1) * m * (2 * m - 1) / 6)
    if tie_columns.size:
        tied_values = values[:, tie_columns]
        tied = np.zeros(tied_values.shape, dtype=np.int8)
        for j in range(m):
            tied += (tied_values[j] == tied_values).view(np.int8)
        out[:, tie_columns] += (tied - 1) / 2.0  # tied counts itself
    return out


def raise_trim_threshold() -> None:
    """Let the C allocator keep freed memory for reuse, as it does once a large block is freed.

    The model and the kernels allocate and free thousands of arrays of 32-256 kB. glibc's
    malloc gives memory back to the system whenever the free space at the top of its heap
    exceeds a threshold (128 kB at start), and the next arrays fault their pages in again: in
    a fresh process (the command line), a third of the study's CPU time went to page faults.
    glibc raises that threshold to twice the size of the largest block freed so far (up to
    32 MB), so a long-running process soon stops trimming; allocating and freeing one 31 MB
    block (never touched: no page is faulted) raises it at once. Elsewhere, harmless.
    """
    block = np.empty(31 * 2**20 // 8)
    del block


def column_counts(flags: NDArray[np.bool_], lanes: int = 64) -> NDArray[np.int64]:
    """(m,) how many rows are True in each column of C-contiguous booleans ``flags`` (c, m).

    The same as ``flags.sum(axis=0)``, five times faster for m = 8: summed down columns, each
    row's add runs over m values only; read as rows of ``lanes`` x m values, each add runs
    over 512, and the lanes are summed at the end (rows beyond a whole number of lanes apart).
    """
    rows, m = flags.shape
    whole = rows - rows % lanes
    values = np.ascontiguousarray(flags).view(np.uint8)
    wide = values[:whole].reshape(-1, lanes * m)
    counts = np.add.reduce(wide, axis=0, dtype=np.int64).reshape(lanes, m).sum(axis=0)
    counts += np.add.reduce(values[whole:], axis=0, dtype=np.int64)
    return np.asarray(counts)


def nominal_problem(source: DecisionProblem | CaseLike, weights: Any) -> DecisionProblem:
    """The decision at nominal values under ``weights`` (anything :class:`Weights` reads)."""
    problem = source if isinstance(source, DecisionProblem) else source.problem()
    if weights is None:
        return problem
    return Weights.parse(weights, problem).apply(problem)


def _check_over(over: Sequence[str] | str, *, is_case: bool) -> tuple[str, ...]:
    items = [o.strip() for o in (over.split(",") if isinstance(over, str) else over)]
    items = [o for o in items if o]
    if not items:
        raise InputError("--over: empty; expected some of weights, parameters, method")
    for o in items:
        if o not in GROUPS:
            raise InputError(f"--over: unknown '{o}'; expected some of {', '.join(GROUPS)}")
    if "parameters" in items and not is_case:
        raise InputError(
            "--over: a CSV table has no uncertain parameters; only weights and method can vary"
        )
    return tuple(g for g in GROUPS if g in items)


def _check_range(weight_range: Sequence[float]) -> tuple[float, float]:
    values = list(weight_range)
    if len(values) != 2:
        raise InputError(f"--weight-range: expected two numbers lo,hi, got {len(values)}")
    lo, hi = (float(v) for v in values)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0 or hi <= lo:
        raise InputError(
            f"--weight-range: {lo:g},{hi:g}; expected 0 <= lo < hi (factors of the nominal weight)"
        )
    return lo, hi


def _method_choices(
    nominal: str, methods: Sequence[str] | None, problem: DecisionProblem
) -> tuple[str, ...]:
    """The method factor's choices, the nominal method first.

    By default: every method with a batched kernel that is defined on the nominal matrix (WSM's
    sum normalisation, for one, needs positive values; a land take of 0 ha rules it out).
    """
    if methods is None:
        chosen = [nominal]
        for name in METHODS:
            if name == nominal or name not in kernels.BATCHED:
                continue
            try:
                score_rows(name, np.asarray(problem.matrix), problem.weights, problem.types)
            except InputError:
                continue
            chosen.append(name)
    else:
        # The nominal method comes first: the nominal row's method slot points at it.
        chosen = list(dict.fromkeys([nominal, *(method_spec(m).name for m in methods)]))
    return tuple(chosen)


def _case_parameters(case: CaseLike) -> tuple[Any, ...]:
    params = case.parameters
    if isinstance(params, Mapping):
        return tuple(params.values())
    return tuple(params)
