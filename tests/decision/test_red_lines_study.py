"""Red lines in the sensitivity study (issue #16): probability of crossing, checked against a
direct count over the study's own samples; admissible-first acceptability; Sobol indices."""

from __future__ import annotations

import json

import numpy as np
import pytest

from copilote.decision.analysis.red_lines import RedLine, parse_red_line
from copilote.decision.analysis.sensitivity import run_study
from copilote.decision.analysis.sensitivity_model import StudyModel
from copilote.decision.analysis.sensitivity_sobol import derive_seeds, saltelli_design
from copilote.decision.case.loading import load_case
from copilote.decision.cli import main

N = 64
SEED = 3


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case()


def direct_share(case, lines: list[RedLine]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Share of the study's rows in which each scenario crosses a line, counted by hand: the
    rows of the same design, the case evaluated on them, each line compared with numpy."""
    model = StudyModel(case, over=("weights", "parameters"))
    rows = saltelli_design(model.bounds, N, derive_seeds(SEED)[0]).rows()
    samples = {f.name: rows[:, j] for j, f in enumerate(model.factors) if f.group == "parameters"}
    values = case.evaluate(samples)  # (k, m, n)
    ids = [i.id for i in case.indicators]
    alts = [s.id for s in case.scenarios]
    crossed = np.zeros(values.shape[:2], dtype=bool)
    for line in lines:
        column = values[:, :, ids.index(line.indicator)]
        bound = column[:, [alts.index(line.scenario)]] if line.scenario else line.value
        crossed |= column > bound if line.comparison == "<=" else column < bound
    return crossed.mean(axis=0)


def test_probability_is_0_far_inside_1_far_outside_between_near(case) -> None:  # type: ignore[no-untyped-def]
    problem = case.problem()
    ghg = case.performance()["ghg"]
    # Two lines: the case's ZAN line (zoning takes 13 ha whatever the data: far outside) and a
    # GHG bound on the mixité scenario's nominal value (it sits on that line).
    near = float(ghg["mixite"])
    line = parse_red_line(f"ghg<={near!r}", problem.indicators, problem.alternatives)
    lines = [*case.red_lines, line]
    result = run_study(case, n=N, seed=SEED, red_lines=lines)
    p = result.red_lines.p_violation
    expected = direct_share(case, lines)
    assert [p[a] for a in problem.alternatives] == pytest.approx(expected.tolist(), abs=1e-12)
    far_inside = min(ghg.index, key=ghg.__getitem__)
    assert ghg[far_inside] < 0.7 * near
    assert p[far_inside] == 0.0
    assert p["zoning"] == 1.0
    assert 0.0 < p["mixite"] < 1.0
    # and its margin's Sobol indices name the parameters that decide it, no weight
    drivers = result.red_lines.indices[line.text]["mixite"]["ST"]
    assert max(drivers, key=drivers.__getitem__) in {f.name for f in result.factors}
    assert all(drivers[f] == 0.0 for f in drivers if f.startswith("w:"))
    assert far_inside not in result.red_lines.indices[line.text]
    assert result.red_lines.indices["land_take<=0 ha"] == {}  # settled for every scenario


def test_zan_line_probability_one_for_zoning_and_it_is_last_everywhere(case) -> None:  # type: ignore[no-untyped-def]
    result = run_study(case, n=N, seed=SEED)  # the case's own line: land_take<=0 ha
    assert [line.text for line in result.red_lines.lines] == ["land_take<=0 ha"]
    p = result.red_lines.p_violation
    assert p["zoning"] == 1.0
    assert all(p[a] == 0.0 for a in p if a != "zoning")
    m = len(result.alternatives)
    assert result.rank_acceptability["zoning"][m - 1] == pytest.approx(1.0)
    assert result.nominal_ranks["zoning"] == m
    for a, shares in result.rank_acceptability.items():
        assert sum(shares) == pytest.approx(1.0), a


def test_acceptability_is_among_admissible_per_sample(case) -> None:  # type: ignore[no-untyped-def]
    problem = case.problem()
    line = parse_red_line("nox<=reference", problem.indicators, problem.alternatives)
    with_line = run_study(case, n=N, seed=SEED, red_lines=[line])
    without = run_study(case, n=N, seed=SEED, red_lines=[])
    assert without.red_lines.p_violation == {}
    crossing = direct_share(case, [line])
    m = len(problem.alternatives)
    # In a row where a scenario crosses a line, every scenario that never crosses one is ahead
    # of it: its share of the first `always` ranks is at most its share of rows within the lines.
    always = int((crossing == 0).sum())
    assert always >= 1  # the reference itself is always within nox<=reference
    assert (crossing > 0.5).any()  # and some scenario crosses in most rows
    for i, a in enumerate(problem.alternatives):
        top = sum(with_line.rank_acceptability[a][:always])
        assert top <= 1.0 - crossing[i] + 1e-12, a
        assert len(with_line.rank_acceptability[a]) == m
    assert without.rank_acceptability != with_line.rank_acceptability


def test_sensitivity_json_red_lines(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        ["sensitivity", "--n", "16", "--seed", "2", "--red-line", "nox<=reference", "--json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    red = json.loads(out)["red_lines"]
    assert [line["line"] for line in red["lines"]] == ["land_take<=0 ha", "nox<=reference"]
    assert set(red) == {"lines", "p_violation", "p_line", "indices"}
    assert red["p_violation"]["zoning"] == 1.0
    assert red["p_violation"]["reference"] == 0.0
    assert set(red["p_line"]) == {"land_take<=0 ha", "nox<=reference"}


def test_table_study_with_a_red_line(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "t.csv"
    table.write_text("alt,cost,co2\nA,1,9\nB,2,5\nC,3,1\n", encoding="utf-8")
    code = main(
        [
            "sensitivity",
            str(table),
            "--types",
            "min,min",
            "--n",
            "16",
            "--red-line",
            "co2<=6",
            "--json",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["red_lines"]["p_violation"] == {"A": 1.0, "B": 0.0, "C": 0.0}
    assert data["rank_acceptability"]["A"] == [0.0, 0.0, 1.0]


def test_bad_red_line_on_sensitivity_exits_2(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["sensitivity", "--n", "16", "--red-line", "nox<=nobody"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "nobody" in err


def test_sensitivity_text_gives_each_probability(capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["sensitivity", "--n", "16", "--red-line", "nox<=reference", "--lang", "fr"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Probabilité de franchir une ligne rouge (land_take<=0 ha, nox<=reference)" in out
    section = out.split("Probabilité de franchir une ligne rouge")[1]
    zoning = next(line for line in section.splitlines() if "Zone d'activités en périphérie" in line)
    assert zoning.rstrip().endswith("100\u00a0%")
    assert "ce qui en décide (ST) nox_biomass_plant" in out


def test_robustness_gives_no_first_place_beyond_a_line(case) -> None:  # type: ignore[no-untyped-def]
    from copilote.decision.analysis.sensitivity import robustness

    problem = case.problem()
    plain = robustness(case, None, n=64, red_lines=[])
    leader = max(plain, key=plain.__getitem__)
    assert plain[leader] > 0.5
    value = float(case.performance().loc[leader, "investment"])
    # far below its value: crossed in every sample (just below, it would be crossed in most
    # samples only, and could still come first in the others)
    line = parse_red_line(
        f"investment<={value / 2:.0f} k€", problem.indicators, problem.alternatives
    )
    barred = robustness(case, None, n=64, red_lines=[line])
    assert barred[leader] == 0.0
    assert sum(barred.values()) == pytest.approx(1.0)


def test_crossings_counted_per_chunk_equal_a_pass_over_the_margins(case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The shares a study reports are counted chunk by chunk (in threads); they must be the
    very numbers :func:`violation_probability` finds over all the margins, per line and any."""
    import copilote.decision.analysis.sensitivity_model as study_model
    from copilote.decision.analysis.red_lines import violation_probability

    monkeypatch.setattr(study_model, "CHUNK_ROWS", 500)  # several chunks, uneven last one
    problem = case.problem()
    lines = [
        *case.red_lines,
        parse_red_line("nox<=reference", problem.indicators, problem.alternatives),
    ]
    model = StudyModel(case, red_lines=lines)
    design = saltelli_design(model.bounds, N, derive_seeds(SEED)[0])
    evaluation = model.evaluate(design)
    assert evaluation.margins is not None and evaluation.crossings is not None
    shares = evaluation.violation_shares()
    assert shares is not None
    expected_any, expected_each = violation_probability(evaluation.margins)
    assert np.array_equal(shares[0], expected_any)
    assert np.array_equal(shares[1], expected_each)
    assert ((shares[1][:, 1] > 0.0) & (shares[1][:, 1] < 1.0)).any()  # nox line open for some
    assert evaluation.crossings[:, -1].sum() > 0
    assert StudyModel(case, red_lines=[]).evaluate(design).violation_shares() is None


@pytest.mark.parametrize("rows", [0, 1, 63, 64, 65, 16380])
def test_column_counts_equal_a_plain_sum(rows: int) -> None:
    from copilote.decision.analysis.sensitivity_model import column_counts

    flags = np.random.default_rng(rows).random((rows, 8)) < 0.3
    assert column_counts(flags).tolist() == flags.sum(axis=0).tolist()
    assert column_counts(flags[:, :5].copy()).tolist() == flags[:, :5].sum(axis=0).tolist()
