"""The decision problem: alternatives, indicators grouped under criteria, a matrix and weights.

A :class:`DecisionProblem` is immutable and validated when built, so a bad problem cannot exist
(scikit-criteria's ``DecisionMatrix`` is the model, with units and a criterion hierarchy added).
Change one with :meth:`DecisionProblem.replace`, which validates again.

Vocabulary:

- an *indicator* is one column of the matrix (``final_energy``, in MWh/an, to minimise);
- a *criterion* groups indicators (``energy``); a criterion's weight is split over its
  indicators by their *local* weights (equal by default);
- *weights* are the global indicator weights; they are non-negative and sum to 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.errors import InputError

Direction = Literal["max", "min"]


@dataclass(frozen=True)
class Criterion:
    """A criterion of the hierarchy (énergie, coût, qualité de l'air, foncier)."""

    id: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Indicator:
    """One column of the performance matrix.

    Attributes:
        id: short name, unique in the problem (``ghg``).
        label_fr, label_en: what a committee reads.
        unit: unit of the values (``t CO2e/an``); empty for a plain table.
        direction: ``max`` if more is better, ``min`` if less is better.
        criterion: id of the criterion it belongs to.
    """

    id: str
    label_fr: str
    label_en: str
    unit: str
    direction: Direction
    criterion: str

    def label(self, lang: str = "fr") -> str:
        """The label in ``lang`` (``fr`` or ``en``)."""
        return self.label_fr if lang == "fr" else self.label_en

    def to_json(self) -> dict[str, str]:
        """A JSON-ready dict (the shape of ``decision evaluate --json``'s indicators)."""
        return {
            "id": self.id,
            "criterion": self.criterion,
            "unit": self.unit,
            "direction": self.direction,
            "label_fr": self.label_fr,
            "label_en": self.label_en,
        }


@dataclass(frozen=True)
class DecisionProblem:
    """An immutable, validated decision problem.

    Attributes:
        alternatives: names, unique, at least two.
        indicators: the columns, ids unique.
        matrix: values, shape (alternatives, indicators), finite; read-only.
        weights: global indicator weights, non-negative, summing to 1; read-only.
        criteria: the criterion hierarchy; each indicator's criterion is one of them.
        alternative_labels: optional display names (e.g. French scenario names), same order.
    """

    alternatives: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    matrix: NDArray[np.float64]
    weights: NDArray[np.float64]
    criteria: tuple[Criterion, ...] = ()
    alternative_labels: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        alternatives = tuple(str(a) for a in self.alternatives)
        indicators = tuple(self.indicators)
        _check_unique(alternatives, "alternative")
        if len(alternatives) < 2:
            raise InputError(f"a decision needs at least two alternatives, got {len(alternatives)}")
        if not indicators:
            raise InputError("a decision needs at least one indicator")
        _check_unique([i.id for i in indicators], "indicator")
        for ind in indicators:
            if ind.direction not in ("max", "min"):
                raise InputError(
                    f"indicator '{ind.id}': direction '{ind.direction}' should be max or min"
                )
        criteria = tuple(self.criteria) or _criteria_from_indicators(indicators)
        _check_unique([c.id for c in criteria], "criterion")
        known = {c.id for c in criteria}
        for ind in indicators:
            if ind.criterion not in known:
                raise InputError(
                    f"indicator '{ind.id}': unknown criterion '{ind.criterion}', "
                    f"expected one of {', '.join(sorted(known))}"
                )
        matrix = np.array(self.matrix, dtype=float)
        if matrix.shape != (len(alternatives), len(indicators)):
            raise InputError(
                f"matrix has shape {matrix.shape}, expected "
                f"({len(alternatives)} alternatives, {len(indicators)} indicators)"
            )
        bad = np.argwhere(~np.isfinite(matrix))
        if bad.size:
            row, col = bad[0]
            raise InputError(
                f"alternative '{alternatives[row]}', indicator '{indicators[col].id}': "
                f"value {matrix[row, col]} is not a finite number"
            )
        weights = normalize_weights(self.weights, [i.id for i in indicators])
        labels = tuple(self.alternative_labels) or alternatives
        if len(labels) != len(alternatives):
            raise InputError("alternative_labels must have one label per alternative")
        matrix.flags.writeable = False
        weights.flags.writeable = False
        object.__setattr__(self, "alternatives", alternatives)
        object.__setattr__(self, "indicators", indicators)
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "matrix", matrix)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "alternative_labels", labels)

    # -- views ---------------------------------------------------------------------------
    @property
    def types(self) -> NDArray[np.int_]:
        """pymcdm's criterion types: 1 for an indicator to maximise, -1 to minimise."""
        return np.array([1 if i.direction == "max" else -1 for i in self.indicators])

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Indicator ids in column order."""
        return tuple(i.id for i in self.indicators)

    @property
    def criterion_weights(self) -> dict[str, float]:
        """Each criterion's weight: the sum of its indicators' weights."""
        out = {c.id: 0.0 for c in self.criteria}
        for ind, w in zip(self.indicators, self.weights, strict=True):
            out[ind.criterion] += float(w)
        return out

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator named ``indicator_id``."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise InputError(
            f"unknown indicator '{indicator_id}': expected one of {', '.join(self.indicator_ids)}"
        )

    # -- changes (each returns a new, validated problem) ---------------------------------
    def replace(self, **changes: object) -> DecisionProblem:
        """A copy with ``changes`` applied, validated again."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def with_weights(self, weights: ArrayLike | Mapping[str, float]) -> DecisionProblem:
        """A copy with new indicator weights (a vector in column order, or ``{id: weight}``)."""
        if isinstance(weights, Mapping):
            weights = weights_from_mapping(weights, self.indicator_ids, what="indicator")
        return self.replace(weights=np.asarray(weights, dtype=float))

    def with_criterion_weights(
        self,
        criterion_weights: Mapping[str, float],
        local_weights: Mapping[str, float] | None = None,
    ) -> DecisionProblem:
        """A copy whose criterion weights are split over their indicators.

        Args:
            criterion_weights: ``{criterion id: weight}``; criteria left out get weight 0.
            local_weights: ``{indicator id: weight within its criterion}``; missing ones count 1,
                so by default a criterion's weight is split equally over its indicators.
        """
        return self.replace(
            weights=split_criterion_weights(
                criterion_weights, self.indicators, self.criteria, local_weights
            )
        )


