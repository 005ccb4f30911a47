"""A case written as tables: scenarios x indicators from a spreadsheet, no model code.

A planning team that has its figures in a spreadsheet writes a folder like this
(see docs/table-case.md)::

    case.toml          id, title_fr, title_en, model = "table", and the file names below
    performance.csv    scenario[, name_fr, name_en, description_fr, description_en], <indicator>...
    indicators.csv     indicator, criterion, direction, unit, label_fr, label_en
    uncertainty.csv    scenario, indicator, low, high, source[, status]        (optional)
    criteria.csv       criterion, label_fr, label_en                           (optional)

Each row of ``uncertainty.csv`` makes one cell of the performance table an uncertain parameter
of the case, named ``<scenario>.<indicator>``, in the indicator's unit: ``decision parameters``
lists them, and the sensitivity study draws them uniformly in [low, high]. Every other cell is
fixed. So the engine sees a table case exactly as it sees the Lens–Liévin model: a
:class:`~copilote.decision.case.loading.Case` whose :meth:`TableCase.evaluate` maps parameter
samples to a [k, scenarios, indicators] array, here by writing the drawn values into the cells.

The files are read as ``decision rank`` reads tables (:mod:`copilote.decision.core.tabular`):
``;`` or ``,`` separators, decimal commas with ``;``, UTF-8 or Windows-1252. Every rejection is
one line naming the file, the row (the header is row 1, as a spreadsheet shows it) and the
column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from copilote.decision.case.domains import check_domain
from copilote.decision.case.loading import (
    CASE_READERS,
    STATUSES,
    Case,
    Parameter,
    Scenario,
    _closest,
    case_red_lines,
    check_case_meta,
)
from copilote.decision.core.problem import Criterion, Indicator
from copilote.decision.core.tabular import _decode, _detect_delimiter, parse_number
from copilote.decision.errors import InputError

MODEL = "table"
REQUIRED_FIELDS = ("id", "title_fr", "title_en", "model", "performance", "indicators")
OPTIONAL_FIELDS = ("uncertainty", "criteria", "red_lines")
INDICATOR_COLUMNS = ("indicator", "criterion", "direction", "unit", "label_fr", "label_en")
UNCERTAINTY_COLUMNS = ("scenario", "indicator", "low", "high", "source")
CRITERIA_COLUMNS = ("criterion", "label_fr", "label_en")
#: Columns of performance.csv that describe a scenario rather than hold an indicator.
SCENARIO_COLUMNS = ("name_fr", "name_en", "description_fr", "description_en")
DIRECTIONS = ("min", "max")
#: Ids become parameter names (``scenario.indicator``) and CLI weight keys: letters (accents
#: allowed), digits, ``_`` and ``-``, so that neither ``.`` nor ``=`` nor ``,`` can hide in one.
_ID = re.compile(r"^\w[\w-]*$")


@dataclass(frozen=True)
class TableCase(Case):
    """A case whose indicators are given, not computed: the nominal table and its uncertain cells.

    Attributes (besides :class:`Case`'s):
        matrix: nominal values, shape (scenarios, indicators), in the indicators' units.
        cells: for each parameter, in order, the (scenario, indicator) position of its cell.
    """

    matrix: NDArray[np.float64] = field(compare=False, repr=False)
    cells: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        # Not Case's check (it asks for the Lens model's parameters): a table has its own.
        matrix = np.array(self.matrix, dtype=float)
        if matrix.shape != (len(self.scenarios), len(self.indicators)):
            raise InputError(
                f"case '{self.id}': table of shape {matrix.shape}, expected "
                f"({len(self.scenarios)} scenarios, {len(self.indicators)} indicators)"
            )
        if len(self.cells) != len(self.parameters):
            raise InputError(f"case '{self.id}': one cell per uncertain parameter expected")
        matrix.flags.writeable = False
        object.__setattr__(self, "matrix", matrix)
        object.__setattr__(self, "_nominal", {p.name: p.nominal for p in self.parameters})

    def evaluate(self, samples: Mapping[str, Any] | None = None) -> NDArray[np.float64]:
        """The table for k samples of its uncertain cells: array [k, scenarios, indicators].

        Args:
            samples: ``{"scenario.indicator": array of k values}`` in the indicator's unit;
                cells not named keep their nominal value. None: the nominal table (k = 1).
        """
        values, k = self._sample_values(samples)
        # Built as [scenarios, indicators, k] and returned as its transposed view, as the Lens
        # model does: the batched kernels read samples last without a copy.
        out = np.repeat(self.matrix[:, :, np.newaxis], k, axis=2)
        for p, (row, col) in zip(self.parameters, self.cells, strict=True):
            out[row, col, :] = values[p.name]
        return out.transpose(2, 0, 1)

    def details(self, scenario_id: str) -> dict[str, float]:
        """A table has no intermediate values: the scenario's nominal row, by indicator."""
        row = [s.id for s in self.scenarios].index(self.scenario(scenario_id).id)
        return {ind.id: float(v) for ind, v in zip(self.indicators, self.matrix[row], strict=True)}

    def canonical(self) -> dict[str, Any]:
        """The parsed content (for hashing): Case's, plus the table and the criteria's labels."""
        return {
            **super().canonical(),
            "model": MODEL,
            "table": [[float(v) for v in row] for row in self.matrix],
            "criteria": [
                {"id": c.id, "label_fr": c.label_fr, "label_en": c.label_en} for c in self.criteria
            ],
        }


# -- loading --------------------------------------------------------------------------------
def load_table_case(file: Path, meta: Mapping[str, Any]) -> TableCase:
    """Read and check a table case whose ``case.toml`` (``file``) has been read into ``meta``."""
    check_case_meta(meta, file, REQUIRED_FIELDS, OPTIONAL_FIELDS)
    folder = file.parent
    indicators_path = folder / meta["indicators"]
    performance_path = folder / meta["performance"]
    indicators = read_indicators(indicators_path)
    criteria = (
        read_criteria(folder / meta["criteria"], indicators, indicators_path.name)
        if "criteria" in meta
        else tuple(
            dict.fromkeys(Criterion(i.criterion, i.criterion, i.criterion) for i in indicators)
        )
    )
    scenarios, matrix = read_performance(performance_path, indicators, indicators_path.name)
    parameters: tuple[Parameter, ...] = ()
    cells: tuple[tuple[int, int], ...] = ()
    if "uncertainty" in meta:
        parameters, cells = read_uncertainty(
            folder / meta["uncertainty"], scenarios, indicators, matrix, performance_path.name
        )
    return TableCase(
        id=meta["id"],
        title_fr=meta["title_fr"],
        title_en=meta["title_en"],
        path=file,
        scenarios=scenarios,
        parameters=parameters,
        indicators=indicators,
        criteria=criteria,
        matrix=matrix,
        cells=cells,
        red_lines=case_red_lines(meta.get("red_lines", []), indicators, scenarios, file),
    )


def read_indicators(path: Path) -> tuple[Indicator, ...]:
    """``indicators.csv``: one row per indicator, its criterion, direction, unit and labels."""
    _, rows, _ = read_rows(path, INDICATOR_COLUMNS)
    out: list[Indicator] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        where = f"{path.name}, row {line}"
        ind = _new_identifier(row, "indicator", where, line, seen)
        criterion = _identifier(row["criterion"], f"{where}, column 'criterion'")
        direction = row["direction"].lower()
        if direction not in DIRECTIONS:
            raise InputError(
                f"{where}, column 'direction': '{row['direction']}' is not a direction; "
                "expected min (lower is better) or max (higher is better)"
            )
        for col in ("unit", "label_fr", "label_en"):
            if not row[col]:
                raise InputError(f"{where}, column '{col}': empty; every indicator needs it")
        out.append(
            Indicator(
                ind,
                row["label_fr"],
                row["label_en"],
                " ".join(row["unit"].split()),
                "min" if direction == "min" else "max",
                criterion,
            )
        )
    if not out:
        raise InputError(f"{path.name}: no indicator; expected one row per indicator")
    return tuple(out)


def read_criteria(
    path: Path, indicators: Sequence[Indicator], indicators_file: str
) -> tuple[Criterion, ...]:
    """``criteria.csv``: each criterion's labels; every criterion must group an indicator."""
    _, rows, _ = read_rows(path, CRITERIA_COLUMNS)
    used = {i.criterion for i in indicators}
    out: list[Criterion] = []
    for line, row in rows:
        where = f"{path.name}, row {line}"
        cid = _identifier(row["criterion"], f"{where}, column 'criterion'")
        if cid in {c.id for c in out}:
            raise InputError(f"{where}, column 'criterion': '{cid}' is given twice")
        if cid not in used:
            raise InputError(
                f"{where}, column 'criterion': criterion '{cid}' has no indicator in "
                f"{indicators_file}; give it one or remove the row"
            )
        for col in ("label_fr", "label_en"):
            if not row[col]:
                raise InputError(f"{where}, column '{col}': empty; every criterion needs it")
        out.append(Criterion(cid, row["label_fr"], row["label_en"]))
    listed = {c.id for c in out}
    for ind in indicators:
        if ind.criterion not in listed:
            raise InputError(
                f"{indicators_file}, indicator '{ind.id}', column 'criterion': "
                f"'{ind.criterion}' is not in {path.name}{_closest(ind.criterion, listed)}"
            )
    return tuple(out)


def read_performance(
    path: Path, indicators: Sequence[Indicator], indicators_file: str
) -> tuple[tuple[Scenario, ...], NDArray[np.float64]]:
    """``performance.csv``: one row per scenario, its nominal value for every indicator."""
    header, rows, delimiter = read_rows(path, ("scenario",))
    ids = [i.id for i in indicators]
    for col in header:
        if col in ("scenario", *SCENARIO_COLUMNS):
            continue
        if col not in ids:
            raise InputError(
                f"{path.name}, row 1, column '{col}': indicator '{col}' is not in "
                f"{indicators_file}{_closest(col, ids)}"
            )
    for ind in ids:
        if ind not in header:
            raise InputError(
                f"{path.name}, row 1: no column for indicator '{ind}' of {indicators_file}"
                f"{_closest(ind, header)}"
            )
    scenarios: list[Scenario] = []
    values: list[list[float]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        where = f"{path.name}, row {line}"
        sid = _new_identifier(row, "scenario", where, line, seen)
        name_fr = row.get("name_fr") or row.get("name_en") or sid
        scenarios.append(
            Scenario(
                id=sid,
                name_fr=name_fr,
                name_en=row.get("name_en") or name_fr,
                description_fr=row.get("description_fr", ""),
                description_en=row.get("description_en") or row.get("description_fr", ""),
                levers={},
            )
        )
        cells = [parse_number(row[ind], delimiter, f"{where}, column '{ind}'") for ind in ids]
        for indicator, value in zip(indicators, cells, strict=True):
            # what the unit allows (a % within 0–100, ha ≥ 0...), as for the Lens parameters;
            # the name rules are the Lens model's divisors: none here
            check_domain("", indicator.unit, {indicator.id: value}, where)
        values.append(cells)
    if len(scenarios) < 2:
        raise InputError(
            f"{path.name}: {len(scenarios)} scenario(s), expected at least two to compare"
        )
    return tuple(scenarios), np.array(values, dtype=float)


def read_uncertainty(
    path: Path,
    scenarios: Sequence[Scenario],
    indicators: Sequence[Indicator],
    matrix: NDArray[np.float64],
    performance_file: str,
) -> tuple[tuple[Parameter, ...], tuple[tuple[int, int], ...]]:
    """``uncertainty.csv``: the uncertain cells, each a parameter ranging over [low, high]."""
    _, rows, delimiter = read_rows(path, UNCERTAINTY_COLUMNS)
    sids = [s.id for s in scenarios]
    iids = [i.id for i in indicators]
    parameters: list[Parameter] = []
    cells: list[tuple[int, int]] = []
    seen: dict[tuple[int, int], int] = {}
    for line, row in rows:
        where = f"{path.name}, row {line}"
        sid, iid = row["scenario"], row["indicator"]
        if sid not in sids:
            raise InputError(
                f"{where}, column 'scenario': '{sid}' is not a scenario of {performance_file}"
                f"{_closest(sid, sids)}"
            )
        if iid not in iids:
            raise InputError(
                f"{where}, column 'indicator': '{iid}' is not an indicator of the case"
                f"{_closest(iid, iids)}"
            )
        cell = (sids.index(sid), iids.index(iid))
        if cell in seen:
            raise InputError(f"{where}: the cell {sid}/{iid} is already at row {seen[cell]}")
        seen[cell] = line
        low = parse_number(row["low"], delimiter, f"{where}, column 'low'")
        high = parse_number(row["high"], delimiter, f"{where}, column 'high'")
        check_domain("", indicators[cell[1]].unit, {"low": low, "high": high}, where)
        if low > high:
            raise InputError(f"{where}, column 'low': low {low:g} is above high {high:g}")
        nominal = float(matrix[cell])
        if not low <= nominal <= high:
            raise InputError(
                f"{where}: the nominal value {nominal:g} ({performance_file}, scenario '{sid}', "
                f"column '{iid}') is outside its range [{low:g}, {high:g}]"
            )
        if not row["source"]:
            raise InputError(f"{where}, column 'source': empty; every range needs its source")
        # A range is a judgement unless the team says it read it somewhere (status verified).
        status = row.get("status") or "assumption"
        if status not in STATUSES:
            raise InputError(
                f"{where}, column 'status': '{status}'{_closest(status, STATUSES)}; "
                f"expected one of {', '.join(STATUSES)}"
            )
        scenario, indicator = scenarios[cell[0]], indicators[cell[1]]
        parameters.append(
            Parameter(
                name=f"{sid}.{iid}",
                nominal=nominal,
                low=low,
                high=high,
                unit=indicator.unit,
                source=row["source"],
                status=status,
                label_fr=f"{indicator.label_fr} ({scenario.name_fr})",
                label_en=f"{indicator.label_en} ({scenario.name_en})",
            )
        )
        cells.append(cell)
    return tuple(parameters), tuple(cells)


def read_rows(
    path: Path, required: Sequence[str]
) -> tuple[list[str], list[tuple[int, dict[str, str]]], str]:
    """A CSV file's header, its rows as ``(line, {column: text})`` and the separator found.

    Decoded and split as :func:`~copilote.decision.core.tabular.read_table` does; blank lines
    are skipped, lines keep the number a spreadsheet shows (the header is row 1).
    """
    text, _encoding = _decode(path)
    delimiter = _detect_delimiter(text, path.name)
    numbered = [
        (n, r)
        for n, r in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
        if any(c.strip() for c in r)
    ]
    if not numbered:  # only separators: a spreadsheet's empty sheet
        raise InputError(f"{path.name}: no header row; expected {', '.join(required)}")
    header_line, raw_header = numbered[0]
    header = [h.strip() for h in raw_header]
    while header and not header[-1]:  # a trailing separator
        header.pop()
    for col in required:
        if col not in header:
            raise InputError(
                f"{path.name}, row {header_line}: missing column '{col}'{_closest(col, header)} "
                f"(expected {', '.join(required)})"
            )
    for number, name in enumerate(header, start=1):
        if not name:
            raise InputError(f"{path.name}, row {header_line}, column {number}: empty name")
        if header.index(name) != number - 1:
            raise InputError(f"{path.name}, row {header_line}: column '{name}' is given twice")
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in numbered[1:]:
        cells = list(cells)
        while len(cells) > len(header) and not cells[-1].strip():
            cells.pop()
        if len(cells) > len(header):
            raise InputError(
                f"{path.name}, row {line}: {len(cells)} cells for {len(header)} columns "
                f"(a text with '{delimiter}' should be quoted)"
            )
        cells += [""] * (len(header) - len(cells))
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return header, rows, delimiter


def _new_identifier(
    row: Mapping[str, str], column: str, where: str, line: int, seen: dict[str, int]
) -> str:
    """The identifier in ``column`` of the row at ``line``, refused if an earlier row gave it;
    ``seen`` (identifier -> row) is updated."""
    found = _identifier(row[column], f"{where}, column '{column}'")
    if found in seen:
        raise InputError(f"{where}, column '{column}': '{found}' is already at row {seen[found]}")
    seen[found] = line
    return found


def _identifier(text: str, where: str) -> str:
    if not text:
        raise InputError(f"{where}: empty, expected an id")
    if not _ID.match(text):
        raise InputError(
            f"{where}: '{text}' is not an id; use letters, digits, '_' or '-' (no spaces or dots)"
        )
    return text


CASE_READERS["table"] = load_table_case
