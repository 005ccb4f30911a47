"""Does the ranking hold? Sobol sensitivity over weights, parameters and method, and its verdict.

:func:`run_study` answers for a committee, from one set of samples:

1. **Sampling**: the factors of :mod:`copilote.decision.analysis.sensitivity_model` (each weight in
   ``weight_range`` x its nominal value, then normalised; each uncertain parameter in its
   [low, high]; the method as one categorical factor) drawn with Saltelli's design on a
   scrambled Sobol' sequence (:func:`decision.analysis.sensitivity_sobol.saltelli_design`, the rows
   of
   ``SALib.sample.sobol.sample`` without second order): N (d + 2) rows for d factors.
2. **Evaluation**: every row ranked at once, the case's vectorised model then the batched MCDA
   kernels (:meth:`StudyModel.evaluate`).
3. **Analysis**: first-order and total Sobol indices with 95 % bootstrap confidence half-widths
   (:func:`decision.analysis.sensitivity_sobol.sobol_analyze`, equal to
   ``SALib.analyze.sobol.analyze``)
   of each scenario's rank and score, and of the *gap*: the score of the nominal first minus
   that of the nominal second, signed so that positive means the nominal first is still ahead
   (for VIKOR and SPOTIS, where lower is better, second minus first).
4. **Rank acceptability** from the same rows: the share of rows where each scenario takes each
   rank. A tie for ranks r..r+g-1 gives each of the g tied scenarios 1/g of each of those ranks,
   so every row and every column sums to 1.
5. **Red lines** (:mod:`decision.analysis.red_lines`), when there are some: in every row the
   scenarios beyond none are ranked first (so ranks, acceptability and the verdict are those of
   admissible scenarios first), each scenario's probability of crossing a line is the share of
   rows in which it does, and the Sobol indices of its margin to a line say which parameters
   decide it, for every scenario whose probability is neither 0 nor 1. The margins come from
   the matrices the study evaluates anyway.
6. **Weight stability intervals** (:mod:`decision.analysis.stability`), **tipping points** of each
   parameter (:mod:`decision.analysis.tipping`) and the **verdict**
   (:mod:`decision.analysis.verdict`).

Why the weights are drawn raw and then normalised (and what it does to Sobol's independence
assumption) is explained in :mod:`decision.analysis.sensitivity_model`: the raw weights are
independent,
so the indices are those of well-defined independent factors; each weight's index reads as
"stress on this criterion relative to its nominal weight", its effect on the others' shares
included. ``docs/sensitivity.md`` says the same for people.

Constant outputs: when an output takes one value over all rows (a scenario first everywhere),
it has no variance to apportion; its indices and confidence half-widths are 0 (never NaN).

Seeds: the user's seed (0 included) feeds a ``numpy.random.Generator`` that draws the two
non-zero integer seeds of the sampler and of the bootstrap; the global NumPy generator is never
used, so the same inputs and seed give the same JSON, bit for bit.

When ``method`` varies, scores of different methods are on different scales (VIKOR's is lower
for better): the ``score:`` outputs then mix scales and the method factor's index on them says
mostly that; ranks and the signed gap stay comparable. Read ranks and the gap first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.analysis.red_lines import RedLine, check
from copilote.decision.analysis.sensitivity_model import (
    DEFAULT_WEIGHT_RANGE,
    THREADS,
    CaseLike,
    Evaluation,
    Factor,
    Progress,
    StudyModel,
    raise_trim_threshold,
)
from copilote.decision.analysis.sensitivity_sobol import (
    Output,
    SobolIndices,
    derive_seeds,
    saltelli_design,
    sobol_analyze_outputs,
)
from copilote.decision.analysis.sobol_sequence import sobol_points
from copilote.decision.analysis.stability import Stability, stability_intervals
from copilote.decision.analysis.tipping import TippingPoint, tipping_points
from copilote.decision.analysis.verdict import VerdictInputs, verdict
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.core.results import InputsKey, StabilityIntervals, TippingPoints
from copilote.decision.errors import InputError

__all__ = [
    "SensitivityResult",
    "Stability",
    "rank_acceptability",
    "robustness",
    "run_study",
    "stability_intervals",
]

#: Base sample size N and seed of a study unless asked otherwise: the command line, the memo and
#: the dashboard use the same, so that a study made in one is the study of the others.
DEFAULT_N = 1024
DEFAULT_SEED = 1
#: Points drawn by :func:`robustness`, the quick estimate shown after every weight change.
ROBUSTNESS_N = 512

_INDEX_KEYS = ("S1", "S1_conf", "ST", "ST_conf")


@dataclass(frozen=True)
class SensitivityResult:
    """Everything :func:`run_study` found; :meth:`to_json` is issue #4's JSON.

    Attributes:
        n: base sample size N.
        seed: the user's seed.
        method: the nominal method.
        evaluations: rows evaluated for the Sobol design, N (d + 2).
        factors: the factors drawn.
        outputs: output name (``rank:<id>``, ``score:<id>``, ``gap``) -> index name -> factor ->
            value.
        rank_acceptability: scenario id -> share of rows at rank 1, 2, ...
        stability: weight name -> stability interval.
        tipping_points: one or two per parameter factor (value None: none within its range).
        verdict_fr, verdict_en: the verdict.
        nominal_ranks: scenario id -> rank at nominal values.
        alternatives: scenario ids in order; labels_fr/labels_en: their display names.
        over, weight_range, normalization: the study's settings.
        first, second: ids of the nominal first and second.
        red_lines: the lines applied, and what the study found of them (:class:`RedLineStudy`).
        inputs: what the study was computed from (data digest, weights, method, normalisation,
            parameters, N, seed, what varied, weight range); None only when built by hand.
    """

    n: int
    seed: int
    method: str
    evaluations: int
    factors: tuple[Factor, ...]
    outputs: dict[str, dict[str, dict[str, float]]]
    rank_acceptability: dict[str, list[float]]
    stability: dict[str, Stability]
    tipping_points: list[TippingPoint]
    verdict_fr: str
    verdict_en: str
    nominal_ranks: dict[str, float]
    alternatives: tuple[str, ...] = ()
    labels_fr: dict[str, str] = field(default_factory=dict)
    labels_en: dict[str, str] = field(default_factory=dict)
    over: tuple[str, ...] = ()
    weight_range: tuple[float, float] = DEFAULT_WEIGHT_RANGE
    normalization: str | None = None
    first: str = ""
    second: str = ""
    red_lines: RedLineStudy = field(default_factory=lambda: RedLineStudy())
    inputs: InputsKey | None = None

    def to_json(self) -> dict[str, Any]:
        """Issue #4's JSON, plus ``nominal_ranks``, issue #16's ``red_lines`` and the ``inputs``
        key; plain Python types only (docs/contracts.md, "Command results")."""
        return {
            "n": self.n,
            "seed": self.seed,
            "method": self.method,
            "evaluations": self.evaluations,
            "factors": [f.to_json() for f in self.factors],
            "outputs": self.outputs,
            "rank_acceptability": self.rank_acceptability,
            "stability": {k: v.to_json() for k, v in self.stability.items()},
            "tipping_points": [t.to_json() for t in self.tipping_points],
            "verdict_fr": self.verdict_fr,
            "verdict_en": self.verdict_en,
            "nominal_ranks": self.nominal_ranks,
            "red_lines": self.red_lines.to_json(),
            "inputs": None if self.inputs is None else self.inputs.to_json(),
        }

    def stability_answer(self) -> StabilityIntervals:
        """The weight stability intervals as a typed answer with labels and its inputs key;
        its ``to_json()`` is this JSON's ``stability``. ValueError without ``inputs``."""
        return StabilityIntervals.of(self.stability, self.factors, self._inputs())

    def tipping_answer(self) -> TippingPoints:
        """The tipping points as a typed answer with labels and its inputs key; its
        ``to_json()`` is this JSON's ``tipping_points``. ValueError without ``inputs``."""
        return TippingPoints.of(self.tipping_points, self.factors, self._inputs())

    def _inputs(self) -> InputsKey:
        if self.inputs is None:
            raise ValueError("this study was built by hand without its inputs key")
        return self.inputs

    def top_drivers(self, output: str | None = None, count: int = 5) -> list[tuple[str, float]]:
        """Factors by decreasing total index on ``output`` (default: the nominal first's rank)."""
        key = output or f"rank:{self.first}"
        st = self.outputs[key]["ST"]
        return sorted(st.items(), key=lambda kv: (-kv[1], kv[0]))[:count]


