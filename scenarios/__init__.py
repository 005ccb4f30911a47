"""Scenario definitions: named lever settings written as overrides of a reference scenario.

The bundled scenarios of the Lens–Liévin case are TOML files in ``scenarios/lens_lievin/``;
:mod:`scenarios.loader` reads and validates them. ``scenarios`` imports ``criteria`` (for the
lever names) and nothing else of the project.
"""

from __future__ import annotations

from copilote.scenarios.loader import (
    ParameterRange,
    ScenarioError,
    ScenarioSpec,
    load_scenarios,
    read_scenario_file,
    validate_scenarios,
)

__all__ = [
    "ParameterRange",
    "ScenarioError",
    "ScenarioSpec",
    "load_scenarios",
    "read_scenario_file",
    "validate_scenarios",
]
