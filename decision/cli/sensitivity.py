"""``decision sensitivity``: does the ranking hold, and what could change it?

Examples::

    decision sensitivity                                   # the bundled case, weights + parameters
    decision sensitivity --over weights,parameters,method --n 2048 --seed 7 --json
    decision sensitivity table.csv --types min,min,min --over weights,method
    decision sensitivity --red-line "nox<=reference" --red-line "investment<=40000 k€"

For a CSV table only weights and the method can vary (it has no uncertain parameters).
The same seed and inputs give the same JSON. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from copilote.decision.analysis.sensitivity import (
    DEFAULT_N,
    DEFAULT_SEED,
    SensitivityResult,
    run_study,
)
from copilote.decision.cli.common import (
    add_lang_option,
    add_method_options,
    add_red_line_option,
    add_source_argument,
    add_weight_options,
    load_source,
    source_red_lines,
)
from copilote.decision.core.methods import method_spec
from copilote.decision.errors import InputError
from copilote.decision.i18n import text
from copilote.decision.numbers import format_number, format_share


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``sensitivity`` sub-command."""
    parser = sub.add_parser(
        "sensitivity",
        help=help_text,
        description=__doc__,
        formatter_class=argparse.RawTextHelpFormatter,
    )
    add_source_argument(parser)
    add_weight_options(parser)
    add_method_options(parser)
    add_lang_option(parser)
    add_red_line_option(parser)
    parser.add_argument(
        "--n",
        type=int,
        default=DEFAULT_N,
        help=f"base sample size N, a power of 2 (default {DEFAULT_N})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed, >= 0 (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--over",
        default=None,
        help="what varies: weights, parameters (a case only), method (default weights,parameters;"
        " weights for a CSV table)",
    )
    parser.add_argument(
        "--weight-range",
        default="0.5,2",
        help="each weight is drawn in [lo, hi] x its nominal value (default 0.5,2)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the study and print it."""
    method_spec(args.method)  # an unknown method is reported before any file is read
    weight_range = parse_range(args.weight_range)
    source = load_source(
        args.source, types=args.types, weights=args.weights, profile=args.profile, db=args.db
    )
    red_lines = source_red_lines(source, args.red_lines)
    over = args.over
    if over is None:
        over = "weights" if source.kind == "table" else "weights,parameters"
    study_source: Any = source.case if source.case is not None else source.problem
    with _Progress(sys.stderr) as progress:
        result = run_study(
            study_source,
            n=args.n,
            seed=args.seed,
            over=over,
            weight_range=weight_range,
            method=args.method,
            normalization=args.normalization,
            weights=source.problem.weights,
            progress=progress,
            red_lines=red_lines,
        )
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary_text(result, args.lang))
    return 0


def parse_range(text: str) -> tuple[float, float]:
    """``0.5,2`` (or ``0,5;2``) -> (0.5, 2.0)."""
    sep = ";" if ";" in text else ","
    parts = [p.strip() for p in text.split(sep)]
    if len(parts) != 2:
        raise InputError(f"--weight-range: '{text}', expected two numbers lo,hi such as 0.5,2")
    try:
        lo, hi = (float(p.replace(",", ".")) for p in parts)
    except ValueError:
        raise InputError(f"--weight-range: '{text}' is not two numbers lo,hi") from None
    return lo, hi


