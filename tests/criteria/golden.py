"""The bundled Lens–Liévin case recomputed by hand, for the golden tests (issue 12.4).

Nothing here calls ``copilote.criteria``: every figure is rebuilt from :data:`INPUTS` (the nominal
values of ``data/lens_lievin/parameters.csv``, copied here on purpose) with plain arithmetic, one
line per step, in the order a reader of ``docs/case.md`` would do it. :func:`mismatches` then
compares a loaded case with these figures: the indicators, every part of every total (heat by
source, fuel by network, emissions by source, costs by item) and the named intermediate values.

Why a copy of the inputs and not a read of the CSV: a golden test must fail when a figure of the
data moves. When a parameter changes on purpose, change it here too and say why in the commit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

#: Nominal values of the bundled case (units as in parameters.csv).
INPUTS: dict[str, float] = {
    "lens_heat_sold_2016": 43241,  # MWh/an
    "lens_subscribed_2016": 23992,  # kW
    "lens_heat_sold_after_hospital": 31170,  # MWh/an
    "lens_subscribed_after_hospital": 19360,  # kW
    "r1": 41,  # € HT/MWh
    "r2": 26.67,  # € HT/kW/an
    "r1_gas_premium": 7.63,  # € HT/MWh
    "lens_network_efficiency": 0.9,  # -
    "lens_biomass_share": 0.93,  # -
    "biomass_heat_max": 45014,  # MWh/an
    "dh_gas_boiler_efficiency": 0.9,  # -
    "biomass_fuel_per_heat": 1.85,  # MWh/MWh
    "lens_co2_content": 0.045,  # kg CO2e/kWh
    "lens_official_renewable_share": 0.916,  # -
    "biomass_contract_minimum": 40404,  # MWh/an
    "surplus_heat_share": 0.2,  # -
    "lievin_heat_sold": 17000,  # MWh/an
    "lievin_network_efficiency": 0.9,  # -
    "lievin_heat_price": 71.7,  # € HT/MWh
    "renewable_share_after_merge": 0.8,  # -
    "interconnection_length": 3500,  # m
    "interconnection_pipe_cost": 1800,  # € HT/m
    "cite_houses": 288,  # logements
    "cite_flats": 92,  # logements
    "house_demand_before_renovation": 18,  # MWh/an/logement
    "house_demand_after_renovation": 9,  # MWh/an/logement
    "flat_demand_before_renovation": 13.6,  # MWh/an/logement
    "flat_demand_after_renovation": 8.4,  # MWh/an/logement
    "cite_coal_share": 0.1,  # -
    "coal_stove_efficiency": 0.6,  # -
    "old_gas_boiler_efficiency": 0.75,  # -
    "gas_boiler_efficiency": 0.83,  # -
    "heat_pump_scop": 3.2,  # kWh/kWh
    "substation_efficiency": 0.874,  # -
    "extension_losses": 0.25,  # -
    "cite_pipe_length": 4000,  # m
    "pipe_cost": 800,  # € HT/m
    "house_connection_cost": 10000,  # € HT/logement
    "flat_connection_cost": 3709,  # € HT/logement
    "gas_boiler_cost": 3500,  # € HT/logement
    "heat_pump_cost": 1117,  # € HT/kW
    "peak_power_per_dwelling": 8,  # kW/logement
    "renovation_cost": 85000,  # € HT/logement
    "renovation_lifetime": 30,  # an
    "gas_boiler_maintenance": 213,  # € HT/an/logement
    "heat_pump_maintenance": 333,  # € HT/an/logement
    "gas_subscription": 261.51,  # € HT/an/logement
    "vat_reduced": 0.055,  # -
    "vat_standard": 0.2,  # -
    "vat_equipment": 0.2,  # -
    "gas_price": 84,  # € HT/MWh
    "electricity_price": 171,  # € HT/MWh
    "coal_price": 46,  # € HT/MWh
    "discount_rate": 0.04,  # 1/an
    "boiler_lifetime": 17,  # an
    "heat_pump_lifetime": 17,  # an
    "network_lifetime": 30,  # an
    "network_recovery_years": 30,  # an
    "operator_kw_per_metre": 3,  # kW/m
    "fonds_chaleur_min_density": 1.5,  # MWh/m/an
    "fonds_chaleur_aid_per_metre": 334,  # € HT/m
    "substation_lifetime": 22,  # an
    "dh_p2": 0.015,  # 1/an
    "dh_p3": 0.0075,  # 1/an
    "co2_gas": 0.227,  # kg CO2e/kWh
    "co2_electricity": 0.079,  # kg CO2e/kWh
    "co2_wood": 0.03,  # kg CO2e/kWh
    "co2_coal": 0.385,  # kg CO2e/kWh
    "co2_car": 0.192,  # kg CO2e/km
    "nox_small_gas_boiler": 42,  # g/GJ
    "pm25_small_gas_boiler": 0.2,  # g/GJ
    "nox_commercial_gas_boiler": 73,  # g/GJ
    "pm25_commercial_gas_boiler": 0.45,  # g/GJ
    "nox_network_gas_boiler": 40,  # g/GJ
    "pm25_network_gas_boiler": 0.45,  # g/GJ
    "nox_biomass_plant": 81,  # g/GJ
    "pm25_biomass_unfiltered": 133,  # g/GJ
    "pm25_biomass_filtered": 9,  # g/GJ
    "biomass_plant_filtered": 1,  # -
    "nox_coal_stove": 100,  # g/GJ
    "pm25_coal_stove": 450,  # g/GJ
    "nox_car": 0.4,  # g/km
    "pm25_car": 0.02,  # g/km
    "freed_site_area": 13,  # ha
    "job_density_zoning": 20,  # emplois/ha
    "job_density_mixed": 60,  # emplois/ha
    "car_share_zoning": 0.9,  # -
    "car_share_mixed": 0.65,  # -
    "commute_distance": 15,  # km
    "commute_reduction_mixed": 0.2,  # -
    "commute_increase_edge": 0.15,  # -
    "working_days": 220,  # j/an
    "car_fuel_per_km": 0.71,  # kWh/km
    "programme_heat_per_job": 2.5,  # MWh/an/emploi
    "programme_buildings": 8,  # bâtiments
    "programme_gas_plant_cost": 30000,  # € HT/bâtiment
    "substation_cost": 25500,  # € HT/bâtiment
    "site_network_length": 1000,  # m
    "waste_heat_share_mixed": 0.1,  # -
    "site_clearing_cost": 300000,  # € HT/ha
    "servicing_cost": 500000,  # € HT/ha
    "idle_site_cost": 5000,  # € HT/ha/an
}

#: The nominal matrix, rounded to 5 significant digits: what README and docs/case.md print.
#: Columns: final_energy MWh/an, renewable_share %, ghg t CO2e/an, investment k€, annual_cost
#: k€/an, heat_price € HT/MWh, nox t/an, pm25 t/an, land_take ha.
PINNED: dict[str, tuple[float, ...]] = {
    "reference": (58803.0, 52.462, 8652.5, 4140.0, 4077.0, 73.785, 23.113, 3.4065, 0.0),
    "cite_network": (53900.0, 61.835, 6700.2, 42051.0, 3430.9, 65.139, 23.727, 2.2307, 0.0),
    "cite_gas": (54104.0, 55.549, 7449.3, 37770.0, 3728.8, 71.453, 22.222, 2.004, 0.0),
    "cite_heat_pumps": (51101.0, 59.982, 6612.1, 39836.0, 3514.3, 67.343, 21.609, 2.0011, 0.0),
    "merge": (58803.0, 69.742, 6155.7, 4140.0, 4510.2, 81.625, 25.994, 3.8961, 0.0),
    "cite_network_merge": (53900.0, 75.796, 4810.1, 42051.0, 3880.9, 73.683, 25.908, 2.6013, 0.0),
    "mixite": (58226.0, 53.625, 8374.4, 4104.0, 4097.5, 74.043, 22.953, 3.4254, 0.0),
    "zoning": (58967.0, 52.462, 8697.0, 6740.0, 4142.0, 73.785, 23.206, 3.4111, 13.0),
}

INDICATORS = (
    "final_energy",
    "renewable_share",
    "ghg",
    "investment",
    "annual_cost",
    "heat_price",
    "nox",
    "pm25",
    "land_take",
)

GJ_PER_MWH = 3.6


def annuity(rate: float, years: float) -> float:
    """Capital recovery factor r / (1 − (1 + r)^−n) [1/an]."""
    return rate / (1.0 - (1.0 + rate) ** -years)


class Book:
    """Totals and their parts, keyed ``"quantity:source"`` as the model keys them."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}
        self.details: dict[str, float] = {}

    def add(self, quantity: str, source: str, value: float) -> None:
        key = f"{quantity}:{source}"
        self.parts[key] = self.parts.get(key, 0.0) + value

    def total(self, quantity: str) -> float:
        return sum(v for k, v in self.parts.items() if k.split(":")[0] == quantity)


