"""Typed answers to the engine's questions, each with the key of the inputs it was computed from.

A front-end (command line, dashboard, memo) asks a question and gets one of these frozen values;
the JSON of a command is the value's ``to_json()`` (docs/contracts.md, "Command results"). The
key, :class:`InputsKey`, says what the answer was computed from: the data (the case's or the
table's parsed content, hashed), the effective indicator weights, the method, the normalisation,
the parameter values, and for a study N, the seed and what varied. Two answers with equal keys
answer the same question; a figure whose key is not the current one is stale.

The sensitivity study's answer is :class:`copilote.decision.analysis.sensitivity.SensitivityResult`
(it carries an :class:`InputsKey` too); the ranking's is :class:`Ranking`, here; the study's weight
stability intervals and tipping points are :class:`StabilityIntervals` and :class:`TippingPoints`
(``SensitivityResult.stability_answer()`` / ``.tipping_answer()``); why one alternative is ahead
of another is :class:`Explanation` (:func:`copilote.decision.analysis.explain.explanation`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from copilote.decision.core.digest import canonical_value, sha256_of
from copilote.decision.core.mcda import MethodResult
from copilote.decision.core.problem import DecisionProblem, Indicator

if TYPE_CHECKING:  # the analysis layer computes these; an answer only carries them
    from copilote.decision.analysis.red_lines import RedLineCheck
    from copilote.decision.analysis.sensitivity_model import Factor
    from copilote.decision.analysis.stability import Stability
    from copilote.decision.analysis.tipping import TippingPoint


def data_of(problem: DecisionProblem, case: Any = None) -> Any:
    """What the figures were computed from, in canonical form, weights and method aside.

    A case's parsed content, ``Case.canonical()`` (scenarios, parameters with their ranges and
    sources, indicators); for a table, or a stand-in case without ``canonical`` (tests), the
    problem's alternatives, indicators and nominal matrix.
    """
    if case is not None and hasattr(case, "canonical"):
        return case.canonical()
    return {
        "alternatives": list(problem.alternatives),
        "alternative_labels": list(problem.alternative_labels),
        "indicators": [
            {"id": i.id, "unit": i.unit, "direction": i.direction, "criterion": i.criterion}
            for i in problem.indicators
        ],
        "matrix": problem.matrix,
    }


def data_digest(problem: DecisionProblem, case: Any = None) -> str:
    """SHA-256 of :func:`data_of`. A case's is kept on the case (frozen: its content cannot
    change), so that keying each figure on screen does not hash the whole case again (2.5 ms)."""
    if case is None or not hasattr(case, "canonical"):
        return sha256_of(data_of(problem, case))
    found = getattr(case, "_data_digest", None)
    if found is None:
        found = sha256_of(case.canonical())
        with suppress(AttributeError):  # a case with __slots__: hashed each time
            object.__setattr__(case, "_data_digest", found)
    return str(found)


def _names(problem: DecisionProblem, case: Any = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(French names, English names) of ``problem``'s alternatives: a case's scenarios keep
    both languages, a table's labels serve both."""
    if case is not None and hasattr(case, "scenario"):
        fr = tuple(case.scenario(a).name("fr") for a in problem.alternatives)
        en = tuple(case.scenario(a).name("en") for a in problem.alternatives)
        return fr, en
    return tuple(problem.alternative_labels), tuple(problem.alternative_labels)


def _rounded(value: float) -> float:
    """``value`` as the digest sees it (12 significant digits): ``0.1`` from 0.3 / 3 or 0.4 / 4."""
    return float(canonical_value(float(value)))


