"""The MCDA methods Copilote offers, built from pymcdm with documented defaults.

pymcdm is the reference: every number a method gives here is pymcdm's, and the batched kernels in
:mod:`decision.core.kernels` are tested equal to it. One exception: pymcdm 1.4.0's COPRAS reduces
the
relative significance to ``S+ + S-`` (indicators to minimise then count as if to maximise), so
:class:`_COPRAS` restores the published formula (Zavadskas et al. 2007), guarded by a test that
reproduces a published worked example. Settings go in the constructor and data in the
call, as in pymcdm: ``make_method("topsis")(matrix, weights, types)``.

Choices where pymcdm needs one (issue #2):

- PROMETHEE II uses the ``usual`` preference function (no thresholds to guess);
- SPOTIS takes, as bounds, each indicator's minimum and maximum over the alternatives;
- all other settings are pymcdm's own defaults (TOPSIS min-max, VIKOR v = 0.5 without
  normalisation, WSM/WPM sum normalisation, WASPAS linear normalisation with lambda = 0.5, ...).

Ranks: 1 is best, ties share the average rank (pymcdm's ``rankdata``), and each method's own
direction is respected (VIKOR and SPOTIS: lower score is better).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.errors import InputError


def _pymcdm(module: str) -> Any:
    """A pymcdm module, imported on first use.

    Why late: importing pymcdm imports matplotlib, pandas and scipy (about 2 s), and the methods
    with a batched kernel (decision.core.kernels) never call pymcdm; ``decision rank`` of a table
    should start in a blink (issue 15).
    """
    return importlib.import_module(f"pymcdm.{module}")


class _PymcdmNormalizations(Mapping[str, Callable[..., NDArray[np.float64]]]):
    """Normalisation functions by name; the names are known without importing pymcdm."""

    _NAMES = (
        "minmax",
        "max",
        "sum",
        "vector",
        "logarithmic",
        "linear",
        "nonlinear",
        "enhanced_accuracy",
        "zavadskas_turskis",
    )

    def __getitem__(self, name: str) -> Callable[..., NDArray[np.float64]]:
        if name not in self._NAMES:
            raise KeyError(name)
        function: Callable[..., NDArray[np.float64]] = getattr(
            _pymcdm("normalizations"), f"{name}_normalization"
        )
        return function

    def __iter__(self) -> Iterator[str]:
        return iter(self._NAMES)

    def __len__(self) -> int:
        return len(self._NAMES)


#: Normalisations by name, as pymcdm spells them without the ``_normalization`` suffix.
NORMALIZATIONS: Mapping[str, Callable[..., NDArray[np.float64]]] = _PymcdmNormalizations()


@dataclass(frozen=True)
class MethodSpec:
    """What Copilote knows of one MCDA method.

    Attributes:
        name: lower-case name used on the command line (``promethee_ii``).
        label: the name people write (``PROMETHEE II``).
        pymcdm_name: the name of the pymcdm class that computes it (``pymcdm_class`` imports it).
        lower_is_better: True where a lower preference value ranks first (VIKOR, SPOTIS).
        default_normalization: pymcdm's default, by name; None where the method takes no
            normalisation (or, for VIKOR, none by default).
        accepts_normalization: whether a normalisation can be chosen.
        reference: the paper the method comes from.
    """

    name: str
    label: str
    pymcdm_name: str
    lower_is_better: bool
    default_normalization: str | None
    accepts_normalization: bool
    reference: str

    @property
    def pymcdm_class(self) -> type:
        """The pymcdm class (Copilote's corrected COPRAS for ``copras``), imported on first use."""
        if self.pymcdm_name == "COPRAS":
            return _copras_class()
        cls: type = getattr(_pymcdm("methods"), self.pymcdm_name)
        return cls


@cache
def _copras_class() -> type:
    """Copilote's COPRAS, defined when pymcdm is first needed (it subclasses pymcdm's)."""

    class _COPRAS(_pymcdm("methods").COPRAS):  # type: ignore[misc]
        """pymcdm's COPRAS with the relative significance as Zavadskas et al. publish it.

        pymcdm 1.4.0 computes ``Q = S+ + (min(S-) * S-) / (S- * (min(S-) / S-))``, which reduces
        to ``S+ + S-``: indicators to minimise then count as if to maximise. The published formula
        sums over the alternatives: ``Q_i = S+_i + min(S-) * sum(S-) / (S-_i * sum(min(S-) /
        S-_j))`` (Zavadskas, Kaklauskas, Peldschus & Turskis 2007, Baltic J. Road Bridge Eng.
        2(4):195-203); tests/decision/test_published_examples.py reproduces a published worked
        example with it.
        """

        def _method(self, matrix: Any, weights: Any, types: Any) -> Any:
            nmatrix, wmatrix, s_minus, s_plus, _, _ = super()._method(matrix, weights, types)
            q = s_plus + np.min(s_minus) * np.sum(s_minus) / (
                s_minus * np.sum(np.min(s_minus) / s_minus)
            )
            return nmatrix, wmatrix, s_minus, s_plus, q, q / np.max(q)

    return _COPRAS


METHODS: dict[str, MethodSpec] = {
    spec.name: spec
    for spec in (
        MethodSpec(
            "topsis",
            "TOPSIS",
            "TOPSIS",
            False,
            "minmax",
            True,
            "Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer",
        ),
        MethodSpec(
            "vikor",
            "VIKOR",
            "VIKOR",
            True,
            None,
            True,
            "Opricovic & Tzeng (2004), EJOR 156(2):445-455",
        ),
        MethodSpec(
            "promethee_ii",
            "PROMETHEE II",
            "PROMETHEE_II",
            False,
            None,
            False,
            "Brans & Vincke (1985), Management Science 31(6):647-656",
        ),
        MethodSpec(
            "wsm",
            "WSM",
            "WSM",
            False,
            "sum",
            True,
            "Fishburn (1967), Additive utilities with incomplete product sets",
        ),
        MethodSpec(
            "wpm", "WPM", "WPM", False, "sum", True, "Bridgman (1922); Miller & Starr (1969)"
        ),
        MethodSpec(
            "waspas",
            "WASPAS",
            "WASPAS",
            False,
            "linear",
            True,
            "Zavadskas et al. (2012), Elektronika ir Elektrotechnika 122(6):3-6",
        ),
        MethodSpec(
            "copras",
            "COPRAS",
            "COPRAS",
            False,
            None,
            False,
            "Zavadskas & Kaklauskas (1996); Zavadskas et al. (2008)",
        ),
        MethodSpec(
            "spotis",
            "SPOTIS",
            "SPOTIS",
            True,
            None,
            False,
            "Dezert et al. (2020), FUSION 2020, doi:10.23919/FUSION45008.2020.9190347",
        ),
        MethodSpec(
            "moora",
            "MOORA",
            "MOORA",
            False,
            None,
            False,
            "Brauers & Zavadskas (2006), Control and Cybernetics 35(2):445-469",
        ),
        MethodSpec(
            "edas",
            "EDAS",
            "EDAS",
            False,
            None,
            False,
            "Keshavarz Ghorabaee et al. (2015), Informatica 26(3):435-451",
        ),
        MethodSpec(
            "aras",
            "ARAS",
            "ARAS",
            False,
            "sum",
            True,
            "Zavadskas & Turskis (2010), TEDE 16(2):159-172",
        ),
        MethodSpec(
            "mabac",
            "MABAC",
            "MABAC",
            False,
            "minmax",
            True,
            "Pamucar & Cirovic (2015), Expert Systems with Applications 42(6):3016-3028",
        ),
    )
}


def method_spec(name: str) -> MethodSpec:
    """The spec of method ``name``; an unknown name is bad input naming the choices."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in METHODS:
        raise InputError(f"unknown method '{name}': expected one of {', '.join(METHODS)}")
    return METHODS[key]


def check_normalization(method: str, normalization: str | None) -> str | None:
    """Validate a normalisation choice for ``method``; None means the method's default."""
    spec = method_spec(method)
    if normalization is None or normalization == spec.default_normalization:
        return spec.default_normalization
    if not spec.accepts_normalization:
        raise InputError(f"method '{spec.name}' takes no normalisation; got '{normalization}'")
    if normalization not in NORMALIZATIONS:
        raise InputError(
            f"unknown normalisation '{normalization}': expected one of {', '.join(NORMALIZATIONS)}"
        )
    return normalization


def normalization_choices(method: str) -> tuple[str | None, ...]:
    """The normalisations ``method`` can be given: None (its own) first, then the others.

    A method that takes no normalisation (PROMETHEE II, COPRAS, SPOTIS, MOORA, EDAS) has only
    None. Whether each choice is defined on a given problem's values is
    :func:`copilote.decision.core.mcda.applicable_methods` (it needs the evaluation, which
    imports this module).
    """
    spec = method_spec(method)
    if not spec.accepts_normalization:
        return (None,)
    return (None, *(n for n in NORMALIZATIONS if n != spec.default_normalization))


def make_method(
    name: str, matrix: ArrayLike | None = None, normalization: str | None = None
) -> Any:
    """A pymcdm method object configured as Copilote uses it.

    ``matrix`` is needed only for SPOTIS, whose bounds are each indicator's minimum and maximum
    over the alternatives. A constant indicator gets bounds widened by one unit on each side
    (pymcdm rejects equal bounds); its column then contributes the same to every alternative.
    """
    spec = method_spec(name)
    norm = check_normalization(spec.name, normalization)
    if spec.name == "spotis":
        if matrix is None:
            raise ValueError("SPOTIS needs the decision matrix to set its bounds")
        return spec.pymcdm_class(spotis_bounds(np.asarray(matrix, dtype=float)))
    if spec.name == "promethee_ii":
        return spec.pymcdm_class("usual")
    if spec.accepts_normalization and norm is not None and norm != spec.default_normalization:
        return spec.pymcdm_class(normalization_function=NORMALIZATIONS[norm])
    return spec.pymcdm_class()


def spotis_bounds(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """SPOTIS bounds, shape (n, 2): min and max of each column; equal ones widened by 1."""
    low = matrix.min(axis=0)
    high = matrix.max(axis=0)
    flat = low == high
    return np.column_stack([np.where(flat, low - 1.0, low), np.where(flat, high + 1.0, high)])


def rank_scores(method: str, scores: ArrayLike) -> NDArray[np.float64]:
    """Ranks from preference values: 1 is best, ties share the average rank.

    Equal to ``pymcdm.helpers.rankdata(scores, reverse=not lower_is_better)`` (exact equality
    makes a tie, as there; tests/decision/test_kernels.py compares them), without importing pymcdm.
    """
    spec = method_spec(method)
    s = np.asarray(scores, dtype=float).reshape(-1)
    a, b = s[:, None], s[None, :]
    ahead = (b < a) if spec.lower_is_better else (b > a)
    return 1.0 + ahead.sum(axis=1) + ((b == a).sum(axis=1) - 1) / 2.0
