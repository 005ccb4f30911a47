"""Scenario files: a named set of lever settings written as overrides of another scenario.

A scenario file is TOML (Calliope's ``scenarios.yaml`` is the model)::

    id = "cite_network"
    based_on = "reference"          # optional; a base scenario sets every lever
    name_fr = "..."; name_en = "..."; description_fr = "..."; description_en = "..."

    [levers]                         # see copilote.criteria.model.LEVERS
    cite_heating = "network"

    [parameters]                     # optional: a parameter fixed for this scenario
    cite_pipe_length = { value = 3500, unit = "m" }

Reading is in two steps, as in Calliope: :func:`read_scenario_file` turns a file into a plain
dict (a test or the dashboard can build the same dict by hand) and :func:`validate_scenarios`
checks the dicts once and returns :class:`ScenarioSpec` objects. Every error names the file, the
key and what was expected, and a misspelt name gets the closest valid one suggested.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilote.criteria.model import LEVERS, LeverSpec

REQUIRED = ("id", "name_fr", "name_en", "description_fr", "description_en", "levers")
OPTIONAL = ("based_on", "parameters")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message is one line for a person."""


@dataclass(frozen=True)
class ParameterRange:
    """What a scenario may set a parameter to: its unit and [low, high]."""

    unit: str
    low: float
    high: float


@dataclass(frozen=True)
class ScenarioSpec:
    """A validated scenario with its overrides resolved.

    Attributes:
        id, name_fr, name_en, description_fr, description_en: as in the file.
        levers: every lever of the model, set (inherited from ``based_on`` when not given).
        parameters: parameters fixed for this scenario ``{name: value}`` in the parameter's unit.
        based_on: the scenario it overrides, or None for a base scenario.
        source: the file it came from (for messages).
    """

    id: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    levers: dict[str, Any]
    parameters: dict[str, float] = field(default_factory=dict)
    based_on: str | None = None
    source: str = ""


#: Largest scenario or case file read [bytes]; a hand-written TOML file is a few kilobytes.
MAX_TOML_BYTES = 4 * 2**20


def read_scenario_file(path: str | Path) -> dict[str, Any]:
    """A TOML file (a scenario, or a case) as a dict; a syntax error names the file and line."""
    p = Path(path)
    try:
        # A device (/dev/zero) or a pipe would read for ever or block: regular files only.
        if p.exists() and (not p.is_file() or p.stat().st_size > MAX_TOML_BYTES):
            raise ScenarioError(
                f"{p}: expected a regular TOML file of at most {MAX_TOML_BYTES:,} bytes"
            )
        with p.open("rb") as handle:
            return tomllib.load(handle)
    except RecursionError:  # tomllib recurses once per nesting level
        raise ScenarioError(f"{p.name}: not valid TOML (nested too deeply)") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{p.name}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{p}: not UTF-8 text; TOML files must be saved as UTF-8") from None
    except OSError as err:
        raise ScenarioError(f"{p}: cannot be read ({err.strerror})") from None


def load_scenarios(
    folder: str | Path,
    parameters: Mapping[str, ParameterRange],
    levers: Mapping[str, LeverSpec] = LEVERS,
) -> list[ScenarioSpec]:
    """Read and validate every ``*.toml`` of ``folder``, in file-name order."""
    root = Path(folder)
    if not root.is_dir():
        raise ScenarioError(f"{root}: scenario folder not found")
    files = sorted(root.glob("*.toml"))
    if not files:
        raise ScenarioError(f"{root}: no scenario file (*.toml)")
    raw = {f.name: read_scenario_file(f) for f in files}
    return validate_scenarios(raw, parameters, levers)


def validate_scenarios(
    raw: Mapping[str, Mapping[str, Any]],
    parameters: Mapping[str, ParameterRange],
    levers: Mapping[str, LeverSpec] = LEVERS,
) -> list[ScenarioSpec]:
    """Check scenario dicts (``{file label: dict}``) and resolve ``based_on`` overrides.

    Raises:
        ScenarioError: naming the file, the key and what was expected.
    """
    checked: dict[str, tuple[str, dict[str, Any]]] = {}
    for label, data in raw.items():
        entry = _check_fields(label, data, levers, parameters)
        sid = entry["id"]
        if sid in checked:
            raise ScenarioError(
                f"{label}: id '{sid}' is already used by {checked[sid][0]}; ids must be unique"
            )
        checked[sid] = (label, entry)
    out = []
    for sid, (label, entry) in checked.items():
        lever_values, params = _resolve(sid, checked, levers)
        out.append(
            ScenarioSpec(
                id=sid,
                name_fr=entry["name_fr"],
                name_en=entry["name_en"],
                description_fr=entry["description_fr"],
                description_en=entry["description_en"],
                levers=lever_values,
                parameters=params,
                based_on=entry.get("based_on"),
                source=label,
            )
        )
    if len(out) < 2:
        raise ScenarioError("a case needs at least two scenarios to compare")
    return out


