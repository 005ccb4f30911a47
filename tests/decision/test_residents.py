"""What residents pay and breathe, per user group, per tonne avoided (issue 13.8–13.10).

The figures are checked against the hand computation of :mod:`tests.criteria.golden` (bill,
full cost, CO2 of one dwelling, prices) and against the arithmetic of a cost per tonne redone
here from the golden matrix.
"""

from __future__ import annotations

import json

import pytest

from copilote.decision.case.loading import load_case
from copilote.decision.case.residents import (
    cost_per_tonne_avoided,
    per_dwelling,
    prices_by_group,
)
from copilote.decision.cli import main
from tests.criteria import golden

KEYS = {"scenario", "heating", "useful_heat_mwh", "bill_eur_ttc", "full_cost_eur_ttc", "co2_kg"}


def test_evaluate_json_carries_the_per_dwelling_block(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["per_dwelling"]
    assert all(set(row) == KEYS for row in rows)
    assert {row["scenario"]: row["heating"] for row in rows} == {
        "cite_network": "network",
        "cite_gas": "gas_boiler",
        "cite_heat_pumps": "heat_pump",
        "cite_network_merge": "network",
    }
    costs = data["cost_per_t_co2_avoided"]
    assert set(costs) == {s["id"] for s in data["scenarios"]}
    assert costs["reference"] is None


def test_per_dwelling_figures_are_the_hand_computed_ones() -> None:
    case = load_case()
    for row in per_dwelling(case):
        hand = golden.recompute(case.scenario(row["scenario"]).levers).details
        assert row["useful_heat_mwh"] == pytest.approx(hand["dwelling_useful_heat"], rel=1e-12)
        assert row["bill_eur_ttc"] == pytest.approx(hand["dwelling_bill_ttc"], rel=1e-12)
        assert row["full_cost_eur_ttc"] == pytest.approx(hand["dwelling_full_cost_ttc"], rel=1e-12)
        assert row["co2_kg"] == pytest.approx(hand["dwelling_co2"], rel=1e-12)


def test_a_gas_dwelling_by_hand() -> None:
    """3,364.8 MWh / 380 = 8.855 MWh useful; / 0.83 = 10.668 MWh of gas.

    bill = (10.668 × 84 + 261.51) × 1.2 = 1,389.2 € TTC; full = bill + (3,500 × annuity(4 %,
    17 y) + 213) × 1.2 = bill + (3,500 × 0.08220 + 213) × 1.2 = 1,990.0 € TTC; CO2 = 10.668 ×
    227 = 2,421.7 kg.
    """
    row = next(r for r in per_dwelling(load_case()) if r["scenario"] == "cite_gas")
    gas = 3364.8 / 380 / 0.83
    assert row["bill_eur_ttc"] == pytest.approx((gas * 84 + 261.51) * 1.2, rel=1e-9)
    annuity = 0.04 / (1 - 1.04**-17)
    full = row["bill_eur_ttc"] + (3500 * annuity + 213) * 1.2
    assert row["full_cost_eur_ttc"] == pytest.approx(full, rel=1e-9)
    assert row["co2_kg"] == pytest.approx(gas * 227, rel=1e-9)


def test_cost_per_tonne_is_extra_annualised_cost_over_co2_avoided() -> None:
    case = load_case()
    costs = cost_per_tonne_avoided(case)
    ref = golden.recompute(case.scenario("reference").levers).details
    ghg = golden.INDICATORS.index("ghg")
    for sid, value in costs.items():
        hand = golden.recompute(case.scenario(sid).levers).details
        avoided = golden.PINNED["reference"][ghg] - golden.PINNED[sid][ghg]
        if avoided <= 0:
            assert value is None, sid
        else:
            expected = (hand["annualised_cost"] - ref["annualised_cost"]) / avoided
            assert value == pytest.approx(expected, rel=1e-3), sid  # PINNED: 5 digits


def test_against_the_landlord_plan_only_the_cite_options() -> None:
    costs = cost_per_tonne_avoided(load_case(), "cite_gas", cite_options_only=True)
    assert set(costs) == {"cite_network", "cite_gas", "cite_heat_pumps", "cite_network_merge"}
    assert costs["cite_gas"] is None


def test_prices_by_group_show_the_cross_subsidy() -> None:
    """Under the 3 kW/m rule the city pays most of the pipe and Lens's price barely moves; had
    the operator financed it all, as the model did before, every Lens price would rise to 74."""
    prices = prices_by_group(load_case())
    assert prices["reference"]["lens"] == pytest.approx(61.53, abs=0.01)
    assert prices["reference"]["cite"] is None
    assert prices["cite_network"]["cite"] == prices["cite_network"]["lens"]
    assert prices["cite_network"]["lens_if_operator_pays_all"] == pytest.approx(74.0, abs=0.01)
    assert prices["merge"]["lievin"] == prices["merge"]["lens"]
    assert prices["reference"]["lievin"] == pytest.approx(71.7)
