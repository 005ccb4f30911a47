"""What the command line imports: ``--help`` no scientific library, ``rank TABLE.csv`` numpy only,
a memo no pandas, and a PDF memo no WeasyPrint in the command's own process (its child prints).

Each command runs in a fresh interpreter (a subprocess), which then lists the libraries it has
loaded. Timings are not tested (they depend on the machine's load); the benchmark
benchmarks/bench_startup.py measures them. What is tested is the cause of a slow start:
pymcdm imports matplotlib and pandas, scipy.stats takes 0.6 s, Panel more.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "data" / "examples" / "chauffage-cite-12-14.csv"
HEAVY = ("pymcdm", "matplotlib", "pandas", "scipy", "panel", "bokeh", "SALib", "weasyprint")

_PROBE = """
import contextlib, io, json, sys
from copilote.decision.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        status = main(sys.argv[1:])
    except SystemExit as done:  # argparse's --help and --version exit
        status = done.code
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"status": status, "loaded": loaded, "out": out.getvalue()}))
"""


def _run(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _heavy(result: dict[str, object]) -> list[str]:
    loaded = result["loaded"]
    assert isinstance(loaded, list)
    return [name for name in HEAVY if name in loaded]


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_scientific_library(flag: str) -> None:
    result = _run(flag)
    assert result["status"] == 0
    assert "rank" in str(result["out"]) or "copilote" in str(result["out"])
    assert _heavy(result) == []
    assert "numpy" not in result["loaded"]  # type: ignore[operator]


def test_rank_of_a_table_loads_numpy_only() -> None:
    result = _run("rank", str(TABLE), "--types", "min,min,min", "--json")
    assert result["status"] == 0
    ranking = json.loads(str(result["out"]))
    assert ranking  # it ranked something
    assert "numpy" in result["loaded"]  # type: ignore[operator]
    assert _heavy(result) == []


def test_a_method_without_kernel_imports_pymcdm_when_it_runs() -> None:
    """ARAS has no batched kernel: pymcdm computes it, imported then and only then."""
    result = _run("rank", str(TABLE), "--types", "min,min,min", "--method", "aras", "--json")
    assert result["status"] == 0
    assert "pymcdm" in result["loaded"]  # type: ignore[operator]


def test_sensitivity_loads_numpy_only() -> None:
    """The Sobol' points are scipy's, computed without scipy.stats (decision.analysis.
    sobol_sequence); pandas, pymcdm and matplotlib are not needed either."""
    result = _run("sensitivity", "--n", "8", "--seed", "1", "--json")
    assert result["status"] == 0
    assert json.loads(str(result["out"]))  # a study was printed
    assert _heavy(result) == []


def test_a_memo_loads_neither_pandas_nor_pymcdm(tmp_path: Path) -> None:
    """The TOPSIS annex and the residents' tables are read without pandas (0.3 to 0.4 s)."""
    result = _run("memo", "--n", "16", "--format", "html", "--out", str(tmp_path / "m.html"))
    assert result["status"] == 0
    assert (tmp_path / "m.html").read_bytes().startswith(b"<!DOCTYPE html>")
    loaded = result["loaded"]
    assert isinstance(loaded, list)
    assert [name for name in ("pandas", "pymcdm", "weasyprint") if name in loaded] == []


def test_a_pdf_memo_leaves_weasyprint_to_its_worker(tmp_path: Path) -> None:
    """The command's own process never imports WeasyPrint: the child it starts prints."""
    result = _run("memo", "--n", "16", "--out", str(tmp_path / "m.pdf"))
    assert result["status"] == 0
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")
    assert "weasyprint" not in result["loaded"]  # type: ignore[operator]
