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
    "gas_boiler_efficiency": 0.87,  # -
    "heat_pump_scop": 3.3,  # -
    "substation_efficiency": 0.874,  # -
    "extension_losses": 0.15,  # -
    "cite_pipe_length": 4000,  # m
    "pipe_cost": 800,  # € HT/m
    "house_connection_cost": 10000,  # € HT/logement
    "flat_connection_cost": 3709,  # € HT/logement
    "gas_boiler_cost": 3500,  # € HT/logement
    "heat_pump_cost": 1117,  # € HT/kW
    "peak_power_per_dwelling": 8,  # kW/logement
    "renovation_cost": 85000,  # € HT/logement
    "gas_boiler_maintenance": 213,  # € HT/an/logement
    "heat_pump_maintenance": 199,  # € HT/an/logement
    "gas_price": 84,  # € HT/MWh
    "electricity_price": 171,  # € HT/MWh
    "coal_price": 46,  # € HT/MWh
    "discount_rate": 0.04,  # 1/an
    "boiler_lifetime": 17,  # an
    "heat_pump_lifetime": 17,  # an
    "network_lifetime": 30,  # an
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
    "nox_biomass_plant": 210,  # g/GJ
    "pm25_biomass_plant": 37,  # g/GJ
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
}

#: The nominal matrix, rounded to 5 significant digits: what README and docs/case.md print.
#: Columns: final_energy MWh/an, renewable_share %, ghg t CO2e/an, investment k€, annual_cost
#: k€/an, heat_price € HT/MWh, nox t/an, pm25 t/an, land_take ha.
PINNED: dict[str, tuple[float, ...]] = {
    "reference": (58767, 52.462, 9752.8, 240.00, 4001.9, 72.425, 50.776, 9.4128, 0.0),
    "cite_network": (53864, 61.835, 7943.1, 38961, 3898.3, 74.014, 55.214, 9.0460, 0.0),
    "cite_gas": (53881, 55.549, 8507.3, 33870, 3739.8, 71.664, 49.857, 8.0102, 0.0),
    "cite_heat_pumps": (51033, 60.043, 7709.9, 35936, 3753.7, 71.931, 49.272, 8.0074, 0.0),
    "merge": (58767, 69.742, 7665.9, 6540.0, 4435.1, 80.265, 63.916, 12.008, 0.0),
    "cite_network_merge": (53864, 76.585, 6252.7, 45261, 4345.1, 82.497, 65.857, 11.148, 0.0),
    "mixite": (58226, 53.625, 9509.6, 1004.0, 4024.4, 72.722, 51.294, 9.5690, 0.0),
    "zoning": (58931, 52.462, 9797.3, 240.00, 4001.9, 72.425, 50.868, 9.4174, 13.0),
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


def recompute(levers: Mapping[str, Any], p: Mapping[str, float] = INPUTS) -> Book:
    """Every part, detail and indicator of one scenario, by hand (see the module docstring)."""
    b = Book()
    d = b.details
    # Network capital: 30-year annuity at 4 % (0.05783) + P2 1.5 % + P3 0.75 % = 0.08033 /an.
    network_rate = annuity(p["discount_rate"], p["network_lifetime"]) + p["dh_p2"] + p["dh_p3"]

    # Lens after the hospital: 31,170 MWh sold, 31,170 / 0.9 = 34,633 MWh produced; fixed costs
    # stay the 2016 R2 total: 26.67 × 23,992 = 639,867 €/an.
    lens_sold = p["lens_heat_sold_after_hospital"]
    lens_prod = lens_sold / p["lens_network_efficiency"]
    lens_fixed = p["r2"] * p["lens_subscribed_2016"]
    lens_capex = 0.0
    # 2016 price: 41 + 26.67 × 23,992 / 43,241 = 55.80 €/MWh.
    d["lens_price_2016"] = p["r1"] + p["r2"] * p["lens_subscribed_2016"] / p["lens_heat_sold_2016"]
    # 639,867 / 19,360 = 33.05 €/kW/an.
    d["lens_r2_after_hospital"] = lens_fixed / p["lens_subscribed_after_hospital"]

    # Cité 12/14: 288 houses × 18 + 92 flats × 13.6 = 6,435 MWh/an before renovation,
    # 288 × 9 + 92 × 8.4 = 3,365 MWh/an after.
    renovated = bool(levers["cite_renovation"])
    when = "after" if renovated else "before"
    houses, flats = p["cite_houses"], p["cite_flats"]
    dwellings = houses + flats
    house_heat = houses * p[f"house_demand_{when}_renovation"]
    cite_heat = house_heat + flats * p[f"flat_demand_{when}_renovation"]
    d["cite_useful_heat"] = cite_heat
    if renovated:  # 380 × 85,000 € = 32.3 M€
        b.add("investment", "cite_renovation", dwellings * p["renovation_cost"])

    heating = levers["cite_heating"]
    if heating == "network":
        # at the substations: 3,365 / 0.874 = 3,850 MWh sold; produced: / (1 − 0.15)
        sold = cite_heat / p["substation_efficiency"]
        lens_sold += sold
        lens_prod += sold / (1.0 - p["extension_losses"])
        # 4,000 m × 800 + 288 × 10,000 + 92 × 3,709 = 6,421,228 €
        capex = (
            p["cite_pipe_length"] * p["pipe_cost"]
            + houses * p["house_connection_cost"]
            + flats * p["flat_connection_cost"]
        )
        lens_capex += capex
        lens_fixed += capex * network_rate
        d["cite_linear_heat_density"] = sold / p["cite_pipe_length"]  # 0.96 MWh/m/an
        d["cite_heat_sold"] = sold
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
            heat, eff, src = (
                cite_heat - coal_heat,
                p["old_gas_boiler_efficiency"],
                "cite.old_gas_boilers",
            )
        else:
            units, heat, eff, src = (
                dwellings,
                cite_heat,
                p["gas_boiler_efficiency"],
                "cite.gas_boilers",
            )
        fuel = heat / eff
        b.add("heat_supplied", src, heat)
        b.add("final_energy", src, fuel)
        b.add("renewable_heat", src, 0.0)
        b.add("ghg", src, fuel * p["co2_gas"])
        b.add("nox", src, fuel * GJ_PER_MWH * p["nox_small_gas_boiler"] * 1e-6)
        b.add("pm25", src, fuel * GJ_PER_MWH * p["pm25_small_gas_boiler"] * 1e-6)
        b.add("annual_cost", f"{src}.fuel", fuel * p["gas_price"])
        b.add("annual_cost", f"{src}.maintenance", units * p["gas_boiler_maintenance"])
        if heating == "gas_boilers":  # 380 × 3,500 € = 1.33 M€, 17 years at 4 %
            capex = units * p["gas_boiler_cost"]
            b.add("investment", src, capex)
            b.add(
                "annual_cost",
                f"{src}.annuity",
                capex * annuity(p["discount_rate"], p["boiler_lifetime"]),
            )
    elif heating == "heat_pumps":
        src = "cite.heat_pumps"
        elec = cite_heat / p["heat_pump_scop"]  # 3,365 / 3.3 = 1,020 MWh
        b.add("heat_supplied", src, cite_heat)
        b.add("final_energy", src, elec)
        b.add("renewable_heat", src, cite_heat - elec)
        b.add("ghg", src, elec * p["co2_electricity"])
        capex = (
            dwellings * p["peak_power_per_dwelling"] * p["heat_pump_cost"]
        )  # 380 × 8 kW × 1,117 €
        b.add("investment", src, capex)
        b.add("annual_cost", f"{src}.electricity", elec * p["electricity_price"])
        b.add("annual_cost", f"{src}.maintenance", dwellings * p["heat_pump_maintenance"])
        b.add(
            "annual_cost",
            f"{src}.annuity",
            capex * annuity(p["discount_rate"], p["heat_pump_lifetime"]),
        )

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
        site_pipe = p["site_network_length"] * p["pipe_cost"]  # 800 k€
        substations = p["programme_buildings"] * p["substation_cost"]  # 204 k€
        lens_capex += site_pipe + substations
        sub_rate = annuity(p["discount_rate"], p["substation_lifetime"]) + p["dh_p2"] + p["dh_p3"]
        lens_fixed += site_pipe * network_rate + substations * sub_rate
        need = jobs / p["job_density_mixed"]
        brownfield = p["freed_site_area"]
        car_share, reduction = p["car_share_mixed"], p["commute_reduction_mixed"]
    else:
        src = "programme.gas_plants"
        fuel = prog_heat / p["gas_boiler_efficiency"]  # 650 / 0.87 = 747 MWh of gas
        b.add("heat_supplied", src, prog_heat)
        b.add("final_energy", src, fuel)
        b.add("renewable_heat", src, 0.0)
        b.add("ghg", src, fuel * p["co2_gas"])
        b.add("nox", src, fuel * GJ_PER_MWH * p["nox_commercial_gas_boiler"] * 1e-6)
        b.add("pm25", src, fuel * GJ_PER_MWH * p["pm25_commercial_gas_boiler"] * 1e-6)
        capex = p["programme_buildings"] * p["programme_gas_plant_cost"]  # 8 × 30 k€ = 240 k€
        b.add("investment", src, capex)
        rate = annuity(p["discount_rate"], p["boiler_lifetime"]) + p["dh_p2"] + p["dh_p3"]
        b.add("annual_cost", f"{src}.fuel", fuel * p["gas_price"])
        b.add("annual_cost", f"{src}.capital", capex * rate)
        need = jobs / p["job_density_zoning"]  # 13 ha
        brownfield = p["freed_site_area"] if programme == "trend" else 0.0
        car_share = p["car_share_zoning"]
        reduction = -p["commute_increase_edge"] if programme == "zoning" else 0.0
    b.add("land_take", "programme", max(0.0, need - brownfield))
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
        lens_capex += link
        lens_fixed += link * network_rate
        _network(
            b,
            p,
            "lens",
            lens_sold,
            lens_prod,
            lens_fixed,
            lens_capex,
            p["renewable_share_after_merge"],
            None,
        )
    else:
        _network(
            b,
            p,
            "lens",
            lens_sold,
            lens_prod,
            lens_fixed,
            lens_capex,
            p["lens_biomass_share"],
            None,
        )
        lievin_prod = p["lievin_heat_sold"] / p["lievin_network_efficiency"]
        _network(
            b,
            p,
            "lievin",
            p["lievin_heat_sold"],
            lievin_prod,
            0.0,
            0.0,
            0.0,
            p["lievin_heat_price"],
        )

    heat = b.total("heat_supplied")
    d["final_energy"] = b.total("final_energy")
    d["renewable_share"] = 100.0 * b.total("renewable_heat") / heat
    d["ghg"] = b.total("ghg")
    d["investment"] = b.total("investment") / 1000.0
    d["annual_cost"] = b.total("annual_cost") / 1000.0
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
    capex: float,
    target: float,
    price: float | None,
) -> None:
    """A network's biomass/gas split, fuels, emissions and bill."""
    # biomass capped by the plant: min(0.93 × 34,633, 45,014) / 34,633 = 0.93 in the reference
    share = min(target * production, p["biomass_heat_max"]) / production
    biomass_heat = share * production
    gas_fuel = (production - biomass_heat) / p["dh_gas_boiler_efficiency"]
    wood_fuel = biomass_heat * p["biomass_fuel_per_heat"]
    if price is None:  # R1 moved by the gas premium when the share departs from 93 %
        r1 = p["r1"] + (p["lens_biomass_share"] - share) * p["r1_gas_premium"]
        price = r1 + fixed / sold
    b.add("final_energy", name, sold)
    b.add("heat_supplied", name, sold)
    b.add("renewable_heat", name, sold * share)
    for pollutant, gas_factor, wood_factor in (
        ("ghg", p["co2_gas"], p["co2_wood"]),  # MWh × kg/kWh = t
        (
            "nox",
            p["nox_network_gas_boiler"] * GJ_PER_MWH * 1e-6,
            p["nox_biomass_plant"] * GJ_PER_MWH * 1e-6,
        ),
        (
            "pm25",
            p["pm25_network_gas_boiler"] * GJ_PER_MWH * 1e-6,
            p["pm25_biomass_plant"] * GJ_PER_MWH * 1e-6,
        ),
    ):
        b.add(pollutant, f"{name}.gas", gas_fuel * gas_factor)
        b.add(pollutant, f"{name}.wood", wood_fuel * wood_factor)
    b.add("investment", name, capex)
    b.add("annual_cost", name, price * sold)
    d = b.details
    d[f"{name}_production"] = production
    d[f"{name}_biomass_heat"] = biomass_heat
    d[f"{name}_gas_fuel"] = gas_fuel
    d[f"{name}_wood_fuel"] = wood_fuel
    d[f"{name}_fixed_costs"] = fixed
    d[f"{name}_price"] = price
    d[f"{name}_biomass_share"] = share
    d[f"{name}_heat_sold"] = sold


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
