"""Weight stability intervals: contain the nominal weight, ends checked with pymcdm, grid-safe."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_sensitivity_model import SmallCase

from copilote.decision.analysis import stability as stability_module
from copilote.decision.analysis.sensitivity_model import weight_structure
from copilote.decision.analysis.stability import TOLERANCE, stability_intervals, weight_path
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.core.tabular import read_table

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "chauffage-cite-12-14.csv"
METHODS = ["topsis", "vikor", "promethee_ii", "wsm", "wpm", "copras", "spotis", "moora", "edas"]


def example_table() -> DecisionProblem:
    """The example CSV with weights 0.5, 0.3, 0.2.

    Not equal weights: at equal weights every alternative's VIKOR regret R is exactly 1/3, a
    0/0 knife-edge where rounding noise alone decides the ranking.
    """
    table = read_table(EXAMPLE)
    indicators = tuple(Indicator(i, i, i, "", "min", i) for i in table.indicators)
    return DecisionProblem(
        table.alternatives,
        indicators,
        table.matrix,
        np.array([0.5, 0.3, 0.2]),
        criteria=tuple(Criterion(i.id, i.id, i.id) for i in indicators),
    )


def _ranks_on_path(problem: DecisionProblem, level: str, j: int, t: float, method: str):
    ws = weight_structure(problem, level)
    weights = weight_path(ws.nominal, j, np.array([t]))[0] @ ws.split
    return evaluate(problem.with_weights(weights), method).ranks


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("source", "level"), [("table", "indicator"), ("case", "criterion")])
def test_intervals_contain_nominal_and_ends_are_breakpoints(
    method: str, source: str, level: str
) -> None:
    problem = example_table() if source == "table" else SmallCase().problem({"cost": 2, "air": 1})
    intervals = stability_intervals(problem, method, level=level)
    ws = weight_structure(problem, level)
    assert list(intervals) == ws.names()
    nominal_ranks = evaluate(problem, method).ranks
    first = nominal_ranks == nominal_ranks.min()
    for j, (name, stab) in enumerate(intervals.items()):
        w0 = ws.nominal[j]
        assert stab.nominal == pytest.approx(w0)
        assert stab.top[0] <= w0 <= stab.top[1], name
        assert stab.ranking[0] <= w0 <= stab.ranking[1], name
        # The ranking interval lies inside the first-place interval.
        assert stab.top[0] <= stab.ranking[0] and stab.ranking[1] <= stab.top[1]
        # Re-rank with pymcdm at each end (inside) and just beyond it (outside).
        for lo_hi, cond in ((stab.top, "top"), (stab.ranking, "ranking")):
            for end, step in ((lo_hi[0], -2 * TOLERANCE), (lo_hi[1], 2 * TOLERANCE)):
                inside = _ranks_on_path(problem, level, j, end, method)
                if cond == "top":
                    assert np.array_equal(inside == inside.min(), first)
                else:
                    assert np.array_equal(inside, nominal_ranks)
                beyond = end + step
                if 0.0 <= beyond <= 1.0:
                    outside = _ranks_on_path(problem, level, j, beyond, method)
                    if cond == "top":
                        assert not np.array_equal(outside == outside.min(), first), (name, end)
                    else:
                        assert not np.array_equal(outside, nominal_ranks), (name, end)


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee_ii", "spotis"])
def test_a_ten_times_finer_grid_finds_the_same_intervals(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fine search misses nothing that a 10x finer grid would see (on these problems)."""
    for problem, level in (
        (example_table(), "indicator"),
        (SmallCase().problem({"cost": 2, "air": 1}), "criterion"),
    ):
        coarse = stability_intervals(problem, method, level=level)
        monkeypatch.setattr(stability_module, "GRID_STEPS", 10 * stability_module.GRID_STEPS)
        fine = stability_intervals(problem, method, level=level)
        monkeypatch.undo()
        for name in coarse:
            assert coarse[name].top == pytest.approx(fine[name].top, abs=2 * TOLERANCE)
            assert coarse[name].ranking == pytest.approx(fine[name].ranking, abs=2 * TOLERANCE)


def test_weight_path_keeps_proportions_and_sum() -> None:
    base = np.array([0.1, 0.2, 0.3, 0.4])
    path = weight_path(base, 2, np.array([0.0, 0.3, 0.9]))
    np.testing.assert_allclose(path.sum(axis=1), 1.0)
    np.testing.assert_allclose(path[1], base)
    np.testing.assert_allclose(path[:, 0] / path[:, 1], 0.5)
    # A weight at 1 (others at 0): the others share the rest equally.
    np.testing.assert_allclose(
        weight_path(np.array([1.0, 0, 0]), 0, np.array([0.4]))[0], [0.4, 0.3, 0.3]
    )


def test_to_json_shape() -> None:
    stab = stability_intervals(example_table(), "topsis", level="indicator")
    for value in stab.values():
        doc = value.to_json()
        assert set(doc) == {"top", "ranking"}
        assert all(len(v) == 2 and all(0.0 <= x <= 1.0 for x in v) for v in doc.values())
