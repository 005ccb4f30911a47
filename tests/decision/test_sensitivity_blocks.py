"""The study's fast paths give the plain path's numbers to the bit (issues 15 and 16).

A Saltelli design is evaluated block by block (``StudyModel._evaluate_blocks``): in block AB_j
only the scenarios whose model reads parameter j are run, in groups of blocks, on two threads,
and results are stored block after block. The Sobol analysis runs outputs on two threads, the
acceptability is counted scenario by scenario, the red lines' margins and admissible-first ranks
are computed along the samples. Each of these is checked here against the plain computation,
with ``np.array_equal`` on the bytes: every value is computed by the same floating-point
operations on the same inputs, so nothing less than equality is expected (a difference in the
last bit would mean an operation was changed, not rounding noise).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import copilote.decision.analysis.sensitivity as study
import copilote.decision.analysis.sensitivity_model as study_model
from copilote.criteria.model import evaluate_scenario
from copilote.decision.analysis.red_lines import (
    admissible_first,
    admissible_first_by_scenario,
    margins,
    margins_by_scenario,
    parse_red_line,
)
from copilote.decision.analysis.sensitivity import rank_acceptability, run_study
from copilote.decision.analysis.sensitivity_model import Evaluation, StudyModel
from copilote.decision.analysis.sensitivity_sobol import (
    derive_seeds,
    saltelli_design,
    sobol_analyze,
    sobol_analyze_outputs,
    sobol_sample,
)
from copilote.decision.case.loading import Case, load_case
from copilote.decision.core.kernels import batch_ranks

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "mixite_savoie"
N = 64
SEED = 3


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case()


def lines_of(case: Case) -> list[Any]:
    problem = case.problem()
    return [
        *case.red_lines,
        parse_red_line("nox<=reference", problem.indicators, problem.alternatives),
    ]


def same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    """Equal shapes, dtypes and bytes."""
    assert a is not None and b is not None
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def plain(model: StudyModel, design: Any) -> Evaluation:
    """The design's rows evaluated as any rows are: chunks of whole rows, every scenario run."""
    return model.evaluate(design.rows())


# -- what a scenario reads ------------------------------------------------------------------
def test_parameter_reads_are_what_the_model_depends_on(case: Case) -> None:
    """Moving every parameter a scenario does not read leaves its indicators unchanged to the
    bit; moving one it reads changes them for some (not every read changes an indicator, but
    the recorded sets are not everything either)."""
    reads = case.parameter_reads()
    assert reads is not None and len(reads) == len(case.scenarios)
    uncertain = {p.name for p in case.parameters if p.uncertain}
    assert all(r <= {p.name for p in case.parameters} for r in reads)
    assert any(len(r & uncertain) < len(uncertain) for r in reads)
    rng = np.random.default_rng(0)
    k = 257
    draw = {p.name: rng.uniform(p.low, p.high, k) for p in case.parameters if p.uncertain}
    values, _ = case.sample_values(draw)
    for s, scenario in enumerate(case.scenarios):
        moved = dict(values)
        for name in uncertain - reads[s]:
            p = case.parameter(name)
            moved[name] = rng.uniform(p.low, p.high, k)
        before = evaluate_scenario(scenario.levers, values).indicators
        after = evaluate_scenario(scenario.levers, moved).indicators
        for ind in before:
            assert same(before[ind], after[ind]), (scenario.id, ind)


def test_parameter_reads_do_not_depend_on_the_values(case: Case) -> None:
    """The names read are the same at the low and the high end of every range: no Python
    branch of the model looks at a parameter's value."""
    reads = case.parameter_reads()
    assert reads is not None
    for end in ("low", "high"):
        values = {p.name: np.full(3, getattr(p, end)) for p in case.parameters}
        for s, scenario in enumerate(case.scenarios):
            recorder = _Recorder({**values, **scenario.parameters})
            evaluate_scenario(scenario.levers, recorder)
            assert recorder.read - set(scenario.parameters) == reads[s], scenario.id


class _Recorder(dict):  # type: ignore[type-arg]
    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


def test_a_table_case_says_nothing_and_keeps_the_plain_path() -> None:
    table = load_case(EXAMPLE)
    assert table.parameter_reads() is None
    assert StudyModel(table)._readers() is None


