"""A case: scenarios, uncertain parameters and the model that turns them into indicators.

The bundled case is Lens–Liévin (``data/lens_lievin/`` and ``scenarios/lens_lievin/``, shipped
inside the package). Another case is a folder holding a ``case.toml`` (or that file itself)::

    id = "lens_lievin"
    title_fr = "..."; title_en = "..."
    model = "lens_lievin"            # the criteria model that evaluates it
    parameters = "parameters.csv"    # relative to case.toml
    scenarios = "../../scenarios/lens_lievin"

Readers are shims (file -> dict or rows -> validated objects) and validation happens once, here,
at the boundary: a bad file raises :class:`decision.errors.InputError` naming the file, the row
or key and what was expected. After that, :meth:`Case.evaluate` only computes.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from copilote.criteria.heat import shared_annuities
from copilote.criteria.indicators import CRITERIA, INDICATORS
from copilote.criteria.model import LEVERS, PARAMETER_UNITS, evaluate_scenario
from copilote.decision.analysis.red_lines import RedLine, red_line_from_entry
from copilote.decision.case.domains import check_domain
from copilote.decision.core.problem import (
    Criterion,
    DecisionProblem,
    Indicator,
    split_criterion_weights,
)
from copilote.decision.core.tabular import _decode, _detect_delimiter
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError
from copilote.decision.files import resolve_path
from copilote.scenarios.loader import (
    ParameterRange,
    ScenarioError,
    load_scenarios,
    read_scenario_file,
)

if TYPE_CHECKING:  # pandas only builds the performance table: evaluate and sensitivity skip it
    import pandas as pd

STATUSES = ("verified", "derived", "assumption")
PARAMETER_COLUMNS = ("name", "nominal", "low", "high", "unit", "status", "source")
#: Key under which a row read from a file keeps its line number (for error messages).
LINE = "_line"
LABEL_COLUMNS = ("label_fr", "label_en")
MODELS = ("lens_lievin", "table")
CASE_FIELDS = ("id", "title_fr", "title_en", "model", "parameters", "scenarios")
#: Optional fields of case.toml: ``[[red_lines]]`` (see decision.analysis.red_lines).
CASE_OPTIONAL_FIELDS = ("red_lines",)


def bundled_case_file() -> Path:
    """``case.toml`` of the bundled Lens–Liévin case, shipped in :mod:`copilote.data`.

    Found with :mod:`importlib.resources`, so it is the same file from any working directory,
    in a checkout, an editable install, a wheel or an sdist.
    """
    return Path(str(resources.files("copilote.data") / "lens_lievin" / "case.toml"))


@dataclass(frozen=True)
class Parameter:
    """An input of the model with its range and provenance.

    Attributes:
        name: the model's name for it (``pipe_cost``).
        nominal, low, high: nominal value and the range used by the sensitivity study, in
            ``unit``; ``low == high`` for a fixed fact.
        unit: e.g. ``€ HT/m``.
        source: where the figure comes from.
        status: ``verified`` (read in the source), ``derived`` (computed, see ``formula``) or
            ``assumption`` (no source for the figure itself).
        label_fr, label_en: what a committee reads.
        formula: how a derived value is computed (empty otherwise, or a note).
    """

    name: str
    nominal: float
    low: float
    high: float
    unit: str
    source: str
    status: str
    label_fr: str
    label_en: str
    formula: str = ""

    @property
    def uncertain(self) -> bool:
        """True when the range is not a single value."""
        return self.high > self.low

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``decision parameters``."""
        return {
            "name": self.name,
            "nominal": self.nominal,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "source": self.source,
            "status": self.status,
        }


@dataclass(frozen=True)
class Scenario:
    """A scenario: lever settings (overrides resolved) and parameters fixed for it."""

    id: str
    name_fr: str
    name_en: str
    description_fr: str
    description_en: str
    levers: dict[str, Any]
    parameters: dict[str, float] = field(default_factory=dict)
    based_on: str | None = None

    def name(self, lang: str = "fr") -> str:
        """The name in ``lang``."""
        return self.name_fr if lang == "fr" else self.name_en


