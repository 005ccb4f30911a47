"""``decision parameters``: JSON shape, table, exit status 2 on bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilote.decision.case.loading import load_case
from copilote.decision.cli import main


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parameters", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and data
    keys = {"name", "nominal", "low", "high", "unit", "source", "status"}
    assert all(set(p) == keys for p in data)
    assert {p["status"] for p in data} == {"verified", "derived", "assumption"}
    assert len(data) == len(load_case().parameters)
    pipe = next(p for p in data if p["name"] == "pipe_cost")
    assert (pipe["nominal"], pipe["low"], pipe["high"], pipe["unit"]) == (800, 400, 1500, "€ HT/m")


def test_table_in_french_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parameters"]) == 0
    out = capsys.readouterr().out
    assert "hypothèse" in out and "vérifiée" in out and "Source :" in out
    assert "dérivée" in out and "calculé" not in out  # the screen's and the memo's words
    assert main(["parameters", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "assumption" in out and "Source:" in out


def test_missing_case_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parameters", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("decision: error:") and err.count("\n") == 1
