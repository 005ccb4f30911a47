"""``decision evaluate [CASE] [--json] [--lang fr|en]``: a case's performance matrix.

The scenarios x indicators matrix at nominal parameter values, with units. CASE is a case folder
or ``case.toml``; without it, the bundled Lens–Liévin case.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from copilote.decision.case.loading import Case, load_case
from copilote.decision.case.residents import (
    LANDLORD_PLAN,
    cost_per_tonne_avoided,
    per_dwelling,
    prices_by_group,
)
from copilote.decision.cli.common import add_case_arguments
from copilote.decision.i18n import text
from copilote.decision.numbers import format_number


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``evaluate`` sub-command."""
    parser = sub.add_parser("evaluate", help=help_text, description=help_text)
    add_case_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the performance matrix; bad case files raise InputError (exit 2)."""
    case = load_case(args.case)
    if args.json:
        json.dump(performance_json(case, args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(performance_table(case, args.lang))
    return 0


def performance_json(case: Case, lang: str = "fr") -> dict[str, Any]:
    """``{"scenarios": [{"id", "name", "indicators"}], "indicators": [...]}`` (issue #3).

    For a case whose model computes them (the bundled one), also ``per_dwelling``,
    ``cost_per_t_co2_avoided`` (against the first scenario, the reference),
    ``cost_per_t_co2_avoided_vs_landlord_plan`` and ``prices_by_group`` (issue 13.8–13.10;
    docs/contracts.md).
    """
    matrix = case.evaluate()[0]
    out = {
        "scenarios": [
            {
                "id": s.id,
                "name": s.name(lang),
                "indicators": {
                    ind.id: float(matrix[j, col]) for col, ind in enumerate(case.indicators)
                },
            }
            for j, s in enumerate(case.scenarios)
        ],
        "indicators": [i.to_json() for i in case.indicators],
    }
    dwellings = per_dwelling(case)
    if dwellings:
        ids = {s.id for s in case.scenarios}
        out["per_dwelling"] = dwellings
        out["cost_per_t_co2_avoided"] = cost_per_tonne_avoided(case)
        if LANDLORD_PLAN in ids:
            out["cost_per_t_co2_avoided_vs_landlord_plan"] = cost_per_tonne_avoided(
                case, LANDLORD_PLAN, cite_options_only=True
            )
        out["prices_by_group"] = prices_by_group(case)
    return out


def performance_table(case: Case, lang: str = "fr") -> str:
    """The matrix as aligned text: one row per scenario, a unit line, then the legends.

    Words come from the catalogue (keys ``cli_eval_*``); labels from the case in ``lang``.
    """
    matrix = case.evaluate()[0]
    fr = lang == "fr"
    head = [text("cli_eval_scenario", lang), *(i.id for i in case.indicators)]
    units = ["", *(i.unit for i in case.indicators)]
    rows = [
        [s.id, *(format_number(float(v), lang) for v in matrix[j])]
        for j, s in enumerate(case.scenarios)
    ]
    widths = [max(len(r[c]) for r in [head, units, *rows]) for c in range(len(head))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(w) for cell, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    title = case.title_fr if fr else case.title_en
    out = [title, "", line(head), line(units), *(line(r) for r in rows), ""]
    out.append(text("cli_eval_indicators", lang))
    crit = {c.id: (c.label_fr if fr else c.label_en) for c in case.criteria}
    for i in case.indicators:
        better = text(
            "cli_eval_lower_better" if i.direction == "min" else "cli_eval_higher_better", lang
        )
        out.append(f"  {i.id}: {i.label(lang)} ({i.unit}; {crit[i.criterion]}; {better})")
    out.append(text("cli_eval_scenarios", lang))
    out.extend(f"  {s.id}: {s.name(lang)}" for s in case.scenarios)
    out.append(text("cli_eval_nominal", lang))
    return "\n".join(out) + "\n"
