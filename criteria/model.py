"""The Lens–Liévin model: lever settings + parameter samples -> the nine indicators.

The perimeter is the same for every scenario, so that all of them are comparable:

- the Lens district-heating network after the old hospital closes (31,170 MWh/an sold);
- the Liévin network (17,000 MWh/an sold), merged with Lens or not;
- the Cité 12/14 (288 houses and 92 flats; the schools are left out for want of figures);
- the activity programme that the freed 13 ha hospital site could host, built on that site
  (trend or mixité) or as an activity zone at the edge of town (zoning), with its commuting.

Every function here is pure and vectorised: parameters come as a mapping from name to a numpy
array of k samples (or a float) and every indicator comes out as an array of k values.
Formulas and their sources are in :mod:`copilote.criteria.heat`, :mod:`copilote.criteria.emissions`,
:mod:`criteria.mobility` and :mod:`criteria.land`; the bookkeeping below adds them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from copilote.criteria.emissions import co2_emissions, combustion_emissions, traffic_emissions
from copilote.criteria.heat import (
    biomass_share,
    capital_recovery_factor,
    fixed_charge_rate,
    network_heat_price,
    tariff_average_price,
)
from copilote.criteria.land import land_need, new_land_take
from copilote.criteria.mobility import commute_distance

Array = NDArray[np.float64]
Params = Mapping[str, "Array | float"]


@dataclass(frozen=True)
class LeverSpec:
    """A lever a scenario sets.

    Attributes:
        name: key in a scenario file.
        choices: allowed values (``(False, True)`` for a yes/no lever).
        default: value in the reference scenario.
        label_fr, label_en: what the lever means.
    """

    name: str
    choices: tuple[object, ...]
    default: object
    label_fr: str
    label_en: str


LEVERS: dict[str, LeverSpec] = {
    spec.name: spec
    for spec in (
        LeverSpec(
            "cite_heating",
            ("existing", "network", "gas_boilers", "heat_pumps"),
            "existing",
            "Chauffage de la Cité 12/14 (existant, réseau de chaleur, chaudières gaz, PAC)",
            "Heating of the Cité 12/14 (existing, district heating, gas boilers, heat pumps)",
        ),
        LeverSpec(
            "cite_renovation",
            (False, True),
            False,
            "Rénovation thermique des logements de la Cité 12/14",
            "Thermal renovation of the Cité 12/14 dwellings",
        ),
        LeverSpec(
            "merge_lievin",
            (False, True),
            False,
            "Interconnexion des réseaux de Lens et de Liévin",
            "Interconnection of the Lens and Liévin networks",
        ),
        LeverSpec(
            "programme",
            ("trend", "mixite", "zoning"),
            "trend",
            "Programme d'activités (tendanciel sur le site libéré, mixité, zoning en périphérie)",
            "Activity programme (trend on the freed site, mixed use, zoning at the edge of town)",
        ),
    )
}

#: Every parameter the model reads, with its unit (a data file must give exactly these).
PARAMETER_UNITS: dict[str, str] = {
    # Lens network, seed study
    "lens_heat_sold_2016": "MWh/an",
    "lens_subscribed_2016": "kW",
    "lens_heat_sold_after_hospital": "MWh/an",
    "lens_subscribed_after_hospital": "kW",
    "r1": "€ HT/MWh",
    "r2": "€ HT/kW/an",
    "r1_gas_premium": "€ HT/MWh",
    "lens_network_efficiency": "-",
    "lens_biomass_share": "-",
    "biomass_heat_max": "MWh/an",
    "dh_gas_boiler_efficiency": "-",
    "biomass_fuel_per_heat": "MWh/MWh",
    "biomass_contract_minimum": "MWh/an",
    "surplus_heat_share": "-",
    "lens_co2_content": "kg CO2e/kWh",
    "lens_official_renewable_share": "-",
    "operator_kw_per_metre": "kW/m",
    "network_recovery_years": "an",
    "fonds_chaleur_min_density": "MWh/m/an",
    "fonds_chaleur_aid_per_metre": "€ HT/m",
    # Liévin network and the merger
    "lievin_heat_sold": "MWh/an",
    "lievin_network_efficiency": "-",
    "lievin_heat_price": "€ HT/MWh",
    "renewable_share_after_merge": "-",
    "interconnection_length": "m",
    "interconnection_pipe_cost": "€ HT/m",
    # Cité 12/14
    "cite_houses": "logements",
    "cite_flats": "logements",
    "house_demand_before_renovation": "MWh/an/logement",
    "house_demand_after_renovation": "MWh/an/logement",
    "flat_demand_before_renovation": "MWh/an/logement",
    "flat_demand_after_renovation": "MWh/an/logement",
    "cite_coal_share": "-",
    "coal_stove_efficiency": "-",
    "old_gas_boiler_efficiency": "-",
    "gas_boiler_efficiency": "-",
    "heat_pump_scop": "kWh/kWh",
    "substation_efficiency": "-",
    "extension_losses": "-",
    "cite_pipe_length": "m",
    "pipe_cost": "€ HT/m",
    "house_connection_cost": "€ HT/logement",
    "flat_connection_cost": "€ HT/logement",
    "gas_boiler_cost": "€ HT/logement",
    "heat_pump_cost": "€ HT/kW",
    "peak_power_per_dwelling": "kW/logement",
    "renovation_cost": "€ HT/logement",
    "gas_boiler_maintenance": "€ HT/an/logement",
    "heat_pump_maintenance": "€ HT/an/logement",
    "gas_subscription": "€ HT/an/logement",
    "renovation_lifetime": "an",
    "vat_reduced": "-",
    "vat_standard": "-",
    "vat_equipment": "-",
    # prices and economics
    "gas_price": "€ HT/MWh",
    "electricity_price": "€ HT/MWh",
    "coal_price": "€ HT/MWh",
    "discount_rate": "1/an",
    "boiler_lifetime": "an",
    "heat_pump_lifetime": "an",
    "network_lifetime": "an",
    "substation_lifetime": "an",
    "dh_p2": "1/an",
    "dh_p3": "1/an",
    # greenhouse gases
    "co2_gas": "kg CO2e/kWh",
    "co2_electricity": "kg CO2e/kWh",
    "co2_wood": "kg CO2e/kWh",
    "co2_coal": "kg CO2e/kWh",
    "co2_car": "kg CO2e/km",
    # air pollutants
    "nox_small_gas_boiler": "g/GJ",
    "pm25_small_gas_boiler": "g/GJ",
    "nox_commercial_gas_boiler": "g/GJ",
    "pm25_commercial_gas_boiler": "g/GJ",
    "nox_network_gas_boiler": "g/GJ",
    "pm25_network_gas_boiler": "g/GJ",
    "nox_biomass_plant": "g/GJ",
    "pm25_biomass_filtered": "g/GJ",
    "pm25_biomass_unfiltered": "g/GJ",
    "biomass_plant_filtered": "-",
    "nox_coal_stove": "g/GJ",
    "pm25_coal_stove": "g/GJ",
    "nox_car": "g/km",
    "pm25_car": "g/km",
    # programme, land, mobility
    "freed_site_area": "ha",
    "job_density_zoning": "emplois/ha",
    "job_density_mixed": "emplois/ha",
    "car_share_zoning": "-",
    "car_share_mixed": "-",
    "commute_distance": "km",
    "commute_reduction_mixed": "-",
    "commute_increase_edge": "-",
    "working_days": "j/an",
    "car_fuel_per_km": "kWh/km",
    "programme_heat_per_job": "MWh/an/emploi",
    "programme_buildings": "bâtiments",
    "programme_gas_plant_cost": "€ HT/bâtiment",
    "substation_cost": "€ HT/bâtiment",
    "site_network_length": "m",
    "waste_heat_share_mixed": "-",
    "site_clearing_cost": "€ HT/ha",
    "servicing_cost": "€ HT/ha",
    "idle_site_cost": "€ HT/ha/an",
}


@dataclass
class Ledger:
    """Running totals over the perimeter, one array of k samples each.

    Attributes (all per year unless said otherwise):
        final_energy: energy bought by end users: network heat at the substations, fuels and
            electricity of individual systems, car fuel [MWh/an].
        heat_supplied: heat delivered to buildings: network heat sold, useful heat of
            individual systems, recovered waste heat [MWh/an].
        renewable_heat: renewable or recovered part of heat_supplied [MWh/an].
        ghg: [t CO2e/an]. nox, pm25: local emissions [t/an]. land_take: [ha].
        investment: capital paid upfront by the city, the landlord, the residents or the
            programme's builders [€ HT] (issue 13.1: what the operator finances is not here,
            it reaches users through the network price).
        annual_cost: what users pay each year: energy, subscriptions, maintenance, network
            bills (which recover the operator's capital) [€ HT/an]; no annuity of
            ``investment`` (counted once).
        other_cost: yearly costs that are not heat (the upkeep of an idle site) [€ HT/an]:
            in the annual_cost indicator, not in the heat price.
        capital_annuity: annuity of ``investment`` over each item's lifetime [€ HT/an]; with
            annual_cost it gives the annualised total cost (cost per tonne of CO2 avoided).
    """

    final_energy: Array | float = 0.0
    heat_supplied: Array | float = 0.0
    renewable_heat: Array | float = 0.0
    ghg: Array | float = 0.0
    investment: Array | float = 0.0
    annual_cost: Array | float = 0.0
    capital_annuity: Array | float = 0.0
    other_cost: Array | float = 0.0
    nox: Array | float = 0.0
    pm25: Array | float = 0.0
    land_take: Array | float = 0.0
    parts: dict[str, Array | float] | None = None

    def add(self, quantity: str, source: str, value: Array | float) -> None:
        """Add ``value`` to the total ``quantity`` and to its part ``"quantity:source"``.

        Why the parts: the golden tests pin each source's share of every total (heat by
        source, fuel by network, emissions by source, costs by item), so that a change in any
        one of them shows, not only in the sum.
        """
        if self.parts is None:  # not kept: on 100k samples they cost a third of the time
            if isinstance(value, float) and value == 0.0:
                return
            setattr(self, quantity, getattr(self, quantity) + value)
            return
        setattr(self, quantity, getattr(self, quantity) + value)
        key = f"{quantity}:{source}"
        held = self.parts.get(key)
        self.parts[key] = value if held is None else held + value

    def invest(
        self, source: str, capex: Array | float, rate: Array | float, years: Array | float
    ) -> None:
        """Book capital paid upfront [€ HT] and, with the parts, its annuity over ``years``.

        The annuity feeds only the annualised cost, a detail: sampled studies skip it.
        """
        self.add("investment", source, capex)
        if self.parts is not None:
            self.add("capital_annuity", source, capex * capital_recovery_factor(rate, years))


@dataclass
class Network:
    """A district-heating network being assembled: loads, production, fixed costs."""

    heat_sold: Array | float = 0.0
    production: Array | float = 0.0
    fixed_costs: Array | float = 0.0
    operator_capital: Array | float = 0.0

    def add_load(self, sold: Array | float, efficiency: Array | float) -> None:
        """Add heat sold [MWh/an] produced with ``efficiency`` = sold / produced [-]."""
        self.heat_sold = self.heat_sold + sold
        self.production = self.production + sold / efficiency

    def add_capital(self, capex: Array | float, charge_rate: Array | float) -> None:
        """Add operator capital [€ HT] recovered through the fixed costs at ``charge_rate``."""
        self.operator_capital = self.operator_capital + capex
        self.fixed_costs = self.fixed_costs + capex * charge_rate


@dataclass
class Result:
    """Indicators of one scenario and the named intermediate values behind them."""

    indicators: dict[str, Array]
    details: dict[str, Array] = field(default_factory=dict)


def evaluate_scenario(levers: Mapping[str, object], p: Params, *, parts: bool = False) -> Result:
    """Indicators of one scenario for k samples of the parameters.

    Parameters:
        levers: lever settings (see :data:`LEVERS`), already validated.
        p: every name of :data:`PARAMETER_UNITS` -> array of k samples or a float.
        parts: also give each total's parts in ``details`` (``"part:quantity:source"``).

    Returns:
        :class:`Result` with the indicators of :data:`copilote.criteria.indicators.INDICATORS`
        (final_energy [MWh/an], renewable_share [%], ghg [t CO2e/an], investment [k€],
        annual_cost [k€/an], heat_price [€ HT/MWh], nox [t/an], pm25 [t/an], land_take [ha]),
        and details: network prices, the Cité's per-dwelling figures, the annualised total
        cost, the 3 kW/m check and the Fonds Chaleur test.
    """
    book = Ledger(parts={} if parts else None)
    details: dict[str, Array] = {}
    rate = p["discount_rate"]
    # The operator recovers its capital over network_recovery_years: 30 if the next contract
    # takes the assets over, down to the years left before 30/06/2033 (seed §3.1.1).
    network_rate = fixed_charge_rate(rate, p["network_recovery_years"], p["dh_p2"], p["dh_p3"])

    # --- Lens network after the hospital closes (seed §3.4) ---------------------------------
    lens = Network()
    lens.add_load(p["lens_heat_sold_after_hospital"], p["lens_network_efficiency"])
    # "aucune évolution du R2 total": the fixed costs stay those billed in 2016.
    lens.fixed_costs = p["r2"] * p["lens_subscribed_2016"]
    details["lens_price_2016"] = _arr(
        tariff_average_price(p["r1"], p["r2"], p["lens_subscribed_2016"], p["lens_heat_sold_2016"])
    )
    # The same fixed costs over fewer kW: the R2 per kW the projection implies.
    details["lens_r2_after_hospital"] = _arr(lens.fixed_costs / p["lens_subscribed_after_hospital"])
    # Lens's own biomass heat before any new load: what the plant burns anyway (issue 13.4).
    own_biomass = p["lens_biomass_share"] * lens.production

    # --- Cité 12/14 ----------------------------------------------------------------------
    renovated = bool(levers["cite_renovation"])
    when = "after" if renovated else "before"
    houses, flats = p["cite_houses"], p["cite_flats"]
    dwellings = houses + flats
    house_heat = houses * p[f"house_demand_{when}_renovation"]
    flat_heat = flats * p[f"flat_demand_{when}_renovation"]
    cite_heat = house_heat + flat_heat
    details["cite_useful_heat"] = _arr(cite_heat)
    if renovated:
        book.invest(
            "cite_renovation", dwellings * p["renovation_cost"], rate, p["renovation_lifetime"]
        )

    heating = levers["cite_heating"]
    if heating == "network":
        sold = cite_heat / p["substation_efficiency"]
        lens.add_load(sold, 1.0 - p["extension_losses"])
        _cite_extension(book, p, lens, sold, dwellings, network_rate, details)
    elif heating == "gas_boilers":
        _gas_boilers(book, p, cite_heat, dwellings, p["gas_boiler_efficiency"], new=True)
    elif heating == "heat_pumps":
        _heat_pumps(book, p, cite_heat, dwellings)
    else:  # existing: old non-condensing gas boilers, coal stoves in a share of the houses
        coal_heat = house_heat * p["cite_coal_share"]
        _coal_stoves(book, p, coal_heat)
        on_gas = dwellings - houses * p["cite_coal_share"]
        _gas_boilers(
            book,
            p,
            cite_heat - coal_heat,
            on_gas,
            p["old_gas_boiler_efficiency"],
            new=False,
            source="cite.old_gas_boilers",
        )

    # --- the activity programme ------------------------------------------------------------
    programme = levers["programme"]
    # No programme is defined (seed §3.4: « aucun projet n'est défini »): it is what the freed
    # site holds as a classic activity zone, so its jobs follow from the site's area and that
    # zone's job density. Drawn apart, the two made the trend take new land in half the samples.
    jobs = p["freed_site_area"] * p["job_density_zoning"]
    details["programme_jobs"] = _arr(jobs)
    programme_heat = jobs * p["programme_heat_per_job"]
    if programme == "mixite":
        recovered = programme_heat * p["waste_heat_share_mixed"]
        book.add("heat_supplied", "programme_waste_heat", recovered)
        book.add("renewable_heat", "programme_waste_heat", recovered)
        sold = (programme_heat - recovered) / p["substation_efficiency"]
        lens.add_load(sold, p["lens_network_efficiency"])
        lens.add_capital(p["site_network_length"] * p["pipe_cost"], network_rate)
        # substations are the buildings' own (paid by their builders, like a boiler room)
        book.invest(
            "programme.substations",
            p["programme_buildings"] * p["substation_cost"],
            rate,
            p["substation_lifetime"],
        )
        need = land_need(jobs, p["job_density_mixed"])
        brownfield: Array | float = p["freed_site_area"]
        car_share, reduction = p["car_share_mixed"], p["commute_reduction_mixed"]
    else:
        _gas_plants(book, p, programme_heat)
        need = land_need(jobs, p["job_density_zoning"])
        # trend: the freed site re-used as a classic activity zone; zoning: a new zone at the
        # edge of town, on land that was not artificialised.
        brownfield = p["freed_site_area"] if programme == "trend" else 0.0
        car_share = p["car_share_zoning"]
        # At the edge of town the same employees drive further (a negative reduction).
        reduction = -p["commute_increase_edge"] if programme == "zoning" else 0.0
    book.add("land_take", "programme", new_land_take(need, brownfield))
    # Issue 13.12, seed 000's levers: re-using the freed site means clearing it first
    # (demolition, asbestos, soil); zoning services new land (roads and networks) and leaves
    # the freed site idle, to be guarded and kept up every year.
    if programme == "zoning":
        book.invest("programme.servicing", need * p["servicing_cost"], rate, p["network_lifetime"])
        book.add("other_cost", "programme.idle_site", p["freed_site_area"] * p["idle_site_cost"])
    else:
        book.invest(
            "programme.site_clearing",
            p["freed_site_area"] * p["site_clearing_cost"],
            rate,
            p["network_lifetime"],
        )
    distance = commute_distance(
        jobs, car_share, p["commute_distance"], p["working_days"], reduction
    )
    book.add("final_energy", "commuting", distance * p["car_fuel_per_km"] / 1000.0)
    book.add("ghg", "commuting", distance * p["co2_car"] / 1000.0)
    book.add("nox", "commuting", traffic_emissions(distance, p["nox_car"]))
    book.add("pm25", "commuting", traffic_emissions(distance, p["pm25_car"]))
    details["commute_distance"] = _arr(distance)

    # --- networks: Lens alone and Liévin alone, or merged ------------------------------------
    if levers["merge_lievin"]:
        lens.add_load(p["lievin_heat_sold"], p["lievin_network_efficiency"])
        lens.fixed_costs = lens.fixed_costs + _lievin_fixed_costs(p)
        lens.add_capital(p["interconnection_length"] * p["interconnection_pipe_cost"], network_rate)
        _settle_network(
            book,
            p,
            lens,
            p["renewable_share_after_merge"],
            details,
            "lens",
            own_biomass,
            wood_co2=biomass_heat_co2(p),
        )
        details["lievin_price"] = details["lens_price"]
    else:
        _settle_network(
            book,
            p,
            lens,
            p["lens_biomass_share"],
            details,
            "lens",
            own_biomass,
            wood_co2=biomass_heat_co2(p),
        )
        lievin = Network()
        lievin.add_load(p["lievin_heat_sold"], p["lievin_network_efficiency"])
        _settle_network(
            book, p, lievin, 0.0, details, "lievin", own_biomass, price=p["lievin_heat_price"]
        )
    details["operator_capital"] = _arr(lens.operator_capital)
    if parts and heating == "network":
        # issue 13.9: the Lens price if the operator financed the whole extension and the
        # connections, as the model did before the 3 kW/m rule (every subscriber pays)
        landlord_and_city = details["cite_city_contribution"] + details["cite_connections"]
        details["lens_price_operator_pays_all"] = _arr(
            details["lens_price"] + landlord_and_city * network_rate / details["lens_heat_sold"]
        )

    if parts:  # details for people, at nominal values: not worth their time in a study
        per_dwelling(p, heating, cite_heat / dwellings, details)
    heat_price = book.annual_cost / book.heat_supplied
    details["annualised_cost"] = _arr(book.annual_cost + book.other_cost + book.capital_annuity)
    indicators = {
        "final_energy": book.final_energy,
        "renewable_share": 100.0 * book.renewable_heat / book.heat_supplied,
        "ghg": book.ghg,
        "investment": book.investment / 1000.0,
        "annual_cost": (book.annual_cost + book.other_cost) / 1000.0,
        "heat_price": heat_price,
        "nox": book.nox,
        "pm25": book.pm25,
        "land_take": book.land_take,
    }
    # Indicators that no sampled parameter moves come out as scalars: give all the same shape.
    shaped = np.broadcast_arrays(*(_arr(v) for v in indicators.values()))
    details.update((f"part:{key}", _arr(value)) for key, value in (book.parts or {}).items())
    return Result(dict(zip(indicators, shaped, strict=True)), details)


def _arr(value: Array | float) -> Array:
    return np.asarray(value, dtype=float)


def _cite_extension(
    book: Ledger,
    p: Params,
    lens: Network,
    sold: Array | float,
    dwellings: Array | float,
    network_rate: Array | float,
    details: dict[str, Array],
) -> None:
    """The Cité 12/14 extension: who pays the pipe (3 kW/m rule) and the Fonds Chaleur test.

    Seed §3.1.2: the operator builds an extension at its charge only against a subscription of
    at least 3 kW per metre of pipe for ten years; below that, the city (or the users) pay the
    difference. We split the pipe's cost in that ratio: the operator's share goes into the
    network's fixed costs (every subscriber's price), the rest is the city's contribution
    (investment). The connections themselves are the landlord's. Fonds Chaleur aid (ADEME)
    goes only to extensions of at least ``fonds_chaleur_min_density`` MWh/m/an.
    """
    length = p["cite_pipe_length"]
    density = sold / length
    eligible = density >= p["fonds_chaleur_min_density"]
    potential_aid = length * p["fonds_chaleur_aid_per_metre"]
    aid = np.where(eligible, potential_aid, 0.0)
    pipe = length * p["pipe_cost"] - aid
    subscribed = dwellings * p["peak_power_per_dwelling"]  # kW
    operator_share = np.minimum(1.0, subscribed / (p["operator_kw_per_metre"] * length))
    lens.add_capital(operator_share * pipe, network_rate)
    book.invest(
        "cite.city_contribution",
        (1.0 - operator_share) * pipe,
        p["discount_rate"],
        p["network_lifetime"],
    )
    connections = p["cite_houses"] * p["house_connection_cost"] + (
        p["cite_flats"] * p["flat_connection_cost"]
    )
    book.invest("cite.connections", connections, p["discount_rate"], p["substation_lifetime"])
    details["cite_connections"] = _arr(connections)
    details["cite_linear_heat_density"] = _arr(density)
    details["cite_heat_sold"] = _arr(sold)
    details["cite_subscribed_kw"] = _arr(subscribed)
    details["cite_kw_per_metre"] = _arr(subscribed / length)
    details["cite_operator_share"] = _arr(operator_share)
    details["cite_city_contribution"] = _arr((1.0 - operator_share) * pipe)
    details["fonds_chaleur_eligible"] = _arr(np.asarray(eligible, dtype=float))
    details["fonds_chaleur_aid"] = _arr(aid)
    details["fonds_chaleur_aid_missed"] = _arr(potential_aid - aid)


def _lievin_fixed_costs(p: Params) -> Array:
    """Liévin's own fixed costs [€ HT/an]: its price minus its all-gas energy term, times sales.

    Liévin's tariff is not in the seed study; its price is an assumption and its energy term is
    taken as Lens's R1 moved to an all-gas mix (R1 + s_Lens · R1 gas premium).
    """
    r1_all_gas = p["r1"] + p["lens_biomass_share"] * p["r1_gas_premium"]
    # Price and energy term are drawn apart; where the draws cross, Liévin's price would not
    # even cover its energy: no fixed costs then, rather than a subsidy to the merger.
    return _arr(p["lievin_heat_sold"] * np.maximum(p["lievin_heat_price"] - r1_all_gas, 0.0))


def biomass_heat_co2(p: Params) -> Array:
    """CO2 charged to a MWh of heat from the biomass CHP [kg CO2e/kWh], the official way.

    The regulation gives Lens's network (SNCU 6203C) a content ``lens_co2_content`` for a
    renewable share ``lens_official_renewable_share`` (issue 13.2); with the CHP's allocation
    between heat and electricity, what is left once the gas part is taken out is the biomass
    heat's own factor: w = (c · η_net − (1 − s) · f_gas / η_gas) / s, floored at 0 (the direct
    content 0.021 leaves nothing for the wood: its CO2 is biogenic).
    """
    s = p["lens_official_renewable_share"]
    gas_part = (1.0 - s) * p["co2_gas"] / p["dh_gas_boiler_efficiency"]
    return _arr(
        np.maximum(0.0, (p["lens_co2_content"] * p["lens_network_efficiency"] - gas_part) / s)
    )


def _settle_network(
    book: Ledger,
    p: Params,
    net: Network,
    target_share: Array | float,
    details: dict[str, Array],
    name: str,
    own_biomass: Array | float,
    price: Array | float | None = None,
    wood_co2: Array | float = 0.0,
) -> None:
    """Book a network's energy, emissions and bills (``wood_co2``: :func:`biomass_heat_co2`).

    The biomass share is capped by the biomass plant's output (:func:`copilote.criteria.heat.
    biomass_share`); the rest is produced by gas boilers. Without a given ``price`` the price is
    R1 (moved by the gas premium when the biomass share departs from Lens's) plus the fixed
    costs spread over the heat sold (seed §3.4). Biomass heat beyond Lens's own is partly heat
    the plant burns anyway and dumps in summer (seed §3.1.4, issue 13.4): that part,
    ``surplus_heat_share`` of the extra, capped by the must-run surplus, burns no more wood.
    """
    share = biomass_share(target_share, net.production, p["biomass_heat_max"])
    biomass_heat = share * net.production
    extra = np.maximum(0.0, biomass_heat - own_biomass) if name == "lens" else 0.0
    surplus = np.maximum(0.0, p["biomass_contract_minimum"] - own_biomass)
    already_burnt = np.minimum(p["surplus_heat_share"] * extra, surplus)
    gas_fuel = (net.production - biomass_heat) / p["dh_gas_boiler_efficiency"]
    wood_fuel = (biomass_heat - already_burnt) * p["biomass_fuel_per_heat"]
    if price is None:
        r1 = p["r1"] + (p["lens_biomass_share"] - share) * p["r1_gas_premium"]
        price = network_heat_price(r1, net.fixed_costs, net.heat_sold)
    book.add("final_energy", name, net.heat_sold)
    book.add("heat_supplied", name, net.heat_sold)
    book.add("renewable_heat", name, net.heat_sold * share)
    gas, wood = f"{name}.gas", f"{name}.wood"
    ghg_gas = co2_emissions(gas_fuel, p["co2_gas"])
    ghg_wood = (biomass_heat - already_burnt) * wood_co2
    book.add("ghg", gas, ghg_gas)
    book.add("ghg", wood, ghg_wood)
    book.add("nox", gas, combustion_emissions(gas_fuel, p["nox_network_gas_boiler"]))
    book.add("nox", wood, combustion_emissions(wood_fuel, p["nox_biomass_plant"]))
    filtered = p["biomass_plant_filtered"]
    pm25_wood = (
        filtered * p["pm25_biomass_filtered"] + (1.0 - filtered) * p["pm25_biomass_unfiltered"]
    )
    book.add("pm25", gas, combustion_emissions(gas_fuel, p["pm25_network_gas_boiler"]))
    book.add("pm25", wood, combustion_emissions(wood_fuel, pm25_wood))
    book.add("annual_cost", name, price * net.heat_sold)
    details[f"{name}_production"] = _arr(net.production)
    details[f"{name}_biomass_heat"] = _arr(biomass_heat)
    details[f"{name}_already_burnt"] = _arr(already_burnt)
    details[f"{name}_gas_fuel"] = _arr(gas_fuel)
    details[f"{name}_wood_fuel"] = _arr(wood_fuel)
    details[f"{name}_fixed_costs"] = _arr(net.fixed_costs)
    details[f"{name}_price"] = _arr(price)
    details[f"{name}_biomass_share"] = _arr(share)
    details[f"{name}_heat_sold"] = _arr(net.heat_sold)
    if book.parts is not None:  # details for people, skipped in sampled studies
        # kg CO2e per kWh sold, the official way and bottom-up (all the wood charged to heat)
        details[f"{name}_co2_content"] = _arr((ghg_gas + ghg_wood) / net.heat_sold)
        bottom_up = ghg_gas + co2_emissions(wood_fuel, p["co2_wood"])
        details[f"{name}_co2_content_bottom_up"] = _arr(bottom_up / net.heat_sold)


def per_dwelling(
    p: Params, heating: object, useful_heat: Array | float, details: dict[str, Array]
) -> None:
    """What one average Cité 12/14 dwelling pays and emits each year (issue 13.8).

    Bills incl. VAT: network heat at 5.5 % (CGI art. 278-0 bis B: subscription always, energy
    when the network is more than 50 % renewable); gas and electricity at 20 %, subscriptions
    included since 1 August 2025 (loi de finances 2025). Full cost = bill + maintenance +
    equipment annuity (connection, boiler or heat pump), incl. VAT. Figures in € TTC/an and
    kg CO2e/an; none for the existing heating (several systems, no single dwelling).
    """
    vat, reduced = p["vat_standard"], p["vat_reduced"]
    rate = p["discount_rate"]
    bill: Array | float
    equipment: Array | float
    maintenance: Array | float
    co2: Array | float
    if heating == "network":
        sold = useful_heat / p["substation_efficiency"]
        price = details["lens_price"]
        fixed = details["lens_fixed_costs"] / details["lens_heat_sold"]
        energy_vat = np.where(details["lens_biomass_share"] > 0.5, reduced, vat)
        bill = sold * (fixed * (1.0 + reduced) + (price - fixed) * (1.0 + energy_vat))
        connection = (
            p["cite_houses"] * p["house_connection_cost"]
            + p["cite_flats"] * p["flat_connection_cost"]
        ) / (p["cite_houses"] + p["cite_flats"])
        equipment = connection * capital_recovery_factor(rate, p["substation_lifetime"])
        maintenance = 0.0  # the substation is the operator's (P2 in the price)
        co2 = sold * details["lens_co2_content"] * 1000.0
    elif heating == "gas_boilers":
        fuel = useful_heat / p["gas_boiler_efficiency"]
        bill = (fuel * p["gas_price"] + p["gas_subscription"]) * (1.0 + vat)
        equipment = p["gas_boiler_cost"] * capital_recovery_factor(rate, p["boiler_lifetime"])
        maintenance = p["gas_boiler_maintenance"]
        co2 = fuel * p["co2_gas"] * 1000.0
    elif heating == "heat_pumps":
        electricity = useful_heat / p["heat_pump_scop"]
        bill = electricity * p["electricity_price"] * (1.0 + vat)
        capex = p["peak_power_per_dwelling"] * p["heat_pump_cost"]
        equipment = capex * capital_recovery_factor(rate, p["heat_pump_lifetime"])
        maintenance = p["heat_pump_maintenance"]
        co2 = electricity * p["co2_electricity"] * 1000.0
    else:
        return
    full = bill + (equipment + maintenance) * (1.0 + p["vat_equipment"])
    details["dwelling_useful_heat"] = _arr(useful_heat)
    details["dwelling_bill_ttc"] = _arr(bill)
    details["dwelling_full_cost_ttc"] = _arr(full)
    details["dwelling_co2"] = _arr(co2)


def _gas_boilers(
    book: Ledger,
    p: Params,
    heat: Array | float,
    units: Array | float,
    efficiency: Array | float,
    *,
    new: bool,
    source: str = "cite.gas_boilers",
) -> None:
    """Individual gas boilers: fuel, emissions (EMEP 1.A.4.b.i ≤ 50 kW), bills, maintenance."""
    fuel = heat / efficiency
    _book_heat(book, source, heat, fuel, renewable=0.0)
    book.add("ghg", source, co2_emissions(fuel, p["co2_gas"]))
    book.add("nox", source, combustion_emissions(fuel, p["nox_small_gas_boiler"]))
    book.add("pm25", source, combustion_emissions(fuel, p["pm25_small_gas_boiler"]))
    book.add("annual_cost", f"{source}.fuel", fuel * p["gas_price"])
    book.add("annual_cost", f"{source}.subscription", units * p["gas_subscription"])
    book.add("annual_cost", f"{source}.maintenance", units * p["gas_boiler_maintenance"])
    if new:
        capex = units * p["gas_boiler_cost"]
        book.invest(source, capex, p["discount_rate"], p["boiler_lifetime"])


def _heat_pumps(book: Ledger, p: Params, heat: Array | float, units: Array | float) -> None:
    """Air-water heat pumps: electricity = heat / SCOP; ambient heat counted renewable."""
    source = "cite.heat_pumps"
    electricity = heat / p["heat_pump_scop"]
    _book_heat(book, source, heat, electricity, renewable=heat - electricity)
    book.add("ghg", source, co2_emissions(electricity, p["co2_electricity"]))
    capex = units * p["peak_power_per_dwelling"] * p["heat_pump_cost"]
    book.invest(source, capex, p["discount_rate"], p["heat_pump_lifetime"])
    book.add("annual_cost", f"{source}.electricity", electricity * p["electricity_price"])
    book.add("annual_cost", f"{source}.maintenance", units * p["heat_pump_maintenance"])


def _coal_stoves(book: Ledger, p: Params, heat: Array | float) -> None:
    """Coal stoves still used in part of the Cité 12/14 (EMEP 1.A.4.b.i coal stoves)."""
    source = "cite.coal_stoves"
    fuel = heat / p["coal_stove_efficiency"]
    _book_heat(book, source, heat, fuel, renewable=0.0)
    book.add("ghg", source, co2_emissions(fuel, p["co2_coal"]))
    book.add("nox", source, combustion_emissions(fuel, p["nox_coal_stove"]))
    book.add("pm25", source, combustion_emissions(fuel, p["pm25_coal_stove"]))
    book.add("annual_cost", f"{source}.fuel", fuel * p["coal_price"])


def _gas_plants(book: Ledger, p: Params, heat: Array | float) -> None:
    """Gas boiler rooms of the programme's buildings (EMEP 1.A.4.a.i, 50 kW–1 MW)."""
    source = "programme.gas_plants"
    fuel = heat / p["gas_boiler_efficiency"]
    _book_heat(book, source, heat, fuel, renewable=0.0)
    book.add("ghg", source, co2_emissions(fuel, p["co2_gas"]))
    book.add("nox", source, combustion_emissions(fuel, p["nox_commercial_gas_boiler"]))
    book.add("pm25", source, combustion_emissions(fuel, p["pm25_commercial_gas_boiler"]))
    capex = p["programme_buildings"] * p["programme_gas_plant_cost"]
    book.invest(source, capex, p["discount_rate"], p["boiler_lifetime"])
    book.add("annual_cost", f"{source}.fuel", fuel * p["gas_price"])
    book.add("annual_cost", f"{source}.maintenance", capex * (p["dh_p2"] + p["dh_p3"]))


def _book_heat(
    book: Ledger,
    source: str,
    heat: Array | float,
    energy: Array | float,
    renewable: Array | float,
) -> None:
    book.add("heat_supplied", source, heat)
    book.add("final_energy", source, energy)
    book.add("renewable_heat", source, renewable)
