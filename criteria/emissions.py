"""Emissions from energy use: greenhouse gases and local air pollutants.

References
----------
.. [1] Arrêté du 31 mars 2021 (DPE method), CO2 factors per kWh of final energy (PCI), as coded
   in Open3CL ``src/conso.js``; reference-data.md §1a.
.. [2] EMEP/EEA air pollutant emission inventory guidebook 2023, emission factors per GJ of
   fuel input (1.A.1.a, 1.A.4.a.i, 1.A.4.b.i) and per vehicle-km (1.A.3.b);
   reference-data.md §2, ``emep-guidebook-subset.csv``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

#: GJ in one MWh.
GJ_PER_MWH = 3.6


def co2_emissions(energy: ArrayLike, factor: ArrayLike) -> Array:
    """Greenhouse-gas emissions of an energy use [1]_.

    E = Q · f; MWh × kg/kWh gives tonnes directly.

    Parameters:
        energy: final energy Q [MWh/an].
        factor: emission factor f [kg CO2e/kWh].

    Returns:
        emissions [t CO2e/an].
    """
    return np.asarray(energy, dtype=float) * np.asarray(factor, dtype=float)


def combustion_emissions(fuel: ArrayLike, factor: ArrayLike) -> Array:
    """Local emissions of a pollutant from burning fuel [2]_.

    E = Q · 3.6 · EF / 10^6

    Parameters:
        fuel: fuel burnt Q [MWh/an] (PCI).
        factor: emission factor EF [g/GJ] of fuel input.

    Returns:
        emissions [t/an].
    """
    return np.asarray(fuel, dtype=float) * GJ_PER_MWH * np.asarray(factor, dtype=float) * 1e-6


def traffic_emissions(distance: ArrayLike, factor: ArrayLike) -> Array:
    """Emissions of car traffic [2]_ (1.A.3.b, per vehicle-km).

    Parameters:
        distance: vehicle-kilometres driven [km/an].
        factor: emission factor [g/km].

    Returns:
        emissions [t/an].
    """
    return np.asarray(distance, dtype=float) * np.asarray(factor, dtype=float) * 1e-6
