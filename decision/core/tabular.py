"""Read a decision table from CSV, as people really export it.

A table is: a header row with the indicators' names (its first cell names the alternatives'
column and may be empty), then one row per alternative, its name first. A French Excel export
opens as it is: ``;`` separators, decimal commas, Windows-1252 or UTF-8 with a byte-order mark.

We read with the standard library's :mod:`csv` rather than ``pandas.read_csv`` because every
rejection must name the file, the row and the column in one line, and because the decimal-comma
rule depends on the separator we detect (``1,5`` is a number in a ``;`` file and two cells in a
``,`` file). pandas would coerce or raise on the whole column and lose the row.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from copilote.decision.errors import InputError
from copilote.decision.files import check_input_file

#: Encodings tried in order. UTF-8 first (with or without BOM); Windows-1252 is what French
#: Excel writes by default ("CSV (séparateur: point-virgule)").
ENCODINGS = ("utf-8-sig", "cp1252")

#: Spaces people put in numbers as thousands separators: normal, no-break, narrow no-break.
_THOUSANDS_SPACES = (" ", "\u00a0", "\u202f")


@dataclass(frozen=True)
class Table:
    """A decision table read from a file.

    Attributes:
        path: the file it came from.
        alternatives: names of the rows, unique.
        indicators: names of the columns, unique.
        matrix: values, shape (alternatives, indicators), finite.
        delimiter: the separator found (``,`` or ``;`` or tab).
        encoding: the encoding that decoded the file.
    """

    path: Path
    alternatives: tuple[str, ...]
    indicators: tuple[str, ...]
    matrix: NDArray[np.float64]
    delimiter: str
    encoding: str


def read_table(path: str | Path) -> Table:
    """Read and validate a decision table; any problem is an :class:`InputError` naming it."""
    path = Path(path)
    name = str(path)
    text, encoding = _decode(path)
    delimiter = _detect_delimiter(text, name)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    # Spreadsheets add empty trailing lines (or lines of bare separators); they are not rows.
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not numbered:
        raise InputError(f"{name}: the file is empty, expected a header row and alternatives")
    header_row, header = numbered[0]
    indicators = [c.strip() for c in header[1:]]
    if not indicators:
        raise InputError(
            f"{name}, row {header_row}: the header has no indicator columns; expected "
            f"'alternative{delimiter}indicator1{delimiter}indicator2...'"
        )
    for col, ind in enumerate(indicators, start=2):
        if not ind:
            raise InputError(f"{name}, row {header_row}, column {col}: empty indicator name")
    seen_ind: dict[str, int] = {}
    for col, ind in enumerate(indicators, start=2):
        if ind in seen_ind:
            raise InputError(
                f"{name}, row {header_row}: duplicate indicator name '{ind}' "
                f"(columns {seen_ind[ind]} and {col})"
            )
        seen_ind[ind] = col

    alternatives: list[str] = []
    first_seen: dict[str, int] = {}
    values: list[list[float]] = []
    width = len(indicators) + 1
    for row_no, row in numbered[1:]:
        cells = list(row)
        # A trailing separator gives one empty extra cell: tolerated, it carries nothing.
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        if len(cells) != width:
            raise InputError(
                f"{name}, row {row_no}: {len(cells)} cells, expected {width} "
                f"(the alternative's name and {len(indicators)} values)"
            )
        alt = cells[0].strip()
        if not alt:
            raise InputError(f"{name}, row {row_no}: the alternative has no name")
        if alt in first_seen:
            raise InputError(
                f"{name}, row {row_no}: duplicate alternative '{alt}' "
                f"(already at row {first_seen[alt]})"
            )
        first_seen[alt] = row_no
        alternatives.append(alt)
        values.append(
            [
                parse_number(cell, delimiter, f"{name}, row {row_no}, column '{ind}'")
                for cell, ind in zip(cells[1:], indicators, strict=True)
            ]
        )
    if len(alternatives) < 2:
        raise InputError(
            f"{name}: {len(alternatives)} alternative(s), expected at least two to compare"
        )
    return Table(
        path=path,
        alternatives=tuple(alternatives),
        indicators=tuple(indicators),
        matrix=np.array(values, dtype=float),
        delimiter=delimiter,
        encoding=encoding,
    )


def parse_number(cell: str, delimiter: str, where: str) -> float:
    """One cell as a finite float; ``where`` names the cell in the error.

    Accepts ``1.5``, ``-2e3`` and, unless the separator is a comma, ``1,5`` and ``1 234,5``.
    """
    raw = cell.strip()
    if not raw:
        raise InputError(f"{where}: empty cell, expected a number")
    text = raw
    for space in _THOUSANDS_SPACES:
        text = text.replace(space, "")
    if delimiter == "," and "," in text:
        raise InputError(
            f"{where}: '{raw}' is ambiguous in a comma-separated file (decimal comma or "
            "thousands?); use a decimal point, or ';' as separator"
        )
    if "," in text:
        if "." in text:
            # "1.234,5" (thousands dot, decimal comma), as some locales write.
            text = text.replace(".", "")
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}: '{raw}' is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{where}: '{raw}' is not a finite number (NaN or infinite)")
    return value


def _decode(path: Path) -> tuple[str, str]:
    name = str(path)
    check_input_file(path)  # a device, a pipe or a huge file is refused before reading
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, expected a CSV file") from None
    except OSError as err:
        raise InputError(f"{name}: cannot be read ({err.strerror})") from None
    if not data.strip():
        raise InputError(f"{name}: the file is empty, expected a header row and alternatives")
    if b"\x00" in data:
        raise InputError(f"{name}: binary content, expected a CSV text file")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # cp1252 decodes nearly anything; control characters betray a binary file.
        if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text):
            raise InputError(f"{name}: binary content, expected a CSV text file")
        return text, encoding
    raise InputError(f"{name}: not a text file in UTF-8 or Windows-1252")


def _detect_delimiter(text: str, name: str) -> str:
    """The separator of the header line: ``;``, tab or ``,``, whichever splits it most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        raise InputError(
            f"{name}, row 1: no separator found; expected columns separated by ';' or ','"
        )
    return best