def invest(b: Book, p: Mapping[str, float], source: str, capex: float, years: float) -> None:
    """Capital paid upfront, and its annuity (for the annualised cost only)."""
    b.add("investment", source, capex)
    b.add("capital_annuity", source, capex * annuity(p["discount_rate"], years))


def recompute(levers: Mapping[str, Any], p: Mapping[str, float] = INPUTS) -> Book:
    """Every part, detail and indicator of one scenario, by hand (see the module docstring)."""
    b = Book()
    d = b.details
    r = p["discount_rate"]
    # Operator capital: 30-year annuity at 4 % (0.05783) + P2 1.5 % + P3 0.75 % = 0.08033 /an.
    network_rate = annuity(r, p["network_recovery_years"]) + p["dh_p2"] + p["dh_p3"]

    # Lens after the hospital: 31,170 MWh sold, 31,170 / 0.9 = 34,633 MWh produced; fixed costs
    # stay the 2016 R2 total: 26.67 × 23,992 = 639,867 €/an.
    lens_sold = p["lens_heat_sold_after_hospital"]
    lens_prod = lens_sold / p["lens_network_efficiency"]
    lens_fixed = p["r2"] * p["lens_subscribed_2016"]
    operator_capital = 0.0
    # 2016 price: 41 + 26.67 × 23,992 / 43,241 = 55.80 €/MWh.
    d["lens_price_2016"] = p["r1"] + p["r2"] * p["lens_subscribed_2016"] / p["lens_heat_sold_2016"]
    # 639,867 / 19,360 = 33.05 €/kW/an.
    d["lens_r2_after_hospital"] = lens_fixed / p["lens_subscribed_after_hospital"]
    own_biomass = p["lens_biomass_share"] * lens_prod  # 0.93 × 34,633 = 32,209 MWh

    # Cité 12/14: 288 houses × 18 + 92 flats × 13.6 = 6,435 MWh/an before renovation,
    # 288 × 9 + 92 × 8.4 = 3,365 MWh/an after.
    renovated = bool(levers["cite_renovation"])
    when = "after" if renovated else "before"
    houses, flats = p["cite_houses"], p["cite_flats"]
    dwellings = houses + flats
    house_heat = houses * p[f"house_demand_{when}_renovation"]
    cite_heat = house_heat + flats * p[f"flat_demand_{when}_renovation"]
    d["cite_useful_heat"] = cite_heat
    if renovated:  # 380 × 85,000 € = 32.3 M€ over 30 years
        invest(b, p, "cite_renovation", dwellings * p["renovation_cost"], p["renovation_lifetime"])

    heating = levers["cite_heating"]
    if heating == "network":
        # at the substations: 3,365 / 0.874 = 3,850 MWh sold; produced: / (1 − 0.25)
        sold = cite_heat / p["substation_efficiency"]
        lens_sold += sold
        lens_prod += sold / (1.0 - p["extension_losses"])
        length = p["cite_pipe_length"]
        density = sold / length  # 0.96 MWh/m/an, below the Fonds Chaleur's 1.5: no aid
        aid_possible = length * p["fonds_chaleur_aid_per_metre"]  # 4,000 × 334 = 1.336 M€
        aid = aid_possible if density >= p["fonds_chaleur_min_density"] else 0.0
        pipe = length * p["pipe_cost"] - aid  # 3.2 M€
        # 3 kW/m rule: 380 × 8 kW = 3,040 kW against 3 × 4,000 = 12,000 kW: the operator
        # pays 3,040 / 12,000 = 25.3 % of the pipe, the city the rest (2.39 M€)
        kw = dwellings * p["peak_power_per_dwelling"]
        op_share = min(1.0, kw / (p["operator_kw_per_metre"] * length))
        operator_capital += op_share * pipe
        lens_fixed += op_share * pipe * network_rate
        city = (1.0 - op_share) * pipe
        invest(b, p, "cite.city_contribution", city, p["network_lifetime"])
        # connections, the landlord's: 288 × 10,000 + 92 × 3,709 = 3,221,228 €
        connections = houses * p["house_connection_cost"] + flats * p["flat_connection_cost"]
        invest(b, p, "cite.connections", connections, p["substation_lifetime"])
        d.update(
            cite_linear_heat_density=density,
            cite_heat_sold=sold,
            cite_subscribed_kw=kw,
            cite_kw_per_metre=kw / length,
            cite_operator_share=op_share,
            cite_city_contribution=city,
            cite_connections=connections,
            fonds_chaleur_eligible=1.0 if aid else 0.0,
            fonds_chaleur_aid=aid,
            fonds_chaleur_aid_missed=aid_possible - aid,
        )
    elif heating in ("gas_boilers", "existing"):
        if heating == "existing":
            # a tenth of the houses on coal stoves at 60 %: 288 × 18 × 0.1 = 518.4 MWh useful
            coal_heat = house_heat * p["cite_coal_share"]
            coal_fuel = coal_heat / p["coal_stove_efficiency"]  # 864 MWh of coal
            src = "cite.coal_stoves"
            b.add("heat_supplied", src, coal_heat)
            b.add("final_energy", src, coal_fuel)
            b.add("renewable_heat", src, 0.0)
            b.add("ghg", src, coal_fuel * p["co2_coal"])
            b.add("nox", src, coal_fuel * GJ_PER_MWH * p["nox_coal_stove"] * 1e-6)
            b.add("pm25", src, coal_fuel * GJ_PER_MWH * p["pm25_coal_stove"] * 1e-6)
            b.add("annual_cost", f"{src}.fuel", coal_fuel * p["coal_price"])
            units = dwellings - houses * p["cite_coal_share"]  # 351.2 boilers
            heat = cite_heat - coal_heat
            eff, src = p["old_gas_boiler_efficiency"], "cite.old_gas_boilers"
        else:
            units, heat = dwellings, cite_heat
            eff, src = p["gas_boiler_efficiency"], "cite.gas_boilers"
        fuel = heat / eff
        b.add("heat_supplied", src, heat)
        b.add("final_energy", src, fuel)
        b.add("renewable_heat", src, 0.0)
        b.add("ghg", src, fuel * p["co2_gas"])
        b.add("nox", src, fuel * GJ_PER_MWH * p["nox_small_gas_boiler"] * 1e-6)
        b.add("pm25", src, fuel * GJ_PER_MWH * p["pm25_small_gas_boiler"] * 1e-6)
        b.add("annual_cost", f"{src}.fuel", fuel * p["gas_price"])
        b.add("annual_cost", f"{src}.subscription", units * p["gas_subscription"])  # 261.51 €
        b.add("annual_cost", f"{src}.maintenance", units * p["gas_boiler_maintenance"])
        if heating == "gas_boilers":  # 380 × 3,500 € = 1.33 M€ over 17 years
            invest(b, p, src, units * p["gas_boiler_cost"], p["boiler_lifetime"])
    elif heating == "heat_pumps":
        src = "cite.heat_pumps"
        elec = cite_heat / p["heat_pump_scop"]  # 3,365 / 3.2 = 1,052 MWh
        b.add("heat_supplied", src, cite_heat)
        b.add("final_energy", src, elec)
        b.add("renewable_heat", src, cite_heat - elec)
        b.add("ghg", src, elec * p["co2_electricity"])
        capex = dwellings * p["peak_power_per_dwelling"] * p["heat_pump_cost"]  # 380 × 8 × 1,117
        invest(b, p, src, capex, p["heat_pump_lifetime"])
        b.add("annual_cost", f"{src}.electricity", elec * p["electricity_price"])
        b.add("annual_cost", f"{src}.maintenance", dwellings * p["heat_pump_maintenance"])

    # The programme: 13 ha × 20 jobs/ha = 260 jobs, 260 × 2.5 = 650 MWh/an of heat.
    jobs = p["freed_site_area"] * p["job_density_zoning"]
    d["programme_jobs"] = jobs
    prog_heat = jobs * p["programme_heat_per_job"]
    programme = levers["programme"]
    if programme == "mixite":
        recovered = prog_heat * p["waste_heat_share_mixed"]  # 65 MWh of waste heat
        b.add("heat_supplied", "programme_waste_heat", recovered)
        b.add("renewable_heat", "programme_waste_heat", recovered)
        sold = (prog_heat - recovered) / p["substation_efficiency"]
        lens_sold += sold
        lens_prod += sold / p["lens_network_efficiency"]
        site_pipe = p["site_network_length"] * p["pipe_cost"]  # 800 k€, the operator's
        operator_capital += site_pipe
        lens_fixed += site_pipe * network_rate
        substations = p["programme_buildings"] * p["substation_cost"]  # 204 k€, the builders'
        invest(b, p, "programme.substations", substations, p["substation_lifetime"])
        need = jobs / p["job_density_mixed"]
        brownfield = p["freed_site_area"]
        car_share, reduction = p["car_share_mixed"], p["commute_reduction_mixed"]
    else:
        src = "programme.gas_plants"
        fuel = prog_heat / p["gas_boiler_efficiency"]  # 650 / 0.83 = 783 MWh of gas
        b.add("heat_supplied", src, prog_heat)
        b.add("final_energy", src, fuel)
        b.add("renewable_heat", src, 0.0)
        b.add("ghg", src, fuel * p["co2_gas"])
        b.add("nox", src, fuel * GJ_PER_MWH * p["nox_commercial_gas_boiler"] * 1e-6)
        b.add("pm25", src, fuel * GJ_PER_MWH * p["pm25_commercial_gas_boiler"] * 1e-6)
        capex = p["programme_buildings"] * p["programme_gas_plant_cost"]  # 8 × 30 k€ = 240 k€
        invest(b, p, src, capex, p["boiler_lifetime"])
        b.add("annual_cost", f"{src}.fuel", fuel * p["gas_price"])
        b.add("annual_cost", f"{src}.maintenance", capex * (p["dh_p2"] + p["dh_p3"]))
        need = jobs / p["job_density_zoning"]  # 13 ha
        brownfield = p["freed_site_area"] if programme == "trend" else 0.0
        car_share = p["car_share_zoning"]
        reduction = -p["commute_increase_edge"] if programme == "zoning" else 0.0
    b.add("land_take", "programme", max(0.0, need - brownfield))
    if programme == "zoning":  # 13 ha × 500 k€ of roads and networks; 13 ha idle × 5 k€/an
        invest(b, p, "programme.servicing", need * p["servicing_cost"], p["network_lifetime"])
        b.add("other_cost", "programme.idle_site", p["freed_site_area"] * p["idle_site_cost"])
    else:  # the freed site cleared: 13 ha × 300 k€ = 3.9 M€
        clearing = p["freed_site_area"] * p["site_clearing_cost"]
        invest(b, p, "programme.site_clearing", clearing, p["network_lifetime"])
    # 260 jobs × 0.9 by car × 2 × 15 km × 220 days = 1,544,400 km/an in the trend
    km = jobs * car_share * 2.0 * p["commute_distance"] * (1.0 - reduction) * p["working_days"]
    d["commute_distance"] = km
    b.add("final_energy", "commuting", km * p["car_fuel_per_km"] / 1000.0)
    b.add("ghg", "commuting", km * p["co2_car"] / 1000.0)
    b.add("nox", "commuting", km * p["nox_car"] * 1e-6)
    b.add("pm25", "commuting", km * p["pm25_car"] * 1e-6)

    if levers["merge_lievin"]:
        lens_sold += p["lievin_heat_sold"]
        lens_prod += p["lievin_heat_sold"] / p["lievin_network_efficiency"]
        # Liévin's fixed costs: (71.7 − (41 + 0.93 × 7.63)) × 17,000 = 401,265 €/an
        all_gas_r1 = p["r1"] + p["lens_biomass_share"] * p["r1_gas_premium"]
        lens_fixed += p["lievin_heat_sold"] * max(p["lievin_heat_price"] - all_gas_r1, 0.0)
        link = p["interconnection_length"] * p["interconnection_pipe_cost"]  # 6.3 M€
        operator_capital += link
        lens_fixed += link * network_rate
        target = p["renewable_share_after_merge"]
        _network(b, p, "lens", lens_sold, lens_prod, lens_fixed, target, None, own_biomass)
        d["lievin_price"] = d["lens_price"]
    else:
        target = p["lens_biomass_share"]
        _network(b, p, "lens", lens_sold, lens_prod, lens_fixed, target, None, own_biomass)
        lievin_prod = p["lievin_heat_sold"] / p["lievin_network_efficiency"]
        lievin_price = p["lievin_heat_price"]
        _network(b, p, "lievin", p["lievin_heat_sold"], lievin_prod, 0.0, 0.0, lievin_price, 0.0)
    d["operator_capital"] = operator_capital
    if heating == "network":  # what the old model did: the operator pays all, 61.1 → 74.0
        extra = (d["cite_city_contribution"] + d["cite_connections"]) * network_rate
        d["lens_price_operator_pays_all"] = d["lens_price"] + extra / d["lens_heat_sold"]
        _dwelling_on_network(p, cite_heat / dwellings, d)
    elif heating == "gas_boilers":
        _dwelling_on_gas(p, cite_heat / dwellings, d)
    elif heating == "heat_pumps":
        _dwelling_on_heat_pump(p, cite_heat / dwellings, d)

    heat = b.total("heat_supplied")
    other = b.total("other_cost")  # not heat: in the annual cost, not in the heat price
    d["annualised_cost"] = b.total("annual_cost") + other + b.total("capital_annuity")
    d["final_energy"] = b.total("final_energy")
    d["renewable_share"] = 100.0 * b.total("renewable_heat") / heat
    d["ghg"] = b.total("ghg")
    d["investment"] = b.total("investment") / 1000.0
    d["annual_cost"] = (b.total("annual_cost") + other) / 1000.0
    d["heat_price"] = b.total("annual_cost") / heat
    d["nox"] = b.total("nox")
    d["pm25"] = b.total("pm25")
    d["land_take"] = b.total("land_take")
    return b


