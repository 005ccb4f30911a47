"""Red lines: limits on an indicator that no weight can buy back.

Every MCDA method of the project is compensatory: a scenario that takes 13 ha of new land can
still come first if it does well enough elsewhere. A *red line* is a limit a committee will not
trade: an indicator, a comparison (``<=`` or ``>=``) and a bound, either a number in the
indicator's unit (``land_take<=0 ha``) or another scenario (``nox<=reference``: no worse than the
reference, whatever the parameters).

A scenario that crosses a line is *inadmissible*: it keeps its score, is ranked after every
admissible scenario, and the result says which lines it crosses and by how much (the *margin*,
in the indicator's unit, positive when the line is crossed).

The same functions serve the nominal ranking (:func:`check`) and the sensitivity study, which
computes the margins of every sample from the matrices it already evaluates (:func:`margins`)
and ranks admissible scenarios first in each sample (:func:`admissible_first`).
``docs/red_lines.md`` explains them for people, with the bundled case's ZAN line.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from copilote.decision.core.problem import DecisionProblem, Indicator
from copilote.decision.errors import InputError
from copilote.decision.i18n import text
from copilote.decision.numbers import format_number

Comparison = Literal["<=", ">="]

#: How a line may be written: ``<=``/``>=`` or the signs ``≤``/``≥``.
_OPERATORS = {"<=": "<=", ">=": ">=", "≤": "<=", "≥": ">="}
#: A number with optional thousands separators (space, no-break space) and a decimal comma.
_NUMBER = re.compile(
    r"^(?P<number>[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?:[eE][+-]?\d+)?)"
    r"\s*(?P<unit>.*)$"
)
#: A value within this share of its bound (at least this much in absolute terms) is on the line,
#: not across it: rounding in the model must not make a scenario inadmissible.
_TOLERANCE = 1e-9
#: Fields of a ``[[red_lines]]`` entry of case.toml.
CASE_FIELDS = ("indicator", "comparison", "bound", "source", "reason", "set_by")


@dataclass(frozen=True)
class RedLine:
    """One limit on one indicator.

    Attributes:
        indicator: the indicator's id (``land_take``).
        comparison: ``<=`` (the value must stay at or below the bound) or ``>=``.
        value: the bound in the indicator's unit, when it is a number.
        scenario: the scenario whose value is the bound, when it is one (``reference``).
        unit: the indicator's unit (``ha``; empty for a plain table).
        source: where the line comes from (a law, a plan, a budget vote) or why it was set.
        set_by: who set it (``comité de pilotage``, a member of a group session); empty when
            given on the command line.
    """

    indicator: str
    comparison: Comparison
    value: float | None = None
    scenario: str | None = None
    unit: str = ""
    source: str = ""
    set_by: str = ""

    @property
    def bound_text(self) -> str:
        """The bound as written: ``0 ha``, ``reference``."""
        if self.scenario is not None:
            return self.scenario
        number = f"{self.value:g}"
        return f"{number} {self.unit}".strip()

    @property
    def text(self) -> str:
        """The line as one would type it: ``land_take<=0 ha`` (also its key in JSON)."""
        return f"{self.indicator}{self.comparison}{self.bound_text}"

    def to_json(self) -> dict[str, Any]:
        """``{"line", "indicator", "comparison", "bound", "unit", "source", "set_by"}``."""
        return {
            "line": self.text,
            "indicator": self.indicator,
            "comparison": self.comparison,
            "bound": self.scenario if self.scenario is not None else self.value,
            "unit": self.unit,
            "source": self.source,
            "set_by": self.set_by,
        }


@dataclass(frozen=True)
class Violation:
    """A line crossed by a scenario, at nominal values.

    Attributes:
        line: the line crossed.
        bound: the bound's value in the indicator's unit (a scenario's bound: its value).
        value: the scenario's value.
        margin: how far beyond the line, in the indicator's unit (> 0).
    """

    line: RedLine
    bound: float
    value: float
    margin: float

    def to_json(self) -> dict[str, Any]:
        """``{"indicator", "line", "bound", "value", "margin", "unit"}`` (docs/contracts.md)."""
        return {
            "indicator": self.line.indicator,
            "line": self.line.text,
            "bound": self.bound,
            "value": self.value,
            "margin": self.margin,
            "unit": self.line.unit,
        }


@dataclass(frozen=True)
class RedLineCheck:
    """Which alternatives are admissible under some lines, at one point (the nominal values).

    Attributes:
        lines: the lines checked.
        alternatives: alternative ids in the problem's order.
        violations: alternative id -> the lines it crosses (empty: admissible).
    """

    lines: tuple[RedLine, ...]
    alternatives: tuple[str, ...]
    violations: dict[str, tuple[Violation, ...]]

    @property
    def admissible(self) -> NDArray[np.bool_]:
        """(m,) True for an alternative that crosses no line."""
        return np.array([not self.violations[a] for a in self.alternatives], dtype=bool)

    def is_admissible(self, alternative: str) -> bool:
        """Whether ``alternative`` crosses no line."""
        return not self.violations[alternative]


# -- parsing -----------------------------------------------------------------------------------
def parse_red_line(
    text: str,
    indicators: Sequence[Indicator],
    alternatives: Sequence[str],
    *,
    source: str = "",
    set_by: str = "",
    where: str = "--red-line",
) -> RedLine:
    """``land_take<=13 ha``, ``nox<=reference``, ``renewable_share>=50`` -> a :class:`RedLine`.

    The bound is a number in the indicator's unit (the unit may be left out; decimal commas and
    spaces between thousands are read) or the id of one of ``alternatives``.

    Raises:
        InputError: one line naming ``where`` and what was expected.
    """
    raw = " ".join(str(text).split())
    match = re.search(r"<=|>=|≤|≥", raw)
    if match is None:
        hint = (
            " ('<' and '>' are not enough: a line includes its bound)"
            if re.search(r"[<>=]", raw)
            else ""
        )
        raise InputError(
            f"{where}: '{raw}' has no comparison; expected INDICATOR<=BOUND or "
            f"INDICATOR>=BOUND{hint}"
        )
    name = raw[: match.start()].strip()
    bound = raw[match.end() :].strip()
    comparison: Comparison = "<=" if _OPERATORS[match.group()] == "<=" else ">="
    indicator = _find_indicator(name, indicators, where, raw)
    if not bound:
        raise InputError(
            f"{where}: '{raw}' has no bound; expected a number in {_unit_words(indicator)} "
            f"or a scenario ({', '.join(alternatives)})"
        )
    return _line_with_bound(indicator, comparison, bound, alternatives, source, set_by, where)


def parse_red_lines(
    texts: Iterable[str] | None, problem: DecisionProblem, *, set_by: str = ""
) -> tuple[RedLine, ...]:
    """The ``--red-line`` options of a command, parsed against ``problem``."""
    return tuple(
        parse_red_line(t, problem.indicators, problem.alternatives, set_by=set_by)
        for t in texts or ()
    )


def red_line_from_entry(
    entry: Mapping[str, Any],
    indicators: Sequence[Indicator],
    alternatives: Sequence[str],
    where: str,
) -> RedLine:
    """One ``[[red_lines]]`` entry of case.toml (shim: a dict -> a validated :class:`RedLine`).

    Fields: ``indicator``, ``bound`` (a number in the indicator's unit, a text such as
    ``"0 ha"``, or a scenario id), ``source`` or ``reason`` (one is required: a line without
    either cannot be explained to a committee), optional ``comparison`` (default: ``<=`` for an
    indicator to minimise, ``>=`` for one to maximise) and ``set_by``.
    """
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: expected a table with indicator, bound and source")
    for key in entry:
        if key not in CASE_FIELDS:
            raise InputError(
                f"{where}: unknown field '{key}'{_closest(key, CASE_FIELDS)} "
                f"(expected {', '.join(CASE_FIELDS)})"
            )
    name = entry.get("indicator")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: missing field 'indicator' (an indicator id)")
    indicator = _find_indicator(name.strip(), indicators, where, name)
    default: Comparison = "<=" if indicator.direction == "min" else ">="
    comparison = entry.get("comparison", default)
    if comparison not in _OPERATORS:
        raise InputError(f"{where}: comparison '{comparison}': expected <= or >=")
    bound = entry.get("bound")
    if isinstance(bound, bool) or not isinstance(bound, int | float | str) or bound == "":
        raise InputError(
            f"{where}: field 'bound' should be a number in {_unit_words(indicator)} "
            "or a scenario id"
        )
    source = str(entry.get("source", "") or entry.get("reason", "")).strip()
    if not source:
        raise InputError(f"{where}: a red line needs its 'source' or 'reason'")
    set_by = str(entry.get("set_by", "")).strip()
    op: Comparison = "<=" if _OPERATORS[str(comparison)] == "<=" else ">="
    text = f"{bound:g}" if isinstance(bound, int | float) else bound
    return _line_with_bound(indicator, op, text, alternatives, source, set_by, where)


def _line_with_bound(
    indicator: Indicator,
    comparison: Comparison,
    bound: str,
    alternatives: Sequence[str],
    source: str,
    set_by: str,
    where: str,
) -> RedLine:
    if bound in alternatives:
        return RedLine(indicator.id, comparison, None, bound, indicator.unit, source, set_by)
    match = _NUMBER.match(bound)
    if match is None:
        raise InputError(
            f"{where}: bound '{bound}' of '{indicator.id}' is neither a number in "
            f"{_unit_words(indicator)} nor a scenario{_closest(bound, alternatives)} "
            f"(scenarios: {', '.join(alternatives)})"
        )
    number = float(re.sub(r"[ \u00a0\u202f]", "", match["number"]).replace(",", "."))
    if not math.isfinite(number):
        raise InputError(f"{where}: bound '{bound}' of '{indicator.id}' is not a finite number")
    unit = match["unit"].strip()
    if unit and _squeeze(unit) != _squeeze(indicator.unit):
        expected = (
            f"'{indicator.unit}', the unit of '{indicator.id}'"
            if indicator.unit
            else f"a plain number ('{indicator.id}' has no unit in the table)"
        )
        raise InputError(
            f"{where}: unit '{unit}' in '{bound}' does not parse for this line; expected {expected}"
        )
    return RedLine(indicator.id, comparison, number, None, indicator.unit, source, set_by)


def _find_indicator(name: str, indicators: Sequence[Indicator], where: str, raw: str) -> Indicator:
    ids = [i.id for i in indicators]
    for ind in indicators:
        if ind.id == name:
            return ind
    what = f"unknown indicator '{name}'" if name else "no indicator"
    raise InputError(
        f"{where}: {what} in '{raw}'{_closest(name, ids)}; expected one of {', '.join(ids)}"
    )


def _unit_words(indicator: Indicator) -> str:
    return indicator.unit if indicator.unit else "the table's values"


def _squeeze(unit: str) -> str:
    return re.sub(r"\s+", "", unit)


def _closest(name: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


# -- checking ----------------------------------------------------------------------------------
def margins(
    matrix: ArrayLike,
    lines: Sequence[RedLine],
    indicator_ids: Sequence[str],
    alternatives: Sequence[str],
    out: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """How far each alternative is beyond each line, for one or many performance matrices.

    Args:
        matrix: (..., m, n) values of m alternatives on n indicators (k samples in front, or
            none for the nominal matrix).
        lines, indicator_ids, alternatives: the lines and the matrix's column and row names.
        out: where to write them, shape (..., m, L) (a study writes each chunk in place).

    Returns:
        (..., m, L) margins in each line's unit: > 0 when the line is crossed (by that much),
        <= 0 inside it (the room left). A value on the line, to rounding, has margin 0.
    """
    values = np.asarray(matrix, dtype=float)
    if out is None:
        out = np.empty((*values.shape[:-1], len(lines)))
    for j, line in enumerate(lines):
        column = values[..., indicator_ids.index(line.indicator)]  # (..., m)
        bound: NDArray[np.float64] | float
        if line.scenario is not None:
            bound = column[..., alternatives.index(line.scenario), None]
        else:
            bound = float(line.value or 0.0)
        _margin(line, column, bound, out[..., j])
    return out


def margins_by_scenario(
    matrix: NDArray[np.float64],
    lines: Sequence[RedLine],
    indicator_ids: Sequence[str],
    alternatives: Sequence[str],
    out: NDArray[np.float64],
) -> NDArray[np.float64]:
    """:func:`margins` of c samples laid out samples last: ``matrix`` (m, n, c) into ``out``
    (m, L, c), the same values to the bit (each computed by the same operations); every step
    runs along c contiguous samples (a study's block layout, see ``StudyModel.evaluate``)."""
    for j, line in enumerate(lines):
        column = matrix[:, indicator_ids.index(line.indicator)]  # (m, c)
        bound: NDArray[np.float64] | float
        if line.scenario is not None:
            bound = column[alternatives.index(line.scenario)]
        else:
            bound = float(line.value or 0.0)
        _margin(line, column, bound, out[:, j])
    return out


def _margin(
    line: RedLine,
    column: NDArray[np.float64],
    bound: NDArray[np.float64] | float,
    beyond: NDArray[np.float64],
) -> None:
    """One line's margins: values ``column`` against ``bound`` into ``beyond``, 0 on the line."""
    if line.comparison == "<=":
        np.subtract(column, bound, out=beyond)
    else:
        np.subtract(bound, column, out=beyond)
    tolerance = _TOLERANCE * np.maximum(1.0, np.abs(bound))
    np.copyto(beyond, 0.0, where=np.abs(beyond) <= tolerance)


def crossed(line_margins: ArrayLike) -> NDArray[np.bool_]:
    """(..., m) True where an alternative crosses any line, from :func:`margins`' (..., m, L)."""
    return np.asarray(np.any(np.asarray(line_margins) > 0.0, axis=-1))


def check(problem: DecisionProblem, lines: Sequence[RedLine]) -> RedLineCheck:
    """The lines each alternative of ``problem`` crosses at its (nominal) values."""
    ids = list(problem.indicator_ids)
    alts = list(problem.alternatives)
    found = margins(problem.matrix, lines, ids, alts)  # (m, L)
    violations: dict[str, tuple[Violation, ...]] = {}
    for i, alt in enumerate(alts):
        crossed_here = []
        for j, line in enumerate(lines):
            if found[i, j] > 0:
                value = float(problem.matrix[i, ids.index(line.indicator)])
                bound = (
                    float(problem.matrix[alts.index(line.scenario), ids.index(line.indicator)])
                    if line.scenario is not None
                    else float(line.value or 0.0)
                )
                crossed_here.append(Violation(line, bound, value, float(found[i, j])))
        violations[alt] = tuple(crossed_here)
    return RedLineCheck(tuple(lines), tuple(alts), violations)


def admissible_first(ranks: ArrayLike, admissible: ArrayLike) -> NDArray[np.float64]:
    """Ranks with every admissible alternative ahead of every inadmissible one.

    Args:
        ranks: (..., m) ranks, 1 best, ties sharing the average rank.
        admissible: (..., m) booleans (or (m,), the same for every row).

    Returns:
        (..., m) ranks: admissible alternatives keep their order among themselves and take ranks
        1..a; the others keep theirs and follow. Ties stay ties (average ranks).
    """
    r = np.asarray(ranks, dtype=float)
    ok = np.broadcast_to(np.asarray(admissible, dtype=bool), r.shape)
    if ok.all():
        return r.copy()
    m = r.shape[-1]
    flat_r, flat_ok = r.reshape(-1, m), ok.reshape(-1, m)
    # Pushing inadmissible ranks beyond every possible rank keeps both groups' inner orders;
    # each row is then ranked again: 1 + those ahead (+ half those tied with it, for a tie).
    # One comparison per alternative over all rows at once: m is small, the rows are many
    # (a study calls this on every chunk of thousands of rows).
    shifted = np.where(flat_ok, flat_r, flat_r + (m + 1))
    counts = np.int8 if m < 127 else np.int32
    # Compared as m rows of all samples: each comparison then runs along memory over the
    # samples, not over m values at a time (a third of the time at m = 8).
    columns = np.ascontiguousarray(shifted.T)
    ahead = np.zeros(columns.shape, dtype=counts)
    for j in range(m):
        np.add(ahead, columns[j] < columns, out=ahead)
    out = np.add(ahead.T, 1.0, order="C")
    # A tie's average ranks have a smaller sum of squares than distinct ranks 1..m: this finds
    # the rows with a tie without sorting any row.
    distinct = m * (m + 1) * (2 * m + 1) / 6
    tie_rows = np.flatnonzero(np.einsum("ij,ij->i", flat_r, flat_r) != distinct)
    if tie_rows.size:
        tied_values = shifted[tie_rows]
        tied = np.zeros(tied_values.shape, dtype=counts)
        for j in range(m):
            np.add(tied, tied_values[:, j : j + 1] == tied_values, out=tied)
        out[tie_rows] += (tied - 1) / 2.0  # tied counts itself
    return out.reshape(r.shape)


def admissible_first_by_scenario(
    ranks: NDArray[np.float64], admissible: NDArray[np.bool_]
) -> NDArray[np.float64]:
    """:func:`admissible_first` of c samples laid out samples last: ``ranks`` and
    ``admissible`` (m, c) C-contiguous -> (m, c), the same ranks to the bit.

    Ranks are multiples of 1/2 up to 2 m + 1 once shifted: exact in float32 (m <= 200 here),
    compared there at half the memory traffic (twice as fast as in float64); counts of those
    ahead and tied are small integers, and the result 1 + ahead + (tied - 1) / 2 is computed in
    float64 as :func:`admissible_first` computes it.
    """
    if admissible.all():
        return ranks.copy()
    m = ranks.shape[0]
    if m > 200:  # float32 sums of squares below would round (m^3 >= 2^24): the general way
        return np.ascontiguousarray(admissible_first(ranks.T, admissible.T).T)
    r32 = ranks.astype(np.float32)
    # Samples where every admissible alternative is already ahead of every other keep their
    # ranks (the counts below would give them back, value for value): only the others are
    # ranked again (a tenth of a study's samples with the bundled case's ZAN line alone).
    # Looked for only when the first samples say they are many.
    probe = min(ranks.shape[1], 1024)
    if np.count_nonzero(_out_of_order(r32[:, :probe], admissible[:, :probe])) < probe // 2:
        moved = np.flatnonzero(_out_of_order(r32, admissible))
        if moved.size < ranks.shape[1] // 2:
            out = ranks.copy()
            if moved.size:
                out[:, moved] = admissible_first_by_scenario(ranks[:, moved], admissible[:, moved])
            return out
    shifted = np.where(admissible, r32, r32 + np.float32(m + 1))
    counts = np.int8 if m < 127 else np.int32
    ahead = np.zeros(shifted.shape, dtype=counts)
    less = np.empty(shifted.shape, dtype=bool)
    for j in range(m):
        np.less(shifted[j], shifted, out=less)
        ahead += less.view(np.int8) if counts is np.int8 else less
    out = np.add(ahead, 1.0)
    # A tie's average ranks have a smaller sum of squares than distinct ranks 1..m (exact in
    # float32: m^3 < 2^24).
    distinct = m * (m + 1) * (2 * m + 1) / 6
    squares = r32[0] * r32[0]
    for j in range(1, m):
        squares += r32[j] * r32[j]
    tie_columns = np.flatnonzero(squares != distinct)
    if tie_columns.size:
        tied_values = shifted[:, tie_columns]
        tied = np.zeros(tied_values.shape, dtype=counts)
        for j in range(m):
            np.add(tied, tied_values[j] == tied_values, out=tied)
        out[:, tie_columns] += (tied - 1) / 2.0  # tied counts itself
    return out


def _out_of_order(ranks: NDArray[np.float32], admissible: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """(c,) samples (columns) where an inadmissible alternative is ranked ahead of, or tied
    with, an admissible one."""
    worst_admissible = np.where(admissible, ranks, np.float32(0.0)).max(axis=0)
    best_other = np.where(admissible, np.float32(np.inf), ranks).min(axis=0)
    return np.asarray(worst_admissible >= best_other)


def violation_probability(line_margins: ArrayLike) -> tuple[NDArray[np.float64], ...]:
    """Shares of samples crossing lines, from (k, m, L) margins.

    Returns:
        (any, each): any (m,) the share of samples in which each alternative crosses at least
        one line; each (m, L) the share crossing each line.
    """
    found = np.asarray(line_margins)
    each = np.empty(found.shape[1:])
    crossed_any = np.zeros(found.shape[:-1], dtype=bool)
    for j in range(found.shape[-1]):  # line by line: reducing a short last axis is slow
        crossed = found[..., j] > 0.0
        each[:, j] = crossed.mean(axis=0)
        crossed_any |= crossed
    return crossed_any.mean(axis=0), each


# -- words ---------------------------------------------------------------------------------------
def who(line: RedLine, lang: str = "fr") -> str:
    """Who set the line (``le comité de pilotage``; the user of the command line if unknown)."""
    return line.set_by or text("rl_who_default", lang)


def violation_sentence(
    violation: Violation,
    indicator: Indicator,
    lang: str = "fr",
    scenario_names: Mapping[str, str] | None = None,
) -> str:
    """What a committee reads: « prend 13 ha de terres nouvelles : au-delà de la ligne rouge
    (au plus 0 ha) fixée par le comité de pilotage ». ``scenario_names`` name a scenario bound
    as people read it (its id otherwise). Words from the one catalogue (decision.i18n), numbers
    from the one formatter (decision.numbers)."""
    line = violation.line
    unit = f"\u00a0{line.unit}" if line.unit else ""
    value = format_number(violation.value, lang) + unit
    bound = format_number(violation.bound, lang) + unit
    if line.scenario is not None:
        name = (scenario_names or {}).get(line.scenario, line.scenario)
        bound = f"{text('quoted', lang, name=name)}, {bound}"
    limit = text("rl_at_most" if line.comparison == "<=" else "rl_at_least", lang, bound=bound)
    what = (
        text("rl_land_taken", lang, value=value)
        if line.indicator == "land_take"
        else text("rl_indicator_value", lang, indicator=indicator.label(lang), value=value)
    )
    return text("rl_beyond", lang, what=what, limit=limit, who=who(line, lang))
