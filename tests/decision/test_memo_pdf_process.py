"""The PDF worker of ``decision memo`` (decision/memo/pdf_process.py): the bytes of the in-process
path, its fallbacks, its errors, and a child that never outlives the command (issue 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from copilote.decision.cli import main
from copilote.decision.cli.common import load_source
from copilote.decision.errors import InputError
from copilote.decision.memo import build_memo, pdf_process, render, render_pdf
from copilote.decision.memo.pdf_process import PdfWorker
from copilote.decision.memo.render_html import render_html

N = 16
EPOCH = "1767225600"  # 2026-01-01 00:00:00 UTC
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def memo():  # type: ignore[no-untyped-def]
    """The bundled case's memo (a small study: the bytes, not the numbers, are tested here)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        source = load_source(None, types=None, weights=None, profile=None, db=None)
        return build_memo(source, n=N, seed=1, weights_owner=source.weights_owner)


@pytest.fixture(scope="module")
def in_process(memo) -> bytes:  # type: ignore[no-untyped-def]
    return render(memo, "pdf")


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has ended and been reaped (no such process any more)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _ended(pid: int) -> bool:
    """Whether ``pid`` has ended: reaped, or a zombie left for init (no longer running)."""
    if _gone(pid):
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in {"Z", "X"}


def test_the_worker_prints_the_bytes_of_the_in_process_path(memo, in_process: bytes) -> None:  # type: ignore[no-untyped-def]
    with PdfWorker.start() as worker:
        assert worker.pid is not None
        from_worker = worker.print_page(render_html(memo))
    assert from_worker is not None  # printed by the child, not by the fallback
    assert from_worker.startswith(b"%PDF")
    assert from_worker == in_process


def test_the_command_prints_in_the_worker_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_process: bytes
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def not_here(html: str) -> bytes:
        raise AssertionError("printed in-process")

    # the parent cannot print: the PDF must come from the child
    monkeypatch.setattr(render_pdf, "html_to_pdf", not_here)
    out = tmp_path / "note.pdf"
    assert main(["memo", "--n", str(N), "--seed", "1", "--out", str(out)]) == 0
    assert out.read_bytes() == in_process


def test_no_child_is_started_for_html_or_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_worker() -> PdfWorker:
        raise AssertionError("a PDF worker was started")

    monkeypatch.setattr(PdfWorker, "start", staticmethod(no_worker))
    for fmt in ("html", "md"):
        assert (
            main(["memo", "--n", str(N), "--format", fmt, "--out", str(tmp_path / f"m.{fmt}")]) == 0
        )


def test_a_worker_that_cannot_start_leaves_the_printing_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_process: bytes
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def no_process(*args: object, **kwargs: object) -> None:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(pdf_process.subprocess, "Popen", no_process)
    out = tmp_path / "note.pdf"
    assert main(["memo", "--n", str(N), "--seed", "1", "--out", str(out)]) == 0
    assert out.read_bytes() == in_process


def test_a_child_running_another_copilote_gives_way(
    memo, in_process: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # The child would import another install or checkout than the parent's: it refuses to print
    # (its code could differ), and the page is printed in-process.
    monkeypatch.setattr(pdf_process, "THIS_FILE", Path("/elsewhere/pdf_process.py"))
    with PdfWorker.start() as worker:
        pid = worker.pid
        assert worker.print_page(render_html(memo)) is None
        assert worker.render(memo) == in_process
    assert pid is not None and _gone(pid)


def test_a_failure_in_the_child_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    deep = "<div>" * 1000 + "x" + "</div>" * 1000  # WeasyPrint's layout recurses too deep
    with PdfWorker.start() as worker, pytest.raises(InputError) as caught:
        worker.print_page(deep)
    message = str(caught.value)
    assert message.startswith("PDF: RecursionError")
    assert "\n" not in message and "Traceback" not in message
    assert "Traceback" not in capsys.readouterr().err


def test_bad_input_after_the_start_leaves_no_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[int] = []
    start = PdfWorker.start

    def recorded() -> PdfWorker:
        worker = start()
        assert worker.pid is not None
        started.append(worker.pid)
        return worker

    monkeypatch.setattr(PdfWorker, "start", staticmethod(recorded))
    monkeypatch.chdir(tmp_path)
    assert main(["memo", "--weights", "energy=abc"]) == 2  # found after the worker started
    err = capsys.readouterr().err
    assert err.startswith("decision: error:") and err.count("\n") == 1
    assert len(started) == 1
    assert _gone(started[0])  # killed and reaped before the command returned: no zombie
    assert list(tmp_path.iterdir()) == []


def test_a_child_whose_parent_gives_up_exits_on_end_of_file() -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-P",
            "-m",
            pdf_process.MODULE,
            str(pdf_process.THIS_FILE),
            str(os.getpid()),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = child.communicate(b"", timeout=60)  # end of file: no page will come
    assert (child.returncode, out, err) == (0, b"", b"")


_PARENT = """
import sys, time
from copilote.decision.memo.pdf_process import PdfWorker
worker = PdfWorker.start()
print(worker.pid, flush=True)
time.sleep(600)
"""


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _has_loaded_pango(pid: int) -> bool:
    """Whether ``pid`` has WeasyPrint's Pango mapped: it is past its start, importing."""
    try:
        return "libpango" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_child_does_not_outlive_a_parent_killed_outright() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, cwd=ROOT, text=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        # past its own start (where a parent already gone ends it at once): loading WeasyPrint
        assert _wait_for(lambda: _has_loaded_pango(child), 120)
    finally:
        parent.send_signal(signal.SIGKILL)  # no cleanup of any kind
        parent.wait()
        assert parent.stdout is not None
        parent.stdout.close()
    assert _wait_for(lambda: _ended(child), 30)


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_the_command_and_its_child(tmp_path: Path) -> None:
    command = subprocess.Popen(
        [sys.executable, "-m", "copilote", "memo", "--n", str(N), "--out", "m.pdf"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        assert _wait_for(lambda: any(_has_loaded_pango(c) for c in _children(command.pid)), 120)
        (child,) = _children(command.pid)
        os.killpg(command.pid, signal.SIGINT)  # what Ctrl-C sends: the whole group
        _, err = command.communicate(timeout=60)
    finally:
        if command.poll() is None:
            command.kill()
            command.wait()
    assert (command.returncode, err) == (130, "decision: interrupted\n")  # one line, no traceback
    assert _gone(child)  # the command reaped it
    assert list(tmp_path.iterdir()) == []