@dataclass(frozen=True)
class Case:
    """A validated case. Build one with :func:`load_case` (or by hand, for tests).

    Attributes:
        id, title_fr, title_en: as in ``case.toml``.
        path: the ``case.toml`` read (None when built by hand).
        scenarios: the alternatives, in order.
        parameters: every input of the model (fixed facts have low == high).
        indicators, criteria: the columns and their grouping.
        red_lines: the limits the case sets itself (``[[red_lines]]`` in case.toml).
    """

    id: str
    title_fr: str
    title_en: str
    path: Path | None
    scenarios: tuple[Scenario, ...]
    parameters: tuple[Parameter, ...]
    indicators: tuple[Indicator, ...]
    criteria: tuple[Criterion, ...]
    # keyword-only: a subclass (decision.case.table.TableCase) adds fields without defaults
    red_lines: tuple[RedLine, ...] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        names = {p.name for p in self.parameters}
        missing = [n for n in PARAMETER_UNITS if n not in names]
        if missing:
            raise InputError(f"case '{self.id}': missing parameter '{missing[0]}'")
        object.__setattr__(self, "_nominal", {p.name: p.nominal for p in self.parameters})

    # -- evaluation ----------------------------------------------------------------------
    def evaluate(self, samples: Mapping[str, Any] | None = None) -> NDArray[np.float64]:
        """Indicators of every scenario for k samples of the parameters.

        Args:
            samples: ``{parameter name: array of k values}`` in the parameters' units; missing
                parameters stay at their nominal value. None: the nominal point (k = 1).

        Returns:
            array [k, scenarios, indicators].
        """
        values, k = self._sample_values(samples)
        # Filled as [scenarios, indicators, k] (each indicator's k values written contiguously)
        # and returned as its [k, scenarios, indicators] view: the batched kernels work with
        # samples last, so they take this view without a copy.
        out = np.empty((len(self.scenarios), len(self.indicators), k))
        self.evaluate_scenarios(values, range(len(self.scenarios)), out)
        return out.transpose(2, 0, 1)

    def sample_values(
        self, samples: Mapping[str, Any] | None
    ) -> tuple[dict[str, NDArray[np.float64] | float], int]:
        """Every parameter's values for k samples, checked as :meth:`evaluate` checks them.

        Returns:
            ({name: array of k values, or the nominal float for a parameter not in
            ``samples``}, k): what :meth:`evaluate_scenarios` takes.
        """
        return self._sample_values(samples)

    def evaluate_scenarios(
        self,
        values: Mapping[str, NDArray[np.float64] | float],
        scenarios: Sequence[int] | range,
        out: NDArray[np.float64],
    ) -> None:
        """Indicators of some scenarios for k samples, written into ``out``.

        Args:
            values: every parameter, as :meth:`sample_values` gives them (not checked again:
                a sensitivity study checks each sample once and evaluates it in pieces). Arrays
                may have any shapes that broadcast together (a study passes some parameters as
                (g, k) arrays, the others as (k,)): the model is elementwise.
            scenarios: indices of the scenarios to evaluate, in :attr:`scenarios`.
            out: [len(scenarios), indicators, ...samples]; ``out[i]`` receives the indicators
                of scenario ``scenarios[i]``.
        """
        ids = [i.id for i in self.indicators]
        with shared_annuities():
            for position, j in enumerate(scenarios):
                scenario = self.scenarios[j]
                params = {**values, **scenario.parameters} if scenario.parameters else values
                try:
                    result = evaluate_scenario(scenario.levers, params)
                except ZeroDivisionError:  # a 0 efficiency or quantity that no check caught
                    raise InputError(
                        f"case '{self.id}', scenario '{scenario.id}': a parameter of 0 makes the "
                        "model divide by zero (an efficiency, a quantity?); check the parameters"
                    ) from None
                for col, ind in enumerate(ids):
                    out[position, col] = result.indicators[ind]

    def parameter_reads(self) -> tuple[frozenset[str], ...] | None:
        """For each scenario, the parameters its model reads (those it fixes itself left out).

        A scenario's indicators depend on no other parameter: the model is vectorised numpy,
        with Python branches on levers only, never on a parameter's value, so the names it reads
        are the same for every sample. They are recorded by evaluating each scenario once at
        the nominal point through a mapping that notes every name asked for (and all of them if
        it is iterated). A sensitivity study uses them to skip, in the rows where only one
        parameter moves, the scenarios that do not read it: their indicators are those of the
        row it was moved from, exactly. None for a subclass that evaluates its own way (a table
        case): nothing is known of what it reads.
        """
        if type(self).evaluate is not Case.evaluate:
            return None
        cached: tuple[frozenset[str], ...] | None = self.__dict__.get("_reads")
        if cached is not None:
            return cached
        nominal: dict[str, float] = object.__getattribute__(self, "_nominal")
        # Arrays, as in a study (two samples: a scalar could take another numpy path).
        values = {name: np.full(2, value) for name, value in nominal.items()}
        reads = []
        with shared_annuities():
            for scenario in self.scenarios:
                recorder = _ReadRecorder({**values, **scenario.parameters})
                evaluate_scenario(scenario.levers, recorder)
                reads.append(frozenset(recorder.read - set(scenario.parameters)))
        found = tuple(reads)
        object.__setattr__(self, "_reads", found)
        return found

    def details(self, scenario_id: str) -> dict[str, float]:
        """Named intermediate values of one scenario at nominal values (network prices, ...)."""
        scenario = self.scenario(scenario_id)
        values, _ = self._sample_values(None)
        params = {**values, **scenario.parameters}
        result = evaluate_scenario(scenario.levers, params, parts=True)
        return {k: float(np.asarray(v).reshape(-1)[0]) for k, v in result.details.items()}

    def performance(self) -> pd.DataFrame:
        """The nominal performance matrix: scenario ids x indicator ids."""
        import pandas as pd

        return pd.DataFrame(
            self.evaluate()[0],
            index=pd.Index([s.id for s in self.scenarios], name="scenario"),
            columns=[i.id for i in self.indicators],
        )

    def problem(self, weights: Any = None) -> DecisionProblem:
        """The decision problem at nominal values.

        Args:
            weights: anything :class:`~copilote.decision.core.weighting.Weights` reads
                (criterion weights ``{energy: .4, ...}``, indicator weights ``{ghg: .2, ...}``,
                a list, text); default equal criterion weights, each split equally over its
                indicators.
        """
        crit_ids = [c.id for c in self.criteria]
        problem = DecisionProblem(
            alternatives=tuple(s.id for s in self.scenarios),
            indicators=self.indicators,
            matrix=self.evaluate()[0],
            weights=split_criterion_weights(
                {c: 1.0 for c in crit_ids}, self.indicators, self.criteria
            ),
            criteria=self.criteria,
            alternative_labels=tuple(s.name_fr for s in self.scenarios),
        )
        if weights is None:
            return problem
        return Weights.parse(weights, problem).apply(problem)

    def canonical(self) -> dict[str, Any]:
        """The parsed content, independent of file layout and key order (for hashing)."""
        return {
            "id": self.id,
            "title_fr": self.title_fr,
            "title_en": self.title_en,
            "scenarios": [
                {
                    "id": s.id,
                    "name_fr": s.name_fr,
                    "name_en": s.name_en,
                    "description_fr": s.description_fr,
                    "description_en": s.description_en,
                    "levers": dict(sorted(s.levers.items())),
                    "parameters": dict(sorted(s.parameters.items())),
                }
                for s in self.scenarios
            ],
            "parameters": sorted(
                (
                    {
                        **p.to_dict(),
                        "label_fr": p.label_fr,
                        "label_en": p.label_en,
                        "formula": p.formula,
                    }
                    for p in self.parameters
                ),
                key=lambda d: d["name"],
            ),
            "indicators": [i.to_json() for i in self.indicators],
            # only when there are some, so that the hash of a case without lines is unchanged
            **({"red_lines": [r.to_json() for r in self.red_lines]} if self.red_lines else {}),
        }

    # -- lookups -------------------------------------------------------------------------
    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario named ``scenario_id``."""
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        ids = [s.id for s in self.scenarios]
        raise InputError(f"unknown scenario '{scenario_id}'{_closest(scenario_id, ids)}")

    def parameter(self, name: str) -> Parameter:
        """The parameter named ``name``."""
        for p in self.parameters:
            if p.name == name:
                return p
        names = [p.name for p in self.parameters]
        raise InputError(f"unknown parameter '{name}'{_closest(name, names)}")

    def _sample_values(
        self, samples: Mapping[str, Any] | None
    ) -> tuple[dict[str, NDArray[np.float64] | float], int]:
        nominal: dict[str, float] = object.__getattribute__(self, "_nominal")
        if not samples:
            return dict(nominal), 1
        arrays: dict[str, NDArray[np.float64]] = {}
        k: int | None = None
        for name, raw in samples.items():
            if name not in nominal:
                raise InputError(
                    f"samples: unknown parameter '{name}'{_closest(name, list(nominal))}"
                )
            arr = np.asarray(raw, dtype=float).reshape(-1)
            if k is None:
                k = arr.size
            elif arr.size != k:
                raise InputError(
                    f"samples: parameter '{name}' has {arr.size} values, "
                    f"expected {k} like the others"
                )
            if not np.all(np.isfinite(arr)):
                raise InputError(f"samples: parameter '{name}' has a value that is not finite")
            arrays[name] = arr
        assert k is not None
        if k == 0:
            raise InputError("samples: no values")
        values: dict[str, NDArray[np.float64] | float] = dict(nominal)
        values.update(arrays)
        return values, k


# -- loading --------------------------------------------------------------------------------
#: Readers of cases that the criteria model does not evaluate: ``model`` name -> reader of
#: (case.toml path, its fields). Each registers itself from its own module
#: (``decision/case/table.py``), which imports this one; the package's ``__init__`` imports
#: them, so they are here whenever this module is. A registry, not an import, so that the two
#: modules do not import each other.
CASE_READERS: dict[str, Callable[[Path, dict[str, Any]], Case]] = {}


def load_case(path: str | Path | None = None) -> Case:
    """Read and validate a case.

    Args:
        path: None for the bundled Lens–Liévin case; a folder holding ``case.toml``; or a case
            TOML file.
    """
    file = _case_file(path)
    meta = read_case_file(file)
    reader = CASE_READERS.get(str(meta.get("model")))
    if reader is not None:  # e.g. "table": scenarios x indicators given as tables, no model code
        return reader(file, meta)
    check_case_meta(meta, file)
    if meta["model"] not in MODELS:
        raise InputError(
            f"{file.name}: model '{meta['model']}' is unknown; expected one of {', '.join(MODELS)}"
        )
    params_path = resolve_path(file.parent / meta["parameters"], "parameters")
    parameters = read_parameters(params_path)
    scen_path = resolve_path(file.parent / meta["scenarios"], "scenarios")
    ranges = {p.name: ParameterRange(p.unit, p.low, p.high) for p in parameters}
    try:
        specs = load_scenarios(scen_path, ranges, LEVERS)
    except ScenarioError as err:
        message = str(err)
        # a file's name gets its folder; a message that starts with a full path has it already
        raise InputError(
            message if message.startswith("/") else f"{scen_path.name}/{message}"
        ) from None
    scenarios = tuple(
        Scenario(
            id=s.id,
            name_fr=s.name_fr,
            name_en=s.name_en,
            description_fr=s.description_fr,
            description_en=s.description_en,
            levers=dict(s.levers),
            parameters=dict(s.parameters),
            based_on=s.based_on,
        )
        for s in specs
    )
    indicators = case_indicators()
    red_lines = case_red_lines(meta.get("red_lines", []), indicators, scenarios, file)
    return Case(
        id=meta["id"],
        title_fr=meta["title_fr"],
        title_en=meta["title_en"],
        path=file,
        scenarios=scenarios,
        parameters=tuple(parameters),
        indicators=indicators,
        criteria=case_criteria(),
        red_lines=red_lines,
    )


def case_red_lines(
    entries: Any, indicators: Sequence[Indicator], scenarios: Sequence[Scenario], file: Path
) -> tuple[RedLine, ...]:
    """The ``[[red_lines]]`` of case.toml, validated against the case's indicators and scenarios."""
    if not isinstance(entries, list):
        raise InputError(f"{file.name}: 'red_lines' should be a list of [[red_lines]] tables")
    ids = [s.id for s in scenarios]
    return tuple(
        red_line_from_entry(entry, indicators, ids, f"{file.name}, red_lines #{n}")
        for n, entry in enumerate(entries, start=1)
    )


