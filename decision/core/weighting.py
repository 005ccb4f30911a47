"""The one :class:`Weights` value: weights read and checked once, wherever they come from.

Weights reach the engine from many places: ``--weights energy=0.4,cost=0.3`` on the command
line, a plain list ``0.3;0,2;0.5``, a stored profile, the dashboard's sliders, AHP, swing or
objective weighting (:mod:`copilote.decision.core.weights`), a group's aggregate. Each of them
builds a :class:`Weights` here, and every mistake gets one error text, prefixed by where the
weights came from (``--weights``, ``profile 'elus'``, ``weights of 'alice'``):

- a value that is not a number, not finite, or negative; all values zero;
- a name that is neither a criterion nor an indicator of the problem;
- a mapping that mixes criteria and indicators;
- a list whose length is neither the number of criteria nor the number of indicators.

Reading happens in two steps, so that the store can check a profile without a case:

1. :meth:`Weights.read` checks the values (and the text syntax); names are not known yet.
2. :meth:`Weights.on` checks the names against a decision problem and fixes the *level*:
   ``criterion`` (each criterion's weight is then split over its indicators, equally or by
   local shares) or ``indicator`` (global indicator weights).

A list is read at criterion level when it has one number per criterion, else at indicator level
(criteria first: a committee weighs criteria). Weights are kept as given (not rescaled); the
engine uses them normalised to sum 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.core.problem import DecisionProblem, split_criterion_weights
from copilote.decision.errors import InputError

if TYPE_CHECKING:
    from copilote.decision.core.weights import AHPResult

Level = Literal["criterion", "indicator"]

#: Keys ``#1``, ``#2``... are how stores written before the Weights value kept a plain list.
_POSITION_KEY = re.compile(r"#\d+")


@dataclass(frozen=True)
class Weights:
    """Weights as given, checked: one value per name (or a plain list), optionally bound.

    Attributes:
        values: the weights as given (not rescaled), finite, >= 0, not all zero.
        names: one criterion or indicator id per value; empty for a plain list (in order).
        level: ``criterion`` or ``indicator`` once checked against a problem (:meth:`on`);
            None before. Bound weights name every id of their level, in the problem's order.
        local: ``{indicator id: share within its criterion}`` (criterion level only); an
            indicator left out counts 1, so by default a criterion's weight is split equally.
    """

    values: tuple[float, ...]
    names: tuple[str, ...] = ()
    level: Level | None = None
    local: tuple[tuple[str, float], ...] = ()

    # -- reading -----------------------------------------------------------------------------
    @classmethod
    def read(cls, given: Any, where: str = "weights") -> Weights:
        """Weights from text, a mapping, a list or a :class:`Weights`; values checked.

        Text is ``name=value`` pairs or numbers in order, separated by ``,`` (or ``;`` when the
        numbers have decimal commas): ``energy=0.4,cost=0.3`` or ``0,3;0,2;0,5``.
        """
        if isinstance(given, Weights):
            return given
        if isinstance(given, str):
            return _read_text(given, where)
        if isinstance(given, Mapping):
            keys = [str(k) for k in given]
            if keys and all(_POSITION_KEY.fullmatch(k) for k in keys):
                return cls(
                    _check_values(list(given.values()), [f"item {k[1:]}" for k in keys], where)
                )
            for key in keys:
                if not key.strip():
                    raise InputError(f"{where}: an empty name, expected a criterion or indicator")
            return cls(
                _check_values(list(given.values()), [f"'{k}'" for k in keys], where), tuple(keys)
            )
        if isinstance(given, Sequence | np.ndarray):
            values = list(np.asarray(given, dtype=object).reshape(-1))
            return cls(
                _check_values(values, [f"item {i}" for i in range(1, len(values) + 1)], where)
            )
        raise InputError(
            f"{where}: expected numbers or name=value pairs, got {type(given).__name__}"
        )

    @classmethod
    def parse(cls, given: Any, problem: DecisionProblem, where: str = "weights") -> Weights:
        """:meth:`read` then :meth:`on`: weights checked against ``problem``'s names."""
        return cls.read(given, where).on(problem, where)

    def on(self, problem: DecisionProblem, where: str = "weights") -> Weights:
        """These weights bound to ``problem``: names checked, level fixed, every id present."""
        criteria = tuple(c.id for c in problem.criteria)
        indicators = problem.indicator_ids
        table = criteria == indicators  # a plain table: each indicator is its own criterion
        if not self.names:
            if table and len(self.values) != len(indicators):
                raise InputError(
                    f"{where}: {len(self.values)} numbers for {len(indicators)} indicators "
                    f"({', '.join(indicators)})"
                )
            if len(self.values) == len(criteria):
                return self._bound("criterion", criteria, self.values)
            if len(self.values) == len(indicators):
                return self._bound("indicator", indicators, self.values)
            raise InputError(
                f"{where}: {len(self.values)} numbers; expected {len(criteria)} (criteria "
                f"{', '.join(criteria)}) or {len(indicators)} (indicators {', '.join(indicators)})"
            )
        given = dict(zip(self.names, self.values, strict=True))
        keys = set(given)
        for key in self.names:
            if key not in criteria and key not in indicators:
                if table:
                    raise InputError(
                        f"{where}: unknown indicator '{key}'; expected one of "
                        f"{', '.join(indicators)}"
                    )
                raise InputError(
                    f"{where}: unknown name '{key}'; expected criteria ({', '.join(criteria)}) "
                    f"or indicators ({', '.join(indicators)})"
                )
        if keys <= set(criteria):
            level: Level = "criterion"
            ids = criteria
        elif keys <= set(indicators):
            level, ids = "indicator", indicators
        else:
            crit = next(k for k in self.names if k in criteria and k not in indicators)
            ind = next(k for k in self.names if k in indicators and k not in criteria)
            raise InputError(
                f"{where}: name either criteria or indicators, not both ('{crit}' is a "
                f"criterion, '{ind}' an indicator)"
            )
        values = tuple(given.get(i, 0.0) for i in ids)
        if sum(values) <= 0:
            raise InputError(f"{where}: all weights are zero; at least one must be positive")
        return self._bound(level, ids, values)

    def _bound(self, level: Level, ids: Sequence[str], values: Sequence[float]) -> Weights:
        return Weights(tuple(float(v) for v in values), tuple(ids), level, self.local)

    # -- other sources -----------------------------------------------------------------------
    @classmethod
    def of_problem(cls, problem: DecisionProblem) -> Weights:
        """A problem's weights at the level they were chosen.

        Criterion weights while the indicator weights are an equal split of them (what a
        committee sets), indicator weights otherwise (an analyst changed the split), so that a
        sensitivity study varies the weights people actually chose.
        """
        criterion = problem.criterion_weights
        split = problem.with_criterion_weights(criterion).weights
        if len(problem.criteria) < len(problem.indicators) and np.allclose(
            split, problem.weights, rtol=0, atol=1e-12
        ):
            return cls(tuple(criterion.values()), tuple(criterion), "criterion")
        return cls(tuple(float(w) for w in problem.weights), problem.indicator_ids, "indicator")

    @classmethod
    def with_local(
        cls,
        criterion_weights: Mapping[str, float],
        local: Mapping[str, float],
        problem: DecisionProblem,
        where: str = "weights",
    ) -> Weights:
        """Criterion weights split over their indicators by local shares (analyst mode)."""
        bound = cls.parse(criterion_weights, problem, where)
        if bound.level != "criterion":
            raise InputError(f"{where}: local shares need criterion weights")
        if not local:
            return bound
        shares = cls.read(dict(local), f"{where} (local shares)")
        for key in shares.names:
            if key not in problem.indicator_ids:
                raise InputError(
                    f"{where}: unknown indicator '{key}' in local shares; expected one of "
                    f"{', '.join(problem.indicator_ids)}"
                )
        return Weights(bound.values, bound.names, "criterion", tuple(shares.mapping().items()))

    @classmethod
    def swing(
        cls,
        points: ArrayLike | Mapping[str, float],
        problem: DecisionProblem,
        level: Level = "criterion",
    ) -> Weights:
        """Swing weighting over the criteria or the indicators (:func:`weights.swing`)."""
        from copilote.decision.core import weights as weighting_methods  # pymcdm: load on use

        ids = _ids(problem, level)
        return cls(tuple(weighting_methods.swing(points, ids).tolist()), ids, level)

    @classmethod
    def ahp(
        cls, judgements: Mapping[str, float], problem: DecisionProblem
    ) -> tuple[Weights, AHPResult]:
        """AHP over the criteria from judgements ``{"a|b": value}`` (:func:`ahp_matrix`)."""
        from copilote.decision.core import weights as weighting_methods  # pymcdm: load on use

        ids = tuple(c.id for c in problem.criteria)
        result = weighting_methods.ahp(ahp_matrix(judgements, ids), ids)
        return cls(tuple(result.weights.tolist()), ids, "criterion"), result

    @classmethod
    def objective(cls, name: str, problem: DecisionProblem) -> Weights:
        """Objective weights computed from the problem's matrix (:func:`weights.objective`)."""
        from copilote.decision.core import weights as weighting_methods  # pymcdm: load on use

        ids = problem.indicator_ids
        values = weighting_methods.objective(name, problem.matrix, problem.types, ids)
        return cls(tuple(values.tolist()), ids, "indicator")

    # -- use ---------------------------------------------------------------------------------
    def indicator_weights(self, problem: DecisionProblem) -> NDArray[np.float64]:
        """Global indicator weights for ``problem``, summing to 1."""
        bound = self if self.level is not None else self.on(problem)
        if bound.level == "criterion":
            return split_criterion_weights(
                bound.mapping(), problem.indicators, problem.criteria, dict(bound.local) or None
            )
        w = np.array([bound.mapping().get(i, 0.0) for i in problem.indicator_ids], dtype=float)
        return np.asarray(w / w.sum(), dtype=float)

    def apply(self, problem: DecisionProblem) -> DecisionProblem:
        """``problem`` with these weights."""
        return problem.replace(weights=self.indicator_weights(problem))

    def mapping(self) -> dict[str, float]:
        """``{name: weight}`` as given (named weights only)."""
        if not self.names:
            raise InputError("weights given as a plain list have no names yet")
        return dict(zip(self.names, self.values, strict=True))

    def normalized(self) -> dict[str, float]:
        """``{name: weight}`` scaled to sum 1 (named weights only)."""
        total = sum(self.values)
        return {k: v / total for k, v in self.mapping().items()}

    def entered(self) -> list[float] | dict[str, float]:
        """The weights as given: a list for a plain list, else ``{name: weight}`` (JSON, store)."""
        return list(self.values) if not self.names else self.mapping()

    def criterion_and_local(
        self, problem: DecisionProblem
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Criterion weights (summing to 1) and each indicator's share within its criterion.

        What the dashboard's sliders show: a criterion with weight 0 splits equally.
        """
        w = dict(zip(problem.indicator_ids, self.indicator_weights(problem), strict=True))
        criterion = {c.id: 0.0 for c in problem.criteria}
        for ind in problem.indicators:
            criterion[ind.criterion] += w[ind.id]
        members = {c: sum(1 for i in problem.indicators if i.criterion == c) for c in criterion}
        local = {
            i.id: w[i.id] / criterion[i.criterion]
            if criterion[i.criterion] > 0
            else 1.0 / members[i.criterion]
            for i in problem.indicators
        }
        return criterion, local


def _ids(problem: DecisionProblem, level: Level) -> tuple[str, ...]:
    if level == "criterion":
        return tuple(c.id for c in problem.criteria)
    if level == "indicator":
        return problem.indicator_ids
    raise InputError(f"weight level '{level}': expected criterion or indicator")


def ahp_matrix(judgements: Mapping[str, float], ids: Sequence[str]) -> NDArray[np.float64]:
    """The reciprocal AHP matrix from judgements ``{"a|b": value}`` over ``ids``.

    A value ``v >= 1`` says ``a`` is ``v`` times as important as ``b``; ``v <= -1`` says ``b`` is
    ``-v`` times as important as ``a`` (how a slider from -9 to 9 reads); a value between -1 and 1
    (the slider's middle) and a pair left out say both matter equally.
    """
    known = set(ids)
    for key in judgements:
        a, bar, b = str(key).partition("|")
        if not bar or a not in known or b not in known or a == b:
            raise InputError(
                f"AHP judgement '{key}': expected 'a|b' with a and b among {', '.join(ids)}"
            )
    n = len(ids)
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            key = f"{ids[i]}|{ids[j]}"
            value = float(judgements.get(key, 1.0))
            if not math.isfinite(value) or value == 0 or abs(value) > 9:
                raise InputError(f"AHP judgement {key} is {value:g}, expected 1..9 or -9..-1")
            ratio = 1.0 if abs(value) < 1 else value if value > 0 else 1.0 / -value
            matrix[i, j], matrix[j, i] = ratio, 1.0 / ratio
    return matrix


def _read_text(text: str, where: str) -> Weights:
    """``0.3,0.2`` or ``a=0.3,b=0.2`` (``;`` with decimal commas)."""
    text = text.strip()
    if not text:
        raise InputError(f"{where}: empty, expected numbers or name=value pairs")
    sep = ";" if ";" in text else ","
    parts = [p.strip() for p in text.split(sep)]
    if any(not p for p in parts):
        raise InputError(f"{where}: empty item in '{text}'")
    if not any("=" in p for p in parts):
        labels = [f"item {i}" for i in range(1, len(parts) + 1)]
        return Weights(_check_values([_number(p) for p in parts], labels, where))
    names: list[str] = []
    values: list[Any] = []
    for part in parts:
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq or not key:
            raise InputError(f"{where}: '{part}' should be name=value")
        if key in names:
            raise InputError(f"{where}: '{key}' is given twice")
        names.append(key)
        values.append(_number(value))
    return Weights(_check_values(values, [f"'{k}'" for k in names], where), tuple(names))


def _number(text: str) -> Any:
    """A decimal comma read as a point; what is not a number is kept for the error message."""
    raw = text.strip()
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return raw


def _check_values(values: Sequence[Any], labels: Sequence[str], where: str) -> tuple[float, ...]:
    """Each value a finite number >= 0, not all zero; one error text per mistake."""
    if not values:
        raise InputError(f"{where}: no weights given")
    out = []
    for label, value in zip(labels, values, strict=True):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"{where}: weight of {label} is '{value}', not a number") from None
        if not math.isfinite(number):
            raise InputError(f"{where}: weight of {label} is {value}, not a finite number")
        if number < 0:
            raise InputError(f"{where}: weight of {label} is negative ({number:g}), expected >= 0")
        out.append(number)
    if sum(out) <= 0:
        raise InputError(f"{where}: all weights are zero; at least one must be positive")
    return tuple(out)