def _network(
    b: Book,
    p: Mapping[str, float],
    name: str,
    sold: float,
    production: float,
    fixed: float,
    target: float,
    price: float | None,
    own_biomass: float,
) -> None:
    """A network's biomass/gas split, fuels, emissions and bill."""
    # biomass capped by the plant: min(0.93 × 34,633, 45,014) / 34,633 = 0.93 in the reference
    share = min(target * production, p["biomass_heat_max"]) / production
    biomass_heat = share * production
    # heat the CHP burns anyway: a fifth of the extra biomass heat, at most the must-run
    # surplus 40,404 − 32,209 = 8,195 MWh
    extra = max(0.0, biomass_heat - own_biomass) if name == "lens" else 0.0
    burnt = min(
        p["surplus_heat_share"] * extra, max(0.0, p["biomass_contract_minimum"] - own_biomass)
    )
    gas_fuel = (production - biomass_heat) / p["dh_gas_boiler_efficiency"]
    wood_fuel = (biomass_heat - burnt) * p["biomass_fuel_per_heat"]
    if price is None:  # R1 moved by the gas premium when the share departs from 93 %
        r1 = p["r1"] + (p["lens_biomass_share"] - share) * p["r1_gas_premium"]
        price = r1 + fixed / sold
    # official content of 6203C, 0.045 kg/kWh at 91.6 % renewable, less its gas part
    # 0.084 × 0.227 / 0.9 = 0.0212, per kWh of biomass heat: (0.045 × 0.9 − 0.0212) / 0.916
    s_off = p["lens_official_renewable_share"]
    gas_part = (1 - s_off) * p["co2_gas"] / p["dh_gas_boiler_efficiency"]
    w = max(0.0, (p["lens_co2_content"] * p["lens_network_efficiency"] - gas_part) / s_off)
    ghg_gas = gas_fuel * p["co2_gas"]
    ghg_wood = (biomass_heat - burnt) * w
    f = p["biomass_plant_filtered"]  # 1: filtered, 9 g/GJ of PM2.5; 0: 133 g/GJ
    pm_wood = f * p["pm25_biomass_filtered"] + (1 - f) * p["pm25_biomass_unfiltered"]
    b.add("final_energy", name, sold)
    b.add("heat_supplied", name, sold)
    b.add("renewable_heat", name, sold * share)
    b.add("ghg", f"{name}.gas", ghg_gas)
    b.add("ghg", f"{name}.wood", ghg_wood)
    b.add("nox", f"{name}.gas", gas_fuel * GJ_PER_MWH * p["nox_network_gas_boiler"] * 1e-6)
    b.add("nox", f"{name}.wood", wood_fuel * GJ_PER_MWH * p["nox_biomass_plant"] * 1e-6)
    b.add("pm25", f"{name}.gas", gas_fuel * GJ_PER_MWH * p["pm25_network_gas_boiler"] * 1e-6)
    b.add("pm25", f"{name}.wood", wood_fuel * GJ_PER_MWH * pm_wood * 1e-6)
    b.add("annual_cost", name, price * sold)
    d = b.details
    d[f"{name}_production"] = production
    d[f"{name}_biomass_heat"] = biomass_heat
    d[f"{name}_already_burnt"] = burnt
    d[f"{name}_gas_fuel"] = gas_fuel
    d[f"{name}_wood_fuel"] = wood_fuel
    d[f"{name}_fixed_costs"] = fixed
    d[f"{name}_price"] = price
    d[f"{name}_biomass_share"] = share
    d[f"{name}_heat_sold"] = sold
    d[f"{name}_co2_content"] = (ghg_gas + ghg_wood) / sold
    d[f"{name}_co2_content_bottom_up"] = (ghg_gas + wood_fuel * p["co2_wood"]) / sold


