"""``decision rank``: output shapes, agreement with pymcdm, and every bad input of issue #2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymcdm.helpers import rankdata

from copilote.decision.cli import main
from copilote.decision.core.kernels import batch_scores
from copilote.decision.core.methods import METHODS, make_method

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "chauffage-cite-12-14.csv"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def vikor_q_with_equal_halves_zero(matrix: np.ndarray, w: np.ndarray, types: np.ndarray):
    """pymcdm's VIKOR Q, with a term whose spread (max - min of S or R) is 0 set to 0."""
    vikor = make_method("vikor", matrix)
    with np.errstate(invalid="ignore", divide="ignore"):
        *_, group_utility, regret, _ = vikor._method(matrix, w, types)

    def scaled(a: np.ndarray) -> np.ndarray:
        spread = a.max() - a.min()
        return np.zeros_like(a) if spread == 0 else (a - a.min()) / spread

    return vikor.v * scaled(group_utility) + (1 - vikor.v) * scaled(regret)


def write_table(path: Path, matrix: np.ndarray, sep: str = ",") -> Path:
    names = [f"c{j}" for j in range(matrix.shape[1])]
    lines = [sep.join(["alternative", *names])]
    for i, row in enumerate(matrix):
        lines.append(sep.join([f"A{i}", *(repr(float(v)) for v in row)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rank_json_shape_on_the_example(capsys):
    code, out, err = run_cli(
        capsys, "rank", str(EXAMPLE), "--types", "min,min,min", "--weights", "2,2,1", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"method", "indicators", "weights", "red_lines", "alternatives", "inputs"}
    assert data["red_lines"] == []  # a table has no lines of its own
    assert data["method"] == "topsis"
    assert data["weights"] == pytest.approx([0.4, 0.4, 0.2])
    assert [a["name"] for a in data["alternatives"]] == [
        "Chaudière gaz à condensation",
        "Pompe à chaleur air/eau",
        "Réseau de chaleur de Lens",
    ]
    assert sorted(a["rank"] for a in data["alternatives"]) == [1.0, 2.0, 3.0]


def test_rank_text_is_a_readable_table(capsys):
    code, out, _ = run_cli(capsys, "rank", str(EXAMPLE), "--types", "-,-,-", "--method", "vikor")
    assert code == 0
    assert "VIKOR" in out and "plus bas = meilleur" in out
    lines = [line for line in out.splitlines() if line.strip().startswith(("1 ", "2 ", "3 "))]
    assert len(lines) == 3


def test_weight_pairs_name_indicators(capsys):
    code, out, _ = run_cli(
        capsys,
        "rank",
        str(EXAMPLE),
        "--types",
        "min,min,min",
        "--json",
        "--weights",
        "coût de la chaleur (€/MWh)=1",
    )
    assert code == 0
    assert json.loads(out)["weights"] == [1.0, 0.0, 0.0]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    method=st.sampled_from(sorted(METHODS)),
)
def test_rank_reproduces_pymcdm_on_valid_tables(tmp_path_factory, capsys, data, method):
    m = data.draw(st.integers(2, 6), label="alternatives")
    n = data.draw(st.integers(2, 5), label="indicators")
    values = st.floats(1.0, 100.0, allow_nan=False, allow_infinity=False)
    matrix = np.array(
        data.draw(st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    weights = np.array(data.draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    types = np.array(data.draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    # Constant columns are degenerate cases defined by copilote.decision.core.mcda, tested there.
    if np.any(np.ptp(matrix, axis=0) < 1e-6):
        return
    path = write_table(tmp_path_factory.mktemp("t") / "t.csv", matrix)
    code, out, err = run_cli(
        capsys,
        "rank",
        str(path),
        "--json",
        "--method",
        method,
        "--types",
        ",".join("max" if t > 0 else "min" for t in types),
        "--weights",
        ",".join(repr(float(w)) for w in weights),
    )
    assert code == 0, err
    got = json.loads(out)
    w = weights / weights.sum()
    try:
        with warnings.catch_warnings():
            # pymcdm warns about dominated alternatives; the reference values are what we want.
            warnings.simplefilter("ignore", UserWarning)
            expected = make_method(method, matrix)(matrix, w, types)
    except RuntimeWarning:
        # VIKOR where every alternative has the same group utility S (or regret R): pymcdm
        # divides 0 by 0. decision.core.mcda defines that half of Q as 0; rebuilt here from pymcdm's
        # own S and R, not from the kernel under test.
        assert method == "vikor"
        expected = vikor_q_with_equal_halves_zero(matrix, w, types)
    except ValueError:
        # Outside pymcdm's domain (COPRAS or MOORA with nothing to minimise): the result is the
        # one copilote.decision.core.mcda defines, through the batched kernel.
        expected = batch_scores(method, matrix, w, types)[0]
    scores = np.array([a["score"] for a in got["alternatives"]])
    np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-9)
    ranks = [a["rank"] for a in got["alternatives"]]
    np.testing.assert_array_equal(
        ranks, rankdata(expected, reverse=not METHODS[method].lower_is_better)
    )


BAD_TABLES = {
    "non_numeric": ("a;b;c\nx;1;2\ny;1;deux\n", "row 3, column 'c': 'deux' is not a number"),
    "nan": ("a;b;c\nx;1;2\ny;nan;2\n", "row 3, column 'b': 'nan' is not a finite number"),
    "infinite": ("a;b;c\nx;1;2\ny;-inf;2\n", "not a finite number"),
    "duplicate": ("a;b;c\nx;1;2\nx;3;2\n", "duplicate alternative 'x'"),
    "one_alternative": ("a;b;c\nx;1;2\n", "expected at least two"),
    "ragged": ("a;b;c\nx;1;2\ny;3\n", "row 3: 2 cells, expected 3"),
    "empty": ("", "empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_bad_table_exits_2_with_one_line(tmp_path, capsys, case):
    text, expected = BAD_TABLES[case]
    path = tmp_path / f"{case}.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "rank", str(path), "--types", "max,max")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and expected in err and str(path) in err


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--types", "max"], "--types: 1 types for 3 indicators"),
        (["--types", "max,min,bof"], "'bof' for indicator"),
        (["--types", "min,min,min", "--weights", "1,2"], "--weights: 2 numbers for 3 indicators"),
        (["--types", "min,min,min", "--weights", "1,-2,1"], "is negative (-2)"),
        (["--types", "min,min,min", "--weights", "0,0,0"], "all weights are zero"),
        (["--types", "min,min,min", "--weights", "1,nan,1"], "not a finite number"),
        (["--types", "min,min,min", "--weights", "prix=1"], "unknown indicator 'prix'"),
        (["--types", "min,min,min", "--method", "electre"], "unknown method 'electre'"),
        (
            ["--types", "min,min,min", "--method", "wsm", "--normalization", "zz"],
            "unknown normalisation 'zz'",
        ),
        ([], "--types is required"),
        (["--types", "min,min,min", "--frobnicate"], "unrecognized arguments"),
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, options, expected):
    code, out, err = run_cli(capsys, "rank", str(EXAMPLE), *options)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and expected in err


def test_missing_and_binary_files(tmp_path, capsys):
    code, _, err = run_cli(capsys, "rank", str(tmp_path / "absent.csv"), "--types", "max")
    assert code == 2 and "no such file" in err
    binary = tmp_path / "data.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    code, _, err = run_cli(capsys, "rank", str(binary), "--types", "max")
    assert code == 2 and "binary content" in err and err.count("\n") == 1


def test_internal_error_exits_1_without_traceback(monkeypatch, capsys):
    import copilote.decision.cli.rank as rank_cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(rank_cli, "evaluate", broken)
    code, _, err = run_cli(capsys, "rank", str(EXAMPLE), "--types", "min,min,min")
    assert code == 1
    assert "internal error" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [["decision"], [sys.executable, "-m", "copilote"]])
def test_installed_command_and_module_agree(command, tmp_path):
    """The console script and ``python -m copilote`` run the same code, exit codes included."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    bindir = Path(sys.executable).parent
    exe = [str(bindir / "decision")] if command == ["decision"] else command
    ok = subprocess.run(
        [*exe, "rank", str(EXAMPLE), "--types", "min,min,min", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)["alternatives"]) == 3
    bad = subprocess.run(
        [*exe, "rank", str(tmp_path / "none.csv"), "--types", "max"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "matrix",
    [
        [[1.0, 2.0], [2.0, 1.0]],  # equal S and equal R: pymcdm gives NaN
        [[1.0, 1.0], [1.0, 2.0], [2.0, 1.0]],  # equal R for all: pymcdm gives NaN
    ],
)
def test_rank_vikor_where_pymcdm_divides_zero_by_zero(tmp_path, capsys, matrix):
    """Found by hypothesis: the CLI gives pymcdm's Q with the undefined half set to 0, no NaN."""
    x = np.array(matrix)
    path = write_table(tmp_path / "t.csv", x)
    code, out, err = run_cli(
        capsys, "rank", str(path), "--json", "--method", "vikor", "--types", "max,max"
    )
    assert code == 0, err
    scores = [a["score"] for a in json.loads(out)["alternatives"]]
    w = np.full(2, 0.5)
    expected = vikor_q_with_equal_halves_zero(x, w, np.array([1, 1]))
    np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-12)
    assert np.all(np.isfinite(scores))