@dataclass(frozen=True)
class RedLineStudy:
    """What a study found of its red lines.

    Attributes:
        lines: the lines applied (the case's own and those added).
        p_violation: scenario id -> share of the study's rows in which it crosses any line.
        p_line: line (``land_take<=0 ha``) -> scenario id -> share of rows crossing that line.
        indices: line -> scenario id -> index name (S1, S1_conf, ST, ST_conf) -> factor ->
            value: Sobol indices of the scenario's margin to the line, for the scenarios whose
            share of rows crossing it is neither 0 nor 1 (the others are settled whatever the
            parameters).
    """

    lines: tuple[RedLine, ...] = ()
    p_violation: dict[str, float] = field(default_factory=dict)
    p_line: dict[str, dict[str, float]] = field(default_factory=dict)
    indices: dict[str, dict[str, dict[str, dict[str, float]]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"lines", "p_violation", "p_line", "indices"}`` (docs/contracts.md)."""
        return {
            "lines": [line.to_json() for line in self.lines],
            "p_violation": self.p_violation,
            "p_line": self.p_line,
            "indices": self.indices,
        }


def run_study(
    source: DecisionProblem | CaseLike,
    *,
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    over: Sequence[str] | str = ("weights", "parameters"),
    weight_range: tuple[float, float] = DEFAULT_WEIGHT_RANGE,
    method: str = "topsis",
    normalization: str | None = None,
    weights: Mapping[str, float] | ArrayLike | None = None,
    progress: Progress | None = None,
    methods: Sequence[str] | None = None,
    red_lines: Sequence[RedLine] | None = None,
) -> SensitivityResult:
    """Sobol indices, rank acceptability, stability intervals, tipping points and verdict.

    Args:
        source: a :class:`DecisionProblem` (a CSV table) or a case (``decision.case.loading.Case``).
        n: base sample size N, a power of 2; N (d + 2) rows are evaluated.
        seed: any integer >= 0.
        over: groups that vary: ``weights``, ``parameters`` (a case only), ``method``.
        weight_range: (lo, hi) factors of each nominal weight.
        method, normalization: the nominal MCDA method.
        weights: nominal weights (None: the source's own); criteria or indicators.
        progress: ``progress(stage, done, total)`` callback.
        methods: the method factor's choices (default: see :class:`StudyModel`).
        red_lines: limits no weight buys back; None: the case's own (none for a table).
    """
    _check_n(n)
    raise_trim_threshold()  # before the design's temporaries (see its docstring)
    sample_seed, analyze_seed = derive_seeds(seed)
    model = StudyModel(
        source,
        weights=weights,
        method=method,
        normalization=normalization,
        over=over,
        weight_range=weight_range,
        methods=methods,
        red_lines=_own_lines(source) if red_lines is None else red_lines,
    )
    problem = model.problem
    alternatives = problem.alternatives
    d = len(model.factors)

    level = "criterion" if model.case is not None else "indicator"

    def settled() -> tuple[dict[str, Stability], list[TippingPoint]]:
        """What needs no sample: computed meanwhile, on another thread."""
        admissible = check(problem, model.red_lines).admissible if model.red_lines else None
        found_stability = stability_intervals(
            problem, model.method, model.normalization, level, admissible=admissible
        )
        return found_stability, tipping_points(model) if model.case is not None else []

    # One more thread beside the study's own: the stability intervals and tipping points while
    # the design is drawn (one core), the acceptability while the indices are computed.
    with ThreadPoolExecutor(max_workers=1) as side:
        early = side.submit(settled)
        if progress is not None:
            progress("sample", 0, 1)
        design = saltelli_design(model.bounds, n, sample_seed)  # rows built chunk by chunk
        if progress is not None:
            progress("sample", 1, 1)
        evaluation = model.evaluate(design, progress=progress, stage="evaluate")
        late = side.submit(_acceptability, evaluation, len(alternatives))

        nominal = model.evaluate(model.nominal_row()[None, :])
        nominal_ranks = nominal.ranks[0]
        order = np.lexsort((np.arange(len(alternatives)), nominal_ranks))
        first, second = int(order[0]), int(order[1])

        names = [f"rank:{a}" for a in alternatives] + [f"score:{a}" for a in alternatives]
        names.append("gap")
        # Each output as the evaluation stored it; sobol_analyze_outputs puts it in the
        # design's order, one output at a time (no (q, rows) table of them all).
        m = len(alternatives)
        series = [evaluation.values("rank", i) for i in range(m)]
        series += [evaluation.values("score", i) for i in range(m)]
        series.append(_gap(model, evaluation, first, second))
        shares = evaluation.violation_shares()  # counted while evaluating: no second pass
        open_lines = _open_lines(shares[1]) if shares is not None else []
        series += [evaluation.values("margin", i, j) for j, i in open_lines]
        if progress is not None:
            progress("analyse", 0, 1)
        indices = sobol_analyze_outputs(
            [_in_row_order(evaluation, values) for values in series],
            n,
            d,
            analyze_seed,
            threads=THREADS,
            sparse=[False] * len(names) + [True] * len(open_lines),  # margins: parameters only
        )
        if progress is not None:
            progress("analyse", 1, 1)
        stability, tipping = early.result()
        acceptability = late.result()
    factor_names = [f.name for f in model.factors]
    margin_names = [f"margin:{j}:{i}" for j, i in open_lines]
    found = _outputs_json(indices, [*names, *margin_names], factor_names)
    outputs = {name: found[name] for name in names}
    red = _red_line_study(model, shares, open_lines, found)

    accept = {a: [float(x) for x in acceptability[i]] for i, a in enumerate(alternatives)}
    if progress is not None:
        progress("stability", 1, 1)
        progress("tipping", 1, 1)

    labels_fr, labels_en = _labels(model)
    first_id = alternatives[first]
    total_first = {} if bool(indices.constant[first]) else dict(outputs[f"rank:{first_id}"]["ST"])
    fr, en = verdict(
        VerdictInputs(
            first=first_id,
            labels_fr=labels_fr,
            labels_en=labels_en,
            acceptability=accept,
            total_first=total_first,
            factors=model.factors,
            stability=stability,
            tipping=tipping,
            n_samples=len(design),
            kind="case" if model.case is not None else "table",
        )
    )
    return SensitivityResult(
        n=n,
        seed=int(seed),
        method=model.method,
        evaluations=len(design),
        factors=model.factors,
        outputs=outputs,
        rank_acceptability=accept,
        stability=stability,
        tipping_points=tipping,
        verdict_fr=fr,
        verdict_en=en,
        nominal_ranks={a: float(r) for a, r in zip(alternatives, nominal_ranks, strict=True)},
        alternatives=alternatives,
        labels_fr=labels_fr,
        labels_en=labels_en,
        over=model.over,
        weight_range=model.weight_range,
        normalization=model.normalization,
        first=first_id,
        second=alternatives[second],
        red_lines=red,
        inputs=InputsKey.of(
            problem,
            method=model.method,
            normalization=model.normalization,
            case=model.case,
            n=n,
            seed=seed,
            over=model.over,
            weight_range=model.weight_range,
            red_lines=[line.text for line in model.red_lines],
        ),
    )


def _own_lines(source: DecisionProblem | CaseLike) -> tuple[RedLine, ...]:
    """A case's own red lines (case.toml); a table has none."""
    return tuple(getattr(source, "red_lines", ()) or ())


def _open_lines(share: NDArray[np.float64]) -> list[tuple[int, int]]:
    """(line, scenario) pairs crossed in some rows but not all (from (m, L) shares): the open
    questions."""
    return [
        (j, i) for j in range(share.shape[1]) for i in range(share.shape[0]) if 0 < share[i, j] < 1
    ]


def _red_line_study(
    model: StudyModel,
    shares: tuple[NDArray[np.float64], ...] | None,
    open_lines: Sequence[tuple[int, int]],
    found: Mapping[str, dict[str, dict[str, float]]],
) -> RedLineStudy:
    if shares is None:
        return RedLineStudy()
    alternatives = model.problem.alternatives
    p_any, p_each = shares
    texts = [line.text for line in model.red_lines]
    indices: dict[str, dict[str, dict[str, dict[str, float]]]] = {t: {} for t in texts}
    for j, i in open_lines:
        indices[texts[j]][alternatives[i]] = found[f"margin:{j}:{i}"]
    return RedLineStudy(
        lines=model.red_lines,
        p_violation={a: float(p) for a, p in zip(alternatives, p_any, strict=True)},
        p_line={
            t: {a: float(p_each[i, j]) for i, a in enumerate(alternatives)}
            for j, t in enumerate(texts)
        },
        indices=indices,
    )


def robustness(
    source: DecisionProblem | CaseLike,
    weights: Mapping[str, float] | ArrayLike | None,
    method: str = "topsis",
    n: int = ROBUSTNESS_N,
    seed: int = DEFAULT_SEED,
    *,
    normalization: str | None = None,
    weight_range: tuple[float, float] = DEFAULT_WEIGHT_RANGE,
    red_lines: Sequence[RedLine] | None = None,
) -> dict[str, float]:
    """Share of plausible cases in which each alternative comes first, cheaply.

    The same factors as :func:`run_study` (weights, and a case's parameters) drawn at ``n``
    points of a scrambled Sobol' sequence (no Saltelli design, no indices): what a dashboard
    shows next to the ranking after every weight change. Ties for first share the row.
    With red lines (None: the case's own), a scenario beyond one is first in no row where
    another is within all.
    """
    _check_n(n)
    over = ("weights",) if isinstance(source, DecisionProblem) else ("weights", "parameters")
    model = StudyModel(
        source,
        weights=weights,
        method=method,
        normalization=normalization,
        over=over,
        weight_range=weight_range,
        red_lines=_own_lines(source) if red_lines is None else red_lines,
    )
    (sample_seed,) = derive_seeds(seed, 1)
    # scipy.stats.qmc.Sobol's points, bit for bit, without importing scipy.stats (0.6 s)
    unit = sobol_points(len(model.factors), n, sample_seed)
    bounds = model.bounds
    x = bounds[:, 0] + unit * (bounds[:, 1] - bounds[:, 0])
    ranks = model.evaluate(x).ranks
    top = ranks == ranks.min(axis=1, keepdims=True)
    share = (top / top.sum(axis=1, keepdims=True)).mean(axis=0)
    return {a: float(s) for a, s in zip(model.problem.alternatives, share, strict=True)}


def rank_acceptability(ranks: ArrayLike) -> NDArray[np.float64]:
    """(m, m): share of rows in which alternative i takes rank r + 1.

    ``ranks`` (k, m) are average ranks (ties share them); a tie of g alternatives at average
    rank a occupies ranks a - (g-1)/2 ... a + (g-1)/2, each tied alternative taking 1/g of each.
    """
    r = np.asarray(ranks, dtype=float)
    k, m = r.shape
    # Rows without ties (ranks a permutation of 1..m) are counted at once.
    plain = np.all(np.sort(r, axis=1) == np.arange(1, m + 1), axis=1)
    alts = np.broadcast_to(np.arange(m), r.shape)
    cells = alts[plain] * m + (r[plain].astype(int) - 1)
    out = np.bincount(cells.ravel(), minlength=m * m).reshape(m, m).astype(float)
    tied = r[~plain]
    if tied.size:
        _share_ties(out, tied)
    return out / k


def _share_ties(out: NDArray[np.float64], tied: NDArray[np.float64]) -> None:
    """Add to the counts ``out`` (m, m) the shares of rows ``tied`` (t, m), each with a tie."""
    group = (tied[:, :, None] == tied[:, None, :]).sum(axis=2)  # size of each one's tie
    start = np.rint(tied - (group - 1) / 2.0).astype(int) - 1  # first rank of the tie
    for g in np.flatnonzero(np.bincount(group.ravel())):  # tie sizes (np.unique loads numpy.ma)
        rows, who = np.nonzero(group == g)
        for offset in range(int(g)):
            np.add.at(out, (who, start[rows, who] + offset), 1.0 / g)


# -- pieces --------------------------------------------------------------------------------
#: Largest base sample size N accepted. Memory grows as N (d + 2) model rows: measured on the
#: bundled case (d = 76), peak 235 MB at N = 1024 and 546 MB at N = 8192, i.e. about 0.2 GB +
#: 43 kB x N: 1.6 GB at this maximum.
MAX_N = 2**15


def _check_n(n: int) -> None:
    if isinstance(n, int | np.integer) and not isinstance(n, bool) and n > MAX_N:
        raise InputError(
            f"--n {n}: at most {MAX_N} (memory grows with N: the bundled case would need about "
            f"{(0.2e9 + 43e3 * n) / 1e9:,.0f} GB at this N)"
        )
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 8 or n & (n - 1):
        raise InputError(
            f"--n {n}: expected a power of 2, at least 8 (e.g. 1024): the Sobol' sequence is "
            "balanced only at powers of 2"
        )


def _gap(model: StudyModel, evaluation: Evaluation, first: int, second: int) -> NDArray[np.float64]:
    """Score of the nominal first minus the nominal second's, positive while first leads (in
    the order the evaluation stores its rows: see :meth:`Evaluation.values`)."""
    diff = evaluation.values("score", first) - evaluation.values("score", second)
    return np.where(model.lower_is_better(evaluation.values("method")), -diff, diff)


def _in_row_order(evaluation: Evaluation, values: NDArray[np.float64]) -> Output:
    return lambda buffer: evaluation.in_row_order(values, buffer)


def _acceptability(evaluation: Evaluation, m: int) -> NDArray[np.float64]:
    """:func:`rank_acceptability` of a study's ranks, scenario by scenario in the evaluation's
    own order (no (k, m) array in the rows' order is built, no row is sorted).

    The ranks are average ranks (1..m, ties sharing their mean), so a row has a tie exactly when
    its sum of squares is below that of 1..m (as :func:`~decision.analysis.red_lines.
    admissible_first` finds them). Rows without a tie are counted scenario by scenario, in
    integers; rows with one go to the same float arithmetic as :func:`rank_acceptability`'s,
    which adds 1/g to a cell for each tie of g, g after g: the same value each time, so the
    order of the rows (here the stored one) changes no bit of the shares.
    """
    columns = [evaluation.values("rank", i) for i in range(m)]
    squares = np.zeros(evaluation.rows)
    for column in columns:
        squares += column * column
    tied = squares != m * (m + 1) * (2 * m + 1) / 6
    has_ties = bool(tied.any())
    out = np.empty((m, m))
    for i, column in enumerate(columns):
        plain = column[~tied] if has_ties else column
        out[i] = np.bincount(plain.astype(int) - 1, minlength=m)
    if has_ties:
        where = np.flatnonzero(tied)
        _share_ties(out, np.stack([column[where] for column in columns], axis=1))
    return out / evaluation.rows


def _outputs_json(
    indices: SobolIndices, outputs: Sequence[str], factors: Sequence[str]
) -> dict[str, dict[str, dict[str, float]]]:
    out: dict[str, dict[str, dict[str, float]]] = {}
    for q, name in enumerate(outputs):
        out[name] = {
            key: {f: float(v) for f, v in zip(factors, getattr(indices, key)[q], strict=True)}
            for key in _INDEX_KEYS
        }
    return out


def _labels(model: StudyModel) -> tuple[dict[str, str], dict[str, str]]:
    """Scenario display names: French from the problem, English from the case if it has them."""
    problem = model.problem
    fr = dict(zip(problem.alternatives, problem.alternative_labels, strict=True))
    en = dict(fr)
    scenarios = getattr(model.case, "scenarios", None) if model.case is not None else None
    if scenarios:
        items = scenarios.values() if isinstance(scenarios, Mapping) else scenarios
        for s in items:
            sid = str(getattr(s, "id", ""))
            if sid in fr:
                fr[sid] = str(getattr(s, "name_fr", "") or fr[sid])
                en[sid] = str(getattr(s, "name_en", "") or fr[sid])
    return fr, en
