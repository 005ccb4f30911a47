"""District-heating economics and energy: prices, mix, CO2 content, annuities.

Pure, vectorised functions: every argument may be a float or a numpy array of k samples
(broadcasting applies), and the result has the broadcast shape. Nothing is read from disk.

References
----------
.. [1] AULA, SCET, Egis (2017). *Étude de stratégie énergétique TRI sur les quartiers de Lens,
   Avion et Liévin (NPNRU), phase A: état des lieux*, §3.1.8 (R1/R2 tariff), §3.3 (operating
   accounts, energy mix 2014–2016), §3.4 (projection after the hospital closes). Seed file
   ``003_59fb641032f38e24.txt``.
.. [3] France Chaleur Urbaine, ``parametres-economiques.publicodes``: P2 and P3 (operation and
   major maintenance) as shares of capital expenditure per year.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

# (id(rate), id(years)) -> (rate, years, factor); see shared_annuities.
_annuities: ContextVar[dict[tuple[int, int], tuple[Any, Any, Array]] | None] = ContextVar(
    "copilote_annuities", default=None
)


@contextmanager
def shared_annuities() -> Iterator[None]:
    """Within the block, :func:`capital_recovery_factor` computes each (rate, years) pair once.

    Why: every scenario asks for the same annuities (the same discount-rate and lifetime
    samples), and on a sensitivity study's 300,000 samples the power in the annuity is the
    model's costliest operation (a quarter of its time). The memo lives for one block (one
    ``Case.evaluate``), whose inputs do not change meanwhile, and holds its keys' objects so
    that their ids cannot be reused; callers never modify a factor in place.
    """
    token = _annuities.set({})
    try:
        yield
    finally:
        _annuities.reset(token)


def tariff_average_price(
    r1: ArrayLike, r2: ArrayLike, subscribed_power: ArrayLike, heat_sold: ArrayLike
) -> Array:
    """Average price of network heat from the binomial tariff R1 + R2 [1]_ (§3.1.8).

    price = R1 + R2 · P / Q

    Parameters:
        r1: energy term [€ HT/MWh].
        r2: power term [€ HT/kW/an] (per kW subscribed).
        subscribed_power: total subscribed power P [kW].
        heat_sold: heat sold Q [MWh/an].

    Returns:
        average price [€ HT/MWh].
    """
    return np.asarray(r1, dtype=float) + np.asarray(r2, dtype=float) * np.asarray(
        subscribed_power, dtype=float
    ) / np.asarray(heat_sold, dtype=float)


def network_heat_price(r1: ArrayLike, fixed_costs: ArrayLike, heat_sold: ArrayLike) -> Array:
    """Average network price when the fixed costs are spread over the heat sold [1]_ (§3.4).

    price = R1 + F / Q. The seed study projects the price after the hospital closes this way:
    "en supposant un prix constant du R1 ... et aucune évolution du R2 total".

    Parameters:
        r1: energy term [€ HT/MWh].
        fixed_costs: fixed costs recovered by the power term, F [€ HT/an].
        heat_sold: heat sold Q [MWh/an].

    Returns:
        average price [€ HT/MWh].
    """
    return np.asarray(r1, dtype=float) + np.asarray(fixed_costs, dtype=float) / np.asarray(
        heat_sold, dtype=float
    )


def capital_recovery_factor(rate: ArrayLike, years: ArrayLike) -> Array:
    """Annuity of one euro invested: r / (1 − (1 + r)^−n) (standard engineering economics).

    Parameters:
        rate: discount rate r [1/an], > 0.
        years: lifetime n [an].

    Returns:
        capital recovery factor [1/an].
    """
    memo = _annuities.get()
    if memo is not None:
        hit = memo.get((id(rate), id(years)))
        if hit is not None and hit[0] is rate and hit[1] is years:
            return hit[2]
    r = np.asarray(rate, dtype=float)
    n = np.asarray(years, dtype=float)
    factor = r / (1.0 - (1.0 + r) ** (-n))
    if memo is not None:
        memo[(id(rate), id(years))] = (rate, years, factor)
    return factor


def fixed_charge_rate(rate: ArrayLike, years: ArrayLike, p2: ArrayLike, p3: ArrayLike) -> Array:
    """Yearly fixed cost of one euro of network capital: annuity + P2 + P3 [3]_.

    Parameters:
        rate: discount rate [1/an].
        years: lifetime [an].
        p2: operation and maintenance share of capex [1/an].
        p3: major maintenance and renewal share of capex [1/an].

    Returns:
        fixed charge rate [1/an].
    """
    return (
        capital_recovery_factor(rate, years)
        + np.asarray(p2, dtype=float)
        + np.asarray(p3, dtype=float)
    )


def biomass_share(target_share: ArrayLike, production: ArrayLike, biomass_max: ArrayLike) -> Array:
    """Share of network heat production from biomass, capped by the plant's heat output [1]_.

    s = min(s_target · P, B_max) / P. The Lens biomass cogeneration delivered at most
    45,014 MWh/an to the network (2014, [1]_ §3.3.1).

    Parameters:
        target_share: share the operator aims at, s_target [-].
        production: heat production needed at the plants, P [MWh/an].
        biomass_max: heat the biomass plant can deliver, B_max [MWh/an].

    Returns:
        biomass share of production [-].
    """
    p = np.asarray(production, dtype=float)
    return np.minimum(np.asarray(target_share, dtype=float) * p, biomass_max) / p
