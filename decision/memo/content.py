"""What a memo says, built from the engine's results; the renderers only lay it out.

:func:`build_memo` gathers every figure of the memo from one call each to the engine — the
ranking from :func:`copilote.decision.core.mcda.evaluate`, the robustness from
:func:`decision.analysis.sensitivity.run_study`, the annex from :func:`decision.core.mcda.explain`
— and never
recomputes any of them, so a memo says exactly what the command line and the dashboard show.
It returns a :class:`Memo`: plain data, already worded in the memo's language and with numbers
already formatted, that the Markdown, HTML and PDF renderers lay out.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from copilote.decision.analysis.red_lines import (
    RedLine,
    RedLineCheck,
    admissible_first,
    check,
    violation_sentence,
    who,
)
from copilote.decision.analysis.sensitivity import DEFAULT_N, DEFAULT_SEED, SensitivityResult
from copilote.decision.analysis.sensitivity_model import DEFAULT_WEIGHT_RANGE
from copilote.decision.case.residents import (
    LANDLORD_PLAN,
    cost_per_tonne_avoided,
    per_dwelling,
    prices_by_group,
)
from copilote.decision.case.source import Source, load_source
from copilote.decision.core.digest import sha256_of
from copilote.decision.core.methods import check_normalization, method_spec
from copilote.decision.core.problem import DecisionProblem
from copilote.decision.core.results import StabilityIntervals, TippingPoints, data_of
from copilote.decision.core.weighting import Weights
from copilote.decision.errors import InputError
from copilote.decision.memo.text import (
    LANGS,
    format_date,
    format_number,
    format_share,
    format_significant,
    plain_math,
    t,
)

if TYPE_CHECKING:
    import pandas as pd

    from copilote.decision.case.loading import Case
    from copilote.decision.memo.annex import Frame

#: Each weight varies between these multiples of its value in the robustness study (issue #4).
WEIGHT_RANGE = DEFAULT_WEIGHT_RANGE
#: Factors listed as drivers of the order: at most this many, with a total index at least...
MAX_DRIVERS = 6
MIN_DRIVER_ST = 0.01

# the libraries that compute what the memo shows (Sobol indices are Copilote's own code, tested
# equal to SALib's, and the Sobol sequence is scipy's)
_VERSIONED = ("copilote", "pymcdm", "scipy", "numpy", "weasyprint")


@dataclass(frozen=True)
class Table:
    """A table ready to lay out: headers, rows of text, and which columns are numbers."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    caption: str = ""
    highlight_first: bool = False
    #: optional CSS class of each cell, row by row (e.g. the status of a data source)
    cell_classes: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class RankedScenario:
    """One line of the ranking."""

    rank: float
    id: str
    name: str
    score: float
    share_first: float | None


@dataclass(frozen=True)
class Memo:
    """A decision memo, worded in ``lang``, numbers formatted; renderers lay it out.

    Charts are drawn by the renderers from ``ranking`` and ``acceptability`` (see charts.py).
    """

    lang: str
    title: str
    subject: str
    date: datetime
    date_text: str
    summary: tuple[str, ...]
    verdict: str
    context: tuple[str, ...]
    scenarios: Table
    weights_note: str
    criteria: Table
    method_text: tuple[str, ...]
    method_label: str
    ranking: tuple[RankedScenario, ...]
    ranking_table: Table
    lower_is_better: bool
    performance: tuple[Table, ...]
    robustness_intro: str
    acceptability: Table
    acceptability_shares: dict[str, list[float]]
    drivers: Table
    drivers_values: tuple[tuple[str, float], ...]
    stability: Table
    tipping: Table | None
    tipping_note: str
    assumptions_note: str
    assumptions: Table | None
    data_sources: Table | None
    provenance: Table
    command: str
    digest: str
    annex_intro: str
    annex: tuple[Table, ...]
    generator: str = field(default="")
    #: «Pour les habitants» (issue 13.8–13.10): per dwelling, per user group, per tonne avoided
    residents_title: str = ""
    residents: tuple[Table, ...] = ()
    #: issue #16: the red lines (line, who set it, source) and, per scenario, the line crossed
    #: at nominal values and the probability of crossing one; None without red lines
    red_lines: Table | None = None
    red_lines_crossing: Table | None = None
    red_lines_intro: str = ""


# ------------------------------------------------------------------------------------------
# Resolving what the memo is about
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Subject:
    """The decision the memo is about: a case or a table, its problem with weights applied.

    ``weights_given`` is what the user gave (kept to write the command that remakes the memo).
    """

    kind: str
    name: str
    problem: DecisionProblem
    case: Case | None
    path: Path | None
    weights_given: Any
    types: str | None


