"""What several sub-commands share: their arguments (source, weights, method, language).

Loading a source (a CSV table or a case, weights applied) is the case layer's
(:mod:`copilote.decision.case.source`); reading weights is the core's
(:class:`copilote.decision.core.weighting.Weights`). Weight syntax, for tables and cases alike:

- numbers, in order: ``0.3,0.2,0.5`` (or ``0,3;0,2;0,5`` with decimal commas). For a case the
  order is the criteria's (energy, cost, air, land), or the indicators' when there is one number
  per indicator; for a table it is the indicators'.
- pairs: ``energy=0.4,cost=0.3`` naming criteria (a case) or indicators (a table or a case).
  Names left out weigh 0. Weights are normalised to sum to 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from copilote.decision.analysis.red_lines import RedLine, parse_red_lines
from copilote.decision.case.source import Source, load_source, parse_types
from copilote.decision.core.methods import METHODS, NORMALIZATIONS

__all__ = [
    "Source",
    "add_case_arguments",
    "add_lang_option",
    "add_method_options",
    "add_red_line_option",
    "add_source_argument",
    "add_weight_options",
    "load_source",
    "parse_types",
    "source_red_lines",
]


# -- arguments shared by sub-commands ----------------------------------------------------------
def add_source_argument(parser: argparse.ArgumentParser) -> None:
    """The positional SOURCE (CSV table, case folder or case TOML; default the bundled case)."""
    parser.add_argument(
        "source",
        nargs="?",
        metavar="CASE|FILE.csv",
        help="a case folder or case TOML file (default: the bundled Lens–Liévin case), "
        "or a CSV table (alternatives x indicators)",
    )
    parser.add_argument(
        "--types",
        help="for a CSV table: max or min (or + / -) per indicator, comma-separated",
    )


def add_case_arguments(parser: argparse.ArgumentParser) -> None:
    """The positional CASE (default the bundled case), ``--json`` and ``--lang``."""
    parser.add_argument(
        "case",
        nargs="?",
        metavar="CASE",
        help="a case folder or case TOML file (default: the bundled Lens–Liévin case)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_lang_option(parser)


def add_weight_options(parser: argparse.ArgumentParser) -> None:
    """``--weights``, ``--profile`` and ``--db``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--weights",
        help="numbers in order (indicators of a table; the criteria of a case, "
        "energy,cost,air,land for the bundled one) or name=value pairs; normalised to sum to 1 "
        "(default: equal)",
    )
    group.add_argument("--profile", help="use the weights of a stored weight profile")
    parser.add_argument(
        "--db", help="the store (SQLite file); default $DECISION_DB or the user data folder"
    )


def add_method_options(parser: argparse.ArgumentParser) -> None:
    """``--method`` and ``--normalization``."""
    parser.add_argument(
        "--method",
        default="topsis",
        help=f"MCDA method: {', '.join(METHODS)} (default: topsis)",
    )
    parser.add_argument(
        "--normalization",
        help=f"normalisation, for methods that take one: {', '.join(NORMALIZATIONS)} "
        "(default: the method's own)",
    )


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang fr|en`` (French by default)."""
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language (fr, en)")


def add_red_line_option(parser: argparse.ArgumentParser) -> None:
    """``--red-line INDICATOR<=BOUND`` (or ``>=``), repeatable; added to the case's own lines."""
    parser.add_argument(
        "--red-line",
        action="append",
        dest="red_lines",
        metavar="INDICATOR<=BOUND",
        help="a limit no weight buys back: INDICATOR<=VALUE or >=, VALUE a number in the "
        "indicator's unit ('land_take<=5 ha') or a scenario ('nox<=reference'); repeatable. "
        "A scenario that crosses one is ranked after every admissible scenario",
    )


def source_red_lines(source: Source, texts: Sequence[str] | None) -> tuple[RedLine, ...]:
    """The case's own red lines (none for a table) followed by the ``--red-line`` options."""
    own = tuple(getattr(source.case, "red_lines", ()) or ())
    return own + parse_red_lines(texts, source.problem)
