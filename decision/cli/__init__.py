"""The ``decision`` command: one sub-command a module, one error policy for all.

Each sub-command lives in ``decision/cli/<name>.py`` and exposes ``register(subparsers)``, which
adds its parser and sets ``func`` (a callable taking the parsed namespace and returning an exit
status). Modules are imported only when their sub-command is named, so ``decision rank`` does not
pay for importing Panel.

Exit statuses: 0 success, 2 bad input (one line on stderr, no traceback), 1 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from copilote import __version__
from copilote.decision.errors import InputError

# name -> one-line help. The order is the order shown by ``decision --help``.
SUBCOMMANDS: dict[str, str] = {
    "rank": "rank alternatives of a table (CSV) or the scenarios of a case",
    "evaluate": "performance matrix of a case's scenarios at nominal values",
    "parameters": "uncertain parameters of a case with ranges and sources",
    "sensitivity": "Sobol sensitivity, rank acceptability, stability, tipping points",
    "memo": "write a decision memo (PDF, HTML or Markdown)",
    "serve": "serve the COPIL dashboard",
    "profile": "weight profiles kept in the store",
    "journal": "the meeting journal",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as bad input (exit 2, one line)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that sub-command's module is imported.

    ``only=""`` imports none: ``decision --help`` and ``--version`` need only the names and
    one-line helps above, and start without any scientific library.
    """
    parser = _Parser(prog="decision", description="Copilote: multi-criteria decision support.")
    parser.add_argument("--version", action="version", version=f"copilote {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text in SUBCOMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(f"copilote.decision.cli.{name}")
        module.register(sub, help_text)
    return parser


#: Options whose value may start with "-" (``--types -,+,-``), which argparse would take for an
#: option; they are glued to their value (``--types=-,+,-``) before parsing.
_DASH_VALUE_OPTIONS = ("--types", "--weights")


def _glue_dash_values(args: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _DASH_VALUE_OPTIONS and i + 1 < len(args) and args[i + 1].startswith("-"):
            out.append(f"{arg}={args[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    args_list = _glue_dash_values(list(sys.argv[1:] if argv is None else argv))
    command = next((a for a in args_list if a in SUBCOMMANDS), None)
    try:
        parser = build_parser(only=command or "")
        args = parser.parse_args(args_list)
        if not getattr(args, "func", None):
            parser.print_help()
            return 0 if not args_list else 2
        # this process's own command line, for a command that re-runs itself (serve); None
        # when called from Python with explicit arguments (a test, a script)
        args.process_argv = args_list if argv is None else None
        return int(args.func(args) or 0)
    except InputError as err:
        print(f"decision: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("decision: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:
        print(
            f"decision: internal error: {type(err).__name__}: {err} "
            "(please report it; set DECISION_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        import os

        if os.environ.get("DECISION_DEBUG"):
            raise
        return 1
