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
from copilote.decision.numbers import format_share


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
    result = evaluate(source.problem, args.method, args.normalization)
    admissibility = check(source.problem, lines)
    result = with_red_lines(result, admissibility)
    if args.json:
        payload = ranking_json(source, result, admissibility)
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(ranking_text(source, result, args.lang, admissibility))
    return 0


def with_red_lines(result: MethodResult, admissibility: RedLineCheck) -> MethodResult:
    """``result`` with its ranks put admissible-first (scores unchanged)."""
    if not admissibility.lines:
        return result
    return replace(result, ranks=admissible_first(result.ranks, admissibility.admissible))


def ranking_json(
    source: Source, result: MethodResult, admissibility: RedLineCheck | None = None
) -> dict[str, object]:
    """The JSON of issue #2 (method, indicators, normalised weights, alternatives in input
    order), with issue #16's red lines: each alternative's ``admissible`` and ``violations``."""
    problem = source.problem
    lines = admissibility.lines if admissibility is not None else ()
    out: dict[str, object] = {
        "method": result.method,
        "indicators": list(problem.indicator_ids),
        "weights": [float(w) for w in problem.weights],
        "red_lines": [line.to_json() for line in lines],
        "alternatives": [
            {
                "name": name,
                "score": float(score),
                "rank": float(rank),
                "admissible": admissibility is None or admissibility.is_admissible(name),
                "violations": [
                    v.to_json() for v in (admissibility.violations[name] if admissibility else ())
                ],
            }
            for name, score, rank in zip(
                problem.alternatives, result.scores, result.ranks, strict=True
            )
        ],
    }
    return out


def ranking_text(
    source: Source,
    result: MethodResult,
    lang: str = "fr",
    admissibility: RedLineCheck | None = None,
) -> str:
    """A readable table, best first, with the method and the weights used; inadmissible
    alternatives (beyond a red line) follow, each with the line it crosses."""
    problem = source.problem
    spec = method_spec(result.method)
    fr = lang == "fr"
    order = sorted(range(len(problem.alternatives)), key=lambda i: (result.ranks[i], i))
    if source.case is not None:  # a case's scenarios have names in both languages
        names = [source.case.scenario(problem.alternatives[i]).name(lang) for i in order]
    else:
        names = [problem.alternative_labels[i] for i in order]
    width = max(len(n) for n in [*names, "Alternative"])
    better = (
        ("plus bas = meilleur" if fr else "lower is better")
        if spec.lower_is_better
        else ("plus haut = meilleur" if fr else "higher is better")
    )
    lines = [
        f"{'Méthode :' if fr else 'Method:'} {spec.label}"
        + (
            f" ({'normalisation' if fr else 'normalization'} {result.normalization})"
            if result.normalization
            else ""
        ),
    ]
    if source.profile:
        owner = f", {source.weights_owner}" if source.weights_owner else ""
        lines.append(f"{'Profil :' if fr else 'Profile:'} {source.profile}{owner}")
    if source.kind == "case":
        crit = problem.criterion_weights
        labels = {c.id: (c.label_fr if fr else c.label_en) for c in problem.criteria}
        lines.append(
            f"{'Poids :' if fr else 'Weights:'} "
            + ", ".join(f"{labels[c]} {format_share(w, lang, 0)}" for c, w in crit.items())
        )
    else:
        lines.append(
            f"{'Poids :' if fr else 'Weights:'} "
            + ", ".join(
                f"{i} {w:.3g}" for i, w in zip(problem.indicator_ids, problem.weights, strict=True)
            )
        )
    lines.append("")
    head = f"{'Rang' if fr else 'Rank':>5}  {'Alternative':<{width}}  {'Score':>10}  ({better})"
    lines.append(head)
    lines.append("-" * len(head))
    shown_apart = False
    order_ids = [problem.alternatives[i] for i in order]
    for i, name in zip(order, names, strict=True):
        alt = problem.alternatives[i]
        if admissibility is not None and not admissibility.is_admissible(alt):
            if not shown_apart:
                lines.append(
                    "  — au-delà d'une ligne rouge : classés après tous les autres —"
                    if fr
                    else "  — beyond a red line: ranked after all others —"
                )
                shown_apart = True
            lines.append(
                f"{_rank_str(result.ranks[i]):>5}  {name:<{width}}  {result.scores[i]:>10.4f}"
            )
            for v in admissibility.violations[alt]:
                indicator = problem.indicator(v.line.indicator)
                sentence = violation_sentence(
                    v, indicator, lang, dict(zip(order_ids, names, strict=True))
                )
                lines.append(f"{'':>5}  {sentence}")
            continue
        lines.append(f"{_rank_str(result.ranks[i]):>5}  {name:<{width}}  {result.scores[i]:>10.4f}")
    if admissibility is not None and admissibility.lines:
        lines.append("")
        lines.append("Lignes rouges :" if fr else "Red lines:")
        for line in admissibility.lines:
            lines.append(f"  {line.text}")
    return "\n".join(lines) + "\n"


def _rank_str(rank: float) -> str:
    return f"{rank:g}"
