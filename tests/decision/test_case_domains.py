"""Physically impossible parameter values are refused at load (issue 17.6).

Each row of the issue's list is typed into a copy of the bundled case; loading must raise one
line naming the file, the row, the column and the rule, and ``decision evaluate`` must exit 2.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copilote.decision.case.domains import domain_of
from copilote.decision.case.loading import load_case
from tests.decision.test_case import copy_case, load_error, rewrite_row

IMPOSSIBLE = [
    # (parameter, changes, words the message must hold)
    (
        "gas_price",
        {"nominal": "-84", "low": "-100"},
        "column 'nominal': -84 is impossible for '€ HT/MWh'",
    ),
    ("cite_pipe_length", {"nominal": "-4000", "low": "-4000"}, "-4000 is impossible for 'm'"),
    ("gas_boiler_efficiency", {"nominal": "5", "high": "5"}, "efficiency in (0, 1]"),
    ("coal_stove_efficiency", {"nominal": "0", "low": "0"}, "efficiency in (0, 1]"),
    ("cite_houses", {"nominal": "-288", "low": "-288", "high": "-288"}, "a whole number ≥ 0"),
    ("cite_houses", {"nominal": "0.5", "low": "0.5", "high": "0.5"}, "a whole number ≥ 0"),
    ("lens_biomass_share", {"high": "1.2"}, "a share between 0 and 1"),
    ("heat_pump_scop", {"high": "20"}, "a plausible COP in [1, 8]"),
    ("discount_rate", {"nominal": "0", "low": "0"}, "a rate in (0, 1)"),
    ("r2", {"high": "1e308"}, "1e+308 is beyond 1e+12"),
    ("biomass_fuel_per_heat", {"low": "0.5"}, "fuel per heat"),
]


@pytest.mark.parametrize(("name", "changes", "expected"), IMPOSSIBLE)
def test_an_impossible_value_names_file_row_column_and_rule(
    tmp_path: Path, name: str, changes: dict[str, str], expected: str
) -> None:
    folder = copy_case(tmp_path)
    rewrite_row(folder, name, **changes)
    message = load_error(folder)
    assert message.startswith("parameters.csv, row ")
    assert f"({name}), column '" in message
    assert "rule:" in message
    assert expected in message


def test_every_bundled_parameter_has_a_domain_and_lies_in_it() -> None:
    """No bundled unit escapes the rules (a new unit must be given its domain)."""
    for p in load_case().parameters:
        domain = domain_of(p.name, p.unit)
        assert domain is not None, (p.name, p.unit)
        assert all(domain.admits(v) for v in (p.low, p.nominal, p.high)), p.name


def test_the_command_line_exits_2_with_one_line(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    rewrite_row(folder, "cite_houses", nominal="-288", low="-288", high="-288")
    run = subprocess.run(
        [sys.executable, "-m", "copilote", "evaluate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr
    assert "parameters.csv, row " in lines[0] and "(cite_houses)" in lines[0]