def resolve_subject(source: Any, weights: Any = None, *, types: str | None = None) -> Subject:
    """A :class:`Subject` from a ``Source``, a ``Case``, a ``DecisionProblem`` or a path.

    ``weights`` (anything :class:`~copilote.decision.core.weighting.Weights` reads, or None to
    keep the source's own) are applied as the command line applies them.
    """
    if source is None or isinstance(source, str | os.PathLike):
        loaded = load_source(source, types=types, weights=weights)
        return Subject(
            loaded.kind, loaded.name, loaded.problem, loaded.case, loaded.path, weights, types
        )
    given = Weights.read(weights) if weights is not None else None

    def weighted(problem: DecisionProblem) -> DecisionProblem:
        return given.on(problem).apply(problem) if given is not None else problem

    if isinstance(source, Source):
        problem = weighted(source.problem)
        return Subject(source.kind, source.name, problem, source.case, source.path, weights, types)
    if isinstance(source, DecisionProblem):
        return Subject("table", "table", weighted(source), None, None, weights, types)
    if hasattr(source, "canonical") and hasattr(source, "problem"):
        problem = weighted(source.problem())
        path = getattr(source, "path", None)
        return Subject(
            "case", str(source.id), problem, source, Path(path) if path else None, weights, types
        )
    raise TypeError(f"cannot make a memo from a {type(source).__name__}")


def study_weights(subject: Subject) -> dict[str, float]:
    """The weights handed to the sensitivity study, at the level they were chosen
    (:meth:`Weights.of_problem`), so that Sobol's weight factors are the weights people chose."""
    return Weights.of_problem(subject.problem).mapping()


def inputs_digest(
    subject: Subject,
    *,
    method: str,
    normalization: str | None,
    n: int,
    seed: int,
    red_lines: Sequence[RedLine] = (),
) -> str:
    """SHA-256 of the canonical inputs: scenarios/table, data, weights, method, seed, N, and
    the red lines when there are some (so the digest of a memo without any is unchanged).

    For a case, the data and scenarios are ``Case.canonical()`` (parsed values, independent of
    formatting and key order); for a table, the parsed alternatives, indicators and matrix.
    Weights enter as the effective, normalised indicator weights, so ``energy=4,cost=6`` and
    ``energy=0.4,cost=0.6`` hash alike, as they rank alike.
    """
    problem = subject.problem
    data = data_of(problem, subject.case)
    spec = method_spec(method)
    return sha256_of(
        {
            "kind": subject.kind,
            "data": data,
            "weights": dict(zip(problem.indicator_ids, problem.weights, strict=True)),
            "method": spec.name,
            "normalization": check_normalization(spec.name, normalization),
            "n": int(n),
            "seed": int(seed),
            "weight_range": list(WEIGHT_RANGE),
            "over": list(_study_over(subject)),
            **({"red_lines": [line.to_json() for line in red_lines]} if red_lines else {}),
        }
    )


def _study_over(subject: Subject) -> tuple[str, ...]:
    # A table has no uncertain parameters: only its weights can vary.
    return ("weights", "parameters") if subject.case is not None else ("weights",)