def case_indicators() -> tuple[Indicator, ...]:
    """The model's indicators as engine :class:`~decision.core.problem.Indicator` objects."""
    return tuple(
        Indicator(i.id, i.label_fr, i.label_en, i.unit, i.direction, i.criterion)  # type: ignore[arg-type]
        for i in INDICATORS
    )


def case_criteria() -> tuple[Criterion, ...]:
    """The four criteria (energy, cost, air, land)."""
    return tuple(Criterion(c.id, c.label_fr, c.label_en) for c in CRITERIA)


def read_case_file(file: Path) -> dict[str, Any]:
    """``case.toml`` as a dict, read as the scenario files are (same messages)."""
    try:
        return read_scenario_file(file)
    except ScenarioError as err:
        raise InputError(str(err)) from None


def read_parameters(path: Path) -> list[Parameter]:
    """Read and validate a parameter table (CSV, ``,`` or ``;``, decimal point or comma)."""
    return validate_parameters(read_parameter_rows(path), path.name)


def read_parameter_rows(path: Path) -> list[dict[str, str]]:
    """The CSV rows as dicts of text (shim). UTF-8 (with or without BOM) or Windows-1252."""
    # The same reading as decision rank's tables: encodings, binary files, separators.
    text, _encoding = _decode(path)
    delimiter = _detect_delimiter(text, path.name)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for col in (*PARAMETER_COLUMNS, *LABEL_COLUMNS):
        if col not in header:
            raise InputError(
                f"{path.name}: missing column '{col}'{_closest(col, header)} "
                f"(expected {', '.join((*PARAMETER_COLUMNS, *LABEL_COLUMNS))}, formula)"
            )
    rows = []
    for row in reader:
        if None in row:
            raise InputError(
                f"{path.name}, row {reader.line_num}: more cells than columns "
                "(a value with a comma should be quoted)"
            )
        # the file's own line number: DictReader skips blank lines, a count would drift
        rows.append({**{k: (v or "").strip() for k, v in row.items()}, LINE: str(reader.line_num)})
    if delimiter != ",":  # ";" or tab: decimal commas allowed
        for row in rows:
            for col in ("nominal", "low", "high"):
                row[col] = row[col].replace(",", ".")
    return rows