@dataclass(frozen=True)
class InputsKey:
    """The inputs an answer was computed from.

    Attributes:
        data: SHA-256 of :func:`data_of` (the case's or the table's parsed content).
        weights: indicator id -> effective weight (sum 1) [-], rounded to the digest's 12
            significant digits so that equal keys print equal.
        method, normalization: the MCDA method and normalisation (None: the method's own).
        parameters: parameter name -> value the nominal figures used, in its unit (empty for a
            table, which has no parameters).
        n, seed: a study's base sample size and seed (None for a ranking).
        over: what a study varies (``weights``, ``parameters``, ``method``); empty for a ranking.
        weight_range: a study's (lo, hi) factors of each weight; None for a ranking.
        red_lines: the red lines applied, as typed (``land_take<=0 ha``); empty when none.
    """

    data: str
    weights: tuple[tuple[str, float], ...]
    method: str
    normalization: str | None
    parameters: tuple[tuple[str, float], ...] = ()
    n: int | None = None
    seed: int | None = None
    over: tuple[str, ...] = ()
    weight_range: tuple[float, float] | None = None
    red_lines: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        problem: DecisionProblem,
        *,
        method: str,
        normalization: str | None,
        case: Any = None,
        parameters: Mapping[str, float] | None = None,
        n: int | None = None,
        seed: int | None = None,
        over: Sequence[str] = (),
        weight_range: tuple[float, float] | None = None,
        red_lines: Sequence[str] = (),
    ) -> InputsKey:
        """The key of ``problem`` (weights applied) under ``method``; ``case`` if it has one."""
        if parameters is None and case is not None:
            parameters = {p.name: p.nominal for p in getattr(case, "parameters", ())}
        return cls(
            data=data_digest(problem, case),
            weights=tuple(
                (i, _rounded(w))
                for i, w in zip(problem.indicator_ids, problem.weights, strict=True)
            ),
            method=method,
            normalization=normalization,
            parameters=tuple(sorted((k, _rounded(v)) for k, v in (parameters or {}).items())),
            n=None if n is None else int(n),
            seed=None if seed is None else int(seed),
            over=tuple(over),
            red_lines=tuple(red_lines),
            weight_range=None
            if weight_range is None
            else (
                float(weight_range[0]),
                float(weight_range[1]),
            ),
        )

    @property
    def digest(self) -> str:
        """SHA-256 of the whole key: equal digests, same question."""
        return sha256_of(self)

    def to_json(self) -> dict[str, Any]:
        """``{"digest", "data", "weights", "method", "normalization", "parameters", "n", "seed",
        "over", "weight_range", "red_lines"}`` (docs/contracts.md)."""
        return {
            "digest": self.digest,
            "data": self.data,
            "weights": dict(self.weights),
            "method": self.method,
            "normalization": self.normalization,
            "parameters": dict(self.parameters),
            "n": self.n,
            "seed": self.seed,
            "over": list(self.over),
            "weight_range": None if self.weight_range is None else list(self.weight_range),
            "red_lines": list(self.red_lines),
        }


