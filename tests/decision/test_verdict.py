"""The verdict: plain sentences made of the study's figures, French and English."""

from __future__ import annotations

import pytest

from copilote.decision.analysis.sensitivity_model import Factor
from copilote.decision.analysis.stability import Stability
from copilote.decision.analysis.tipping import TippingPoint
from copilote.decision.analysis.verdict import (
    NBSP,
    VerdictInputs,
    drivers,
    robustness_level,
    verdict,
)

FACTORS = (
    Factor("w:cost", "weights", 0.125, 0.5, 0.25, "", "Coût", "Cost"),
    Factor("w:air", "weights", 0.125, 0.5, 0.25, "", "Qualité de l'air", "Air quality"),
    Factor("gas_price", "parameters", 0.06, 0.12, 0.084, "€/kWh", "Prix du gaz", "Gas price"),
    Factor("method", "method", 0.0, 1.0, 0.0, "", "la méthode", "the method"),
)
LABELS_FR = {"x": "Raccordement", "y": "Statu quo", "z": "Fusion"}
LABELS_EN = {"x": "Connection", "y": "Status quo", "z": "Merger"}


def inputs(**changes: object) -> VerdictInputs:
    base: dict[str, object] = {
        "first": "x",
        "labels_fr": LABELS_FR,
        "labels_en": LABELS_EN,
        "acceptability": {"x": [0.83, 0.17, 0.0], "y": [0.12, 0.6, 0.28], "z": [0.05, 0.23, 0.72]},
        "total_first": {"w:cost": 0.41, "gas_price": 0.52, "w:air": 0.02, "method": 0.0},
        "factors": FACTORS,
        "stability": {
            "w:cost": Stability((0.1, 0.4), (0.2, 0.3), 0.25),
            "w:air": Stability((0.0, 1.0), (0.0, 1.0), 0.25),
        },
        "tipping": [
            TippingPoint("gas_price", 0.1034, "€/kWh", "x", "y", 0.1033, 0.1035, 0.084, 0.06, 0.12)
        ],
        "n_samples": 6144,
    }
    base.update(changes)
    return VerdictInputs(**base)  # type: ignore[arg-type]


def test_the_example_of_issue_4() -> None:
    fr, en = verdict(inputs())
    assert fr.startswith(f"Le scénario « Raccordement » arrive premier dans 83{NBSP}% des cas")
    assert (
        "Ce qui pourrait changer cela : « prix du gaz » et le poids donné au critère « coût »" in fr
    )
    assert "« Statu quo » (12" in fr
    assert en.startswith("Scenario 'Connection' comes first in 83% of plausible cases")
    assert "What could change that: 'gas price' and the weight given to the criterion 'cost'" in en


def test_stability_and_tipping_sentences_carry_numbers_and_units() -> None:
    fr, en = verdict(inputs())
    assert f"reste entre 10{NBSP}% et 40{NBSP}% (aujourd'hui 25{NBSP}%)" in fr
    assert f"dépasse 0,103{NBSP}€/kWh (au profit de « Statu quo »)" in fr
    assert "stays between 10% and 40% (now 25%)" in en
    assert f"exceeds 0.103{NBSP}€/kWh (to 'Status quo')" in en


def test_always_first_names_no_driver() -> None:
    fr, en = verdict(
        inputs(
            acceptability={"x": [1.0, 0.0, 0.0], "y": [0.0, 1.0, 0.0], "z": [0.0, 0.0, 1.0]},
            total_first={},
            tipping=[],
        )
    )
    assert "dans tous les cas plausibles testés (6144 tirages)" in fr
    assert "pourrait changer" not in fr
    assert "in every plausible case tried" in en


def test_shares_near_100_are_not_rounded_up() -> None:
    fr, en = verdict(
        inputs(acceptability={"x": [0.996, 0.004, 0.0], "y": [0.004, 0.996, 0.0], "z": [0, 0, 1.0]})
    )
    assert f"99,6{NBSP}%" in fr and "99.6%" in en


def test_drivers_threshold_and_order() -> None:
    assert drivers({"a": 0.04, "b": 0.3, "c": 0.5, "d": 0.06, "e": 0.2}) == ["c", "b", "e"]
    assert drivers({"a": 0.01}) == []


def test_a_table_speaks_of_options() -> None:
    fr, en = verdict(inputs(kind="table", tipping=[]))
    assert fr.startswith("L'option « Raccordement » arrive première")
    assert "Elle reste première" in fr
    assert en.startswith("Option 'Connection'")


@pytest.mark.parametrize(
    ("share", "level"),
    [
        (1.0, "solid"),
        (0.75, "solid"),
        (0.74, "contested"),
        (0.4, "contested"),
        (0.39, "fragile"),
        (0.01, "fragile"),
        (0.0, "never"),
    ],
)
def test_robustness_level_at_its_thresholds(share, level):
    assert robustness_level(share) == level