def validate_parameters(rows: Sequence[Mapping[str, str]], label: str) -> list[Parameter]:
    """Check parameter rows against the model: names, units, numbers, ranges, provenance."""
    out: list[Parameter] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=2):  # row 1 is the header
        index = int(row.get(LINE, index))
        name = row.get("name", "")
        where = f"{label}, row {index}"
        if not name:
            raise InputError(f"{where}: empty name")
        where = f"{label}, row {index} ({name})"
        if name in seen:
            raise InputError(f"{where}: parameter '{name}' is given twice")
        seen.add(name)
        if name not in PARAMETER_UNITS:
            raise InputError(
                f"{where}: '{name}' is not a parameter of the model"
                f"{_closest(name, PARAMETER_UNITS)}"
            )
        unit = " ".join(row.get("unit", "").split())
        if unit != PARAMETER_UNITS[name]:
            raise InputError(
                f"{where}, column 'unit': '{unit}' is wrong, expected '{PARAMETER_UNITS[name]}'"
            )
        nominal, low, high = (_number(row.get(c, ""), where, c) for c in ("nominal", "low", "high"))
        check_domain(name, unit, {"nominal": nominal, "low": low, "high": high}, where)
        if low > high:
            raise InputError(f"{where}: low {low:g} is above high {high:g}")
        if not low <= nominal <= high:
            raise InputError(
                f"{where}: nominal {nominal:g} is outside its range [{low:g}, {high:g}]"
            )
        status = row.get("status", "")
        if status not in STATUSES:
            raise InputError(
                f"{where}, column 'status': '{status}'{_closest(status, STATUSES)}; "
                f"expected one of {', '.join(STATUSES)}"
            )
        formula = row.get("formula", "")
        if status == "derived" and not formula:
            raise InputError(f"{where}: a derived value needs its formula (column 'formula')")
        for col in ("source", *LABEL_COLUMNS):
            if not row.get(col, ""):
                raise InputError(f"{where}, column '{col}': empty; every figure needs it")
        out.append(
            Parameter(
                name=name,
                nominal=nominal,
                low=low,
                high=high,
                unit=unit,
                source=row["source"],
                status=status,
                label_fr=row["label_fr"],
                label_en=row["label_en"],
                formula=formula,
            )
        )
    missing = [n for n in PARAMETER_UNITS if n not in seen]
    if missing:
        raise InputError(
            f"{label}: missing parameter '{missing[0]}' ({PARAMETER_UNITS[missing[0]]}) "
            "that the model needs"
        )
    return out