# ------------------------------------------------------------------------------------------
# Building the memo
# ------------------------------------------------------------------------------------------
def build_memo(
    source: Any,
    *,
    weights: Any = None,
    method: str = "topsis",
    normalization: str | None = None,
    lang: str = "fr",
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    weights_owner: str | None = None,
    types: str | None = None,
    study: Any = None,
    progress: Any = None,
    red_lines: Sequence[RedLine] | None = None,
) -> Memo:
    """Gather everything the memo says (see :func:`decision.memo.render_memo` for arguments).

    ``study`` may pass a sensitivity result already computed with the same inputs (a
    :class:`SensitivityResult`) to save the time of running it again; its N, seed and method
    must match. ``red_lines``: None for the case's own (none for a table).
    """
    if lang not in LANGS:
        raise InputError(f"unknown language '{lang}': expected fr or en")
    spec = method_spec(method)
    norm = check_normalization(spec.name, normalization)
    subject = resolve_subject(source, weights, types=types)
    if weights_owner is None:
        weights_owner = getattr(source, "weights_owner", None)
    profile = getattr(source, "profile", None)
    problem = subject.problem

    from copilote.decision.core.mcda import evaluate
    from copilote.decision.memo.annex import annex_tables

    lines = _red_lines(subject, red_lines)
    result = evaluate(problem, spec.name, norm)
    admissibility = check(problem, lines)
    ranks = admissible_first(result.ranks, admissibility.admissible)
    sensitivity = _study(subject, spec.name, norm, n, seed, study, progress, lines)
    digest = inputs_digest(
        subject, method=spec.name, normalization=norm, n=n, seed=seed, red_lines=lines
    )
    moment = memo_date()

    names = _scenario_names(subject, lang)
    shares = {k: [float(x) for x in v] for k, v in sensitivity.rank_acceptability.items()}
    order = sorted(range(len(problem.alternatives)), key=lambda k: (ranks[k], k))
    ranking = tuple(
        RankedScenario(
            rank=float(ranks[k]),
            id=problem.alternatives[k],
            name=names[k],
            score=float(result.scores[k]),
            share_first=shares[problem.alternatives[k]][0]
            if problem.alternatives[k] in shares
            else None,
        )
        for k in order
    )
    first = ranking[0]
    evaluations = int(sensitivity.evaluations)
    summary = [t("summary_first", lang, method=spec.label, first=first.name)]
    verdict = sensitivity.verdict_fr if lang == "fr" else sensitivity.verdict_en
    if first.share_first is not None and not verdict:
        # The verdict already gives this share in words; say it only when there is none.
        summary.append(
            t(
                "summary_share" if subject.case is not None else "summary_share_table",
                lang,
                share=format_share(first.share_first, lang),
                evaluations=format_number(evaluations, lang, 0),
            )
        )
    barred = [r.name for r in ranking if not admissibility.is_admissible(r.id)]
    if barred:
        quoted = ", ".join(t("quoted", lang, name=b) for b in barred)
        summary.append(t("summary_red_lines", lang, names=quoted))
    summary.append(
        t(
            "summary_weights",
            lang,
            owner=_owner_text(weights_owner, profile, weights, lang),
            weights=", ".join(
                f"{_criterion_label(problem, c, lang)} {format_share(w, lang)}"
                for c, w in problem.criterion_weights.items()
            ),
        )
    )
    title_subject = _subject_title(subject, lang)
    factor_label = _factor_labeller(subject, lang)
    drivers, drivers_values = _drivers_table(sensitivity.outputs, ranking, factor_label, lang)
    # Annex tables name rows and columns by id; show the names people read instead.
    labels = dict(zip(problem.alternatives, names, strict=True))
    labels.update({i.id: i.label(lang) for i in problem.indicators})

    return Memo(
        lang=lang,
        title=t("doc_title", lang),
        subject=title_subject,
        date=moment,
        date_text=format_date(moment, lang),
        summary=tuple(summary),
        verdict=verdict,
        context=(
            t("context_case", lang, title=title_subject)
            if subject.case is not None
            else t("context_table", lang, name=_table_name(subject)),
            t("context_reproduce", lang),
        ),
        scenarios=_scenarios_table(subject, names, lang),
        weights_note=t(
            "weights_owner", lang, owner=_owner_text(weights_owner, profile, weights, lang)
        ),
        criteria=_criteria_table(problem, lang),
        method_text=(
            t(
                "method_text",
                lang,
                label=spec.label,
                reference=spec.reference,
                normalization=norm or t("norm_none", lang),
            ),
            t("method_lower" if spec.lower_is_better else "method_higher", lang),
        ),
        method_label=spec.label,
        ranking=ranking,
        ranking_table=_ranking_table(ranking, lang),
        lower_is_better=spec.lower_is_better,
        performance=_performance_tables(problem, names, lang),
        robustness_intro=t(
            "robust_intro",
            lang,
            evaluations=format_number(evaluations, lang, 0),
            wlow=format_number(WEIGHT_RANGE[0], lang, 1),
            whigh=format_number(WEIGHT_RANGE[1], lang, 1),
            params=t("robust_params", lang) if subject.case is not None else "",
            seed=seed,
        ),
        acceptability=_acceptability_table(problem, names, shares, lang),
        acceptability_shares={
            names[k]: shares.get(a, []) for k, a in enumerate(problem.alternatives)
        },
        drivers=drivers,
        drivers_values=drivers_values,
        stability=_stability_table(sensitivity.stability_answer(), problem, lang),
        tipping=_tipping_table(sensitivity.tipping_answer(), subject, names, lang),
        tipping_note=t("tipping_none", lang)
        if subject.case is not None
        else t("tipping_none_table", lang),
        assumptions_note=_assumptions_note(subject, lang),
        assumptions=_assumptions_table(subject, lang, only="assumption"),
        data_sources=_assumptions_table(subject, lang),
        provenance=_provenance_table(
            subject, spec.label, norm, n, seed, evaluations, digest, moment, lang
        ),
        command=_command(subject, spec.name, normalization, n, seed, lang),
        digest=digest,
        annex_intro=t("annex_text", lang, label=spec.label),
        annex=tuple(
            _frame_table(title, frame, lang, labels)
            for title, frame in annex_tables(problem, spec.name, norm)
        ),
        generator=f"Copilote {_version('copilote')}",
        residents_title=t("res_title", lang) if subject.case is not None else "",
        residents=residents_tables(subject.case, lang),
        red_lines=_red_lines_table(lines, lang) if lines else None,
        red_lines_crossing=_crossing_table(admissibility, sensitivity, problem, names, lang)
        if lines
        else None,
        red_lines_intro=t("red_lines_text", lang, evaluations=format_number(evaluations, lang, 0)),
    )


