"""What several sub-commands share: the source (a CSV table or a case), weights, types, method.

A *source* is what a command ranks: a CSV table (alternatives x indicators, ``--types`` needed)
or a case (a folder or ``case.toml``; the bundled Lens–Liévin case when nothing is named).
Weights are given on the command line (``--weights``) or by a stored profile (``--profile``).

Weight syntax, for tables and cases alike:

- numbers, in order: ``0.3,0.2,0.5`` (or ``0,3;0,2;0,5`` with decimal commas). For a table the
  order is the indicators'; for a case it is the criteria's (energy, cost, air, land).
- pairs: ``energy=0.4,cost=0.3`` naming criteria (a case) or indicators (a table or a case).
  Names left out weigh 0. Weights are normalised to sum to 1.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from copilote.decision.core.methods import METHODS, NORMALIZATIONS
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.errors import InputError

if TYPE_CHECKING:
    from copilote.decision.case.loading import Case

Weights = list[float] | dict[str, float]

_TYPE_WORDS = {"max": "max", "+": "max", "min": "min", "-": "min"}


@dataclass(frozen=True)
class Source:
    """What a command works on, with its nominal decision problem.

    Attributes:
        kind: ``table`` or ``case``.
        name: a short name for titles and file names (the file stem or the case id).
        problem: the decision problem at nominal values, weights applied.
        case: the case, for a case source (parameters, scenarios, model); None for a table.
        path: the file or folder read; None for the bundled case.
        weights_owner: whose weights these are (a profile's owner), if known.
        profile: the profile name and version the weights came from, if any.
    """

    kind: str
    name: str
    problem: DecisionProblem
    case: Case | None = None
    path: Path | None = None
    weights_owner: str | None = None
    profile: str | None = None


# -- parsing options ---------------------------------------------------------------------------
def parse_weights(text: str, option: str = "--weights") -> Weights:
    """``0.3,0.2`` -> [0.3, 0.2]; ``a=0.3,b=0.2`` -> {"a": 0.3, "b": 0.2}. Signs checked later."""
    text = text.strip()
    if not text:
        raise InputError(f"{option}: empty, expected numbers or name=value pairs")
    sep = ";" if ";" in text else ","
    parts = [p.strip() for p in text.split(sep)]
    if any(not p for p in parts):
        raise InputError(f"{option}: empty item in '{text}'")
    if any("=" in p for p in parts):
        pairs: dict[str, float] = {}
        for part in parts:
            key, eq, value = part.partition("=")
            key = key.strip()
            if not eq or not key:
                raise InputError(f"{option}: '{part}' should be name=value")
            if key in pairs:
                raise InputError(f"{option}: '{key}' is given twice")
            pairs[key] = _weight_number(value, option, key)
        return pairs
    return [_weight_number(p, option, f"item {i}") for i, p in enumerate(parts, start=1)]


def _weight_number(text: str, option: str, what: str) -> float:
    raw = text.strip()
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise InputError(f"{option}: {what}: '{raw}' is not a number") from None
    if not np.isfinite(value):
        raise InputError(f"{option}: {what}: '{raw}' is not a finite number")
    if value < 0:
        raise InputError(f"{option}: {what}: negative weight {raw}, expected >= 0")
    return value


def parse_types(text: str, indicators: Sequence[str]) -> NDArray[np.int_]:
    """``max,min,+,-`` -> pymcdm types (1 / -1), one per indicator, in order."""
    words = [w.strip().lower() for w in text.replace(";", ",").split(",")]
    if len(words) != len(indicators):
        raise InputError(
            f"--types: {len(words)} types for {len(indicators)} indicators "
            f"({', '.join(indicators)}); expected one of max/min (or +/-) each"
        )
    out = []
    for word, ind in zip(words, indicators, strict=True):
        if word not in _TYPE_WORDS:
            raise InputError(
                f"--types: '{word}' for indicator '{ind}' is not a type; expected max, min, + or -"
            )
        out.append(1 if _TYPE_WORDS[word] == "max" else -1)
    return np.array(out)


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
        help="numbers in order (indicators of a table; criteria energy,cost,air,land of a case) "
        "or name=value pairs; normalised to sum to 1 (default: equal)",
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


# -- loading ---------------------------------------------------------------------------------
def load_source(
    path: str | os.PathLike[str] | None,
    *,
    types: str | None = None,
    weights: str | Weights | Mapping[str, float] | None = None,
    profile: str | None = None,
    db: str | None = None,
) -> Source:
    """Read a CSV table or a case and apply weights (from ``weights`` or a stored profile)."""
    owner = profile_label = None
    if profile is not None:
        from copilote.decision.record.store import resolve_profile

        stored = resolve_profile(profile, db=db)
        weights = stored.weight_input()
        owner = stored.owner
        profile_label = f"{stored.name} v{stored.version}"
    if isinstance(weights, str):
        weights = parse_weights(weights)
    p = Path(path) if path is not None else None
    if p is not None and (p.suffix.lower() in (".csv", ".txt", ".tsv") or _looks_like_table(p)):
        problem = _table_problem(p, types, weights)
        return Source("table", p.stem, problem, None, p, owner, profile_label)
    if types is not None:
        raise InputError("--types is for CSV tables; a case's indicators know their direction")
    from copilote.decision.case.loading import load_case

    case = load_case(p)
    problem = case_problem(case, weights)
    return Source("case", case.id, problem, case, p, owner, profile_label)


def case_problem(case: Case, weights: Weights | Mapping[str, float] | None) -> DecisionProblem:
    """The case's nominal problem under ``weights`` (criterion- or indicator-level, or a list)."""
    problem = case.problem()
    if weights is None:
        return problem
    crit_ids = [c.id for c in problem.criteria]
    if isinstance(weights, Mapping):
        keys = set(weights)
        if keys <= set(crit_ids):
            return problem.with_criterion_weights(weights)
        if keys <= set(problem.indicator_ids):
            return problem.with_weights(weights)
        unknown = sorted(keys - set(crit_ids) - set(problem.indicator_ids))
        if unknown:
            raise InputError(
                f"--weights: unknown name '{unknown[0]}'; expected criteria "
                f"({', '.join(crit_ids)}) or indicators ({', '.join(problem.indicator_ids)})"
            )
        raise InputError("--weights: name either criteria or indicators, not both")
    values = list(weights)
    if len(values) == len(crit_ids):
        return problem.with_criterion_weights(dict(zip(crit_ids, values, strict=True)))
    if len(values) == len(problem.indicator_ids):
        return problem.with_weights(values)
    raise InputError(
        f"--weights: {len(values)} numbers; expected {len(crit_ids)} (criteria "
        f"{', '.join(crit_ids)}) or {len(problem.indicator_ids)} (indicators)"
    )


def _looks_like_table(path: Path) -> bool:
    """A file that is not TOML is read as a table (so a typo'd CSV still gets CSV errors)."""
    return path.suffix.lower() != ".toml" and not path.is_dir() and path.suffix != ""


def _table_problem(
    path: Path, types: str | None, weights: Weights | Mapping[str, float] | None
) -> DecisionProblem:
    from copilote.decision.core.tabular import read_table

    table = read_table(path)
    if types is None:
        raise InputError(
            f"{path}: --types is required for a CSV table: max or min for each of "
            f"{', '.join(table.indicators)}"
        )
    type_vector = parse_types(types, table.indicators)
    indicators = tuple(
        Indicator(name, name, name, "", "max" if t > 0 else "min", name)
        for name, t in zip(table.indicators, type_vector, strict=True)
    )
    n = len(indicators)
    w: Any
    if weights is None:
        w = np.full(n, 1.0 / n)
    elif isinstance(weights, Mapping):
        from copilote.decision.core.problem import weights_from_mapping

        w = weights_from_mapping(weights, table.indicators, what="indicator")
    else:
        if len(weights) != n:
            raise InputError(
                f"--weights: {len(weights)} numbers for {n} indicators "
                f"({', '.join(table.indicators)})"
            )
        w = np.asarray(weights, dtype=float)
    return DecisionProblem(
        alternatives=table.alternatives,
        indicators=indicators,
        matrix=table.matrix,
        weights=w,
        # In a plain table each indicator is its own criterion: weights are indicator weights.
        criteria=tuple(Criterion(i.id, i.id, i.id) for i in indicators),
    )
