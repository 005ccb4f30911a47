"""Group decisions: the members' weights put together, where they agree and where they differ.

A committee has several members (elected officials, the network operator, landlords, residents'
association, technical team), each with their own weights. This module, given each member's
weights and the decision problem, computes:

- the **group weights**, by default the *arithmetic mean* of the members' (normalised) weights
  (issue 14.6: every member counts the same and nobody can veto a criterion alone; a committee
  reads it without explanation). The *geometric mean*, renormalised to sum 1, is a choice. It is
  the aggregation that keeps the reciprocal, ratio-scale meaning of AHP-style judgements (the
  only one satisfying unanimity, homogeneity and reciprocity: Aczél & Saaty 1983, "Procedures
  for synthesizing ratio judgements", J. Math. Psychology 27(1):93-102,
  doi:10.1016/0022-2496(83)90028-7) and the usual choice for aggregating individual priorities
  of members acting as individuals (Forman & Peniwati 1998, "Aggregating individual judgments
  and priorities with the AHP", EJOR 108(1):165-169, doi:10.1016/S0377-2217(97)00244-0). It is
  pulled less by one member's extreme weight than the arithmetic mean. Its one sharp edge: a
  criterion that *one* member weights 0 gets 0 (a veto); the *median* (per criterion,
  renormalised) is offered for committees that prefer a majority reading and is robust to a lone
  extreme member;
- each member's **ranking** of the scenarios under their own weights (one evaluation path:
  :func:`copilote.decision.core.mcda.evaluate`, i.e. pymcdm);
- **agreement** between rankings with pymcdm's weighted Spearman coefficient ``rw`` (Pinto da
  Costa & Soares 2005; top ranks count more) and the rank similarity coefficient ``WS``
  (Sałabun & Urbaniak 2020) of each member against the group ranking; agreement between weight
  vectors with pymcdm's ``WSC`` (Shekhovtsov 2023), member against group, and its symmetric form
  ``WSC2`` between members;
- **disagreement** per criterion: lowest and highest member weight, spread (max - min) and
  standard deviation;
- **rank acceptability** over the members: the share of members for whom each scenario takes
  each rank (ties split their share equally among the ranks they span).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pymcdm import correlations

from copilote.decision.analysis.sensitivity import rank_acceptability
from copilote.decision.core.mcda import evaluate, weighted_spearman
from copilote.decision.core.methods import method_spec
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError

Aggregation = Literal["mean", "geometric", "median"]
#: The default first: the arithmetic mean.
AGGREGATIONS: tuple[str, ...] = ("mean", "geometric", "median")


@dataclass(frozen=True)
class CriterionSpread:
    """How far the members are apart on one criterion (weights normalised to sum 1)."""

    key: str
    low: float
    high: float
    spread: float
    std: float
    group: float


@dataclass(frozen=True)
class GroupAnalysis:
    """Everything the facilitator sees about the group.

    Attributes:
        members: member names, in the order of every per-member array.
        keys: the criterion (or indicator) ids the weights are given on.
        member_weights: ``[members, keys]``, each row summing to 1.
        aggregation: ``geometric`` or ``median``.
        group_weights: ``[keys]``, summing to 1.
        alternatives: scenario ids, in the order of every per-scenario array.
        member_ranks: ``[members, alternatives]``, 1 best.
        group_ranks: ``[alternatives]`` under the group weights.
        rank_agreement: ``[members, members]`` weighted Spearman ``rw`` between rankings.
        ws_to_group: ``[members]`` WS of each member's ranking against the group ranking.
        weight_similarity: ``[members, members]`` WSC2 between weight vectors.
        wsc_to_group: ``[members]`` WSC of each member's weights, the group's as reference.
        disagreement: one :class:`CriterionSpread` per key, largest spread first.
        acceptability: ``[alternatives, ranks]`` share of members giving that rank.
        method: the MCDA method used for rankings.
    """

    members: tuple[str, ...]
    keys: tuple[str, ...]
    member_weights: NDArray[np.float64]
    aggregation: str
    group_weights: NDArray[np.float64]
    alternatives: tuple[str, ...]
    member_ranks: NDArray[np.float64]
    group_ranks: NDArray[np.float64]
    rank_agreement: NDArray[np.float64]
    ws_to_group: NDArray[np.float64]
    weight_similarity: NDArray[np.float64]
    wsc_to_group: NDArray[np.float64]
    disagreement: tuple[CriterionSpread, ...]
    acceptability: NDArray[np.float64]
    method: str

    @property
    def mean_rank_agreement(self) -> float | None:
        """Mean ``rw`` over pairs of members; None with fewer than two members."""
        return _mean_off_diagonal(self.rank_agreement)

    @property
    def mean_weight_similarity(self) -> float | None:
        """Mean WSC2 over pairs of members; None with fewer than two members."""
        return _mean_off_diagonal(self.weight_similarity)

    @property
    def group_weight_map(self) -> dict[str, float]:
        """``{key: group weight}``."""
        return {k: float(w) for k, w in zip(self.keys, self.group_weights, strict=True)}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (lists, floats, None)."""
        return {
            "method": self.method,
            "aggregation": self.aggregation,
            "members": list(self.members),
            "keys": list(self.keys),
            "alternatives": list(self.alternatives),
            "member_weights": self.member_weights.tolist(),
            "group_weights": self.group_weight_map,
            "member_ranks": self.member_ranks.tolist(),
            "group_ranks": self.group_ranks.tolist(),
            "rank_agreement_rw": self.rank_agreement.tolist(),
            "ws_to_group": self.ws_to_group.tolist(),
            "weight_similarity_wsc2": self.weight_similarity.tolist(),
            "wsc_to_group": self.wsc_to_group.tolist(),
            "mean_rank_agreement": self.mean_rank_agreement,
            "mean_weight_similarity": self.mean_weight_similarity,
            "disagreement": [s.__dict__ for s in self.disagreement],
            "rank_acceptability": self.acceptability.tolist(),
        }


