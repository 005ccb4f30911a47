"""Criterion models of Copilote: pure, vectorised functions from parameters to indicators.

``criteria`` imports nothing of the project. Parameters come as numpy arrays of k samples,
indicators leave as arrays of k values; units are in brackets in every docstring and each
formula cites its source (pvlib's style).

- :mod:`copilote.criteria.indicators`: ids, units, directions and labels of indicators and criteria;
- :mod:`criteria.heat`, :mod:`criteria.emissions`, :mod:`criteria.mobility`,
  :mod:`copilote.criteria.land`: the formulas;
- :mod:`copilote.criteria.model`: the Lens–Liévin bookkeeping (levers, parameters, perimeter).
"""

from __future__ import annotations

from copilote.criteria.indicators import (
    CRITERIA,
    INDICATOR_IDS,
    INDICATORS,
    CriterionSpec,
    IndicatorSpec,
)
from copilote.criteria.model import LEVERS, PARAMETER_UNITS, LeverSpec, Result, evaluate_scenario

__all__ = [
    "CRITERIA",
    "INDICATORS",
    "INDICATOR_IDS",
    "LEVERS",
    "PARAMETER_UNITS",
    "CriterionSpec",
    "IndicatorSpec",
    "LeverSpec",
    "Result",
    "evaluate_scenario",
]
