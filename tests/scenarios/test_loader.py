"""Scenario files: the bundled ones load; broken ones get one clear line naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilote.criteria.model import LEVERS
from copilote.scenarios.loader import (
    ParameterRange,
    ScenarioError,
    load_scenarios,
    read_scenario_file,
    validate_scenarios,
)

BUNDLED = Path(__file__).resolve().parents[2] / "scenarios" / "lens_lievin"
RANGES = {
    "cite_pipe_length": ParameterRange("m", 3000.0, 5000.0),
    "pipe_cost": ParameterRange("€ HT/m", 400.0, 1500.0),
}
BASE = """
id = "reference"
name_fr = "Référence"
name_en = "Reference"
description_fr = "Rien."
description_en = "Nothing."

[levers]
cite_heating = "existing"
cite_renovation = false
merge_lievin = false
programme = "trend"
"""
CHILD = """
id = "cite_network"
based_on = "reference"
name_fr = "Réseau"
name_en = "Network"
description_fr = "Raccorder."
description_en = "Connect."
"""


def write_case(tmp_path: Path, child: str) -> Path:
    (tmp_path / "01_reference.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "02_child.toml").write_text(CHILD + child, encoding="utf-8")
    return tmp_path


def error_of(tmp_path: Path, child: str) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenarios(write_case(tmp_path, child), RANGES)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_bundled_scenarios_load() -> None:
    ranges = {"cite_pipe_length": RANGES["cite_pipe_length"]}
    specs = load_scenarios(BUNDLED, ranges)
    ids = [s.id for s in specs]
    assert len(ids) >= 6
    for wanted in (
        "reference",
        "cite_network",
        "cite_gas",
        "cite_heat_pumps",
        "merge",
        "cite_network_merge",
        "mixite",
        "zoning",
    ):
        assert wanted in ids
    for spec in specs:
        assert set(spec.levers) == set(LEVERS)
        assert spec.name_fr and spec.name_en and spec.description_fr and spec.description_en


def test_overrides_are_resolved_through_the_chain() -> None:
    specs = {s.id: s for s in load_scenarios(BUNDLED, {})}
    both = specs["cite_network_merge"]
    assert both.based_on == "cite_network"
    assert both.levers["merge_lievin"] is True
    assert both.levers["cite_heating"] == "network"  # inherited from cite_network
    assert both.levers["programme"] == "trend"  # inherited from reference


def test_parameter_override_is_kept(tmp_path: Path) -> None:
    child = '[levers]\ncite_heating = "network"\n[parameters]\n'
    child += 'cite_pipe_length = { value = 3500, unit = "m" }\n'
    specs = {s.id: s for s in load_scenarios(write_case(tmp_path, child), RANGES)}
    assert specs["cite_network"].parameters == {"cite_pipe_length": 3500.0}
    assert specs["reference"].parameters == {}


def test_unknown_lever_suggests_the_closest(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[levers]\ncite_heatng = "network"\n')
    assert "02_child.toml" in message
    assert "unknown lever 'cite_heatng'" in message
    assert "did you mean 'cite_heating'" in message


def test_lever_value_not_allowed(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[levers]\ncite_heating = "nuclear"\n')
    assert "lever 'cite_heating' = 'nuclear'" in message
    assert "'network'" in message and "'heat_pumps'" in message


def test_yes_no_lever_needs_a_boolean(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[levers]\nmerge_lievin = 1\n")
    assert "lever 'merge_lievin' = 1; expected one of false, true" in message


def test_missing_field(tmp_path: Path) -> None:
    (tmp_path / "01_reference.toml").write_text(BASE.replace('name_en = "Reference"\n', ""))
    (tmp_path / "02_child.toml").write_text(CHILD + "[levers]\n")
    with pytest.raises(ScenarioError, match=r"01_reference.toml: missing field 'name_en'"):
        load_scenarios(tmp_path, RANGES)


def test_base_scenario_must_set_every_lever(tmp_path: Path) -> None:
    (tmp_path / "01_reference.toml").write_text(BASE.replace('programme = "trend"\n', ""))
    (tmp_path / "02_child.toml").write_text(CHILD + "[levers]\n")
    with pytest.raises(ScenarioError, match=r"01_reference.toml: missing lever 'programme'"):
        load_scenarios(tmp_path, RANGES)


def test_unknown_field_suggests_the_closest(tmp_path: Path) -> None:
    message = error_of(tmp_path, 'base_on = "x"\n[levers]\n')
    assert "unknown field 'base_on'" in message and "did you mean 'based_on'" in message


def test_parameter_typo_suggests_the_closest(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, '[levers]\n[parameters]\npipe_cots = { value = 800, unit = "€ HT/m" }\n'
    )
    assert "unknown parameter 'pipe_cots'" in message and "did you mean 'pipe_cost'" in message


def test_parameter_wrong_unit(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, '[levers]\n[parameters]\ncite_pipe_length = { value = 4, unit = "km" }\n'
    )
    assert "[parameters] cite_pipe_length: unit 'km' is wrong, expected 'm'" in message


def test_parameter_outside_its_range(tmp_path: Path) -> None:
    message = error_of(
        tmp_path, '[levers]\n[parameters]\npipe_cost = { value = 5000, unit = "€ HT/m" }\n'
    )
    assert "5000 € HT/m is outside its range [400, 1500]" in message


def test_parameter_without_unit(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[levers]\n[parameters]\npipe_cost = 800\n")
    assert 'expected { value = <number>, unit = "€ HT/m" }' in message


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[levers\ncite_heating = "network"\n')
    assert message.startswith("02_child.toml: not valid TOML")


def test_based_on_unknown_scenario(tmp_path: Path) -> None:
    (tmp_path / "01_reference.toml").write_text(BASE)
    (tmp_path / "02_child.toml").write_text(
        CHILD.replace('"reference"', '"referense"') + "[levers]\n"
    )
    with pytest.raises(
        ScenarioError, match=r"based_on = 'referense' is not a scenario; did you mean 'reference'"
    ):
        load_scenarios(tmp_path, RANGES)


def test_based_on_cycle() -> None:
    common = {"name_fr": "n", "name_en": "n", "description_fr": "d", "description_en": "d"}
    raw = {
        "a.toml": {"id": "a", "based_on": "b", "levers": {}, **common},
        "b.toml": {"id": "b", "based_on": "a", "levers": {}, **common},
    }
    with pytest.raises(ScenarioError, match="cycle"):
        validate_scenarios(raw, RANGES)


def test_duplicate_id(tmp_path: Path) -> None:
    (tmp_path / "01_reference.toml").write_text(BASE)
    (tmp_path / "02_copy.toml").write_text(BASE)
    with pytest.raises(
        ScenarioError, match=r"02_copy.toml: id 'reference' is already used by 01_reference.toml"
    ):
        load_scenarios(tmp_path, RANGES)


def test_bad_id(tmp_path: Path) -> None:
    (tmp_path / "01_reference.toml").write_text(BASE.replace('"reference"', '"Référence 1"'))
    (tmp_path / "02_child.toml").write_text(CHILD + "[levers]\n")
    with pytest.raises(ScenarioError, match="should be lower-case letters"):
        load_scenarios(tmp_path, RANGES)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no scenario file"):
        load_scenarios(tmp_path, RANGES)


def test_reader_is_a_shim(tmp_path: Path) -> None:
    path = write_case(tmp_path, "[levers]\n") / "02_child.toml"
    data = read_scenario_file(path)
    assert data["based_on"] == "reference" and data["levers"] == {}