def _red_lines(subject: Subject, red_lines: Sequence[RedLine] | None) -> tuple[RedLine, ...]:
    if red_lines is not None:
        return tuple(red_lines)
    return tuple(getattr(subject.case, "red_lines", ()) or ())


def _red_lines_table(lines: Sequence[RedLine], lang: str) -> Table:
    """Each line, who set it and its source or reason."""
    return Table(
        (t("col_red_line", lang), t("col_set_by", lang), t("col_source_reason", lang)),
        tuple((line.text, who(line, lang), line.source or "–") for line in lines),
        (False, False, False),
    )


def _crossing_table(
    admissibility: RedLineCheck,
    sensitivity: SensitivityResult,
    problem: DecisionProblem,
    names: list[str],
    lang: str,
) -> Table:
    """Each scenario: the lines it crosses at nominal values, and its probability of crossing."""
    p = sensitivity.red_lines.p_violation
    rows = []
    by_id = dict(zip(problem.alternatives, names, strict=True))
    for alt, name in zip(problem.alternatives, names, strict=True):
        crossed = "; ".join(
            violation_sentence(v, problem.indicator(v.line.indicator), lang, by_id)
            for v in admissibility.violations[alt]
        )
        share = format_share(float(p[alt]), lang) if alt in p else "–"
        rows.append((name, crossed or t("within_lines", lang), share))
    return Table(
        (t("col_scenario", lang), t("col_crossed", lang), t("col_p_violation", lang)),
        tuple(rows),
        (False, False, True),
    )


def memo_date() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds), as an aware UTC time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                f"SOURCE_DATE_EPOCH='{epoch}': expected a number of seconds since 1970"
            ) from None
    return datetime.now(tz=UTC).replace(microsecond=0)


def _study(
    subject: Subject,
    method: str,
    normalization: str | None,
    n: int,
    seed: int,
    study: SensitivityResult | None,
    progress: Any,
    red_lines: Sequence[RedLine] = (),
) -> SensitivityResult:
    """The study ``study`` hands over when it matches N, seed and method, else one run now."""
    if study is not None:
        if not isinstance(study, SensitivityResult):
            raise InputError(
                f"the sensitivity study given is a {type(study).__name__}; expected the "
                "engine's SensitivityResult (run_study's answer), not its JSON"
            )
        if int(study.n) != int(n) or int(study.seed) != int(seed) or study.method != method:
            raise InputError(
                "the sensitivity study given does not match the memo's inputs "
                f"(n={study.n}, seed={study.seed}, method={study.method}; "
                f"expected n={n}, seed={seed}, method={method})"
            )
        return study
    from copilote.decision.analysis.sensitivity import run_study

    target: Any = subject.case if subject.case is not None else subject.problem
    weights = study_weights(subject) if subject.case is not None else None
    result = run_study(
        target,
        n=int(n),
        seed=int(seed),
        over=_study_over(subject),
        weight_range=WEIGHT_RANGE,
        method=method,
        normalization=normalization,
        weights=weights,
        progress=progress,
        red_lines=red_lines,
    )
    return result


# ------------------------------------------------------------------------------------------
# Sections
# ------------------------------------------------------------------------------------------
def _scenario_names(subject: Subject, lang: str) -> list[str]:
    problem = subject.problem
    if subject.case is not None:
        by_id = {s.id: (s.name_fr if lang == "fr" else s.name_en) for s in subject.case.scenarios}
        return [
            by_id.get(a, label)
            for a, label in zip(problem.alternatives, problem.alternative_labels, strict=True)
        ]
    return list(problem.alternative_labels)


def _subject_title(subject: Subject, lang: str) -> str:
    if subject.case is not None:
        return str(subject.case.title_fr if lang == "fr" else subject.case.title_en)
    return t("table_title", lang, name=_table_name(subject))


