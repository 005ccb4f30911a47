"""Memos of the bundled Lens–Liévin case: the PDF's content, and the digest of TOML/CSV inputs.

The digest must not change when the case's files are merely rewritten (keys reordered, other
TOML spelling, CSV columns reordered, ``1`` written ``1.0``), and must change with any value.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from copilote.decision.case.loading import load_case
from copilote.decision.memo import build_memo, inputs_digest, render, resolve_subject

ROOT = Path(__file__).resolve().parents[2]
N = 16
WEIGHTS = {"energy": 0.4, "cost": 0.3, "air": 0.2, "land": 0.1}


def _copy_case(tmp_path: Path) -> Path:
    """The bundled case copied with its layout (case.toml points to ../../scenarios/...)."""
    shutil.copytree(ROOT / "data" / "lens_lievin", tmp_path / "data" / "lens_lievin")
    shutil.copytree(ROOT / "scenarios" / "lens_lievin", tmp_path / "scenarios" / "lens_lievin")
    return tmp_path / "data" / "lens_lievin"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    raise TypeError(type(value))


def _rewrite_toml(path: Path) -> None:
    """Same content, other layout: keys in reverse order, comments, no multi-line strings."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    lines = ["# rewritten by a test: same values, another layout", ""]
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    arrays = {k: v for k, v in data.items() if isinstance(v, list)}  # [[red_lines]]
    for key in reversed([k for k in data if k not in tables and k not in arrays]):
        lines.append(f"{key}   =   {_toml_value(data[key])}")
    for name in reversed(list(tables)):
        lines += ["", f"[ {name} ]  # a table"]
        for key in reversed(list(tables[name])):
            lines.append(f"{key} = {_toml_value(tables[name][key])}")
    for name, entries in arrays.items():
        for entry in entries:
            lines += ["", f"[[ {name} ]]  # an array of tables"]
            lines += [f"{key} = {_toml_value(entry[key])}" for key in reversed(list(entry))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _rewrite_csv(path: Path) -> None:
    """Same rows, columns in reverse order, every field quoted."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerows([list(reversed(r)) for r in rows])


def _digest(case_dir: Path | None) -> str:
    subject = resolve_subject(load_case(case_dir), WEIGHTS)
    return inputs_digest(subject, method="topsis", normalization=None, n=N, seed=1)


def test_reformatted_case_files_give_the_same_digest(tmp_path: Path) -> None:
    case_dir = _copy_case(tmp_path)
    before = _digest(case_dir)
    assert before == _digest(None)  # a copy is the same case
    files = [
        *sorted((tmp_path / "scenarios" / "lens_lievin").glob("*.toml")),
        case_dir / "case.toml",
        case_dir / "parameters.csv",
    ]
    originals = [f.read_bytes() for f in files]
    for path in files:
        (_rewrite_csv if path.suffix == ".csv" else _rewrite_toml)(path)
    assert all(f.read_bytes() != o for f, o in zip(files, originals, strict=True))
    assert _digest(case_dir) == before


def test_a_changed_value_changes_the_digest(tmp_path: Path) -> None:
    case_dir = _copy_case(tmp_path)
    before = _digest(case_dir)
    scenario = next((tmp_path / "scenarios" / "lens_lievin").glob("*cite_network.toml"))
    data = tomllib.loads(scenario.read_text(encoding="utf-8"))
    text = scenario.read_text(encoding="utf-8")
    name = data["name_fr"]
    scenario.write_text(text.replace(name, name + " (variante)"), encoding="utf-8")
    assert _digest(case_dir) != before


def test_a_changed_parameter_bound_changes_the_digest(tmp_path: Path) -> None:
    case_dir = _copy_case(tmp_path)
    before = _digest(case_dir)
    path = case_dir / "parameters.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    row = next(r for r in rows if float(r["high"]) > float(r["nominal"]))
    row["high"] = repr(float(row["high"]) * 1.01)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    assert _digest(case_dir) != before


@pytest.fixture(scope="module")
def case_memo_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, str]:
    if shutil.which("pdftotext") is None and not os.environ.get("CI"):
        pytest.skip("pdftotext not installed")  # under CI, a missing tool fails instead
    memo = build_memo(load_case(), weights=WEIGHTS, n=N, seed=1, weights_owner="Élus")
    path = tmp_path_factory.mktemp("case") / "memo.pdf"
    path.write_bytes(render(memo, "pdf"))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return memo, " ".join(out.stdout.decode("utf-8").split())


def test_case_memo_holds_scenarios_weights_sources_and_digest(
    case_memo_pdf: tuple[Any, str],
) -> None:
    memo, text = case_memo_pdf
    case = load_case()
    for scenario in case.scenarios:
        assert scenario.name_fr in text
    # criterion weights as chosen, and whose they are
    for share in ("40,0 %", "30,0 %", "20,0 %", "10,0 %"):
        assert share in text
    assert "Pondération : Élus" in text
    # the leader is named in the summary and first in the ranking table
    assert f"le scénario arrivé en tête est « {memo.ranking[0].name} »" in text
    assert f"1 {memo.ranking[0].name}" in text
    assert memo.digest in text
    # data statuses and units are shown
    assert "hypothèse" in text and "vérifiée" in text and "MWh/an" in text
    assert "Annexe A : données et sources" in text
