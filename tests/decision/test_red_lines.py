"""Red lines (issue #16): parsing, admissibility, admissible-first ranking, CLI and case.toml."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilote.decision.analysis.red_lines import (
    RedLine,
    admissible_first,
    check,
    margins,
    parse_red_line,
    violation_sentence,
)
from copilote.decision.case.loading import load_case
from copilote.decision.cli import main
from copilote.decision.core.mcda import evaluate
from copilote.decision.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "lens_lievin"
EXAMPLE = ROOT / "data" / "examples" / "chauffage-cite-12-14.csv"


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case()


@pytest.fixture(scope="module")
def problem(case):  # type: ignore[no-untyped-def]
    return case.problem()


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def parse(text: str, problem):  # type: ignore[no-untyped-def]
    return parse_red_line(text, problem.indicators, problem.alternatives)


# -- parsing -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "comparison", "value", "scenario"),
    [
        ("land_take<=13 ha", "<=", 13.0, None),
        ("land_take <= 13", "<=", 13.0, None),
        ("land_take<=13ha", "<=", 13.0, None),
        ("land_take≤12,5 ha", "<=", 12.5, None),
        ("ghg<=9 600 t CO2e/an", "<=", 9600.0, None),
        ("ghg<=9600 tCO2e/an", "<=", 9600.0, None),
        ("renewable_share>=55 %", ">=", 55.0, None),
        ("nox<=reference", "<=", None, "reference"),
    ],
)
def test_parse(problem, text, comparison, value, scenario) -> None:  # type: ignore[no-untyped-def]
    line = parse(text, problem)
    assert (line.comparison, line.value, line.scenario) == (comparison, value, scenario)
    assert line.unit == problem.indicator(line.indicator).unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("landtake<=13 ha", "unknown indicator 'landtake'"),
        ("land_take<=", "has no bound"),
        ("land_take<13", "has no comparison"),
        ("land_take=13", "has no comparison"),
        ("land_take<=13 m2", "unit 'm2'"),
        ("nox<=3 ha", "expected 't/an'"),
        ("nox<=refrence", "did you mean 'reference'"),
        ("nox<=nan", "neither a number"),
    ],
)
def test_bad_lines_are_one_clear_line(problem, text, expected) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        parse(text, problem)
    assert expected in str(info.value)
    assert str(info.value).startswith("--red-line:")
    assert "\n" not in str(info.value)


# -- admissibility -------------------------------------------------------------------------------
def test_land_take_cap_makes_zoning_inadmissible_and_last(problem) -> None:  # type: ignore[no-untyped-def]
    # Weights on cost alone: zoning is not last when nothing bars it.
    weighted = problem.with_criterion_weights({"cost": 1.0})
    plain = evaluate(weighted)
    zoning = weighted.alternatives.index("zoning")
    assert plain.ranks[zoning] < len(weighted.alternatives) - 1
    found = check(weighted, [parse("land_take<=5 ha", weighted)])
    assert [a for a in weighted.alternatives if not found.is_admissible(a)] == ["zoning"]
    (violation,) = found.violations["zoning"]
    assert violation.value == pytest.approx(13.0)
    assert violation.margin == pytest.approx(8.0)
    ranks = admissible_first(plain.ranks, found.admissible)
    assert ranks[zoning] == len(weighted.alternatives)
    others = [i for i in range(len(ranks)) if i != zoning]
    # the admissible keep their order among themselves
    assert np.argsort(ranks[others]).tolist() == np.argsort(plain.ranks[others]).tolist()


def test_nox_not_worse_than_reference_flags_exactly_those_above_it(case, problem) -> None:  # type: ignore[no-untyped-def]
    nox = case.performance()["nox"]
    above = sorted(nox.index[nox > nox["reference"]])
    assert 0 < len(above) < len(nox) - 1  # the test says something: some above, some below
    found = check(problem, [parse("nox<=reference", problem)])
    flagged = sorted(a for a in problem.alternatives if not found.is_admissible(a))
    assert flagged == above
    for alt in above:
        (v,) = found.violations[alt]
        assert v.margin == pytest.approx(nox[alt] - nox["reference"])
        assert v.bound == pytest.approx(nox["reference"])


def test_ge_line_and_the_value_on_the_line_is_admissible(problem) -> None:  # type: ignore[no-untyped-def]
    share = problem.matrix[:, problem.indicator_ids.index("renewable_share")]
    cut = float(np.sort(share)[3])  # exactly one scenario's value: on the line, admissible
    found = check(problem, [parse(f"renewable_share>={cut!r}", problem)])
    assert found.admissible.tolist() == (share >= cut).tolist()
    assert found.admissible.sum() == (share >= cut).sum() < len(share)


def test_admissible_first_keeps_ties_and_inner_order() -> None:
    ranks = np.array([[1.5, 1.5, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]])
    admissible = np.array([[False, True, True, True], [True, True, False, False]])
    out = admissible_first(ranks, admissible)
    assert out.tolist() == [[4.0, 1.0, 2.0, 3.0], [2.0, 1.0, 4.0, 3.0]]
    tied = admissible_first(np.array([1.5, 1.5, 3.0]), np.array([False, False, True]))
    assert tied.tolist() == [2.5, 2.5, 1.0]


def test_margins_over_samples_follow_a_scenario_bound() -> None:
    # two samples, two alternatives, one indicator: the bound moves with the reference's value
    matrix = np.array([[[1.0], [2.0]], [[3.0], [2.0]]])
    line = RedLine("x", "<=", scenario="a")
    got = margins(matrix, [line], ["x"], ["a", "b"])
    assert got[..., 0].tolist() == [[0.0, 1.0], [0.0, -1.0]]


def test_sentence_in_plain_french_and_english(problem) -> None:  # type: ignore[no-untyped-def]
    line = parse("land_take<=0 ha", problem)
    line = RedLine(line.indicator, line.comparison, line.value, None, line.unit, "", "le comité")
    (v,) = check(problem, [line]).violations["zoning"]
    fr = violation_sentence(v, problem.indicator("land_take"), "fr")
    assert fr == (
        "prend 13,0\u00a0ha de terres nouvelles : au-delà de la ligne rouge "
        "(au plus 0\u00a0ha) fixée par le comité"
    )
    assert "takes 13.0\u00a0ha of new land" in violation_sentence(
        v, problem.indicator("land_take"), "en"
    )


# -- the bundled case and case.toml --------------------------------------------------------------
def test_bundled_case_carries_its_zan_line(case) -> None:  # type: ignore[no-untyped-def]
    (zan,) = case.red_lines
    assert (zan.indicator, zan.comparison, zan.value, zan.unit) == ("land_take", "<=", 0.0, "ha")
    assert "Climat et Résilience" in zan.source and "2021" in zan.source
    assert case.canonical()["red_lines"][0]["line"] == "land_take<=0 ha"


def copy_case(tmp_path: Path, red_lines: str) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(DATA, folder)
    toml = folder / "case.toml"
    text = toml.read_text(encoding="utf-8").split("\n# Red lines")[0]
    text = text.replace("../../scenarios/lens_lievin", str(ROOT / "scenarios" / "lens_lievin"))
    toml.write_text(text + "\n" + red_lines, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ('indicator = "land_take"\nbound = 0', "needs its 'source' or 'reason'"),
        ('indicator = "land"\nbound = 0\nsource = "x"', "unknown indicator 'land'"),
        ('indicator = "land_take"\nsource = "x"', "field 'bound'"),
        ('indicator = "land_take"\nbound = "0 m2"\nsource = "x"', "unit 'm2'"),
        ('indicator = "nox"\nbound = "refrence"\nreason = "PPA"', "did you mean 'reference'"),
        ('indicator = "nox"\nbound = 1\nreason = "x"\nlimit = 2', "unknown field 'limit'"),
    ],
)
def test_bad_case_red_lines_name_the_file_and_entry(tmp_path, entry, expected) -> None:  # type: ignore[no-untyped-def]
    folder = copy_case(tmp_path, "[[red_lines]]\n" + entry + "\n")
    with pytest.raises(InputError) as info:
        load_case(folder)
    message = str(info.value)
    assert message.startswith("case.toml, red_lines #1:") and expected in message


def test_case_line_reason_and_default_comparison(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = copy_case(
        tmp_path,
        '[[red_lines]]\nindicator = "renewable_share"\nbound = 55\nreason = "schéma directeur"\n',
    )
    (line,) = load_case(folder).red_lines
    assert (line.comparison, line.value, line.source) == (">=", 55.0, "schéma directeur")


# -- the command line ----------------------------------------------------------------------------
def test_rank_json_gives_admissibility_and_violations(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(
        capsys, "rank", "--weights", "cost=1", "--red-line", "nox<=reference", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert [r["line"] for r in data["red_lines"]] == ["land_take<=0 ha", "nox<=reference"]
    by_name = {a["name"]: a for a in data["alternatives"]}
    zoning = by_name["zoning"]
    assert zoning["admissible"] is False
    land = next(v for v in zoning["violations"] if v["indicator"] == "land_take")
    assert land == {
        "indicator": "land_take",
        "line": "land_take<=0 ha",
        "bound": 0.0,
        "value": pytest.approx(13.0),
        "margin": pytest.approx(13.0),
        "unit": "ha",
    }
    admissible = [a for a in data["alternatives"] if a["admissible"]]
    barred = [a for a in data["alternatives"] if not a["admissible"]]
    assert admissible and barred
    assert max(a["rank"] for a in admissible) < min(a["rank"] for a in barred)
    assert all(a["violations"] == [] for a in admissible)


def test_rank_text_shows_the_line_in_plain_french(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(capsys, "rank")
    assert code == 0
    assert "prend 13,0\u00a0ha de terres nouvelles : au-delà de la ligne rouge" in out
    last = [line for line in out.splitlines() if line.strip().startswith("8 ")]
    assert last and "Zone d'activités" in last[0]


def test_csv_table_red_line(capsys) -> None:  # type: ignore[no-untyped-def]
    # The example (Windows-1252, ";" and decimal commas): gas boilers emit 260,9 kg CO2e/MWh.
    argv = ("rank", str(EXAMPLE), "--types", "min,min,min", "--weights", "1,0,0", "--json")
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    before = {a["name"]: a for a in json.loads(out)["alternatives"]}
    gas = "Chaudière gaz à condensation"
    assert before[gas]["rank"] == 2.0 and all(a["admissible"] for a in before.values())
    code, out, err = run_cli(capsys, *argv, "--red-line", "CO2 (kg CO2e/MWh utile)<=100")
    assert code == 0, err
    after = {a["name"]: a for a in json.loads(out)["alternatives"]}
    assert [a for a in after if not after[a]["admissible"]] == [gas]
    assert after[gas]["rank"] == 3.0 and after[gas]["score"] == before[gas]["score"]
    (v,) = after[gas]["violations"]
    assert v["margin"] == pytest.approx(160.9) and v["unit"] == ""


def test_csv_table_line_with_a_unit_is_bad_input(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli(
        capsys,
        "rank",
        str(EXAMPLE),
        "--types",
        "min,min,min",
        "--red-line",
        "CO2 (kg CO2e/MWh utile)<=100 kg",
    )
    assert code == 2 and "a plain number" in err


@pytest.mark.parametrize(
    "line",
    ["nox<=", "noise<=3", "land_take<=3 acres", "nox<=scenario_x", "land_take=3"],
)
def test_bad_red_line_exits_2_with_one_line(line) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [sys.executable, "-m", "copilote", "rank", "--red-line", line],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "--red-line" in done.stderr
    assert "Traceback" not in done.stderr


def test_stability_intervals_rank_admissible_first() -> None:
    # C, beyond a line, overtakes A at w:x = 0.5 in the compensatory ranking; barred, it cannot,
    # and A stays first until B overtakes it (at 4/9).
    from copilote.decision.analysis.stability import stability_intervals
    from copilote.decision.core.problem import DecisionProblem, Indicator

    indicators = (
        Indicator("x", "x", "x", "", "max", "x"),
        Indicator("y", "y", "y", "", "max", "y"),
    )
    matrix = np.array([[1.0, 0.1], [0.5, 0.5], [0.1, 1.0]])
    problem = DecisionProblem(("A", "B", "C"), indicators, matrix, np.array([0.7, 0.3]))
    plain = stability_intervals(problem, "topsis", level="indicator")
    barred = stability_intervals(
        problem, "topsis", level="indicator", admissible=np.array([True, True, False])
    )
    assert plain["w:x"].top[0] == pytest.approx(0.5, abs=1e-5)
    assert barred["w:x"].top[0] == pytest.approx(4 / 9, abs=1e-5)


def test_journal_records_and_shows_a_red_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from copilote.decision.record.journal import Journal

    db = str(tmp_path / "store.sqlite3")
    journal = Journal(db)
    journal.open_session("copil-3", "anne", title="COPIL 3")
    line = RedLine("nox", "<=", scenario="reference", unit="t/an", set_by="anne")
    entry = journal.set_red_line("copil-3", "anne", line.to_json())
    assert entry.kind == "red_line_set" and entry.payload["line"] == "nox<=reference"
    code, out, err = run_cli(capsys, "journal", "--db", db, "--session", "copil-3")
    assert code == 0, err
    assert "anne: ligne rouge fixée: nox<=reference (anne)" in out


@given(
    st.lists(st.integers(1, 4), min_size=2, max_size=7).flatmap(
        lambda values: st.tuples(
            st.just(values), st.lists(st.booleans(), min_size=len(values), max_size=len(values))
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_admissible_first_property(case_: tuple[list[int], list[bool]]) -> None:
    from scipy.stats import rankdata

    values, mask = case_
    ranks = rankdata(values, method="average")
    ok = np.array(mask)
    out = admissible_first(ranks, ok)
    assert sorted(out) == sorted(rankdata(out, method="average"))  # still average ranks 1..m
    if ok.any() and (~ok).any():
        assert out[ok].max() < out[~ok].min()
    for group in (ok, ~ok):  # each group keeps its inner order, ties included
        a, b = np.asarray(ranks)[group], out[group]
        assert (np.sign(a[:, None] - a[None, :]) == np.sign(b[:, None] - b[None, :])).all()
