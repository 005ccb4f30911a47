"""Reading decision tables as people export them (decision/tabular.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilote.decision.core.tabular import parse_number, read_table
from copilote.decision.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "chauffage-cite-12-14.csv"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_french_excel_export_reads_as_is():
    """The shipped example is cp1252, ';'-separated, decimal commas, spaces in thousands."""
    table = read_table(EXAMPLE)
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.alternatives[0] == "Chaudière gaz à condensation"
    assert table.indicators[0] == "coût de la chaleur (€/MWh)"
    np.testing.assert_array_equal(table.matrix[:, 1], [260.9, 30.4, 35.0])
    np.testing.assert_array_equal(table.matrix[:, 2], [3500.0, 8936.0, 10000.0])


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("name,a,b\nx,1.5,2\ny,3,4e1\n", "utf-8"),
        ("\ufeffname;a;b\r\nx;1,5;2\r\ny;3;40\r\n", "utf-8"),
        ("name;a;b\nx;1,5;2\ny;3;40\n\n;;\n", "cp1252"),
        ("name\ta\tb\nx\t1.5\t2\ny\t3\t40\n", "utf-8"),
    ],
)
def test_separators_decimals_and_encodings(tmp_path, text, encoding):
    table = read_table(write(tmp_path, text, encoding))
    assert table.alternatives == ("x", "y")
    assert table.indicators == ("a", "b")
    np.testing.assert_array_equal(table.matrix, [[1.5, 2.0], [3.0, 40.0]])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("name;a;b\nx;1;2\n", "expected at least two"),
        ("name;a;b\nx;1;2\ny;1\n", "row 3: 2 cells, expected 3"),
        ("name;a;b\nx;1;2\ny;1;deux\n", "row 3, column 'b': 'deux' is not a number"),
        ("name;a;b\nx;1;2\ny;1;NaN\n", "row 3, column 'b': 'NaN' is not a finite number"),
        ("name;a;b\nx;1;inf\ny;1;2\n", "row 2, column 'b': 'inf' is not a finite number"),
        ("name;a;b\nx;1;2\nx;1;3\n", "row 3: duplicate alternative 'x' (already at row 2)"),
        ("name;a;a\nx;1;2\ny;1;3\n", "duplicate indicator name 'a'"),
        ("name;a;b\nx;1;\ny;1;3\n", "row 2, column 'b': empty cell"),
        ("name\nx\ny\n", "no separator"),
        ("name;a;b\n;1;2\ny;1;3\n", "row 2: the alternative has no name"),
    ],
)
def test_bad_tables_name_the_place(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_table(path)
    message = str(err.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_comma_inside_a_comma_separated_file_is_refused_not_guessed(tmp_path):
    """'1,234' in a ',' file may be 1.234 or 1234: we say so instead of guessing."""
    path = write(tmp_path, 'name,a,b\nx,"1,5",2\ny,3,40\n')
    with pytest.raises(InputError, match="ambiguous"):
        read_table(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "absent.csv")


def test_binary_file(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary content"):
        read_table(path)


def test_folder_is_not_a_table(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_table(tmp_path)


@pytest.mark.parametrize(
    ("cell", "delimiter", "value"),
    [
        ("1 234,5", ";", 1234.5),
        ("1.234,5", ";", 1234.5),
        ("-2,5e3", ";", -2500.0),
        ("1\u202f000", ";", 1000.0),
        ("0.25", ",", 0.25),
    ],
)
def test_number_spellings(cell, delimiter, value):
    assert parse_number(cell, delimiter, "cell") == value
