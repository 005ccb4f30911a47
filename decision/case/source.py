"""What a command, the memo or the dashboard works on: a CSV table or a case, weights applied.

A *source* is a CSV table (alternatives x indicators; each indicator's direction given as
``types``) or a case (a folder or ``case.toml``; the bundled Lens–Liévin case when nothing is
named). Its weights come from ``weights`` (anything :class:`~copilote.decision.core.weighting.
Weights` reads) or from a stored profile. Loading sits here, in the case layer, so that the
command line and the memo call it as peers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from copilote.decision.case.loading import Case, load_case
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.core.tabular import read_table
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError

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


def load_source(
    path: str | os.PathLike[str] | None,
    *,
    types: str | None = None,
    weights: Any = None,
    profile: str | None = None,
    db: str | None = None,
    where: str = "--weights",
) -> Source:
    """Read a CSV table or a case and apply weights (from ``weights`` or a stored profile)."""
    owner = profile_label = None
    if profile is not None:
        from copilote.decision.record.store import resolve_profile

        stored = resolve_profile(profile, db=db)
        weights = stored.weights
        where = f"profile '{profile}'"
        owner = stored.owner
        profile_label = f"{stored.name} v{stored.version}"
    given = Weights.read(weights, where) if weights is not None else None
    p = Path(path) if path is not None else None
    if p is not None and (p.suffix.lower() in (".csv", ".txt", ".tsv") or _looks_like_table(p)):
        problem = table_problem(p, types)
        if given is not None:
            problem = given.on(problem, where).apply(problem)
        return Source("table", p.stem, problem, None, p, owner, profile_label)
    if types is not None:
        raise InputError("--types is for CSV tables; a case's indicators know their direction")
    case = load_case(p)
    problem = case.problem()
    if given is not None:
        problem = given.on(problem, where).apply(problem)
    return Source("case", case.id, problem, case, p, owner, profile_label)


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


def table_problem(path: Path, types: str | None) -> DecisionProblem:
    """A CSV table as a decision problem with equal weights (each indicator its own criterion)."""
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
    return DecisionProblem(
        alternatives=table.alternatives,
        indicators=indicators,
        matrix=table.matrix,
        weights=np.full(n, 1.0 / n),
        # In a plain table each indicator is its own criterion: weights are indicator weights.
        criteria=tuple(Criterion(i.id, i.id, i.id) for i in indicators),
    )


def _looks_like_table(path: Path) -> bool:
    """A file that is not TOML is read as a table (so a typo'd CSV still gets CSV errors)."""
    return path.suffix.lower() != ".toml" and not path.is_dir() and path.suffix != ""