def _table_name(subject: Subject) -> str:
    return subject.path.name if subject.path is not None else subject.name


def _owner_text(owner: str | None, profile: str | None, weights: Any, lang: str) -> str:
    if profile:
        named = t("weights_profile", lang, profile=profile)
        return f"{owner} ({named})" if owner else named
    if owner:
        return owner
    return t("weights_typed", lang) if weights is not None else t("weights_default", lang)


def _scenarios_table(subject: Subject, names: list[str], lang: str) -> Table:
    rows = []
    descriptions: dict[str, str] = {}
    if subject.case is not None:
        descriptions = {
            s.id: (s.description_fr if lang == "fr" else s.description_en)
            for s in subject.case.scenarios
        }
    for alt, name in zip(subject.problem.alternatives, names, strict=True):
        rows.append((name, descriptions.get(alt, "")))
    if not any(d for _, d in rows):
        return Table((t("col_scenario", lang),), tuple((r[0],) for r in rows), (False,))
    return Table((t("col_scenario", lang), t("col_description", lang)), tuple(rows), (False, False))


def _criterion_label(problem: DecisionProblem, criterion_id: str, lang: str) -> str:
    for c in problem.criteria:
        if c.id == criterion_id:
            return c.label_fr if lang == "fr" else c.label_en
    return criterion_id


def _criteria_table(problem: DecisionProblem, lang: str) -> Table:
    crit_weights = problem.criterion_weights
    if all(i.id == i.criterion for i in problem.indicators):
        # A plain table: each indicator is its own criterion; no hierarchy to show.
        with_unit = any(i.unit for i in problem.indicators)
        rows = tuple(
            (
                i.label(lang),
                *((i.unit or "–",) if with_unit else ()),
                t("dir_min" if i.direction == "min" else "dir_max", lang),
                format_share(float(w), lang, 1),
            )
            for i, w in zip(problem.indicators, problem.weights, strict=True)
        )
        headers = (
            t("col_indicator", lang),
            *((t("col_unit", lang),) if with_unit else ()),
            t("col_direction", lang),
            t("col_weight", lang),
        )
        return Table(headers, rows, (*([False] * (len(headers) - 1)), True))
    lines: list[tuple[str, ...]] = []
    for crit in problem.criteria:
        members = [
            (ind, w)
            for ind, w in zip(problem.indicators, problem.weights, strict=True)
            if ind.criterion == crit.id
        ]
        for k, (ind, w) in enumerate(members):
            crit_cell = ""
            if k == 0:
                crit_cell = (
                    f"{_criterion_label(problem, crit.id, lang)} "
                    f"({format_share(crit_weights[crit.id], lang, 1)})"
                )
            lines.append(
                (
                    crit_cell,
                    ind.label(lang),
                    ind.unit or "–",
                    t("dir_min" if ind.direction == "min" else "dir_max", lang),
                    format_share(float(w), lang, 1),
                )
            )
    return Table(
        (
            t("col_criterion", lang),
            t("col_indicator", lang),
            t("col_unit", lang),
            t("col_direction", lang),
            t("col_weight", lang),
        ),
        tuple(lines),
        (False, False, False, False, True),
    )


def _ranking_table(ranking: Sequence[RankedScenario], lang: str) -> Table:
    rows = []
    for r in ranking:
        rows.append(
            (
                format_number(r.rank, lang, 0 if float(r.rank).is_integer() else 1),
                r.name,
                format_number(r.score, lang, 4),
                format_share(r.share_first, lang) if r.share_first is not None else "–",
            )
        )
    return Table(
        (
            t("col_rank", lang),
            t("col_scenario", lang),
            t("col_score", lang),
            t("col_share_first", lang),
        ),
        tuple(rows),
        (True, False, True, True),
        highlight_first=True,
    )


#: At most this many scenarios side by side in one performance table (A4 portrait width).
PERFORMANCE_COLUMNS = 4


