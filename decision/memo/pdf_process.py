"""The PDF memo's printer in a child process, started first so that WeasyPrint loads meanwhile.

``decision memo --format pdf`` is two halves that meet only at the end: the memo itself
(imports, robustness study, charts, HTML page) and WeasyPrint (its import, about 0.7 s, then the
layout and the writing of that page). Run one after the other they add up; on a machine with two
cores or more the first parts of each can run side by side (issue 15). So the command starts this
worker as soon as it knows it makes a PDF, before it reads the case: the worker imports
WeasyPrint while the command makes the memo, then reads the HTML page on its standard input and
writes the PDF on its standard output. It prints
with :func:`copilote.decision.memo.render_pdf.html_to_pdf`, the one conversion (and its fetcher
that loads nothing but ``data:`` URLs and the bundled templates), so the bytes are those of the
in-process path (tests/decision/test_memo_pdf_process.py holds them equal).

Only the command line uses it. The dashboard's export button and ``render_memo`` called from
Python print in-process: a long-lived process pays WeasyPrint's import once, and has no
command's start to overlap it with. Where the worker cannot start (no interpreter to run, the
child cannot import Copilote, or imports another copy of it than the parent's), the command
prints in-process too, with the same bytes, only later.

The child never outlives the command: the parent kills it and waits for it when the command
stops early (bad input after the start, an interruption); if the parent dies without doing so,
the child reads end of file on its standard input and exits, and on Linux the kernel kills it
at once (``PR_SET_PDEATHSIG``, asked for by the child at its start).

What the child's exit status says:

- 0: done; the PDF is on standard output (nothing when standard input was empty: the command
  gave up before sending a page);
- 3, or 1 (Python could not run this module): it could not start; the command prints in-process;
- 4: printing this page failed; standard error's last line says why, and the command stops with
  that line (exit status 2, no traceback).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from copilote.decision.errors import InputError

if TYPE_CHECKING:
    from copilote.decision.memo.content import Memo

#: How the child is started: its module, run by the parent's interpreter (a wheel install has no
#: checkout to point at). ``-P``: the current folder is not put on the import path, so a stray
#: ``weasyprint.py`` or ``copilote/`` where the command is run cannot stand in for the real ones.
MODULE = "copilote.decision.memo.pdf_process"
#: This file, as the parent runs it: the child checks that it runs the same one (the same
#: Copilote, not another install or checkout).
THIS_FILE = Path(__file__).resolve()

CANNOT_START = 3
FAILED = 4


class PdfWorker:
    """A child process that loads WeasyPrint now and prints one HTML page to PDF later.

    Use as a context manager, so that the child is reaped whatever happens::

        with PdfWorker.start() as worker:   # first thing: the child imports WeasyPrint
            memo = build_memo(...)          # meanwhile
            pdf = worker.render(memo)
    """

    def __init__(self, process: subprocess.Popen[bytes] | None) -> None:
        self._process = process

    @classmethod
    def start(cls) -> PdfWorker:
        """Start the child; a worker without a child (printing in-process) if it cannot be."""
        if not sys.executable:
            return cls(None)
        try:
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", MODULE, str(THIS_FILE), str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError:
            return cls(None)
        return cls(process)

    @property
    def pid(self) -> int | None:
        """The child's process id (None without a child)."""
        return self._process.pid if self._process is not None else None

    def render(self, memo: Memo) -> bytes:
        """The memo as PDF bytes: its HTML page printed by the child, else in-process."""
        from copilote.decision.memo.render_html import render_html
        from copilote.decision.memo.render_pdf import html_to_pdf

        html = render_html(memo)
        pdf = self.print_page(html)
        return pdf if pdf is not None else html_to_pdf(html)

    def print_page(self, html: str) -> bytes | None:
        """``html`` printed to PDF by the child; None if the child could not start.

        Raises :class:`InputError` with the child's own line if printing failed.
        """
        process = self._process
        if process is None:
            return None
        # communicate() feeds stdin and drains stdout and stderr together (no pipe fills up),
        # then waits for the child; interrupted, close() (the with block) kills it
        out, err = process.communicate(html.encode("utf-8"))
        self.close()  # one page per child
        status = process.returncode
        said = err.decode("utf-8", "replace")
        if status == 0 and out.startswith(b"%PDF"):
            if said:  # what the child had to say (a warning): where in-process it would go
                sys.stderr.write(said)
            return out
        if status in (1, CANNOT_START):
            return None
        lines = said.strip().splitlines() or [""]
        if status == FAILED:
            raise InputError(f"PDF: {lines[-1]}")
        why = f"signal {-status}" if status < 0 else f"exit status {status}"
        raise InputError(f"PDF: the printing process stopped ({why}) {lines[-1]}".strip())

    def close(self) -> None:
        """Stop the child if it is still running and reap it (no zombie, no orphan)."""
        process = self._process
        self._process = None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


# ------------------------------------------------------------------------------------------
# The child


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the parent dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # no prctl: end of file on stdin still ends this process
    if os.getppid() != parent:
        os._exit(0)  # the parent died before prctl: nobody is waiting for a PDF


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


def main(argv: list[str]) -> int:
    """Run as the child: import WeasyPrint, read a page on stdin, write its PDF on stdout."""
    # Ctrl-C in a terminal reaches the whole process group: the command handles it and kills
    # this process; a traceback from here would only be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        expected, parent = Path(argv[0]), int(argv[1])
        _die_with_parent(parent)
        if expected != THIS_FILE:
            print(f"another Copilote here: {THIS_FILE}", file=sys.stderr)
            return CANNOT_START
        import weasyprint  # noqa: F401  (the point: load it while the command makes the memo)

        from copilote.decision.memo.render_pdf import html_to_pdf
    except Exception as error:
        print(_one_line(error), file=sys.stderr)
        return CANNOT_START

    html = sys.stdin.buffer.read()
    if not html:
        return 0  # the command stopped before sending its page
    # One page, then this process ends: collecting reference cycles during WeasyPrint's layout
    # frees nothing that the exit does not, and took about a quarter of its time (the bundled
    # memo's page: 2.0 s instead of 2.6 s at best of 4; same peak memory, 150 MB; same bytes).
    import gc

    gc.disable()
    try:
        pdf = html_to_pdf(html.decode("utf-8"))
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
    except Exception as error:
        print(_one_line(error), file=sys.stderr)
        return FAILED
    # Done: the command waits for this process to end. Python's own ending would take apart
    # the laid-out document object by object (0.2 s measured); the system frees it at once.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