@dataclass(frozen=True)
class Ranking:
    """One method's ranking of the alternatives under one set of weights (``decision rank``).

    Attributes:
        alternatives: ids in input order; labels_fr, labels_en: what a committee reads.
        indicators: with their labels, units and directions.
        weights: effective indicator weights, in the indicators' order (sum 1) [-].
        method, normalization, lower_is_better: as :class:`MethodResult`.
        scores: preference values in the alternatives' order [-]; ranks: 1 is best, ties share
            the average rank.
        inputs: what it was computed from.
        admissibility: the red-line check (issue #16) the ranks put admissible-first; None
            without lines.
    """

    alternatives: tuple[str, ...]
    labels_fr: tuple[str, ...]
    labels_en: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    weights: tuple[float, ...]
    method: str
    normalization: str | None
    lower_is_better: bool
    scores: tuple[float, ...]
    ranks: tuple[float, ...]
    inputs: InputsKey
    admissibility: RedLineCheck | None = None

    @classmethod
    def of(
        cls,
        problem: DecisionProblem,
        result: MethodResult,
        *,
        case: Any = None,
        admissibility: RedLineCheck | None = None,
    ) -> Ranking:
        """The ranking ``result`` gives ``problem`` (ranks already admissible-first when there
        are red lines, see ``admissibility``); a case's scenarios keep both languages."""
        fr, en = _names(problem, case)
        return cls(
            alternatives=tuple(problem.alternatives),
            labels_fr=fr,
            labels_en=en,
            indicators=tuple(problem.indicators),
            weights=tuple(float(w) for w in problem.weights),
            method=result.method,
            normalization=result.normalization,
            lower_is_better=result.lower_is_better,
            scores=tuple(float(s) for s in result.scores),
            ranks=tuple(float(r) for r in result.ranks),
            inputs=InputsKey.of(
                problem,
                method=result.method,
                normalization=result.normalization,
                case=case,
                red_lines=[line.text for line in (admissibility.lines if admissibility else ())],
            ),
            admissibility=admissibility,
        )

    def labels(self, lang: str = "fr") -> tuple[str, ...]:
        """The alternatives' names in ``lang``, in input order."""
        return self.labels_en if lang == "en" else self.labels_fr

    def order(self) -> list[int]:
        """Indices of the alternatives, best first (ties in input order)."""
        return sorted(range(len(self.alternatives)), key=lambda i: (self.ranks[i], i))

    def to_json(self) -> dict[str, Any]:
        """``decision rank --json``: method, indicator ids, weights, the red lines, alternatives
        in input order (``name``, ``score``, ``rank``, ``admissible``, ``violations``) and the
        ``inputs`` key (docs/contracts.md)."""
        check = self.admissibility
        return {
            "method": self.method,
            "indicators": [i.id for i in self.indicators],
            "weights": list(self.weights),
            "red_lines": [line.to_json() for line in (check.lines if check else ())],
            "alternatives": [
                {
                    "name": name,
                    "score": score,
                    "rank": rank,
                    "admissible": check is None or check.is_admissible(name),
                    "violations": [v.to_json() for v in (check.violations[name] if check else ())],
                }
                for name, score, rank in zip(
                    self.alternatives, self.scores, self.ranks, strict=True
                )
            ],
            "inputs": self.inputs.to_json(),
        }


def _without_sample(inputs: InputsKey) -> InputsKey:
    """``inputs`` less what only a random study depends on (N, seed, what varied, weight range).

    Stability intervals and tipping points are found by a deterministic search at the nominal
    weights, method and parameters: drawing more or other samples does not change them, so their
    key does not change either.
    """
    return replace(inputs, n=None, seed=None, over=(), weight_range=None)