def weight_table(
    members: Mapping[str, Mapping[str, float]],
) -> tuple[tuple[str, ...], tuple[str, ...], NDArray[np.float64]]:
    """Members' weights as a matrix ``[members, keys]``, rows normalised to sum 1.

    Keys are the union of every member's keys in first-seen order; a key a member left out
    counts 0 for them. Each member's weights are validated (finite, >= 0, not all zero).
    """
    if not members:
        raise InputError("no member has submitted weights yet")
    names = tuple(members)
    keys: list[str] = []
    clean: dict[str, dict[str, float]] = {}
    for name in names:
        clean[name] = Weights.read(members[name], where=f"weights of '{name}'").mapping()
        keys.extend(k for k in clean[name] if k not in keys)
    table = np.array([[clean[n].get(k, 0.0) for k in keys] for n in names], dtype=float)
    table /= table.sum(axis=1, keepdims=True)
    return names, tuple(keys), table


def aggregate_weights(
    member_weights: NDArray[np.float64], aggregation: str = "mean"
) -> NDArray[np.float64]:
    """Group weights from ``[members, keys]`` (rows summing to 1), renormalised to sum 1.

    ``mean``: per key, the arithmetic mean over members (already sums to 1). ``geometric``: per
    key, the geometric mean over members (Aczél & Saaty 1983); a key any member weights 0
    gets 0. ``median``: per key, the median over members.
    """
    w = np.asarray(member_weights, dtype=float)
    if w.ndim != 2 or w.shape[0] == 0:
        raise InputError("aggregation needs a [members, criteria] table with at least one member")
    if aggregation == "mean":
        agg = w.mean(axis=0)
    elif aggregation == "geometric":
        with np.errstate(divide="ignore"):
            agg = np.exp(np.log(w).mean(axis=0))  # log(0) = -inf gives exactly 0
    elif aggregation == "median":
        agg = np.median(w, axis=0)
    else:
        raise InputError(f"aggregation '{aggregation}': expected one of {', '.join(AGGREGATIONS)}")
    total = agg.sum()
    if total <= 0:
        raise InputError(
            f"the {aggregation} of the members' weights is zero for every criterion "
            "(each criterion has a member giving it 0); use the median, or ask members to "
            "give every criterion some weight"
        )
    return np.asarray(agg / total, dtype=float)