def _dwelling(
    d: dict[str, float],
    p: Mapping[str, float],
    useful: float,
    bill: float,
    equipment: float,
    maintenance: float,
    co2: float,
) -> None:
    d["dwelling_useful_heat"] = useful
    d["dwelling_bill_ttc"] = bill
    d["dwelling_full_cost_ttc"] = bill + (equipment + maintenance) * (1 + p["vat_equipment"])
    d["dwelling_co2"] = co2


def _dwelling_on_network(p: Mapping[str, float], useful: float, d: dict[str, float]) -> None:
    """8.85 MWh useful / 0.874 = 10.13 MWh bought; fixed part at 5.5 %, energy at 5.5 % too
    (the network is more than half renewable); connection 8,477 € a dwelling over 22 years."""
    sold = useful / p["substation_efficiency"]
    fixed = d["lens_fixed_costs"] / d["lens_heat_sold"]
    energy_vat = p["vat_reduced"] if d["lens_biomass_share"] > 0.5 else p["vat_standard"]
    bill = sold * (fixed * (1 + p["vat_reduced"]) + (d["lens_price"] - fixed) * (1 + energy_vat))
    connection = d["cite_connections"] / (p["cite_houses"] + p["cite_flats"])
    equipment = connection * annuity(p["discount_rate"], p["substation_lifetime"])
    _dwelling(d, p, useful, bill, equipment, 0.0, sold * d["lens_co2_content"] * 1000)


