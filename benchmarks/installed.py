"""What the benchmarks do first: leave Copilote's bytecode where an installed copy has it.

``pip install`` compiles every module of a wheel to bytecode (``__pycache__``), and a checkout
writes it on first import. This machine sets ``PYTHONDONTWRITEBYTECODE=1``, so a checkout run
here never writes it, and each command would compile all of Copilote's modules from source
before running: 0.1 s of the 0.2 s that the sensitivity command's imports take, a cost no
installed copy pays. :func:`compile_bytecode` writes it once (``compileall``, as pip does), so
that commands are timed as a user runs them.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import copilote


def compile_bytecode() -> Path:
    """Compile the imported Copilote package to bytecode; return its folder.

    The checkout's ``copilote/`` links to the top-level folders (``decision/``, ...), and
    ``compileall`` does not follow links into folders: each is compiled where it really is.
    """
    root = Path(copilote.__file__).resolve().parent
    for folder in [root, *sorted(p for p in root.iterdir() if p.is_dir())]:
        if folder.name == "__pycache__":
            continue
        if not compileall.compile_dir(folder.resolve(), quiet=1):
            raise SystemExit(f"{folder}: could not be compiled to bytecode")
    return root
