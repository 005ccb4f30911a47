"""``decision memo`` from the command line: files written, formats, overwrite policy, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilote.decision.cli import main
from copilote.decision.cli import memo as memo_cli
from copilote.decision.memo.render_md import MARKER

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "chauffage-cite-12-14.csv"
BASE = [str(EXAMPLE), "--types", "min,min,min", "--weights", "0.4,0.4,0.2", "--n", "16"]


def test_default_name_in_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["memo", *BASE]) == 0
    written = tmp_path / "memo-chauffage-cite-12-14-topsis.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert "SHA-256" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "name", "start"),
    [
        (["--format", "md"], "memo-chauffage-cite-12-14-topsis.md", MARKER.encode()),
        (["--format", "html"], "memo-chauffage-cite-12-14-topsis.html", b"<!DOCTYPE html>"),
        (["--out", "note.html"], "note.html", b"<!DOCTYPE html>"),
        (["--out", "note.md", "--method", "vikor"], "note.md", MARKER.encode()),
    ],
)
def test_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], name: str, start: bytes
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["memo", *BASE, *args]) == 0
    assert (tmp_path / name).read_bytes().startswith(start)


def test_an_existing_memo_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "note.pdf"
    assert main(["memo", *BASE, "--out", str(out)]) == 0
    first = out.read_bytes()
    assert memo_cli.is_memo(out, "pdf")
    assert main(["memo", *BASE, "--out", str(out), "--method", "wsm"]) == 0
    assert out.read_bytes() != first


@pytest.mark.parametrize("suffix", ["pdf", "md", "html"])
def test_someone_elses_file_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"budget.{suffix}"
    # a PDF that mentions Copilote is still someone else's
    out.write_bytes(b"%PDF-1.7 a report on Copilote" if suffix == "pdf" else b"my notes")
    before = out.read_bytes()
    assert main(["memo", *BASE, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("decision: error: --out") and "--force" in err
    assert err.count("\n") == 1
    assert out.read_bytes() == before
    assert main(["memo", *BASE, "--out", str(out), "--force"]) == 0
    assert out.read_bytes() != before


def test_a_failure_leaves_no_half_written_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "note.md"
    assert main(["memo", *BASE, "--out", str(out)]) == 0
    before = out.read_bytes()

    # The disk fills up after part of the new memo is written.
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(memo_cli.os, "fsync", disk_full)
        with pytest.raises(OSError, match="No space"):
            memo_cli.write_atomically(out, b"half a memo")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]

    # Rendering fails: the command reports it and the old memo is untouched.
    def broken(memo: object, fmt: str) -> bytes:
        raise RuntimeError("renderer crashed")

    with monkeypatch.context() as patch:
        patch.setattr(memo_cli, "render", broken)
        assert main(["memo", *BASE, "--out", str(out), "--method", "wsm"]) == 1
    assert "internal error" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]


def test_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["memo", *BASE, "--format", "md", "--out", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(MARKER.encode())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "electre"], "unknown method 'electre'"),
        (["--n", "100"], "power of 2"),
        (["--weights", "0.4,abc,0.2"], "item 2 is 'abc', not a number"),
        (["--weights", "0.4,0.4"], "2 numbers for 3 indicators"),
        (["--format", "docx"], "invalid choice"),
        (["--format", "md", "--out", "x.pdf"], "the extension says pdf"),
        (["--out", "/nonexistent-folder/x.pdf"], "does not exist"),
        (["--lang", "de"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    base = [a for a in BASE]
    if args[0] == "--weights":
        base = base[:3] + base[5:]  # replace the weights
    assert main(["memo", *base, *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("decision: error:")
    assert message in err
    assert err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_csv_without_types_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["memo", str(EXAMPLE), "--n", "16"]) == 2
    assert "--types is required" in capsys.readouterr().err


def test_a_malformed_csv_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("option,a,b\nx,1,2\ny,oops,3\n", encoding="utf-8")
    assert main(["memo", str(bad), "--types", "max,max", "--n", "16"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "oops" in err
