"""Factors and batched evaluation of a study; a small case written to the Case contract.

``SmallCase`` follows ``decision.case.loading.Case``'s contract (docs/contracts.md): parameters with
ranges and units, ``evaluate(samples) -> [k, m, n]`` and ``problem(weights)``. Its model is
made up (simple formulas, round numbers) so that results can be checked by hand; the bundled
case is tested in test_sensitivity.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pytest
from numpy.testing import assert_allclose

from copilote.decision.analysis.sensitivity_model import StudyModel, weight_structure
from copilote.decision.core.mcda import evaluate
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.errors import InputError


@dataclass(frozen=True)
class Param:
    name: str
    nominal: float
    low: float
    high: float
    unit: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Scen:
    id: str
    name_fr: str
    name_en: str


class SmallCase:
    """Three heating scenarios of a made-up district; cost depends on the gas price."""

    id = "small"
    criteria = (
        Criterion("energy", "Énergie", "Energy"),
        Criterion("cost", "Coût", "Cost"),
        Criterion("air", "Qualité de l'air", "Air quality"),
        Criterion("land", "Foncier", "Land"),
    )
    indicators = (
        Indicator("final_energy", "Énergie finale", "Final energy", "MWh/an", "min", "energy"),
        Indicator("cost", "Coût annuel", "Annual cost", "k€/an", "min", "cost"),
        Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
        Indicator("pm", "Particules", "Particles", "t/an", "min", "air"),
        Indicator("land", "Emprise", "Land take", "ha", "min", "land"),
    )
    scenarios = (
        Scen("gas", "Chaudières gaz", "Gas boilers"),
        Scen("network", "Réseau de chaleur", "Heat network"),
        Scen("heat_pump", "Pompes à chaleur", "Heat pumps"),
    )
    parameters = (
        Param("gas_price", 0.084, 0.04, 0.12, "€/kWh", "Prix du gaz", "Gas price"),
        Param("heat_demand", 9.0, 6.0, 11.0, "MWh/an", "Besoin de chaleur", "Heat demand"),
        Param("unused", 1.0, 0.5, 2.0, "-", "Paramètre inutile", "Unused parameter"),
        Param("fixed", 3.0, 3.0, 3.0, "kW/m", "Paramètre fixe", "Fixed parameter"),
    )

    def evaluate(self, samples: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
        values = {p.name: np.atleast_1d(float(p.nominal)) for p in self.parameters}
        for key, v in (samples or {}).items():
            values[key] = np.asarray(v, dtype=float)
        k = max(v.size for v in values.values())
        price = np.broadcast_to(values["gas_price"], (k,))
        demand = np.broadcast_to(values["heat_demand"], (k,))
        out = np.empty((k, 3, 5))
        out[:, 0] = np.column_stack(
            [
                demand / 0.87,
                demand * price * 1000 / 0.87 / 10,
                42 * demand,
                0.2 * demand,
                np.full(k, 0.1),
            ]
        )
        out[:, 1] = np.column_stack(
            [demand * 1.15, 7.0 * demand + 20, 30 * demand, 2.0 * demand, np.full(k, 0.3)]
        )
        out[:, 2] = np.column_stack(
            [demand / 2.6, 9.0 * demand + 30, np.full(k, 5.0), np.full(k, 0.5), np.full(k, 0.2)]
        )
        return out

    def problem(self, weights: Mapping[str, float] | None = None) -> DecisionProblem:
        problem = DecisionProblem(
            alternatives=tuple(s.id for s in self.scenarios),
            indicators=self.indicators,
            matrix=self.evaluate()[0],
            weights=np.ones(len(self.indicators)),
            criteria=self.criteria,
            alternative_labels=tuple(s.name_fr for s in self.scenarios),
        )
        problem = problem.with_criterion_weights({c.id: 1.0 for c in self.criteria})
        if weights is None:
            return problem
        if set(weights) <= {c.id for c in self.criteria}:
            return problem.with_criterion_weights(weights)
        return problem.with_weights(weights)


def test_factors_of_a_case() -> None:
    model = StudyModel(SmallCase(), over=("weights", "parameters"), weight_range=(0.5, 2.0))
    names = [f.name for f in model.factors]
    assert names == ["w:energy", "w:cost", "w:air", "w:land", "gas_price", "heat_demand", "unused"]
    w = model.factors[1]
    assert (w.group, w.low, w.high) == ("weights", 0.125, 0.5)
    price = model.factors[4]
    assert (price.group, price.low, price.high, price.unit) == ("parameters", 0.04, 0.12, "€/kWh")


def test_nominal_row_reproduces_the_nominal_ranking_of_pymcdm() -> None:
    case = SmallCase()
    model = StudyModel(case, over=("weights", "parameters", "method"))
    ev = model.evaluate(model.nominal_row()[None, :])
    ref = evaluate(case.problem(), "topsis")
    assert_allclose(ev.scores[0], ref.scores, rtol=0, atol=1e-9)
    assert_allclose(ev.ranks[0], ref.ranks)


def test_rows_are_evaluated_as_pymcdm_would_one_by_one() -> None:
    case = SmallCase()
    model = StudyModel(case, over=("weights", "parameters"), method="vikor")
    rng = np.random.default_rng(3)
    b = model.bounds
    x = b[:, 0] + rng.random((20, b.shape[0])) * (b[:, 1] - b[:, 0])
    ev = model.evaluate(x)
    for i in range(x.shape[0]):
        raw = dict(zip(("energy", "cost", "air", "land"), x[i, :4], strict=True))
        matrix = case.evaluate({"gas_price": x[i, 4:5], "heat_demand": x[i, 5:6]})[0]
        problem = case.problem(raw).replace(matrix=matrix)
        ref = evaluate(problem, "vikor")
        assert_allclose(ev.scores[i], ref.scores, rtol=0, atol=1e-9)


def test_method_factor_picks_each_method() -> None:
    model = StudyModel(SmallCase(), over=("method",), methods=["topsis", "wsm", "vikor"])
    assert model.all_methods == ("topsis", "wsm", "vikor")
    u = np.array([[0.0], [0.34], [0.99], [1.0]])
    assert model.method_index(u).tolist() == [0, 1, 2, 2]


def test_weight_structure_splits_criterion_weights_over_indicators() -> None:
    problem = SmallCase().problem({"energy": 1, "cost": 1, "air": 2, "land": 0})
    ws = weight_structure(problem, "criterion")
    assert_allclose(ws.nominal, [0.25, 0.25, 0.5, 0.0])
    assert_allclose(ws.nominal @ ws.split, problem.weights)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"over": ("weights", "parameters")}, "no uncertain parameters"),
        ({"over": ("colour",)}, "unknown 'colour'"),
        ({"over": ()}, "empty"),
        ({"weight_range": (2.0, 0.5)}, "weight-range"),
        ({"weight_range": (-1.0, 2.0)}, "weight-range"),
        ({"method": "electre"}, "unknown method"),
    ],
)
def test_bad_study_settings(kwargs: dict[str, object], match: str) -> None:
    table = SmallCase().problem()
    settings: dict[str, object] = {"over": ("weights",), **kwargs}
    with pytest.raises(InputError, match=match):
        StudyModel(table, **settings)  # type: ignore[arg-type]


def test_indicator_weights_equal_the_matrix_product_to_the_bit() -> None:
    """The split of criterion weights over indicators, done share by share, is raw @ split."""
    from copilote.decision.case.loading import load_case

    model = StudyModel(load_case())
    rng = np.random.default_rng(7)
    bounds = model.bounds
    x = bounds[:, 0] + rng.random((500, len(model.factors))) * (bounds[:, 1] - bounds[:, 0])
    raw = np.broadcast_to(model.weights.nominal, (500, len(model.weights.ids))).copy()
    for c, j in model._weight_cols:
        raw[:, c] = x[:, j]
    raw /= raw.sum(axis=1, keepdims=True)
    assert model._owner is not None
    got = model.indicator_weights(x)
    np.testing.assert_array_equal(got, raw @ model.weights.split)
    assert got.flags["C_CONTIGUOUS"]  # the kernels sum rows in memory order