def normalize_weights(weights: ArrayLike, names: Sequence[str]) -> NDArray[np.float64]:
    """Weights checked (finite, non-negative, not all zero, one per name) and scaled to sum 1."""
    w = np.array(weights, dtype=float).reshape(-1)
    if w.size != len(names):
        raise InputError(f"got {w.size} weights for {len(names)} indicators ({', '.join(names)})")
    for name, value in zip(names, w, strict=True):
        if not math.isfinite(value):
            raise InputError(f"weight of '{name}' is {value}, not a finite number")
        if value < 0:
            raise InputError(f"weight of '{name}' is negative ({value:g}), expected >= 0")
    total = w.sum()
    if total <= 0:
        raise InputError("all weights are zero; at least one must be positive")
    return w / total


def weights_from_mapping(
    weights: Mapping[str, float], names: Sequence[str], what: str = "indicator"
) -> NDArray[np.float64]:
    """A weight vector in ``names`` order from ``{name: weight}``; unknown names are bad input.

    Names left out get weight 0.
    """
    for key in weights:
        if key not in names:
            raise InputError(
                f"unknown {what} '{key}' in weights: expected one of {', '.join(names)}"
            )
    return np.array([float(weights.get(n, 0.0)) for n in names], dtype=float)


def split_criterion_weights(
    criterion_weights: Mapping[str, float],
    indicators: Sequence[Indicator],
    criteria: Sequence[Criterion],
    local_weights: Mapping[str, float] | None = None,
) -> NDArray[np.float64]:
    """Global indicator weights: each criterion's weight split by its indicators' local weights."""
    crit_ids = [c.id for c in criteria]
    cw = normalize_weights(weights_from_mapping(criterion_weights, crit_ids, "criterion"), crit_ids)
    by_crit = dict(zip(crit_ids, cw, strict=True))
    local = dict(local_weights or {})
    for key, value in local.items():
        if key not in {i.id for i in indicators}:
            raise InputError(f"unknown indicator '{key}' in local weights")
        if not math.isfinite(value) or value < 0:
            raise InputError(f"local weight of '{key}' is {value}, expected a number >= 0")
    out = np.zeros(len(indicators))
    for cid in crit_ids:
        members = [k for k, i in enumerate(indicators) if i.criterion == cid]
        shares = np.array([local.get(indicators[k].id, 1.0) for k in members], dtype=float)
        if not members or by_crit[cid] == 0:
            continue
        if shares.sum() <= 0:
            raise InputError(f"criterion '{cid}': all its indicators have local weight 0")
        out[members] = by_crit[cid] * shares / shares.sum()
    return out


def _check_unique(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if not name:
            raise InputError(f"an {what} has an empty name")
        if name in seen:
            raise InputError(f"duplicate {what} name '{name}'")
        seen.add(name)


def _criteria_from_indicators(indicators: Sequence[Indicator]) -> tuple[Criterion, ...]:
    """One criterion per distinct ``criterion`` field, labelled by its id (plain tables)."""
    ids = list(dict.fromkeys(i.criterion for i in indicators))
    return tuple(Criterion(c, c, c) for c in ids)