def _performance_tables(problem: DecisionProblem, names: list[str], lang: str) -> tuple[Table, ...]:
    """Indicators as rows, scenarios as columns, the best value of each row in bold.

    More than :data:`PERFORMANCE_COLUMNS` scenarios are split over several tables of balanced
    width, so that every figure stays legible on A4 portrait.
    """
    m = len(names)
    chunks = -(-m // PERFORMANCE_COLUMNS)
    size = -(-m // chunks)
    best = [
        problem.matrix[:, j].min() if ind.direction == "min" else problem.matrix[:, j].max()
        for j, ind in enumerate(problem.indicators)
    ]
    tables = []
    for start in range(0, m, size):
        cols = range(start, min(start + size, m))
        rows = []
        classes = []
        for j, ind in enumerate(problem.indicators):
            arrow = "↓" if ind.direction == "min" else "↑"
            rows.append(
                (
                    ind.label(lang),
                    f"{ind.unit} {arrow}" if ind.unit else arrow,
                    *(format_number(float(problem.matrix[k, j]), lang) for k in cols),
                )
            )
            classes.append(
                ("", "", *("best" if problem.matrix[k, j] == best[j] else "" for k in cols))
            )
        tables.append(
            Table(
                (t("col_indicator", lang), t("col_unit", lang), *(names[k] for k in cols)),
                tuple(rows),
                (False, False, *([True] * len(cols))),
                caption=t("performance_text", lang) if start == 0 else "",
                cell_classes=tuple(classes),
            )
        )
    return tuple(tables)


def _acceptability_table(
    problem: DecisionProblem, names: list[str], shares: Mapping[str, list[float]], lang: str
) -> Table:
    m = len(problem.alternatives)
    headers = [t("col_scenario", lang)] + [
        t("rank_1", lang) if r == 1 else t("rank_n", lang, rank=r) for r in range(1, m + 1)
    ]
    rows = []
    for alt, name in zip(problem.alternatives, names, strict=True):
        row = shares.get(alt, [])
        rows.append((name, *(format_share(s, lang) for s in row)))
    return Table(
        tuple(headers), tuple(rows), (False, *([True] * m)), caption=t("acceptability_text", lang)
    )


def _factor_labeller(subject: Subject, lang: str) -> Any:
    problem = subject.problem
    params: dict[str, str] = {}
    if subject.case is not None:
        params = {
            p.name: (p.label_fr if lang == "fr" else p.label_en) or p.name
            for p in subject.case.parameters
        }
    crit = {c.id: (c.label_fr if lang == "fr" else c.label_en) for c in problem.criteria}
    inds = {i.id: i.label(lang) for i in problem.indicators}

    def label(name: str) -> str:
        if name == "method":
            return t("factor_method", lang)
        key = name[2:] if name.startswith("w:") else name
        if name.startswith("w:") or (key in crit and key not in params):
            return t("factor_weight", lang, label=crit.get(key) or inds.get(key) or key)
        return params.get(name, name)

    return label


def _drivers_table(
    outputs: Mapping[str, Mapping[str, Mapping[str, float]]],
    ranking: Sequence[RankedScenario],
    label: Any,
    lang: str,
) -> tuple[Table, tuple[tuple[str, float], ...]]:
    """The factors that move the first's lead most (Sobol ST on ``gap``, else its rank)."""
    output = outputs.get("gap") or outputs.get(f"rank:{ranking[0].id}") or {}
    st = output.get("ST", {})
    s1 = output.get("S1", {})
    ordered = sorted(st.items(), key=lambda kv: (-_finite(kv[1]), kv[0]))
    kept = [(f, v) for f, v in ordered if _finite(v) >= MIN_DRIVER_ST][:MAX_DRIVERS]
    rows = tuple(
        (label(f), format_number(_finite(v), lang, 2), format_number(_finite(s1.get(f)), lang, 2))
        for f, v in kept
    )
    table = Table(
        (t("col_factor", lang), t("col_st", lang), t("col_s1", lang)),
        rows,
        (False, True, True),
        caption=t("drivers_text", lang),
    )
    return table, tuple((label(f), _finite(v)) for f, v in kept)


def _finite(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if np.isfinite(number) else 0.0


def _stability_table(stability: StabilityIntervals, problem: DecisionProblem, lang: str) -> Table:
    """Each weight: its value now and how far it can move alone before the first, or the
    ranking, changes (labels from the answer: the criterion's or indicator's)."""
    crit_w = problem.criterion_weights
    ind_w = dict(zip(problem.indicator_ids, (float(w) for w in problem.weights), strict=True))
    rows = []
    for name, label, interval in zip(
        stability.weights, stability.labels(lang), stability.intervals, strict=True
    ):
        key = name.removeprefix("w:")
        current = crit_w.get(key, ind_w.get(key))
        rows.append(
            (
                t("factor_weight", lang, label=label),
                format_share(current, lang, 1) if current is not None else "–",
                _interval(interval.top, lang),
                _interval(interval.ranking, lang),
            )
        )
    return Table(
        (
            t("col_factor", lang),
            t("col_current", lang),
            t("col_top_range", lang),
            t("col_rank_range", lang),
        ),
        tuple(rows),
        (False, True, True, True),
        caption=t("stability_text", lang),
    )


def _interval(pair: Any, lang: str) -> str:
    if not pair or len(pair) != 2:
        return "–"
    low, high = (_finite(x) for x in pair)
    return f"{format_share(low, lang, 1)} – {format_share(high, lang, 1)}"


def _tipping_table(
    tipping: TippingPoints, subject: Subject, names: list[str], lang: str
) -> Table | None:
    """The tipping points found within range: value and nominal in the parameter's unit, and
    who comes first on either side (labels and units from the answer)."""
    labelled = zip(tipping.points, tipping.labels(lang), strict=True)
    points = [(p, label) for p, label in labelled if p.value is not None]
    if not points or subject.case is None:
        return None
    name_of = dict(zip(subject.problem.alternatives, names, strict=True))
    rows = []
    for p, label in points:
        unit = f" {p.unit}" if p.unit else ""
        rows.append(
            (
                label or p.parameter,
                f"{format_number(float(p.value or 0.0), lang)}{unit}",
                f"{format_number(float(p.nominal), lang)}{unit}",
                f"{name_of.get(p.first, p.first)} → {name_of.get(p.to or '', p.to)}",
            )
        )
    return Table(
        (
            t("col_parameter", lang),
            t("col_tipping_value", lang),
            t("col_nominal", lang),
            t("col_from_to", lang),
        ),
        tuple(rows),
        (False, True, True, False),
        caption=t("tipping_text", lang),
    )


_STATUS_ORDER = ("verified", "derived", "assumption")


def _assumptions_note(subject: Subject, lang: str) -> str:
    if subject.case is None:
        where = str(subject.path) if subject.path is not None else subject.name
        return t("assumptions_table", lang, path=where)
    counts = {s: 0 for s in _STATUS_ORDER}
    for p in subject.case.parameters:
        counts[p.status] = counts.get(p.status, 0) + 1
    uncertain = sum(1 for p in subject.case.parameters if p.uncertain)
    total = len(subject.case.parameters)
    return t("assumptions_count", lang, total=total, uncertain=uncertain, **counts) + (
        " " + t("assumptions_listed", lang) if counts["assumption"] else ""
    )


def _assumptions_table(subject: Subject, lang: str, only: str | None = None) -> Table | None:
    """The case's uncertain data with range, status and source (``only`` one status)."""
    if subject.case is None:
        return None
    rank = {s: k for k, s in enumerate(_STATUS_ORDER)}
    params = sorted(
        (p for p in subject.case.parameters if only is None or p.status == only),
        key=lambda p: (rank.get(p.status, 9), p.name),
    )
    if not params:
        return None
    rows = []
    classes = []
    for p in params:
        classes.append(("", "", "", "", f"status-{p.status}", ""))
        rows.append(
            (
                (p.label_fr if lang == "fr" else p.label_en) or p.name,
                format_number(float(p.nominal), lang),
                f"{format_number(float(p.low), lang)} – {format_number(float(p.high), lang)}",
                p.unit or "–",
                t(f"status_{p.status}", lang) if p.status in rank else str(p.status),
                p.source or "–",
            )
        )
    return Table(
        (
            t("col_parameter", lang),
            t("col_nominal", lang),
            t("col_range", lang),
            t("col_unit", lang),
            t("col_status", lang),
            t("col_source", lang),
        ),
        tuple(rows),
        (False, True, True, False, False, False),
        cell_classes=tuple(classes),
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _provenance_table(
    subject: Subject,
    method_label: str,
    normalization: str | None,
    n: int,
    seed: int,
    evaluations: int,
    digest: str,
    moment: datetime,
    lang: str,
) -> Table:
    if subject.path is not None:
        inputs = str(subject.path)
    elif subject.case is not None:
        inputs = f"{subject.case.id} (Copilote {_version('copilote')})"
    else:
        inputs = subject.name
    versions = ", ".join(f"{p} {_version(p)}" for p in _VERSIONED)
    rows = (
        (t("prov_digest", lang), digest),
        (t("prov_source", lang), inputs),
        (t("prov_method", lang), f"{method_label}, {normalization or t('norm_none', lang)}"),
        (
            t("prov_sampling", lang),
            t(
                "prov_sampling_value",
                lang,
                n=n,
                seed=seed,
                evaluations=format_number(evaluations, lang, 0),
            ),
        ),
        (t("prov_versions", lang), versions),
        (t("prov_date", lang), moment.strftime("%Y-%m-%d %H:%M:%S UTC")),
    )
    return Table(("", ""), rows, (False, False))


def _command(
    subject: Subject,
    method: str,
    normalization: str | None,
    n: int,
    seed: int,
    lang: str,
) -> str:
    """The command line that makes this memo again (same inputs, same hash).

    The weights are written out as the effective ones (whether typed, from a profile or the
    defaults), so the command stays true if a profile gets a new version.
    """
    words = ["decision", "memo"]
    if subject.path is not None:
        words.append(str(subject.path))
    if subject.types:
        words += ["--types", subject.types]
    effective = study_weights(subject)
    if subject.case is not None:
        text = ",".join(f"{k}={_short(v)}" for k, v in effective.items())
    else:  # a table's indicator names may hold commas or '=': give the numbers in order
        text = ",".join(_short(v) for v in effective.values())
    words += ["--weights", text]
    words += ["--method", method]
    if normalization:
        words += ["--normalization", normalization]
    words += ["--n", str(n), "--seed", str(seed), "--lang", lang]
    return shlex.join(words)


def _short(value: Any) -> str:
    # Shortest text that reads back as the same float: 0.4 stays 0.4, 1/3 keeps every digit,
    # so the command gives back exactly these weights and so the same digest.
    return repr(float(value))


_ANNEX_COLUMNS = {"score": "col_score", "rank": "col_rank"}


def _frame_table(
    title: str, frame: pd.DataFrame | Frame, lang: str, labels: Mapping[str, str]
) -> Table:
    def header(column: object) -> str:
        key = str(column)
        if key in _ANNEX_COLUMNS:
            return t(_ANNEX_COLUMNS[key], lang)
        return labels.get(key) or plain_math(key)

    headers = ("", *(header(c) for c in frame.columns))
    rows = []
    for index, row in frame.iterrows():
        cells = []
        for value in row:
            if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
                value, bool
            ):
                cells.append(format_significant(float(value), lang))
            else:
                cells.append(str(value))
        rows.append((labels.get(str(index), str(index)), *cells))
    return Table(
        headers, tuple(rows), (False, *([True] * len(frame.columns))), caption=plain_math(title)
    )


# ------------------------------------------------------------------------------------------
# «Pour les habitants»: what each Cité option means for a dwelling and for each user group
# ------------------------------------------------------------------------------------------
def residents_tables(case: Case | None, lang: str) -> tuple[Table, ...]:
    """The «Pour les habitants» tables of a case whose model gives them, else none.

    The memo lays them out and the dashboard's committee card draws the same tables, so both
    say the same words and figures as ``decision evaluate --json`` (all read
    :mod:`copilote.decision.case.residents`).
    """
    if case is None:
        return ()
    names = {s.id: s.name(lang) for s in case.scenarios}
    dwellings = per_dwelling(case)
    if not dwellings:
        return ()
    dwelling_table = Table(
        (
            t("res_scenario", lang),
            t("res_heating", lang),
            t("res_heat", lang),
            t("res_bill", lang),
            t("res_full", lang),
            t("res_co2", lang),
        ),
        tuple(
            (
                names[row["scenario"]],
                t(f"res_{row['heating']}", lang),
                format_number(row["useful_heat_mwh"], lang),
                format_number(row["bill_eur_ttc"], lang, 0),
                format_number(row["full_cost_eur_ttc"], lang, 0),
                format_number(row["co2_kg"], lang, 0),
            )
            for row in dwellings
        ),
        (False, False, True, True, True, True),
        caption=t("res_dwelling_caption", lang),
    )
    prices = prices_by_group(case)

    def price(value: float | None) -> str:
        return "–" if value is None else format_number(value, lang, 1)

    connected = [p["lens_if_operator_pays_all"] for p in prices.values()]
    lens_all = next((v for v in connected if v is not None), None)
    prices_table = Table(
        (t("res_scenario", lang), t("res_lens", lang), t("res_cite", lang), t("res_lievin", lang)),
        tuple(
            (names[sid], price(p["lens"]), price(p["cite"]), price(p["lievin"]))
            for sid, p in prices.items()
        ),
        (False, True, True, True),
        caption=t("res_prices_caption", lang, lens_all=price(lens_all)),
    )
    against_reference = cost_per_tonne_avoided(case)
    against_landlord = cost_per_tonne_avoided(case, LANDLORD_PLAN, cite_options_only=True)

    def per_tonne(value: float | None) -> str:
        return "–" if value is None else format_number(value, lang, 0)

    tonne_table = Table(
        (t("res_scenario", lang), t("res_vs_reference", lang), t("res_vs_landlord", lang)),
        tuple(
            (names[sid], per_tonne(value), per_tonne(against_landlord.get(sid)))
            for sid, value in against_reference.items()
        ),
        (False, True, True),
        caption=t("res_tonne_caption", lang),
    )
    return (dwelling_table, prices_table, tonne_table)