def _dwelling_on_gas(p: Mapping[str, float], useful: float, d: dict[str, float]) -> None:
    """8.85 / 0.83 = 10.67 MWh of gas at 84 € + 261.51 € of subscription, all at 20 % VAT."""
    fuel = useful / p["gas_boiler_efficiency"]
    bill = (fuel * p["gas_price"] + p["gas_subscription"]) * (1 + p["vat_standard"])
    equipment = p["gas_boiler_cost"] * annuity(p["discount_rate"], p["boiler_lifetime"])
    maintenance = p["gas_boiler_maintenance"]
    _dwelling(d, p, useful, bill, equipment, maintenance, fuel * p["co2_gas"] * 1000)


def _dwelling_on_heat_pump(p: Mapping[str, float], useful: float, d: dict[str, float]) -> None:
    """8.85 / 3.2 = 2.77 MWh of electricity at 171 € + 20 % VAT; 8 kW × 1,117 € over 17 years."""
    elec = useful / p["heat_pump_scop"]
    bill = elec * p["electricity_price"] * (1 + p["vat_standard"])
    equipment = (
        p["peak_power_per_dwelling"]
        * p["heat_pump_cost"]
        * annuity(p["discount_rate"], p["heat_pump_lifetime"])
    )
    maintenance = p["heat_pump_maintenance"]
    _dwelling(d, p, useful, bill, equipment, maintenance, elec * p["co2_electricity"] * 1000)