def _case_file(path: str | Path | None) -> Path:
    if path is None:
        return bundled_case_file()
    p = Path(path)
    if p.is_dir():
        p = p / "case.toml"
    if not p.exists():
        raise InputError(f"{p}: no such case (expected a folder with case.toml or a .toml file)")
    if p.suffix.lower() != ".toml":
        raise InputError(f"{p}: a case is a .toml file or a folder holding case.toml")
    return p


def check_case_meta(
    meta: Mapping[str, Any],
    file: Path,
    required: Sequence[str] = CASE_FIELDS,
    optional: Sequence[str] = CASE_OPTIONAL_FIELDS,
) -> None:
    """Every field of ``case.toml`` known, every required one present as a non-empty text.

    Optional fields that are lists of tables (``[[red_lines]]``) are checked by their reader.
    """
    for key in meta:
        if key not in required and key not in optional:
            raise InputError(
                f"{file.name}: unknown field '{key}'{_closest(key, (*required, *optional))} "
                f"(expected {', '.join(required)})"
            )
    for key in required:
        if key not in meta:
            raise InputError(f"{file.name}: missing field '{key}'")
    for key in meta:
        if key != "red_lines" and (not isinstance(meta[key], str) or not meta[key].strip()):
            raise InputError(f"{file.name}: field '{key}' should be a non-empty text")


def _number(text: str, where: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}, column '{column}': '{text}' is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{where}, column '{column}': '{text}' is not a finite number")
    return value


def _closest(name: str, candidates: Any) -> str:
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


class _ReadRecorder(Mapping[str, Any]):
    """A read-only mapping that notes the keys asked of it (all of them when iterated)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        self.read.update(self._data)  # whoever iterates may read anything
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)
