"""What the case means for the people who pay: per dwelling, per user group, per tonne avoided.

Three readings of a case's nominal figures (issue 13.8–13.10), shared by ``decision evaluate
--json``, the memo and the dashboard's «Pour les habitants» view, so that all three print the
same numbers:

- :func:`per_dwelling`: for each scenario that changes the Cité 12/14's heating, one average
  dwelling's useful heat [MWh/an], energy bill and full cost incl. VAT [€ TTC/an] and CO2
  [kg CO2e/an] (formulas in :func:`copilote.criteria.model.per_dwelling`);
- :func:`prices_by_group`: the heat price of each user group [€ HT/MWh] in every scenario;
- :func:`cost_per_tonne_avoided`: annualised total cost difference over CO2 avoided [€/t].

A case whose model gives none of these details (a table case) gets empty results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copilote.decision.case.loading import Case

#: cite_heating lever value -> the contract's ``heating`` word (docs/contracts.md).
HEATING = {"network": "network", "gas_boilers": "gas_boiler", "heat_pumps": "heat_pump"}

#: The social landlord's own plan for the Cité (seed 003 §5.1.4): renovation and gas.
LANDLORD_PLAN = "cite_gas"


def _details(case: Case) -> dict[str, dict[str, float]]:
    try:
        return {s.id: case.details(s.id) for s in getattr(case, "scenarios", ())}
    except (AttributeError, KeyError, NotImplementedError):
        return {}


def per_dwelling(case: Case) -> list[dict[str, Any]]:
    """``[{"scenario", "heating", "useful_heat_mwh", "bill_eur_ttc", "full_cost_eur_ttc",
    "co2_kg"}]`` for every scenario whose Cité heating is one system (not the existing mix)."""
    details = _details(case)
    out = []
    for scenario in getattr(case, "scenarios", ()):
        d = details.get(scenario.id, {})
        heating = HEATING.get(str(scenario.levers.get("cite_heating")))
        if heating is None or "dwelling_bill_ttc" not in d:
            continue
        out.append(
            {
                "scenario": scenario.id,
                "heating": heating,
                "useful_heat_mwh": d["dwelling_useful_heat"],
                "bill_eur_ttc": d["dwelling_bill_ttc"],
                "full_cost_eur_ttc": d["dwelling_full_cost_ttc"],
                "co2_kg": d["dwelling_co2"],
            }
        )
    return out


def prices_by_group(case: Case) -> dict[str, dict[str, float | None]]:
    """``{scenario: {"lens", "lievin", "cite"}}`` in € HT/MWh of heat bought.

    ``lens``: every existing Lens subscriber's average price; ``lievin``: Liévin's (the merged
    network's price once merged); ``cite``: the Cité's network price when connected, else
    None (its residents then buy gas or electricity: see :func:`per_dwelling`). Also
    ``lens_if_operator_pays_all`` for a connected Cité: the Lens price had the operator
    financed the extension and the connections (issue 13.9's cross-subsidy).
    """
    out: dict[str, dict[str, float | None]] = {}
    for sid, d in _details(case).items():
        if "lens_price" not in d:
            continue
        connected = "cite_heat_sold" in d
        out[sid] = {
            "lens": d["lens_price"],
            "lievin": d.get("lievin_price"),
            "cite": d["lens_price"] if connected else None,
            "lens_if_operator_pays_all": d.get("lens_price_operator_pays_all"),
        }
    return out


def cost_per_tonne_avoided(
    case: Case, against: str | None = None, *, cite_options_only: bool = False
) -> dict[str, float | None]:
    """``{scenario: € per t CO2e avoided, or None}`` against ``against`` (the first scenario).

    With ``cite_options_only``, only the scenarios that give the Cité 12/14 one heating system
    (the comparison with the landlord's plan means nothing for the others).

    (annualised cost − annualised cost of ``against``) / (its CO2 − the scenario's CO2), with
    the annualised cost = yearly bills + annuities of the investment [€/an]. None when the
    scenario avoids nothing (or is ``against`` itself): a cost per tonne means nothing then.
    A negative figure: the scenario avoids CO2 and costs less.
    """
    details = _details(case)
    if not details:
        return {}
    base = against or case.scenarios[0].id
    if base not in details or "annualised_cost" not in details[base]:
        return {}
    indicators = [i.id for i in case.indicators]
    if "ghg" not in indicators:
        return {}
    # the nominal matrix's CO2 column, as case.performance() has it, without importing pandas
    # for one column (0.3 to 0.4 s of a memo)
    nominal = case.evaluate()[0][:, indicators.index("ghg")]
    ghg = {scenario.id: float(nominal[k]) for k, scenario in enumerate(case.scenarios)}
    out: dict[str, float | None] = {}
    for scenario in case.scenarios:
        if cite_options_only and str(scenario.levers.get("cite_heating")) not in HEATING:
            continue
        avoided = float(ghg[base] - ghg[scenario.id])
        extra = details[scenario.id]["annualised_cost"] - details[base]["annualised_cost"]
        out[scenario.id] = extra / avoided if avoided > 1e-9 else None
    return out
