"""``decision rank``: rank the alternatives of a CSV table or the scenarios of a case.

Examples::

    decision rank table.csv --types max,min,min --weights 0.5,0.3,0.2 --method vikor
    decision rank --weights energy=0.4,cost=0.3,air=0.2,land=0.1      # the bundled case
    decision rank table.csv --types +,-,- --json
    decision rank --red-line "nox<=reference" --red-line "investment<=40000 k€"

A scenario that crosses a red line (the case's own, from case.toml, and each ``--red-line``)
keeps its score and is ranked after every admissible scenario.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace

from copilote.decision.analysis.red_lines import (
    RedLineCheck,
    admissible_first,
    check,
    violation_sentence,
)
from copilote.decision.cli.common import (
    Source,
    add_lang_option,
    add_method_options,
    add_red_line_option,
    add_source_argument,
    add_weight_options,
    load_source,
    source_red_lines,
)
from copilote.decision.core.mcda import MethodResult, evaluate
from copilote.decision.core.methods import method_spec
from copilote.decision.core.results import Ranking
from copilote.decision.i18n import text
from copilote.decision.numbers import format_number, format_share


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``rank`` sub-command."""
    parser = sub.add_parser(
        "rank", help=help_text, description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    add_source_argument(parser)
    add_weight_options(parser)
    add_method_options(parser)
    add_lang_option(parser)
    add_red_line_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Rank and print."""
    method_spec(args.method)  # an unknown method is reported before any file is read
    source = load_source(
        args.source, types=args.types, weights=args.weights, profile=args.profile, db=args.db
    )
    lines = source_red_lines(source, args.red_lines)
    admissibility = check(source.problem, lines)
    result = with_red_lines(
        evaluate(source.problem, args.method, args.normalization), admissibility
    )
    ranking = Ranking.of(
        source.problem,
        result,
        case=source.case,
        admissibility=admissibility if admissibility.lines else None,
    )
    if args.json:
        json.dump(ranking.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(ranking_text(source, ranking, args.lang))
    return 0


def with_red_lines(result: MethodResult, admissibility: RedLineCheck) -> MethodResult:
    """``result`` with its ranks put admissible-first (scores unchanged)."""
    if not admissibility.lines:
        return result
    return replace(result, ranks=admissible_first(result.ranks, admissibility.admissible))


def ranking_text(source: Source, ranking: Ranking, lang: str = "fr") -> str:
    """A readable table, best first, with the method and the weights used; inadmissible
    alternatives (beyond a red line) follow, each with the line it crosses."""
    problem = source.problem
    admissibility = ranking.admissibility
    spec = method_spec(ranking.method)
    fr = lang == "fr"
    order = ranking.order()
    labels = ranking.labels(lang)
    names = [labels[i] for i in order]
    width = max(len(n) for n in [*names, "Alternative"])
    better = text("cli_lower_better" if spec.lower_is_better else "cli_higher_better", lang)
    lines = [
        f"{text('cli_method', lang)} {spec.label}"
        + (
            f" ({text('cli_normalization', lang)} {ranking.normalization})"
            if ranking.normalization
            else ""
        ),
    ]
    if source.profile:
        owner = f", {source.weights_owner}" if source.weights_owner else ""
        lines.append(f"{text('cli_profile', lang)} {source.profile}{owner}")
    if source.kind == "case":
        crit = problem.criterion_weights
        crit_labels = {c.id: (c.label_fr if fr else c.label_en) for c in problem.criteria}
        lines.append(
            f"{text('cli_weights', lang)} "
            + ", ".join(f"{crit_labels[c]} {format_share(w, lang, 0)}" for c, w in crit.items())
        )
    else:
        lines.append(
            f"{text('cli_weights', lang)} "
            + ", ".join(
                f"{i.id} {format_number(w, lang)}"
                for i, w in zip(ranking.indicators, ranking.weights, strict=True)
            )
        )
    lines.append("")
    head = f"{text('col_rank', lang):>5}  {'Alternative':<{width}}  {'Score':>10}  ({better})"
    lines.append(head)
    lines.append("-" * len(head))
    shown_apart = False
    order_ids = [problem.alternatives[i] for i in order]
    for i, name in zip(order, names, strict=True):
        alt = problem.alternatives[i]
        if admissibility is not None and not admissibility.is_admissible(alt):
            if not shown_apart:
                lines.append("  " + text("cli_beyond_red_line", lang))
                shown_apart = True
            lines.append(
                f"{_rank_str(ranking.ranks[i]):>5}  {name:<{width}}  {ranking.scores[i]:>10.4f}"
            )
            for v in admissibility.violations[alt]:
                indicator = problem.indicator(v.line.indicator)
                sentence = violation_sentence(
                    v, indicator, lang, dict(zip(order_ids, names, strict=True))
                )
                lines.append(f"{'':>5}  {sentence}")
            continue
        lines.append(
            f"{_rank_str(ranking.ranks[i]):>5}  {name:<{width}}  {ranking.scores[i]:>10.4f}"
        )
    if admissibility is not None and admissibility.lines:
        lines.append("")
        lines.append(text("cli_red_lines", lang))
        for line in admissibility.lines:
            lines.append(f"  {line.text}")
    return "\n".join(lines) + "\n"


def _rank_str(rank: float) -> str:
    return f"{rank:g}"
