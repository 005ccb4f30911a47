"""Finding 5 (issue 17): unbounded input ends in one clear line and exit 2, never a hang, a
memory blow-up or an internal error."""

from __future__ import annotations

import csv
import os
import shutil
import threading
from pathlib import Path

import pytest

from copilote.decision.cli import main
from copilote.decision.errors import InputError
from copilote.decision.files import read_bounded_bytes

REPO = Path(__file__).resolve().parents[2]


def case_copy(tmp_path: Path, name: str = "case") -> Path:
    """The bundled case copied to ``tmp_path/name``, its scenario folder named absolutely."""
    folder = tmp_path / name
    shutil.copytree(REPO / "data" / "lens_lievin", folder)
    toml = folder / "case.toml"
    scenarios = (REPO / "scenarios" / "lens_lievin").resolve()
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("../../scenarios/lens_lievin", str(scenarios)),
        encoding="utf-8",
    )
    return folder


def set_case_key(folder: Path, key: str, value: str) -> None:
    toml = folder / "case.toml"
    lines = [
        f'{key} = "{value}"' if line.startswith(f"{key} =") else line
        for line in toml.read_text(encoding="utf-8").splitlines()
    ]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")


def one_line_exit_2(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.startswith("decision: error: ") and err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err
    return err


def test_parameters_from_dev_zero_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = case_copy(tmp_path)
    set_case_key(folder, "parameters", "/dev/zero")
    assert "/dev/zero' is not a regular file" in one_line_exit_2(capsys, "evaluate", str(folder))


def test_a_fifo_does_not_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = case_copy(tmp_path)
    os.mkfifo(folder / "pipe.csv")
    set_case_key(folder, "parameters", "pipe.csv")
    done: list[str] = []
    worker = threading.Thread(
        target=lambda: done.append(one_line_exit_2(capsys, "evaluate", str(folder))), daemon=True
    )
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # unblock the reader before failing, or the test run hangs
        with open(folder / "pipe.csv", "w"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert "pipe.csv' is not a regular file" in done[0]


def test_a_symlink_loop_of_scenario_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = case_copy(tmp_path)
    (folder / "loop").symlink_to("loop")
    set_case_key(folder, "scenarios", "loop")
    assert "cannot be resolved" in one_line_exit_2(capsys, "evaluate", str(folder))
    # a scenario "file" that is a link to its own folder
    scenarios = tmp_path / "sc"
    shutil.copytree(REPO / "scenarios" / "lens_lievin", scenarios)
    (scenarios / "self.toml").symlink_to(".")
    set_case_key(folder, "scenarios", str(scenarios))
    assert "self.toml" in one_line_exit_2(capsys, "evaluate", str(folder))


def test_deeply_nested_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = case_copy(tmp_path)
    with (folder / "case.toml").open("a", encoding="utf-8") as out:
        out.write("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nested too deeply" in one_line_exit_2(capsys, "evaluate", str(folder))


def test_an_efficiency_of_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = case_copy(tmp_path)
    path = folder / "parameters.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == "lens_network_efficiency":
            row[header.index("nominal")] = row[header.index("low")] = "0"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    err = one_line_exit_2(capsys, "evaluate", str(folder))
    # the case check (issue 17.6) may name the rule first; either way one line, no crash
    assert "lens_network_efficiency" in err or "divide by zero" in err


def test_sample_size_has_a_documented_maximum(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_exit_2(capsys, "sensitivity", "--n", "8388608")
    assert "at most 32768" in err and "about 361 GB" in err


def test_session_minutes_nan(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_exit_2(capsys, "serve", "--session-minutes", "nan")
    assert "--session-minutes" in err


def test_bounded_reader_refuses_big_and_odd_files(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="more than the 100 accepted"):
        read_bounded_bytes(big, limit=100)
    assert read_bounded_bytes(big, limit=101) == b"x" * 101
    with pytest.raises(InputError, match="not a regular file"):
        read_bounded_bytes("/dev/zero")
    with pytest.raises(InputError, match="a folder"):
        read_bounded_bytes(tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        read_bounded_bytes(tmp_path / "missing")
