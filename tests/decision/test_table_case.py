"""Table cases (issue 18): a case written as CSV tables, with uncertain cells, no model code.

The case below is written by the test as French Excel exports it (``;``, decimal commas,
Windows-1252), so that everything checked here is checked on that format.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import minmax_normalization

from copilote.decision.analysis.sensitivity import run_study
from copilote.decision.analysis.sensitivity_model import StudyModel
from copilote.decision.case.loading import load_case
from copilote.decision.case.table import TableCase
from copilote.decision.cli import main
from copilote.decision.core.mcda import evaluate
from copilote.decision.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "mixite_savoie"

CASE_TOML = """\
id = "ecoquartier"
title_fr = "Écoquartier des Près : trois plans guides"
title_en = "Les Près eco-district: three master plans"
model = "table"
performance = "performance.csv"
indicators = "indicators.csv"
uncertainty = "uncertainty.csv"
"""
INDICATORS = """\
indicator;criterion;direction;unit;label_fr;label_en
logements;habitat;max;logements;Logements construits;Homes built
sociaux;habitat;max;%;Part de logements sociaux;Share of social housing
pleine_terre;nature;max;m²;Pleine terre conservée;Open soil kept
cout;cout;min;k€;Coût pour la ville;Cost to the town
"""
PERFORMANCE = """\
scenario;name_fr;name_en;logements;sociaux;pleine_terre;cout
dense;Plan dense;Dense plan;420;25,5;3 200;8 400
jardin;Plan jardin;Garden plan;260;30;9 800;6 100
mixte;Plan mixte;Mixed plan;340;28;6 000;7 900
"""
UNCERTAINTY = """\
scenario;indicator;low;high;source
dense;cout;7 000;11 000;Estimation de l'aménageur, ± 20 %
jardin;pleine_terre;8 000;10 500;Relevé du géomètre
mixte;sociaux;20;30;Hypothèse du bailleur
"""
FILES = {
    "case.toml": CASE_TOML,
    "indicators.csv": INDICATORS,
    "performance.csv": PERFORMANCE,
    "uncertainty.csv": UNCERTAINTY,
}
NOMINAL = np.array(
    [[420, 25.5, 3200, 8400], [260, 30, 9800, 6100], [340, 28, 6000, 7900]], dtype=float
)


def write_case(folder: Path, **changes: str) -> Path:
    """The test case in ``folder``, French Excel style (cp1252); ``changes`` replace files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **changes}.items():
        encoding = "utf-8" if name.endswith(".toml") else "cp1252"
        (folder / name).write_text(text, encoding=encoding)
    return folder


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return write_case(tmp_path / "ecoquartier")


# -- reading ------------------------------------------------------------------------------
def test_french_excel_table_case_reads_as_written(case_dir: Path) -> None:
    case = load_case(case_dir)
    assert isinstance(case, TableCase)
    assert [s.id for s in case.scenarios] == ["dense", "jardin", "mixte"]
    assert case.scenario("jardin").name("en") == "Garden plan"
    assert [i.id for i in case.indicators] == ["logements", "sociaux", "pleine_terre", "cout"]
    assert [i.unit for i in case.indicators] == ["logements", "%", "m²", "k€"]
    assert [c.id for c in case.criteria] == ["habitat", "nature", "cout"]
    np.testing.assert_array_equal(case.evaluate()[0], NOMINAL)
    np.testing.assert_array_equal(case.performance().to_numpy(), NOMINAL)


def test_parameters_are_exactly_the_uncertain_cells(case_dir: Path) -> None:
    case = load_case(case_dir)
    got = [(p.name, p.nominal, p.low, p.high, p.unit, p.status) for p in case.parameters]
    assert got == [
        ("dense.cout", 8400, 7000, 11000, "k€", "assumption"),
        ("jardin.pleine_terre", 9800, 8000, 10500, "m²", "assumption"),
        ("mixte.sociaux", 28, 20, 30, "%", "assumption"),
    ]
    assert case.parameter("jardin.pleine_terre").source == "Relevé du géomètre"
    assert case.parameter("mixte.sociaux").label_fr == "Part de logements sociaux (Plan mixte)"


def test_samples_move_their_cell_and_nothing_else(case_dir: Path) -> None:
    case = load_case(case_dir)
    out = case.evaluate({"dense.cout": np.array([7000.0, 11000.0])})
    assert out.shape == (2, 3, 4)
    assert out[:, 0, 3].tolist() == [7000.0, 11000.0]
    expected = np.broadcast_to(NOMINAL, out.shape).copy()
    expected[:, 0, 3] = [7000.0, 11000.0]
    np.testing.assert_array_equal(out, expected)
    with pytest.raises(InputError, match=r"unknown parameter 'dense\.logements'"):
        case.evaluate({"dense.logements": np.array([1.0])})


