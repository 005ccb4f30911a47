"""The indicators and criteria the Lens–Liévin models compute (ids, units, directions, labels).

Plain data, so that ``criteria`` imports nothing of the project; ``decision.case.loading`` turns
these
into :class:`decision.core.problem.Indicator` and :class:`decision.core.problem.Criterion`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: a column of the performance matrix.

    Attributes:
        id: short name (``ghg``).
        criterion: ``energy``, ``cost``, ``air`` or ``land``.
        unit: unit of the values (``t CO2e/an``).
        direction: ``min`` when less is better, ``max`` when more is better.
        label_fr, label_en: what a committee reads.
    """

    id: str
    criterion: str
    unit: str
    direction: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion grouping indicators."""

    id: str
    label_fr: str
    label_en: str


CRITERIA: tuple[CriterionSpec, ...] = (
    CriterionSpec("energy", "Énergie", "Energy"),
    CriterionSpec("cost", "Coût", "Cost"),
    CriterionSpec("air", "Qualité de l'air", "Air quality"),
    CriterionSpec("land", "Foncier", "Land use"),
)

INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "final_energy", "energy", "MWh/an", "min", "Énergie finale consommée", "Final energy use"
    ),
    IndicatorSpec(
        "renewable_share",
        "energy",
        "%",
        "max",
        "Part de chaleur renouvelable et de récupération",
        "Renewable and recovered share of heat",
    ),
    IndicatorSpec(
        "ghg", "energy", "t CO2e/an", "min", "Émissions de gaz à effet de serre", "Greenhouse gases"
    ),
    IndicatorSpec("investment", "cost", "k€", "min", "Investissement", "Investment"),
    IndicatorSpec(
        "annual_cost",
        "cost",
        "k€/an",
        "min",
        "Coût annuel pour les usagers",
        "Annual cost for users",
    ),
    IndicatorSpec(
        "heat_price",
        "cost",
        "€ HT/MWh",
        "min",
        "Prix moyen de la chaleur",
        "Average heat price",
    ),
    IndicatorSpec("nox", "air", "t/an", "min", "NOx émis localement", "NOx emitted locally"),
    IndicatorSpec("pm25", "air", "t/an", "min", "PM2,5 émises localement", "PM2.5 emitted locally"),
    IndicatorSpec(
        "land_take",
        "land",
        "ha",
        "min",
        "Foncier nouvellement artificialisé",
        "Newly artificialised land",
    ),
)

INDICATOR_IDS: tuple[str, ...] = tuple(i.id for i in INDICATORS)