def summary_text(result: SensitivityResult, lang: str = "fr") -> str:
    """The verdict, the rank-acceptability table, top drivers, stability and tipping points."""
    fr = lang == "fr"
    labels = result.labels_fr if fr else result.labels_en
    lines: list[str] = []
    lines.append(result.verdict_fr if fr else result.verdict_en)
    lines.append("")

    m = len(result.alternatives)
    order = sorted(result.alternatives, key=lambda a: (result.nominal_ranks[a], a))
    names = [labels.get(a, a) for a in order]
    width = max(len(n) for n in [*names, text("col_scenario", lang)])
    lines.append(text("cli_rank_shares", lang))
    cols = "".join(f"{r:>7d}" for r in range(1, m + 1))
    lines.append(f"  {text('col_scenario', lang):<{width}}  {'nominal':>7}{cols}")
    for a, name in zip(order, names, strict=True):
        shares = "".join(f"{_pct(s, fr):>7}" for s in result.rank_acceptability[a])
        lines.append(f"  {name:<{width}}  {result.nominal_ranks[a]:>7g}{shares}")
    lines.append("")

    first = labels.get(result.first, result.first)
    lines.append(text("cli_drivers", lang, first=first))
    key = f"rank:{result.first}"
    drivers = result.top_drivers(key, count=6)
    if all(st == 0 for _, st in drivers):
        lines.append("  " + text("cli_drivers_none", lang))
    else:
        fw = max(len(name) for name, _ in drivers)
        for name, st in drivers:
            conf = result.outputs[key]["ST_conf"][name]
            s1 = result.outputs[key]["S1"][name]
            lines.append(
                f"  {name:<{fw}}  ST {_index(st, fr)} ± {_index(conf, fr)}   S1 {_index(s1, fr)}"
            )
    lines.append("")

    lines.append(text("cli_stability", lang))
    stability = result.stability_answer()
    sw = max(len(k) for k in stability.weights)
    for wname, stab in zip(stability.weights, stability.intervals, strict=True):
        top = f"{_pct(stab.top[0], fr)} – {_pct(stab.top[1], fr)}"
        rk = f"{_pct(stab.ranking[0], fr)} – {_pct(stab.ranking[1], fr)}"
        first_word, rank_word = text("cli_stays_first", lang), text("cli_same_ranking", lang)
        lines.append(
            f"  {wname:<{sw}}  {_pct(stab.nominal, fr):>6}   {first_word} {top:<17} "
            f"{rank_word} {rk}"
        )
    lines.extend(_red_line_lines(result, labels, fr))
    tipping = result.tipping_answer()
    if tipping.points:
        lines.append("")
        lines.append(text("cli_tipping", lang))
        none = sorted({t.parameter for t in tipping.points if t.value is None})
        for t in tipping.found():
            to = labels.get(t.to or "", t.to or "")
            value = _num(float(t.value or 0.0), fr)
            arrow = "→"
            lines.append(
                f"  {t.parameter} = {value} {t.unit}  (nominal {_num(t.nominal, fr)}) {arrow} {to}"
            )
        if none:
            lines.append("  " + text("cli_tipping_none", lang, count=len(none)))
    lines.append("")
    lines.append(
        text(
            "cli_study",
            lang,
            method=result.method,
            n=result.n,
            evaluations=result.evaluations,
            seed=result.seed,
            count=len(result.factors),
            over=", ".join(result.over),
        )
    )
    return "\n".join(lines) + "\n"


def _red_line_lines(result: SensitivityResult, labels: dict[str, str], fr: bool) -> list[str]:
    """Each scenario's probability of crossing a red line, and what decides it when open."""
    red = result.red_lines
    if not red.lines:
        return []
    lang = "fr" if fr else "en"
    out = ["", text("cli_red_line_share", lang, lines=", ".join(line.text for line in red.lines))]
    width = max(len(labels.get(a, a)) for a in result.alternatives)
    for a in result.alternatives:
        out.append(f"  {labels.get(a, a):<{width}}  {_pct(red.p_violation[a], fr):>6}")
    for line, by_scenario in red.indices.items():
        for a, found in by_scenario.items():
            top = sorted(found["ST"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            drivers = ", ".join(f"{name} {_index(st, fr).strip()}" for name, st in top)
            out.append(
                "  "
                + text(
                    "cli_red_line_drivers", lang, line=line, name=labels.get(a, a), drivers=drivers
                )
            )
    return out


def _pct(x: float, fr: bool) -> str:
    return format_share(x, "fr" if fr else "en", 0)


def _index(x: float, fr: bool) -> str:
    """A Sobol index or its half-width, in [-1, 1]: three decimals, right-aligned in 6
    characters so that columns align."""
    return format_number(x, "fr" if fr else "en", 3).rjust(6)


def _num(x: float, fr: bool) -> str:
    """A parameter's value: the one rule of decision.numbers (three significant figures)."""
    return format_number(x, "fr" if fr else "en")


class _Progress:
    """Progress on stderr: a tqdm bar on a terminal, a few plain lines otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.bar: Any = None
        self.stage = ""
        self.last_quarter = -1

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            if self.bar is not None:
                self.bar.close()
                self.bar = None
            self.stage = stage
            self.last_quarter = -1
            if self.tty and stage == "evaluate":
                from tqdm import tqdm

                self.bar = tqdm(
                    total=total, desc="sensitivity: evaluate", unit="row", file=self.stream
                )
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
            return
        quarter = 4 * done // max(total, 1)
        if quarter > self.last_quarter and (stage == "evaluate" or done == total):
            self.last_quarter = quarter
            print(f"decision: sensitivity: {stage} {done}/{total}", file=self.stream, flush=True)