# -- the evaluation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("over", "block_rows", "group", "threads"),
    [
        (("weights", "parameters"), 4096, 8, 2),
        (("weights", "parameters", "method"), 16, 3, 2),  # 4 ranges, groups of 3, uneven last
        (("weights", "parameters", "method"), 4096, 8, 1),
        (("parameters",), 48, 5, 2),  # ranges of 48 and 16 base points
    ],
)
def test_blocks_equal_the_plain_path_to_the_bit(
    case: Case,
    monkeypatch: pytest.MonkeyPatch,
    over: tuple[str, ...],
    block_rows: int,
    group: int,
    threads: int,
) -> None:
    monkeypatch.setattr(study_model, "BLOCK_ROWS", block_rows)
    monkeypatch.setattr(study_model, "GROUP_BLOCKS", group)
    monkeypatch.setattr(study_model, "THREADS", threads)
    model = StudyModel(case, over=over, red_lines=lines_of(case))
    design = saltelli_design(model.bounds, N, derive_seeds(SEED)[0])
    fast = model.evaluate(design)
    assert fast.blocks == design.d + 2  # the block path was taken
    slow = plain(model, design)
    assert slow.blocks is None
    for name in ("scores", "ranks", "method_index", "margins", "crossings"):
        assert same(getattr(fast, name), getattr(slow, name)), name
    # one output at a time, as the study reads them
    buffer = np.empty(len(design))
    for kind, i, j in (("rank", 2, 0), ("score", 5, 0), ("margin", 6, 1), ("method", 0, 0)):
        assert same(
            fast.in_row_order(fast.values(kind, i, j).astype(float), buffer.copy()),
            slow.in_row_order(slow.values(kind, i, j).astype(float)),
        )


