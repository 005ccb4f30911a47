"""Emission formulas: units and vectorisation."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from copilote.criteria.emissions import co2_emissions, combustion_emissions, traffic_emissions


def test_co2_mwh_times_kg_per_kwh_is_tonnes() -> None:
    # 1,000 MWh of gas at 0.227 kg/kWh = 1,000,000 kWh x 0.227 kg = 227 t.
    assert co2_emissions(1_000.0, 0.227) == pytest.approx(227.0)


def test_combustion_emissions_from_g_per_gj() -> None:
    # 1,000 MWh = 3,600 GJ; at 42 g/GJ: 151,200 g = 0.1512 t.
    assert combustion_emissions(1_000.0, 42.0) == pytest.approx(0.1512)


def test_traffic_emissions_from_g_per_km() -> None:
    assert traffic_emissions(1_000_000.0, 0.4) == pytest.approx(0.4)


@pytest.mark.parametrize("func", [co2_emissions, combustion_emissions, traffic_emissions])
def test_vectorised_over_samples(func) -> None:  # type: ignore[no-untyped-def]
    energy = np.array([1.0, 2.0, 3.0])
    factor = np.array([10.0, 20.0, 30.0])
    out = func(energy, factor)
    assert out.shape == (3,)
    assert_allclose(out, [func(e, f) for e, f in zip(energy, factor, strict=True)])
