"""``decision rank``: rank the alternatives of a CSV table or the scenarios of a case.

Examples::

    decision rank table.csv --types max,min,min --weights 0.5,0.3,0.2 --method vikor
    decision rank --weights energy=0.4,cost=0.3,air=0.2,land=0.1      # the bundled case
    decision rank table.csv --types +,-,- --json
"""

from __future__ import annotations

import argparse
import json
import sys

from copilote.decision.cli.common import (
    Source,
    add_lang_option,
    add_method_options,
    add_source_argument,
    add_weight_options,
    load_source,
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
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Rank and print."""
    method_spec(args.method)  # an unknown method is reported before any file is read
    source = load_source(
        args.source, types=args.types, weights=args.weights, profile=args.profile, db=args.db
    )
    result = evaluate(source.problem, args.method, args.normalization)
    if args.json:
        json.dump(ranking_json(source, result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(ranking_text(source, result, args.lang))
    return 0


def ranking_json(source: Source, result: MethodResult) -> dict[str, object]:
    """The JSON of issue #2: method, indicators, normalised weights, alternatives in input order."""
    problem = source.problem
    return {
        "method": result.method,
        "indicators": list(problem.indicator_ids),
        "weights": [float(w) for w in problem.weights],
        "alternatives": [
            {"name": name, "score": float(score), "rank": float(rank)}
            for name, score, rank in zip(
                problem.alternatives, result.scores, result.ranks, strict=True
            )
        ],
    }


def ranking_text(source: Source, result: MethodResult, lang: str = "fr") -> str:
    """A readable table, best first, with the method and the weights used."""
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
    for i, name in zip(order, names, strict=True):
        lines.append(f"{_rank_str(result.ranks[i]):>5}  {name:<{width}}  {result.scores[i]:>10.4f}")
    return "\n".join(lines) + "\n"


def _rank_str(rank: float) -> str:
    return f"{rank:g}"