def test_without_uncertainty_file_every_cell_is_fixed(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path / "c", **{"case.toml": CASE_TOML.replace('uncertainty = "uncertainty.csv"\n', "")}
    )
    case = load_case(folder)
    assert case.parameters == ()
    np.testing.assert_array_equal(case.evaluate()[0], NOMINAL)


def test_criteria_file_gives_labels(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path / "c",
        **{
            "case.toml": CASE_TOML + 'criteria = "criteria.csv"\n',
            "criteria.csv": "criterion;label_fr;label_en\nhabitat;Habitat;Housing\n"
            "nature;Nature en ville;Urban nature\ncout;Coût;Cost\n",
        },
    )
    case = load_case(folder)
    assert [(c.id, c.label_fr, c.label_en) for c in case.criteria] == [
        ("habitat", "Habitat", "Housing"),
        ("nature", "Nature en ville", "Urban nature"),
        ("cout", "Coût", "Cost"),
    ]


# -- ranking ------------------------------------------------------------------------------
def test_rank_equals_pymcdm_topsis_with_criterion_weights_shared(case_dir: Path) -> None:
    criterion_weights = {"habitat": 0.5, "nature": 0.3, "cout": 0.2}
    problem = load_case(case_dir).problem(criterion_weights)
    # habitat's 0.5 is shared equally by its two indicators
    np.testing.assert_allclose(problem.weights, [0.25, 0.25, 0.3, 0.2], atol=1e-12)
    reference = TOPSIS(normalization_function=minmax_normalization)(
        NOMINAL, np.array([0.25, 0.25, 0.3, 0.2]), np.array([1, 1, 1, -1])
    )
    ours = evaluate(problem, "topsis")
    np.testing.assert_allclose(ours.scores, reference, atol=1e-9)


