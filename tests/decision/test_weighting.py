"""The one Weights value: each source it reads, and one error text per mistake."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from copilote.decision.case.source import load_source
from copilote.decision.core import weights as methods
from copilote.decision.core.problem import Criterion, DecisionProblem, Indicator
from copilote.decision.core.weighting import Weights, ahp_matrix
from copilote.decision.errors import InputError
from copilote.decision.record.group import aggregate_weights, weight_table
from copilote.decision.record.store import Store

# energy: heat; cost: cost; air: nox and pm — so a criterion's weight is split over two columns.
PROBLEM = DecisionProblem(
    alternatives=("a", "b", "c"),
    indicators=(
        Indicator("heat", "Chaleur", "Heat", "MWh/an", "min", "energy"),
        Indicator("cost", "Coût", "Cost", "k€", "min", "cost"),
        Indicator("nox", "NOx", "NOx", "t/an", "min", "air"),
        Indicator("pm", "PM", "PM", "t/an", "min", "air"),
    ),
    matrix=np.array([[3.0, 2.0, 1.0, 5.0], [1.0, 3.0, 2.0, 4.0], [2.0, 1.0, 3.0, 6.0]]),
    weights=np.full(4, 0.25),
    criteria=(
        Criterion("energy", "Énergie", "Energy"),
        Criterion("cost", "Coût", "Cost"),
        Criterion("air", "Air", "Air"),
    ),
)
# energy 2, cost 1, air 1 -> heat 1/2, cost 1/4, nox and pm 1/8 each.
SPLIT = [0.5, 0.25, 0.125, 0.125]


@pytest.mark.parametrize(
    ("given", "level", "expected"),
    [
        ("energy=2,cost=1,air=1", "criterion", SPLIT),
        ("2;1;1", "criterion", SPLIT),
        ("2,0;1,0;1,0", "criterion", SPLIT),
        ({"energy": 2, "cost": 1, "air": 1}, "criterion", SPLIT),
        ([2, 1, 1], "criterion", SPLIT),
        (np.array([2.0, 1.0, 1.0]), "criterion", SPLIT),
        ({"#1": 2, "#2": 1, "#3": 1}, "criterion", SPLIT),  # a list as older stores kept it
        ({"heat": 4, "cost": 2, "nox": 1, "pm": 1}, "indicator", SPLIT),
        ([4, 2, 1, 1], "indicator", SPLIT),
        ({"energy": 1}, "criterion", [1, 0, 0, 0]),  # names left out weigh 0
        ("nox=1", "indicator", [0, 0, 1, 0]),
    ],
)
def test_every_shape_reads_to_the_same_indicator_weights(given, level, expected) -> None:  # type: ignore[no-untyped-def]
    weights = Weights.parse(given, PROBLEM)
    assert weights.level == level
    assert_allclose(weights.indicator_weights(PROBLEM), expected, atol=1e-15)
    assert_allclose(weights.apply(PROBLEM).weights, expected, atol=1e-15)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("energy=-1,cost=1", "--weights: weight of 'energy' is negative (-1), expected >= 0"),
        ([1, -2, 1], "--weights: weight of item 2 is negative (-2), expected >= 0"),
        ("energy=nan", "--weights: weight of 'energy' is nan, not a finite number"),
        ({"energy": float("inf")}, "--weights: weight of 'energy' is inf, not a finite number"),
        ("energy=abc", "--weights: weight of 'energy' is 'abc', not a number"),
        ({"energy": None}, "--weights: weight of 'energy' is 'None', not a number"),
        ("energy=0,cost=0", "--weights: all weights are zero; at least one must be positive"),
        ({"heat": 0, "air": 1}, "not both ('air' is a criterion, 'heat' an indicator)"),
        (
            "nrj=1",
            "--weights: unknown name 'nrj'; expected criteria (energy, cost, air) or "
            "indicators (heat, cost, nox, pm)",
        ),
        ([1, 2], "--weights: 2 numbers; expected 3 (criteria energy, cost, air) or 4"),
        ("", "--weights: empty, expected numbers or name=value pairs"),
        ("energy=1,,cost=1", "--weights: empty item"),
        ("energy=1,cost", "--weights: 'cost' should be name=value"),
        ("energy=1,energy=2", "--weights: 'energy' is given twice"),
        ({}, "--weights: no weights given"),
        (3, "--weights: expected numbers or name=value pairs, got int"),
    ],
)
def test_each_mistake_has_one_text(given, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        Weights.parse(given, PROBLEM, "--weights")
    text = str(info.value)
    assert message in text and "\n" not in text


def test_all_zero_at_the_chosen_level_is_refused() -> None:
    # Non-zero values, but only on names of... none: every named criterion is 0 after binding.
    with pytest.raises(InputError, match="all weights are zero"):
        Weights.parse({"energy": 0, "cost": 0, "air": 0}, PROBLEM)


def test_a_plain_table_names_indicators() -> None:
    table = DecisionProblem(
        alternatives=PROBLEM.alternatives,
        indicators=tuple(
            Indicator(i.id, i.id, i.id, "", i.direction, i.id) for i in PROBLEM.indicators
        ),
        matrix=PROBLEM.matrix,
        weights=PROBLEM.weights,
    )
    with pytest.raises(InputError, match=r"^w: unknown indicator 'prix'; expected one of heat"):
        Weights.parse("prix=1", table, "w")
    with pytest.raises(InputError, match=r"^w: 2 numbers for 4 indicators \(heat, cost, nox, pm\)"):
        Weights.parse([1, 2], table, "w")
    assert_allclose(
        Weights.parse([1, 1, 2, 0], table).indicator_weights(table), [0.25, 0.25, 0.5, 0]
    )


def test_read_keeps_the_weights_as_given_and_on_fills_the_level() -> None:
    raw = Weights.read("cost=3,energy=1")
    assert (raw.level, raw.entered()) == (None, {"cost": 3.0, "energy": 1.0})
    bound = raw.on(PROBLEM)
    assert bound.mapping() == {"energy": 1.0, "cost": 3.0, "air": 0.0}
    assert bound.normalized() == pytest.approx({"energy": 0.25, "cost": 0.75, "air": 0.0})
    assert Weights.read([1, 2]).entered() == [1.0, 2.0]
    assert Weights.read(bound) is bound


def test_local_shares_split_a_criterion_unequally() -> None:
    weights = Weights.with_local({"energy": 2, "cost": 1, "air": 1}, {"nox": 3, "pm": 1}, PROBLEM)
    assert_allclose(weights.indicator_weights(PROBLEM), [0.5, 0.25, 0.1875, 0.0625])
    with pytest.raises(InputError, match="unknown indicator 'so2' in local shares"):
        Weights.with_local({"energy": 1}, {"so2": 1}, PROBLEM)


def test_criterion_and_local_shares_give_back_the_indicator_weights() -> None:
    weights = Weights.parse({"heat": 0.4, "cost": 0.2, "nox": 0.3, "pm": 0.1}, PROBLEM)
    criterion, local = weights.criterion_and_local(PROBLEM)
    assert criterion == pytest.approx({"energy": 0.4, "cost": 0.2, "air": 0.4})
    assert local == pytest.approx({"heat": 1.0, "cost": 1.0, "nox": 0.75, "pm": 0.25})
    again = Weights.with_local(criterion, local, PROBLEM)
    assert_allclose(again.indicator_weights(PROBLEM), [0.4, 0.2, 0.3, 0.1])


def test_of_problem_keeps_the_level_people_chose() -> None:
    equal_split = Weights.parse({"energy": 2, "cost": 1, "air": 1}, PROBLEM).apply(PROBLEM)
    assert Weights.of_problem(equal_split).level == "criterion"
    assert Weights.of_problem(equal_split).mapping() == pytest.approx(
        {"energy": 0.5, "cost": 0.25, "air": 0.25}
    )
    uneven = Weights.parse([4, 2, 1.5, 0.5], PROBLEM).apply(PROBLEM)
    assert Weights.of_problem(uneven).level == "indicator"


def test_swing_ahp_and_objective_are_weights_too() -> None:
    swing = Weights.swing({"energy": 100, "cost": 50, "air": 50}, PROBLEM)
    assert (swing.level, swing.normalized()) == (
        "criterion",
        {"energy": 0.5, "cost": 0.25, "air": 0.25},
    )
    ahp, result = Weights.ahp({"energy|cost": 2, "energy|air": 2, "cost|air": 1}, PROBLEM)
    assert_allclose(ahp.values, result.weights)
    assert_allclose(ahp.values, [0.5, 0.25, 0.25], atol=1e-9)  # a consistent matrix
    objective = Weights.objective("critic", PROBLEM)
    assert objective.level == "indicator"
    assert_allclose(
        objective.values,
        methods.objective("critic", PROBLEM.matrix, PROBLEM.types, PROBLEM.indicator_ids),
    )


def test_ahp_matrix_reads_the_slider() -> None:
    matrix = ahp_matrix({"energy|cost": 3, "cost|air": -5}, ["energy", "cost", "air"])
    assert_allclose(matrix, [[1, 3, 1], [1 / 3, 1, 1 / 5], [1, 5, 1]])
    with pytest.raises(InputError, match=r"AHP judgement cost\|air is 12"):
        ahp_matrix({"cost|air": 12}, ["energy", "cost", "air"])
    with pytest.raises(InputError, match=r"AHP judgement 'cost\|so2'"):
        ahp_matrix({"cost|so2": 2}, ["energy", "cost", "air"])


def test_a_group_aggregate_reads_like_any_weights() -> None:
    _names, keys, table = weight_table(
        {"a": {"energy": 1, "cost": 1}, "b": {"energy": 3, "air": 1}}
    )
    group = Weights(tuple(aggregate_weights(table, "median")), keys)
    assert set(group.on(PROBLEM).mapping()) == {"energy", "cost", "air"}
    with pytest.raises(InputError, match="weights of 'b': weight of 'air' is negative"):
        weight_table({"a": {"energy": 1}, "b": {"air": -1}})


def test_a_stored_profile_reads_back_to_the_same_weights(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    store.add_profile("liste", "2;1;1")
    store.add_profile("noms", {"heat": 4, "cost": 2, "nox": 1, "pm": 1})
    for name in ("liste", "noms"):
        weights = store.profile(name).weights.on(PROBLEM)
        assert_allclose(weights.indicator_weights(PROBLEM), SPLIT)


def test_the_case_source_and_the_case_read_weights_alike() -> None:
    source = load_source(None, weights="energy=0.4,cost=0.3,air=0.2,land=0.1")
    direct = source.case.problem({"energy": 4, "cost": 3, "air": 2, "land": 1})  # type: ignore[union-attr]
    assert_allclose(source.problem.weights, direct.weights, atol=1e-15)
    with pytest.raises(InputError, match=r"^--weights: unknown name 'nrj'"):
        load_source(None, weights="nrj=1")