def closest(name: str, candidates: Sequence[str] | Any) -> str:
    """``; did you mean 'x'?`` for the closest candidate, or an empty string."""
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _check_fields(
    label: str,
    data: Mapping[str, Any],
    levers: Mapping[str, LeverSpec],
    parameters: Mapping[str, ParameterRange],
) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{label}: expected a TOML table")
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            raise ScenarioError(
                f"{label}: unknown field '{key}'{closest(key, REQUIRED + OPTIONAL)} "
                f"(expected {', '.join(REQUIRED + OPTIONAL)})"
            )
    for key in REQUIRED:
        if key not in data:
            raise ScenarioError(f"{label}: missing field '{key}'")
    for key in ("id", "name_fr", "name_en", "description_fr", "description_en", "based_on"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise ScenarioError(f"{label}: field '{key}' should be a non-empty text")
    sid = data["id"]
    if not _ID.match(sid):
        raise ScenarioError(
            f"{label}: id '{sid}' should be lower-case letters, digits and '_' (e.g. cite_network)"
        )
    lever_table = data["levers"]
    if not isinstance(lever_table, Mapping):
        raise ScenarioError(f"{label}: [levers] should be a table of lever = value")
    for name, value in lever_table.items():
        spec = levers.get(name)
        if spec is None:
            raise ScenarioError(
                f"{label}: unknown lever '{name}'{closest(name, levers)} "
                f"(levers: {', '.join(levers)})"
            )
        if value not in spec.choices or type(value) is not type(spec.default):
            expected = ", ".join(_show(c) for c in spec.choices)
            raise ScenarioError(
                f"{label}: lever '{name}' = {_show(value)}; expected one of {expected}"
            )
    if "based_on" not in data:
        missing = [name for name in levers if name not in lever_table]
        if missing:
            raise ScenarioError(
                f"{label}: missing lever '{missing[0]}' (a scenario without based_on sets "
                f"every lever: {', '.join(levers)})"
            )
    params = data.get("parameters", {})
    if not isinstance(params, Mapping):
        raise ScenarioError(f"{label}: [parameters] should be a table of name = {{value, unit}}")
    values = {name: _check_parameter(label, name, v, parameters) for name, v in params.items()}
    return {**data, "levers": dict(lever_table), "parameters": values}


def _check_parameter(
    label: str, name: str, entry: Any, parameters: Mapping[str, ParameterRange]
) -> float:
    where = f"{label}: [parameters] {name}"
    spec = parameters.get(name)
    if spec is None:
        raise ScenarioError(f"{label}: unknown parameter '{name}'{closest(name, parameters)}")
    if not isinstance(entry, Mapping) or set(entry) != {"value", "unit"}:
        raise ScenarioError(f'{where}: expected {{ value = <number>, unit = "{spec.unit}" }}')
    value, unit = entry["value"], entry["unit"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(f"{where}: value {value!r} is not a finite number")
    if " ".join(str(unit).split()) != spec.unit:
        raise ScenarioError(f"{where}: unit '{unit}' is wrong, expected '{spec.unit}'")
    if not spec.low <= value <= spec.high:
        raise ScenarioError(
            f"{where}: {value:g} {spec.unit} is outside its range [{spec.low:g}, {spec.high:g}]"
        )
    return float(value)


def _resolve(
    sid: str, checked: Mapping[str, tuple[str, dict[str, Any]]], levers: Mapping[str, LeverSpec]
) -> tuple[dict[str, Any], dict[str, float]]:
    """Levers and parameters of ``sid`` after applying its chain of ``based_on`` overrides."""
    chain: list[str] = []
    current: str | None = sid
    while current is not None:
        if current in chain:
            cycle = " -> ".join([*chain, current])
            raise ScenarioError(f"{checked[sid][0]}: based_on makes a cycle ({cycle})")
        if current not in checked:
            label = checked[chain[-1]][0]
            raise ScenarioError(
                f"{label}: based_on = '{current}' is not a scenario{closest(current, checked)}"
            )
        chain.append(current)
        current = checked[current][1].get("based_on")
    lever_values: dict[str, Any] = {}
    params: dict[str, float] = {}
    for name in reversed(chain):
        entry = checked[name][1]
        lever_values.update(entry["levers"])
        params.update(entry["parameters"])
    return {name: lever_values[name] for name in levers}, params


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else repr(value)
