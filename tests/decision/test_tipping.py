"""Tipping points: each one found is checked by re-ranking with pymcdm just either side of it."""

from __future__ import annotations

import numpy as np
import pytest
from test_sensitivity_model import SmallCase

from copilote.decision.analysis.sensitivity_model import StudyModel
from copilote.decision.analysis.tipping import REL_TOLERANCE, tipping_points
from copilote.decision.core.mcda import evaluate


def _first_at(case: SmallCase, method: str, parameter: str, value: float) -> set[str]:
    """First scenario(s), by pymcdm through decision.core.mcda, with one parameter moved."""
    matrix = case.evaluate({parameter: np.array([value])})[0]
    result = evaluate(case.problem().replace(matrix=matrix), method)
    return {a for a, r in zip(case.problem().alternatives, result.ranks, strict=True) if r == 1}


@pytest.mark.parametrize("method", ["topsis", "vikor", "wsm", "promethee_ii"])
def test_every_tipping_point_is_checked_either_side(method: str) -> None:
    case = SmallCase()
    points = tipping_points(StudyModel(case, method=method))
    for point in points:
        if point.value is None:
            continue
        assert point.inside is not None and point.outside is not None
        width = point.high - point.low
        assert abs(point.outside - point.inside) <= REL_TOLERANCE * width
        assert min(point.low, point.nominal) <= point.value <= max(point.high, point.nominal)
        assert _first_at(case, method, point.parameter, point.inside) == {point.first}
        after = _first_at(case, method, point.parameter, point.outside)
        assert point.first not in after
        assert point.to in after


def test_known_tipping_points_of_the_small_case() -> None:
    case = SmallCase()
    points = {p.parameter: p for p in tipping_points(StudyModel(case, method="topsis"))}
    # Gas first at nominal; a dearer gas hands the first place to heat pumps: pymcdm agrees at
    # 0.085 and 0.088 EUR/kWh, on either side of the point found.
    gas = points["gas_price"]
    assert (gas.first, gas.to, gas.unit) == ("gas", "heat_pump", "€/kWh")
    assert gas.value is not None and 0.084 < gas.value < 0.12
    assert _first_at(case, "topsis", "gas_price", 0.085) == {"gas"}
    assert _first_at(case, "topsis", "gas_price", 0.088) == {"heat_pump"}


def test_a_parameter_that_changes_nothing_has_none_within_range() -> None:
    points = [p for p in tipping_points(StudyModel(SmallCase())) if p.parameter == "unused"]
    assert len(points) == 1
    assert points[0].value is None and points[0].to is None
    assert points[0].to_json() == {
        "parameter": "unused",
        "value": None,
        "unit": "-",
        "from": "gas",
        "to": None,
    }


def test_fixed_parameters_and_tables_have_no_tipping_points() -> None:
    names = {p.parameter for p in tipping_points(StudyModel(SmallCase()))}
    assert "fixed" not in names  # low == high: not a factor
    table = SmallCase().problem()
    assert tipping_points(StudyModel(table, over=("weights",))) == []