def problem_with_weights(problem: DecisionProblem, weights: Any) -> DecisionProblem:
    """``problem`` with ``weights`` applied (anything :class:`Weights` reads)."""
    return Weights.parse(weights, problem).apply(problem)


def rank(
    problem: DecisionProblem, method: str = "topsis", normalization: str | None = None
) -> NDArray[np.float64]:
    """Ranks of ``problem``'s alternatives under its weights (1 best, ties averaged)."""
    return np.asarray(evaluate(problem, method, normalization).ranks, dtype=float)


def ws(reference: NDArray[np.float64], ranks: NDArray[np.float64]) -> float:
    """pymcdm's rank similarity coefficient WS of ``ranks`` against ``reference`` (in [0, 1];
    Sałabun & Urbaniak 2020); not symmetric: the reference's top ranks weigh most."""
    return float(correlations.rank_similarity_coef(np.asarray(reference), np.asarray(ranks)))


def analyse(
    problem: DecisionProblem,
    members: Mapping[str, Mapping[str, float]],
    *,
    aggregation: str = "mean",
    method: str = "topsis",
    normalization: str | None = None,
) -> GroupAnalysis:
    """The group picture for ``members`` (``{name: {criterion id: weight}}``) on ``problem``."""
    names, keys, table = weight_table(members)
    group = aggregate_weights(table, aggregation)
    member_ranks = np.array(
        [
            rank(
                problem_with_weights(problem, dict(zip(keys, row, strict=True))),
                method,
                normalization,
            )
            for row in table
        ]
    )
    group_ranks = rank(
        problem_with_weights(problem, dict(zip(keys, group, strict=True))), method, normalization
    )
    k = len(names)
    rank_agreement = np.ones((k, k))
    weight_similarity = np.ones((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            rw = weighted_spearman(member_ranks[i], member_ranks[j])
            wsc2 = float(correlations.wsc2(table[i], table[j]))
            rank_agreement[i, j] = rank_agreement[j, i] = rw
            weight_similarity[i, j] = weight_similarity[j, i] = wsc2
    ws_to_group = np.array([ws(group_ranks, r) for r in member_ranks])
    wsc_to_group = np.array([float(correlations.wsc(group, w)) for w in table])
    spreads = [
        CriterionSpread(
            key=key,
            low=float(table[:, c].min()),
            high=float(table[:, c].max()),
            spread=float(table[:, c].max() - table[:, c].min()),
            std=float(table[:, c].std()),
            group=float(group[c]),
        )
        for c, key in enumerate(keys)
    ]
    spreads.sort(key=lambda s: -s.spread)
    return GroupAnalysis(
        members=names,
        keys=keys,
        member_weights=table,
        aggregation=aggregation,
        group_weights=group,
        alternatives=problem.alternatives,
        member_ranks=member_ranks,
        group_ranks=group_ranks,
        rank_agreement=rank_agreement,
        ws_to_group=ws_to_group,
        weight_similarity=weight_similarity,
        wsc_to_group=wsc_to_group,
        disagreement=tuple(spreads),
        acceptability=rank_acceptability(member_ranks),
        method=method_spec(method).name,
    )


def _mean_off_diagonal(matrix: NDArray[np.float64]) -> float | None:
    k = matrix.shape[0]
    if k < 2:
        return None
    total = float(matrix.sum() - np.trace(matrix))
    value = total / (k * (k - 1))
    return value if math.isfinite(value) else None
