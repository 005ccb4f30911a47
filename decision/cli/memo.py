"""``decision memo``: write a decision memo (PDF, HTML or Markdown) with its provenance.

Examples::

    decision memo                                      # bundled case, PDF, French
    decision memo --weights energy=0.4,cost=0.3,air=0.2,land=0.1 --format html
    decision memo --profile elus --method promethee_ii --lang en --out note.pdf
    decision memo data/examples/chauffage-cite-12-14.csv --types min,min,min --format md
    decision memo --red-line "nox<=reference" --format md   # with the case's own ZAN line

The file is written atomically (a temporary file in the same folder, then renamed), so a
failure never leaves a half-written memo. An existing file is replaced only if it is itself a
Copilote memo (or with ``--force``): a memo is cheap to remake, someone's other file is not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from copilote.decision.cli.common import (
    add_lang_option,
    add_method_options,
    add_red_line_option,
    add_source_argument,
    add_weight_options,
    load_source,
    source_red_lines,
)
from copilote.decision.core.methods import method_spec
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError
from copilote.decision.memo import DEFAULT_N, DEFAULT_SEED, FORMATS, Memo, build_memo, render
from copilote.decision.memo.pdf_process import PdfWorker

#: What marks a file as a memo written by Copilote, by format (see render_*.py).
_MARKERS = {
    "md": b"<!-- copilote decision memo -->",
    "html": b'<meta name="generator" content="Copilote',
    # the document information WeasyPrint writes from the HTML's generator: not just any
    # PDF that happens to mention Copilote
    "pdf": b"/Creator (Copilote ",
}
#: Files larger than this are not memos (ours weigh well under a megabyte).
_MAX_MEMO_BYTES = 20_000_000


def register(sub: argparse._SubParsersAction, help_text: str) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the ``memo`` sub-command."""
    parser = sub.add_parser(
        "memo",
        help=help_text,
        description="Write a decision memo for a committee: the scenarios compared, the weights "
        "and method, the ranking with a chart, its robustness, the data sources and the "
        "provenance (SHA-256 of the inputs). French by default.",
    )
    add_source_argument(parser)
    add_weight_options(parser)
    add_method_options(parser)
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        help="pdf, html or md (default: from --out's extension, else pdf)",
    )
    parser.add_argument(
        "--out",
        help="file to write, or - for standard output "
        "(default: memo-<case>-<method>.<format> in the current folder)",
    )
    add_lang_option(parser)
    add_red_line_option(parser)
    parser.add_argument(
        "--n",
        type=int,
        default=DEFAULT_N,
        help=f"base sample size of the robustness study (default: {DEFAULT_N})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace --out even if it is not a Copilote memo"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the memo, render it and write it; print where it went and its input digest.

    A PDF is printed by a child process started here, first: it loads WeasyPrint while this
    process makes the memo (decision/memo/pdf_process.py; issue 15). It is stopped and reaped
    when the command stops, whichever way.
    """
    fmt = _format(args.format, args.out)
    with PdfWorker.start() if fmt == "pdf" else contextlib.nullcontext() as printer:
        memo, out = _memo(args, fmt)
        data = printer.render(memo) if printer is not None else render(memo, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    write_atomically(out, data)
    print(f"{out}  (SHA-256 {memo.digest})")
    return 0


def _memo(args: argparse.Namespace, fmt: str) -> tuple[Memo, Path | None]:
    """The memo's content and the file to write (None for standard output), checked."""
    spec = method_spec(args.method)
    source = load_source(
        args.source, types=args.types, weights=args.weights, profile=args.profile, db=args.db
    )
    red_lines = source_red_lines(source, args.red_lines)
    out = None
    if args.out != "-":
        out = Path(args.out) if args.out else Path(f"memo-{source.name}-{spec.name}.{fmt}")
        _check_target(out, fmt, args.force)
    memo = build_memo(
        source,
        # Already applied by load_source; passed again so the memo says they were typed in.
        weights=Weights.read(args.weights, "--weights") if args.weights else None,
        method=spec.name,
        normalization=args.normalization,
        lang=args.lang,
        n=args.n,
        seed=args.seed,
        weights_owner=source.weights_owner,
        types=args.types,
        red_lines=red_lines,
    )
    return memo, out


def _format(fmt: str | None, out: str | None) -> str:
    """The format: given, or from the extension of ``--out``, or pdf."""
    suffix = Path(out).suffix.lower().lstrip(".") if out and out != "-" else ""
    guessed = {"pdf": "pdf", "html": "html", "htm": "html", "md": "md", "markdown": "md"}.get(
        suffix
    )
    if fmt is not None:
        if guessed is not None and guessed != fmt:
            raise InputError(f"--out {out}: the extension says {guessed}, --format says {fmt}")
        return fmt
    return guessed or "pdf"


def _check_target(out: Path, fmt: str, force: bool) -> None:
    """Refuse a target we could not write, or one that is someone's other file."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--out {out}: folder '{folder}' does not exist")
    if out.is_dir():
        raise InputError(f"--out {out}: is a folder, expected a file name")
    if out.exists() and not force and not is_memo(out, fmt):
        raise InputError(
            f"--out {out}: exists and is not a Copilote memo; choose another name "
            "or add --force to replace it"
        )


def is_memo(path: Path, fmt: str) -> bool:
    """Whether ``path`` looks like a memo Copilote wrote in format ``fmt``."""
    try:
        if path.stat().st_size > _MAX_MEMO_BYTES:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if fmt == "pdf":
        # WeasyPrint puts the document information (Creator: Copilote x.y) in a compressed
        # object stream: look in the inflated streams.
        return data.startswith(b"%PDF") and any(
            _MARKERS["pdf"] in chunk for chunk in _pdf_streams(data)
        )
    return _MARKERS[fmt] in data[:4096]


def _pdf_streams(data: bytes) -> Iterator[bytes]:
    """The inflated content of a PDF's Flate streams (those that inflate)."""
    for match in re.finditer(rb"stream\r?\n", data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return
        with contextlib.suppress(zlib.error):
            yield zlib.decompressobj().decompress(data[start:end])


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it (same folder)."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