def mismatches(case: Any, rel: float = 1e-9) -> list[str]:
    """Where a loaded case departs from the hand computation: one line per figure.

    ``case`` is a :class:`copilote.decision.case.loading.Case`; the comparison covers every
    scenario's nine indicators, every part ``quantity:source`` of the model's totals (and that
    the model has no part the hand computation lacks), and every named intermediate value.
    """
    out: list[str] = []
    matrix = case.evaluate()[0]
    for j, scenario in enumerate(case.scenarios):
        hand = recompute(scenario.levers)
        for col, name in enumerate(INDICATORS):
            _compare(out, f"{scenario.id} {name}", float(matrix[j, col]), hand.details[name], rel)
        model = case.details(scenario.id)
        parts = {k[len("part:") :]: v for k, v in model.items() if k.startswith("part:")}
        for key in sorted(set(parts) | set(hand.parts)):
            if key not in parts or key not in hand.parts:
                out.append(
                    f"{scenario.id} part {key}: only in {'model' if key in parts else 'hand'}"
                )
                continue
            _compare(out, f"{scenario.id} part {key}", parts[key], hand.parts[key], rel)
        for key, value in model.items():
            if not key.startswith("part:"):
                if key not in hand.details:
                    out.append(f"{scenario.id} detail {key}: not recomputed by hand")
                else:
                    _compare(out, f"{scenario.id} detail {key}", value, hand.details[key], rel)
    return out


def _compare(out: list[str], what: str, model: float, hand: float, rel: float) -> None:
    if not math.isclose(model, hand, rel_tol=rel, abs_tol=1e-9):
        out.append(f"{what}: model {model!r}, by hand {hand!r}")