def test_rank_cli_on_a_table_case(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["rank", str(case_dir), "--weights", "habitat=0.5,nature=0.3,cout=0.2", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["weights"] == pytest.approx([0.25, 0.25, 0.3, 0.2])
    reference = TOPSIS(normalization_function=minmax_normalization)(
        NOMINAL, np.array([0.25, 0.25, 0.3, 0.2]), np.array([1, 1, 1, -1])
    )
    scores = [a["score"] for a in data["alternatives"]]
    np.testing.assert_allclose(scores, reference, atol=1e-9)


# -- other commands -----------------------------------------------------------------------
def test_evaluate_and_parameters_cli(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(case_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"][2]["indicators"]["sociaux"] == 28.0
    assert data["indicators"][2] == {
        "id": "pleine_terre",
        "criterion": "nature",
        "unit": "m²",
        "direction": "max",
        "label_fr": "Pleine terre conservée",
        "label_en": "Open soil kept",
    }
    assert main(["parameters", str(case_dir), "--json"]) == 0
    params = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in params] == ["dense.cout", "jardin.pleine_terre", "mixte.sociaux"]


def test_sensitivity_factors_are_exactly_the_uncertain_cells(case_dir: Path) -> None:
    case = load_case(case_dir)
    model = StudyModel(case, over=("weights", "parameters", "method"))
    data = [(f.name, f.low, f.high, f.unit) for f in model.factors if f.group == "parameters"]
    assert data == [
        ("dense.cout", 7000, 11000, "k€"),
        ("jardin.pleine_terre", 8000, 10500, "m²"),
        ("mixte.sociaux", 20, 30, "%"),
    ]
    assert {f.group for f in model.factors} == {"weights", "parameters", "method"}


def test_sensitivity_cli_tipping_points_in_the_indicators_unit(
    case_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["sensitivity", str(case_dir), "--n", "64", "--seed", "3", "--json"]
    assert main([*args, "--over", "weights,parameters,method"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = {f["name"] for f in data["factors"] if f["group"] == "parameters"}
    assert names == {"dense.cout", "jardin.pleine_terre", "mixte.sociaux"}
    units = {t["parameter"]: t["unit"] for t in data["tipping_points"]}
    assert units == {"dense.cout": "k€", "jardin.pleine_terre": "m²", "mixte.sociaux": "%"}
    first_shares = [v[0] for v in data["rank_acceptability"].values()]
    assert sum(first_shares) == pytest.approx(1.0)


def test_a_cell_that_decides_shows_in_sobol_and_tipping(tmp_path: Path) -> None:
    # Two plans tied but for the cost; a wide range on the dense plan's cost must lead the study.
    perf = PERFORMANCE.replace("8 400", "6 100").replace("3 200", "9 800").replace("420", "260")
    perf = perf.replace("25,5", "30")
    unc = "scenario;indicator;low;high;source\ndense;cout;5 000;7 200;Devis\n"
    case = load_case(
        write_case(tmp_path / "c", **{"performance.csv": perf, "uncertainty.csv": unc})
    )
    result = run_study(case, n=64, seed=2, over=("parameters",))
    assert [f.name for f in result.factors] == ["dense.cout"]
    tip = next(t for t in result.tipping_points if t.value is not None)
    assert tip.unit == "k€"
    assert tip.value == pytest.approx(6100, abs=5)  # the cost at which the two plans swap


def test_memo_uses_the_cases_own_criteria(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "note.md"
    assert main(["memo", str(case_dir), "--format", "md", "--out", str(out), "--n", "64"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Écoquartier des Près" in text
    assert "Pleine terre conservée" in text and "| m² |" in text
    assert "Relevé du géomètre" in text
    assert "energy" not in text and "énergie" not in text.lower()


def test_memo_hash_changes_with_a_cell(case_dir: Path, tmp_path: Path) -> None:
    from copilote.decision.memo.content import inputs_digest, resolve_subject

    def digest(folder: Path) -> str:
        subject = resolve_subject(str(folder))
        return inputs_digest(subject, method="topsis", normalization=None, n=64, seed=1)

    other = write_case(tmp_path / "other", **{"performance.csv": PERFORMANCE.replace("340", "341")})
    assert digest(case_dir) != digest(other)


# -- errors that teach --------------------------------------------------------------------
BAD = [
    (
        {"indicators.csv": INDICATORS.replace(";unit;", ";unite;")},
        "indicators.csv, row 1: missing column 'unit'",
    ),
    (
        {
            "performance.csv": PERFORMANCE.replace(";cout\n", ";cout;bruit\n")
            .replace("8 400\n", "8 400;3\n")
            .replace("6 100\n", "6 100;3\n")
            .replace("7 900\n", "7 900;3\n")
        },
        "performance.csv, row 1, column 'bruit': indicator 'bruit' is not in indicators.csv",
    ),
    (
        {"indicators.csv": INDICATORS + "bruit;nature;min;dB(A);Bruit;Noise\n"},
        "performance.csv, row 1: no column for indicator 'bruit' of indicators.csv",
    ),
    (
        {
            "uncertainty.csv": UNCERTAINTY.replace(
                "dense;cout;7 000;11 000", "dense;cout;11 000;7 000"
            )
        },
        "uncertainty.csv, row 2, column 'low': low 11000 is above high 7000",
    ),
    (
        {"uncertainty.csv": UNCERTAINTY.replace("mixte;sociaux;20;30", "mixte;sociaux;20;25")},
        "uncertainty.csv, row 4: the nominal value 28 (performance.csv, scenario 'mixte', "
        "column 'sociaux') is outside its range [20, 25]",
    ),
    (
        {"indicators.csv": INDICATORS.replace("nature;max;m²", "nature;maximum;m²")},
        "indicators.csv, row 4, column 'direction': 'maximum' is not a direction",
    ),
    (
        {
            "case.toml": CASE_TOML + 'criteria = "criteria.csv"\n',
            "criteria.csv": "criterion;label_fr;label_en\nhabitat;Habitat;Housing\n"
            "nature;Nature;Nature\ncout;Coût;Cost\nmobilite;Mobilité;Mobility\n",
        },
        "criteria.csv, row 5, column 'criterion': criterion 'mobilite' has no indicator",
    ),
    (
        {"uncertainty.csv": UNCERTAINTY.replace("jardin;pleine", "jardins;pleine")},
        "uncertainty.csv, row 3, column 'scenario': 'jardins' is not a scenario of "
        "performance.csv; did you mean 'jardin'?",
    ),
    (
        {"performance.csv": PERFORMANCE.replace("6 100", "six mille")},
        "performance.csv, row 3, column 'cout': 'six mille' is not a number",
    ),
    (
        {"performance.csv": PERFORMANCE.replace("25,5", "125,5")},
        "performance.csv, row 2, column 'sociaux': 125.5 is impossible for '%'",
    ),
    (
        {"uncertainty.csv": UNCERTAINTY.replace("mixte;sociaux;20;30", "mixte;sociaux;20;130")},
        "uncertainty.csv, row 4, column 'high': 130 is impossible for '%'",
    ),
    (
        {"performance.csv": PERFORMANCE.replace("420", "420,5")},
        "performance.csv, row 2, column 'logements': 420.5 is impossible for 'logements'",
    ),
    (
        {"uncertainty.csv": UNCERTAINTY.replace("Relevé du géomètre", "")},
        "uncertainty.csv, row 3, column 'source': empty",
    ),
    (
        {"case.toml": CASE_TOML + 'criteria = "criteria.csv"\n', "criteria.csv": ";;;\n;;;\n"},
        "criteria.csv: no header row; expected criterion, label_fr, label_en",
    ),
    (
        {"case.toml": CASE_TOML.replace('indicators = "indicators.csv"\n', "")},
        "case.toml: missing field 'indicators'",
    ),
]


@pytest.mark.parametrize(
    ("changes", "message"), BAD, ids=[m.split(":")[0] + str(i) for i, (_, m) in enumerate(BAD)]
)
def test_bad_table_case_gives_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict[str, str], message: str
) -> None:
    folder = write_case(tmp_path / "bad", **changes)
    assert main(["evaluate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err


# -- the bundled example ------------------------------------------------------------------
def test_bundled_example_is_a_table_case_with_every_cell_ranged() -> None:
    case = load_case(EXAMPLE)
    assert isinstance(case, TableCase)
    assert {s.id for s in case.scenarios} == {"zoning", "mixite", "requalification"}
    assert len(case.parameters) == len(case.scenarios) * len(case.indicators)
    assert all(p.uncertain and p.source for p in case.parameters)
    # illustrative: no figure claims to be verified
    assert {p.status for p in case.parameters} <= {"assumption", "derived"}
    assert "illustratif" in case.title_fr and "illustrative" in case.title_en


def test_bundled_example_is_packaged() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"copilote.data.examples.mixite_savoie",' in text
    assert '"copilote.data.examples.mixite_savoie" = ["*.toml", "*.csv", "*.md"]' in text


# -- profiles, the group session, serve -----------------------------------------------------
def test_profile_of_another_case_is_named_and_refused(
    case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "store.sqlite3")
    weights = "energy=0.4,cost=0.3,air=0.2,land=0.1"
    assert main(["profile", "add", "lens", "--weights", weights, "--db", db]) == 0
    assert (
        main(
            [
                "profile",
                "add",
                "ville",
                "--case",
                str(case_dir),
                "--weights",
                "habitat=2,nature=1,cout=1",
                "--db",
                db,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["rank", str(case_dir), "--profile", "ville", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["weights"] == pytest.approx([0.25, 0.25, 0.25, 0.25])
    for command in (["rank"], ["serve", "--port", "1"]):
        assert main([*command, str(case_dir), "--profile", "lens", "--db", db]) == 2
        err = capsys.readouterr().err
        assert (
            "profile 'lens': unknown name 'energy'; expected criteria (habitat, nature, cout)"
            in err
        )
        assert err.count("\n") == 1


def test_serve_refuses_a_bad_table_case_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_case(
        tmp_path / "bad", **{"indicators.csv": INDICATORS.replace(";min;k€", ";moins;k€")}
    )
    assert main(["serve", str(folder), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "indicators.csv, row 5, column 'direction': 'moins' is not a direction" in err


def test_group_session_on_the_cases_criteria(case_dir: Path, tmp_path: Path) -> None:
    from copilote.dashboards.group_state import GroupSessionState
    from copilote.decision.record.group import analyse
    from copilote.decision.record.store import Store

    problem = load_case(case_dir).problem()
    store = Store(tmp_path / "group.sqlite3")

    def person(login: str, role: str = "member") -> GroupSessionState:
        return GroupSessionState(problem, store, login=login, role=role, lang="en")

    anne = person("anne", "facilitator")
    assert anne.open_session("COPIL écoquartier", session_id="eq-1"), anne.error
    alice, bruno = person("alice"), person("bruno")
    alice.weights = {"habitat": 60, "nature": 20, "cout": 20}
    bruno.weights = {"habitat": 10, "nature": 70, "cout": 20}
    assert alice.submit() and bruno.submit(), (alice.error, bruno.error)
    assert anne.refresh() is True
    assert anne.analysis is not None
    expected = analyse(problem, anne.members)
    np.testing.assert_allclose(anne.analysis.group_weights, expected.group_weights)
    assert set(anne.analysis.group_weight_map) == {"habitat", "nature", "cout"}


def test_indicator_weights_replace_the_equal_share(
    case_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weights = "logements=0.1,sociaux=0.3,pleine_terre=0.4,cout=0.2"
    assert main(["rank", str(case_dir), "--weights", weights, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["weights"] == pytest.approx([0.1, 0.3, 0.4, 0.2])


def test_bundled_example_ships_with_the_package() -> None:
    from importlib import resources

    folder = resources.files("copilote.data.examples.mixite_savoie")
    names = {f.name for f in folder.iterdir()}
    assert {"case.toml", "performance.csv", "indicators.csv", "uncertainty.csv"} <= names


# -- any table a team may write -------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(
    values=st.integers(2, 5).flatmap(
        lambda m: st.integers(1, 4).flatmap(
            lambda n: st.lists(
                st.lists(
                    st.decimals(-9999, 99999, places=2, allow_nan=False, allow_infinity=False),
                    min_size=n,
                    max_size=n,
                ),
                min_size=m,
                max_size=m,
            )
        )
    ),
    data=st.data(),
)
def test_any_french_table_ranks_as_pymcdm_topsis(values, data, tmp_path_factory) -> None:
    """Written as French Excel exports it, read back equal, ranked as pymcdm ranks it."""
    n = len(values[0])
    directions = data.draw(st.lists(st.sampled_from(["min", "max"]), min_size=n, max_size=n))
    criteria = data.draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    folder = tmp_path_factory.mktemp("any")
    ids = [f"i{j}" for j in range(n)]
    indicators = "indicator;criterion;direction;unit;label_fr;label_en\n" + "".join(
        f"{i};{c};{d};u;{i} fr;{i} en\n" for i, c, d in zip(ids, criteria, directions, strict=True)
    )
    performance = "scenario;" + ";".join(ids) + "\n"
    for k, row in enumerate(values):
        performance += f"s{k};" + ";".join(str(v).replace(".", ",") for v in row) + "\n"
    toml = CASE_TOML.replace('uncertainty = "uncertainty.csv"\n', "")
    write_case(
        folder,
        **{"case.toml": toml, "indicators.csv": indicators, "performance.csv": performance},
    )
    case = load_case(folder)
    matrix = np.array([[float(v) for v in row] for row in values])
    np.testing.assert_array_equal(case.evaluate()[0], matrix)
    # each criterion's half of the weight shared equally among its indicators
    used = sorted(set(criteria))
    weights = np.array([1 / len(used) / criteria.count(c) for c in criteria])
    problem = case.problem()
    np.testing.assert_allclose(problem.weights, weights, atol=1e-12)
    types = np.array([1 if d == "max" else -1 for d in directions])
    spread = matrix.max(axis=0) - matrix.min(axis=0)
    if np.all(spread > 0):  # pymcdm's min-max divides by the spread
        with warnings.catch_warnings():  # pymcdm warns of a dominant scenario: a fine table
            warnings.simplefilter("ignore", UserWarning)
            reference = TOPSIS(normalization_function=minmax_normalization)(matrix, weights, types)
        np.testing.assert_allclose(evaluate(problem, "topsis").scores, reference, atol=1e-9)


def test_a_fixed_cell_keeps_its_source_and_is_not_a_factor(tmp_path: Path) -> None:
    unc = UNCERTAINTY + "jardin;logements;260;260;Permis de construire\n"
    case = load_case(write_case(tmp_path / "c", **{"uncertainty.csv": unc}))
    fixed = case.parameter("jardin.logements")
    assert (fixed.source, fixed.uncertain) == ("Permis de construire", False)
    names = [f.name for f in StudyModel(case, over=("parameters",)).factors]
    assert names == ["dense.cout", "jardin.pleine_terre", "mixte.sociaux"]


def test_red_lines_of_a_table_case_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A table case declares its own red lines: the dense plan spends over the town's budget."""
    toml = CASE_TOML + (
        '\n[[red_lines]]\nindicator = "cout"\nbound = "8 000 k€"\n'
        'reason = "budget voté par le conseil municipal"\n'
    )
    folder = write_case(tmp_path / "case", **{"case.toml": toml})
    assert main(["rank", str(folder), "--json"]) == 0
    ranking = {a["name"]: a for a in json.loads(capsys.readouterr().out)["alternatives"]}
    assert not ranking["dense"]["admissible"]
    assert ranking["dense"]["violations"][0]["indicator"] == "cout"
    assert ranking["dense"]["violations"][0]["value"] == pytest.approx(8400)
    assert ranking["jardin"]["admissible"] and ranking["mixte"]["admissible"]
    assert ranking["dense"]["rank"] == 3


def test_a_bad_red_line_in_a_table_case_is_one_line(tmp_path: Path) -> None:
    toml = CASE_TOML + '\n[[red_lines]]\nindicator = "budget"\nbound = "8000"\nreason = "x"\n'
    folder = write_case(tmp_path / "case", **{"case.toml": toml})
    with pytest.raises(InputError, match="budget"):
        load_case(folder)
