"""The provenance digest: same inputs -> same hash, whatever the formatting; any change -> new.

Covers decision/memo/digest.py and decision.memo.inputs_digest on CSV tables. The same property
on a case's TOML files is in test_memo_case.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from copilote.decision.memo import inputs_digest, resolve_subject
from copilote.decision.memo.digest import canonical_json, sha256_of

TABLE_COMMA = (
    "option,cost,co2,investment\n"
    "gas boiler,84,260.9,3500\n"
    "heat pump,131.5,30.4,8936\n"
    "district heating,55.36,35,10000\n"
)
# The same table as French Excel writes it: ';', decimal commas, thousands spaces, quotes, cp1252
TABLE_EXCEL = (
    "option;cost;co2;investment\r\n"
    '"gas boiler";84,0;260,90;3 500\r\n'
    "heat pump;131,50;30,4;8 936\r\n"
    "district heating;55,360;35,0;10 000\r\n"
)


def _digest(path: Path, weights: object = None, **settings: object) -> str:
    subject = resolve_subject(str(path), weights, types="min,min,min")
    options: dict[str, object] = {"method": "topsis", "normalization": None, "n": 64, "seed": 1}
    options.update(settings)
    return inputs_digest(subject, **options)  # type: ignore[arg-type]


@pytest.fixture
def tables(tmp_path: Path) -> tuple[Path, Path]:
    plain = tmp_path / "plain.csv"
    plain.write_text(TABLE_COMMA, encoding="utf-8")
    excel = tmp_path / "excel.csv"
    excel.write_bytes(TABLE_EXCEL.encode("cp1252"))
    return plain, excel


def test_canonical_json_ignores_key_order_and_number_spelling() -> None:
    a = {"b": 1, "a": [0.1 + 0.2, np.float64(2.5), (1, 2)]}
    b = {"a": [0.3, 2.5, [1.0, 2.0]], "b": 1.0}
    assert canonical_json(a) == canonical_json(b)
    assert sha256_of(a) == sha256_of(b)


def test_canonical_json_sees_a_real_change() -> None:
    assert sha256_of({"a": 0.3}) != sha256_of({"a": 0.3000001})
    assert sha256_of({"a": "x"}) != sha256_of({"a": "y"})
    assert sha256_of({"a": -0.0}) == sha256_of({"a": 0.0})


def test_canonical_json_refuses_nan() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        canonical_json({"a": math.nan})


def test_reformatted_table_gives_the_same_digest(tables: tuple[Path, Path]) -> None:
    plain, excel = tables
    assert _digest(plain) == _digest(excel)


def test_changed_cell_changes_the_digest(tables: tuple[Path, Path], tmp_path: Path) -> None:
    plain, _ = tables
    changed = tmp_path / "changed.csv"
    changed.write_text(TABLE_COMMA.replace("131.5", "131.6"), encoding="utf-8")
    assert _digest(plain) != _digest(changed)


def test_weights_enter_the_digest_as_normalised_values(tables: tuple[Path, Path]) -> None:
    plain, _ = tables
    assert _digest(plain, [0.4, 0.4, 0.2]) == _digest(plain, [4, 4, 2])
    assert _digest(plain, [0.4, 0.4, 0.2]) == _digest(
        plain, {"cost": 0.4, "co2": 0.4, "investment": 0.2}
    )
    assert _digest(plain, [0.4, 0.4, 0.2]) != _digest(plain, [0.4, 0.3, 0.3])


@pytest.mark.parametrize(
    "setting",
    [
        {"method": "vikor"},
        {"normalization": "max"},
        {"n": 128},
        {"seed": 2},
    ],
)
def test_every_setting_enters_the_digest(tables: tuple[Path, Path], setting: dict) -> None:
    plain, _ = tables
    assert _digest(plain) != _digest(plain, **setting)
