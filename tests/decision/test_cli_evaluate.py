"""``decision evaluate``: table, JSON shape, exit status 2 on bad case files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from copilote.decision.cli import main

ROOT = Path(__file__).resolve().parents[2]


def copy_case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(ROOT / "data" / "lens_lievin", folder)
    shutil.copytree(ROOT / "scenarios" / "lens_lievin", folder / "scenarios")
    toml = folder / "case.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("../../scenarios/lens_lievin", "scenarios"),
        encoding="utf-8",
    )
    return folder


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "scenarios",
        "indicators",
        "per_dwelling",
        "cost_per_t_co2_avoided",
        "cost_per_t_co2_avoided_vs_landlord_plan",
        "prices_by_group",
    }
    indicators = data["indicators"]
    assert all(
        set(i) == {"id", "criterion", "unit", "direction", "label_fr", "label_en"}
        for i in indicators
    )
    assert {i["criterion"] for i in indicators} == {"energy", "cost", "air", "land"}
    assert len(data["scenarios"]) >= 6
    ids = [i["id"] for i in indicators]
    for scenario in data["scenarios"]:
        assert set(scenario) == {"id", "name", "indicators"}
        assert list(scenario["indicators"]) == ids
        assert all(isinstance(v, float) for v in scenario["indicators"].values())
    ref = next(s for s in data["scenarios"] if s["id"] == "reference")
    assert ref["name"].startswith("Référence")


def test_json_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"][0]["name"].startswith("Reference")


def test_table_has_units_and_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate"]) == 0
    out = capsys.readouterr().out
    units_row = " ".join(out.splitlines()[3].split())  # title, blank, header, units
    assert units_row == "MWh/an % t CO2e/an k€ k€/an € HT/MWh t/an t/an ha"
    for text in ("cite_network", "zoning", "Mixité sur le site libéré"):
        assert text in out


def test_case_folder_argument(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_case(tmp_path)
    assert main(["evaluate", str(folder), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["scenarios"]) >= 6


def test_bad_scenario_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_case(tmp_path)
    bad = folder / "scenarios" / "05_merge.toml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("merge_lievin", "merge_lieven"))
    assert main(["evaluate", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("decision: error:")
    assert "05_merge.toml" in err and "did you mean 'merge_lievin'" in err


def test_subprocess_exit_status_and_no_traceback(tmp_path: Path) -> None:
    folder = copy_case(tmp_path)
    (folder / "parameters.csv").write_text("name,nominal\nx,1\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "copilote", "evaluate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "parameters.csv: missing column" in proc.stderr