def _labels(factors: Sequence[Factor], names: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """(French labels, English labels) of ``names``: a factor's, else the name (``w:`` off)."""
    by_name = {f.name: f for f in factors}
    fr, en = [], []
    for name in names:
        factor = by_name.get(name)
        plain = name.removeprefix("w:")
        fr.append(factor.label_fr if factor and factor.label_fr else plain)
        en.append(factor.label_en if factor and factor.label_en else plain)
    return tuple(fr), tuple(en)


@dataclass(frozen=True)
class StabilityIntervals:
    """How far each weight can move alone before the first scenario, or the ranking, changes.

    Attributes:
        weights: weight names in the study's order (``w:energy``; ``w:<indicator>`` for a table).
        labels_fr, labels_en: what a committee reads for each weight.
        intervals: one :class:`~copilote.decision.analysis.stability.Stability` per weight:
            ``top`` and ``ranking`` (low, high) and the ``nominal`` weight, all on the 0-1 scale
            of a weight (the others keep their proportions).
        inputs: what they were computed from (the study's key without N, seed, what varied and
            the weight range, which the search does not use).
    """

    weights: tuple[str, ...]
    labels_fr: tuple[str, ...]
    labels_en: tuple[str, ...]
    intervals: tuple[Stability, ...]
    inputs: InputsKey

    #: Unit of every bound and nominal value: a weight's share of the total.
    unit: ClassVar[str] = "0-1"

    @classmethod
    def of(
        cls, stability: Mapping[str, Stability], factors: Sequence[Factor], inputs: InputsKey
    ) -> StabilityIntervals:
        """The intervals ``stability`` holds (weight name -> Stability), labelled by ``factors``."""
        names = tuple(stability)
        fr, en = _labels(factors, names)
        return cls(names, fr, en, tuple(stability.values()), _without_sample(inputs))

    @classmethod
    def of_problem(
        cls, stability: Mapping[str, Stability], problem: DecisionProblem, inputs: InputsKey
    ) -> StabilityIntervals:
        """The intervals of ``problem``'s own weights (``w:<criterion>`` or ``w:<indicator>``,
        as ``stability_intervals`` names them), labelled by its criteria and indicators, with
        ``inputs`` as given (no study: the key of the ranking they bound)."""
        named = {f"w:{c.id}": (c.label_fr, c.label_en) for c in problem.criteria}
        named.update({f"w:{i.id}": (i.label_fr, i.label_en) for i in problem.indicators})
        names = tuple(stability)
        plain = [(name.removeprefix("w:"),) * 2 for name in names]
        pairs = [named.get(name, alone) for name, alone in zip(names, plain, strict=True)]
        return cls(
            names,
            tuple(fr for fr, _ in pairs),
            tuple(en for _, en in pairs),
            tuple(stability.values()),
            inputs,
        )

    def labels(self, lang: str = "fr") -> tuple[str, ...]:
        """The weights' labels in ``lang``, in order."""
        return self.labels_en if lang == "en" else self.labels_fr

    def get(self, weight: str) -> Stability | None:
        """The interval of ``weight`` (``w:energy``), None if there is none."""
        return dict(zip(self.weights, self.intervals, strict=True)).get(weight)

    def interval(self, weight: str) -> Stability:
        """The interval of ``weight`` (``w:energy``); KeyError naming it if there is none."""
        for name, found in zip(self.weights, self.intervals, strict=True):
            if name == weight:
                return found
        raise KeyError(f"no stability interval for '{weight}'; expected one of {self.weights}")

    def to_json(self) -> dict[str, dict[str, list[float]]]:
        """``{weight: {"top": [low, high], "ranking": [low, high]}}``: the study JSON's
        ``stability`` (docs/contracts.md)."""
        return {
            name: found.to_json() for name, found in zip(self.weights, self.intervals, strict=True)
        }


@dataclass(frozen=True)
class TippingPoints:
    """Where the first scenario changes as one uncertain parameter moves, one at a time.

    Attributes:
        points: one or two :class:`~copilote.decision.analysis.tipping.TippingPoint` per
            parameter, in the study's factor order; each has its value in its parameter's
            ``unit`` (``value`` None: none within the range).
        labels_fr, labels_en: the parameters' labels, in the order of ``points``.
        inputs: what they were computed from (the study's key without N, seed, what varied and
            the weight range, which the search does not use).
    """

    points: tuple[TippingPoint, ...]
    labels_fr: tuple[str, ...]
    labels_en: tuple[str, ...]
    inputs: InputsKey

    @classmethod
    def of(
        cls, points: Sequence[TippingPoint], factors: Sequence[Factor], inputs: InputsKey
    ) -> TippingPoints:
        """The tipping ``points`` of a study, labelled by its ``factors``."""
        fr, en = _labels(factors, [p.parameter for p in points])
        return cls(tuple(points), fr, en, _without_sample(inputs))

    def labels(self, lang: str = "fr") -> tuple[str, ...]:
        """The parameters' labels in ``lang``, in the order of ``points``."""
        return self.labels_en if lang == "en" else self.labels_fr

    def found(self) -> tuple[TippingPoint, ...]:
        """The points with a value within range (the others say "none within its range")."""
        return tuple(p for p in self.points if p.value is not None)

    def to_json(self) -> list[dict[str, object]]:
        """``[{"parameter", "value", "unit", "from", "to"}]``: the study JSON's
        ``tipping_points`` (docs/contracts.md)."""
        return [p.to_json() for p in self.points]


@dataclass(frozen=True)
class Explanation:
    """Why ``a`` is ahead of ``b`` (or behind it): its lead shared out over the criteria.

    Computed by :func:`copilote.decision.analysis.explain.explanation` (Shapley values of the
    criteria in the game "A's values on these criteria, B's elsewhere").

    Attributes:
        a, b: the two alternatives' ids; a_fr, a_en, b_fr, b_en: their names.
        method: the MCDA method; normalization: the one used (the method's own resolved, None
            for a method that takes none).
        lower_is_better: True where the method's lower score is better (VIKOR, SPOTIS); the
            lead and contributions are sign-corrected already.
        lead: A's lead over B in the method's score units (:attr:`unit`); negative when B is
            ahead. The contributions add up to it.
        criteria: criterion ids in the problem's order; labels_fr, labels_en: their labels.
        contributions: each criterion's share of the lead, in the same order and units
            (positive favours A; exactly 0 where A and B are equal on the criterion).
        inputs: what it was computed from (data, weights, method, normalisation, parameters).
    """

    a: str
    b: str
    a_fr: str
    a_en: str
    b_fr: str
    b_en: str
    method: str
    normalization: str | None
    lower_is_better: bool
    lead: float
    criteria: tuple[str, ...]
    labels_fr: tuple[str, ...]
    labels_en: tuple[str, ...]
    contributions: tuple[float, ...]
    inputs: InputsKey

    #: Unit of ``lead`` and of every contribution: the method's preference score.
    unit: ClassVar[str] = "score"

    @classmethod
    def of(
        cls,
        problem: DecisionProblem,
        a: str,
        b: str,
        contributions: Mapping[str, float],
        *,
        method: str,
        normalization: str | None,
        lower_is_better: bool,
        lead: float,
        case: Any = None,
    ) -> Explanation:
        """The explanation of ``a`` against ``b`` in ``problem`` (weights applied) from
        ``contributions`` (criterion id -> share of ``lead``, in the method's score units)."""
        fr, en = _names(problem, case)
        ia, ib = problem.alternatives.index(a), problem.alternatives.index(b)
        criteria = tuple(c for c in problem.criteria if c.id in contributions)
        return cls(
            a=a,
            b=b,
            a_fr=fr[ia],
            a_en=en[ia],
            b_fr=fr[ib],
            b_en=en[ib],
            method=method,
            normalization=normalization,
            lower_is_better=lower_is_better,
            lead=float(lead),
            criteria=tuple(c.id for c in criteria),
            labels_fr=tuple(c.label_fr for c in criteria),
            labels_en=tuple(c.label_en for c in criteria),
            contributions=tuple(float(contributions[c.id]) for c in criteria),
            inputs=InputsKey.of(problem, method=method, normalization=normalization, case=case),
        )

    def names(self, lang: str = "fr") -> tuple[str, str]:
        """The names of A and B in ``lang``."""
        return (self.a_en, self.b_en) if lang == "en" else (self.a_fr, self.b_fr)

    def labels(self, lang: str = "fr") -> tuple[str, ...]:
        """The criteria's labels in ``lang``, in order."""
        return self.labels_en if lang == "en" else self.labels_fr

    def by_criterion(self) -> dict[str, float]:
        """``{criterion id: contribution}`` in the criteria's order (the method's score units)."""
        return dict(zip(self.criteria, self.contributions, strict=True))

    def reversed(self) -> Explanation:
        """The same explanation told from B's side: B's lead over A (every sign flipped)."""
        return replace(
            self,
            a=self.b,
            b=self.a,
            a_fr=self.b_fr,
            a_en=self.b_en,
            b_fr=self.a_fr,
            b_en=self.a_en,
            lead=-self.lead,
            contributions=tuple(-c for c in self.contributions),
        )

    def to_json(self) -> dict[str, Any]:
        """``{"a", "b", "method", "normalization", "lower_is_better", "lead", "unit",
        "contributions", "inputs"}``; ``a`` and ``b`` as ``{"id", "name_fr", "name_en"}``, each
        contribution as ``{"criterion", "label_fr", "label_en", "contribution"}``
        (docs/contracts.md)."""
        return {
            "a": {"id": self.a, "name_fr": self.a_fr, "name_en": self.a_en},
            "b": {"id": self.b, "name_fr": self.b_fr, "name_en": self.b_en},
            "method": self.method,
            "normalization": self.normalization,
            "lower_is_better": self.lower_is_better,
            "lead": self.lead,
            "unit": self.unit,
            "contributions": [
                {"criterion": c, "label_fr": fr, "label_en": en, "contribution": v}
                for c, fr, en, v in zip(
                    self.criteria, self.labels_fr, self.labels_en, self.contributions, strict=True
                )
            ],
            "inputs": self.inputs.to_json(),
        }