def test_the_study_is_the_same_whatever_the_path_and_the_threads(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole studies, JSON compared as text: block path on two threads against the plain path
    on one (Sobol analysis, acceptability and all)."""
    lines = lines_of(case)
    kwargs: dict[str, Any] = {"n": N, "seed": SEED, "red_lines": lines}
    fast = json.dumps(run_study(case, over="weights,parameters,method", **kwargs).to_json())
    monkeypatch.setattr(StudyModel, "_readers", lambda self: None)
    monkeypatch.setattr(study_model, "THREADS", 1)
    monkeypatch.setattr(study, "THREADS", 1)
    slow = json.dumps(run_study(case, over="weights,parameters,method", **kwargs).to_json())
    assert fast == slow


def test_a_table_case_study_is_the_same_on_one_thread_or_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = load_case(EXAMPLE)
    two = json.dumps(run_study(table, n=N, seed=SEED, over="weights,parameters").to_json())
    monkeypatch.setattr(study_model, "THREADS", 1)
    monkeypatch.setattr(study, "THREADS", 1)
    one = json.dumps(run_study(table, n=N, seed=SEED, over="weights,parameters").to_json())
    assert one == two


# -- the pieces ------------------------------------------------------------------------------
def test_sobol_outputs_on_threads_equal_sobol_analyze() -> None:
    rng = np.random.default_rng(4)
    d, n = 6, 128
    y = rng.normal(size=(n * (d + 2), 5))
    y[:, 3] = 1.5  # a constant output
    y[:, 4] = np.round(y[:, 4])  # ties
    whole = sobol_analyze(y, d, 17)
    for threads in (1, 2):
        columns = [np.ascontiguousarray(y[:, q]) for q in range(y.shape[1])]
        each = sobol_analyze_outputs(
            [lambda _buffer, c=c: c for c in columns], n, d, 17, threads=threads
        )
        for key in ("S1", "S1_conf", "ST", "ST_conf", "constant"):
            assert same(getattr(each, key), getattr(whole, key)), (threads, key)


@pytest.mark.parametrize("moving", [(1, 4), tuple(range(7)), (0, 2, 3, 5, 6, 8, 9, 10, 11)])
def test_sparse_outputs_skip_only_what_never_moved(moving: tuple[int, ...]) -> None:
    """An output that depends on a few factors: the products skip the others. Indices are the
    same to the bit; half-widths too with this machine's BLAS (a column of a product does not
    depend on the others), allowed 1e-12 for a BLAS that would sum otherwise."""
    d, n = 24, 256
    rows = sobol_sample(np.array([[0.0, 1.0]] * d), n, 11)
    y = np.sin(3 * rows[:, moving]).sum(axis=1) + rows[:, moving[0]] ** 2
    dense = sobol_analyze_outputs([lambda _b: y], n, d, 5, sparse=[False])
    sparse = sobol_analyze_outputs([lambda _b: y], n, d, 5, sparse=[True])
    assert same(sparse.S1, dense.S1) and same(sparse.ST, dense.ST)
    for key in ("S1_conf", "ST_conf"):
        np.testing.assert_allclose(getattr(sparse, key), getattr(dense, key), rtol=1e-12, atol=0)
    still = np.setdiff1d(np.arange(d), moving)
    assert np.all(dense.ST_conf[0, still] == 0.0) and np.all(dense.ST[0, still] == 0.0)
    assert np.all(dense.ST[0, list(moving)] > 0.0)


@pytest.mark.parametrize("method", ["topsis", "vikor"])
@pytest.mark.parametrize("m", [2, 3, 8, 20, 101])
def test_ranks_by_scenario_equal_batch_ranks(method: str, m: int) -> None:
    rng = np.random.default_rng(m)
    scores = rng.integers(0, 4, (700, m)) / 3.0  # many ties
    scores[:50] = rng.normal(size=(50, m))  # none
    scores[50:60, 0] = -0.0  # -0.0 ties with 0.0, as in batch_ranks
    scores[50:60, 1] = 0.0
    got = study_model.ranks_by_scenario(np.ascontiguousarray(scores.T), method)
    assert same(got.T, batch_ranks(method, scores))
    ok = rng.random((700, m)) < 0.6
    ok[:20] = True
    first = study_model.ranks_by_scenario(
        np.ascontiguousarray(scores.T), method, np.ascontiguousarray(ok.T)
    )
    assert same(first.T, admissible_first(batch_ranks(method, scores), ok))


@pytest.mark.parametrize("m", [2, 3, 8, 30, 130, 201])
def test_admissible_first_by_scenario_equals_admissible_first(m: int) -> None:
    rng = np.random.default_rng(m)
    ranks = batch_ranks("topsis", rng.integers(0, 4, (400, m)).astype(float))  # many ties
    ok = rng.random((400, m)) < 0.6
    ok[:5] = True
    expected = admissible_first(ranks, ok)
    got = admissible_first_by_scenario(np.ascontiguousarray(ranks.T), np.ascontiguousarray(ok.T))
    assert same(got.T, expected)


def test_admissible_first_by_scenario_when_few_samples_move() -> None:
    """Most samples already rank their admissible alternatives first (the shortcut keeps them),
    a few do not (ranked again), ties across the two groups included."""
    rng = np.random.default_rng(9)
    m, k = 6, 500
    ok = np.ones((k, m), dtype=bool)
    ok[:, 2] = False
    scores = rng.integers(0, 5, (k, m)).astype(float)
    scores[:, 2] = np.where(rng.random(k) < 0.1, scores[:, 2] + 3.0, -1.0)  # last but 10 %
    ranks = batch_ranks("topsis", scores)
    expected = admissible_first(ranks, ok)
    got = admissible_first_by_scenario(np.ascontiguousarray(ranks.T), np.ascontiguousarray(ok.T))
    assert same(got.T, expected)
    assert not np.array_equal(expected, ranks)  # some samples did move


def test_margins_by_scenario_equal_margins(case: Case) -> None:
    lines = lines_of(case)
    ids = list(case.problem().indicator_ids)
    alts = [s.id for s in case.scenarios]
    rng = np.random.default_rng(1)
    values, _ = case.sample_values(
        {p.name: rng.uniform(p.low, p.high, 300) for p in case.parameters if p.uncertain}
    )
    matrix = np.empty((len(alts), len(ids), 300))
    case.evaluate_scenarios(values, range(len(alts)), matrix)
    expected = margins(matrix.transpose(2, 0, 1), lines, ids, alts)  # (k, m, L)
    got = margins_by_scenario(matrix, lines, ids, alts, np.empty((len(alts), len(lines), 300)))
    assert same(got.transpose(2, 0, 1), expected)


def test_acceptability_in_block_order_equals_rank_acceptability() -> None:
    """Ties included: their shares are summed in the rows' order, as rank_acceptability does."""
    rng = np.random.default_rng(2)
    n, step, m = 32, 7, 5
    ranks = batch_ranks("topsis", rng.integers(0, 3, (n * step, m)).astype(float))
    blocks = np.ascontiguousarray(ranks.reshape(n, step, m).transpose(2, 1, 0))  # (m, step, n)
    stored = Evaluation(np.zeros_like(blocks), blocks, np.zeros((step, n), dtype=int), blocks=step)
    assert same(stored.ranks, ranks)
    assert same(study._acceptability(stored, m), rank_acceptability(ranks))
