"""Physical domains of case parameters: what a unit allows (issue 17.6).

A parameter's unit, as written in its data file, declares its domain: a price in € cannot be
negative, a share ``-`` lies between 0 and 1, a number of dwellings is whole, a heat pump's
seasonal performance ``kWh/kWh`` is a plausible COP. A few names ask for more than their unit
(an efficiency divides, so it cannot be 0). :func:`check_domain` applies the rules to a row's
nominal, low and high values and raises :class:`~copilote.decision.errors.InputError` naming the
file, row, column and rule.

Why here and not in the model: the rules are about the data a person types, and the same unit
means the same thing in every case; the model's formulas can then assume them (no division by a
zero efficiency, no ``inf`` from a value of 1e308).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from copilote.decision.errors import InputError


@dataclass(frozen=True)
class Domain:
    """The values a parameter may take.

    Attributes:
        rule: the rule in words, as the error message prints it (French first, English after).
        low, high: bounds [unit of the parameter]; None for no bound.
        low_open: True when ``low`` itself is excluded (a divisor).
        whole: True for counts (dwellings, buildings).
    """

    rule: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    whole: bool = False

    def admits(self, value: float) -> bool:
        """True when ``value`` lies in the domain."""
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        if self.high is not None and value > self.high:
            return False
        return not (self.whole and value != math.floor(value))


#: Beyond this magnitude a figure is a typing accident, whatever its unit: products of two such
#: figures stay finite (1e308 would print ``inf``). The largest bundled figure is 85,000.
MAGNITUDE = 1e12

NON_NEGATIVE = Domain("≥ 0 (négatif impossible / cannot be negative)", low=0.0)
SHARE = Domain("part entre 0 et 1 / a share between 0 and 1", low=0.0, high=1.0)
EFFICIENCY = Domain(
    "rendement dans ]0, 1] / an efficiency in (0, 1]", low=0.0, high=1.0, low_open=True
)
COUNT = Domain("nombre entier ≥ 0 / a whole number ≥ 0", low=0.0, whole=True)
POSITIVE = Domain("> 0 (sert de diviseur / used as a divisor)", low=0.0, low_open=True)

#: Unit (as in the data files, spaces collapsed) -> domain. Units starting with "€" are prices
#: or costs (≥ 0); see :func:`domain_of`.
BY_UNIT: dict[str, Domain] = {
    "-": SHARE,
    "%": Domain("pourcentage entre 0 et 100 / a percentage between 0 and 100", 0.0, 100.0),
    "logements": COUNT,
    "bâtiments": COUNT,
    # a seasonal COP: at least 1 (a heat pump gives back its electricity), at most what the
    # best ground-source systems reach (≈ 6; 8 leaves room)
    "kWh/kWh": Domain("COP/SCOP plausible entre 1 et 8 / a plausible COP in [1, 8]", 1.0, 8.0),
    # fuel per unit of heat: no plant gives back more heat than the fuel it burns
    "MWh/MWh": Domain("≥ 1 (combustible par chaleur livrée / fuel per heat)", low=1.0),
    "an": Domain("durée > 0 / a lifetime > 0", low=0.0, low_open=True),
    "j/an": Domain("jours par an entre 0 et 366 / days a year between 0 and 366", 0.0, 366.0),
    "m": NON_NEGATIVE,
    "km": NON_NEGATIVE,
    "ha": NON_NEGATIVE,
    "kW": NON_NEGATIVE,
    "MWh/an": NON_NEGATIVE,
    "MWh/an/logement": NON_NEGATIVE,
    "MWh/an/emploi": NON_NEGATIVE,
    "kW/logement": NON_NEGATIVE,
    "kWh/km": NON_NEGATIVE,
    "kW/m": NON_NEGATIVE,
    "MWh/m/an": NON_NEGATIVE,
    "emplois/ha": POSITIVE,
    "1/an": NON_NEGATIVE,
    "g/GJ": NON_NEGATIVE,
    "g/km": NON_NEGATIVE,
    "kg CO2e/kWh": NON_NEGATIVE,
    "kg CO2e/km": NON_NEGATIVE,
}

#: Names whose role asks for more than their unit.
BY_NAME_SUFFIX: dict[str, Domain] = {
    "_efficiency": EFFICIENCY,  # heat / efficiency: 0 would divide by zero
}
BY_NAME: dict[str, Domain] = {
    # the annuity r / (1 − (1 + r)^−n) is 0/0 at r = 0
    "discount_rate": Domain("taux > 0 et < 1 / a rate in (0, 1)", 0.0, 1.0, low_open=True),
}


def domain_of(name: str, unit: str) -> Domain | None:
    """The domain a parameter's name and unit declare; None when the unit implies none."""
    if name in BY_NAME:
        return BY_NAME[name]
    for suffix, domain in BY_NAME_SUFFIX.items():
        if name.endswith(suffix):
            return domain
    unit = " ".join(unit.split())
    if unit.startswith("€"):
        return Domain("prix ou coût ≥ 0 / a price or cost cannot be negative", low=0.0)
    return BY_UNIT.get(unit)


def check_domain(name: str, unit: str, values: Mapping[str, float], where: str) -> None:
    """Raise InputError when a value of a parameter row is outside what its unit allows.

    Args:
        name: the parameter's name.
        unit: its unit as written in the file.
        values: column name (``nominal``, ``low``, ``high``) -> value.
        where: ``"parameters.csv, row 12 (gas_price)"``, the start of the message.
    """
    domain = domain_of(name, unit)
    for column, value in values.items():
        if abs(value) > MAGNITUDE:
            raise InputError(
                f"{where}, column '{column}': {value:g} is beyond {MAGNITUDE:g} "
                f"(rule: |valeur| ≤ {MAGNITUDE:g} / a figure that large is a typing error)"
            )
        if domain is not None and not domain.admits(value):
            raise InputError(
                f"{where}, column '{column}': {value:g} is impossible for '{unit}' "
                f"(rule: {domain.rule})"
            )
