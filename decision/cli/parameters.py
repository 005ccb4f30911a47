"""``decision parameters [CASE] [--json] [--lang fr|en]``: a case's inputs with ranges and sources.

Every parameter of the model: nominal value, range [low, high] used by the sensitivity study,
unit, status (verified / derived / assumption) and source. A fixed fact has low = high.
"""

from __future__ import annotations

import argparse
import json
import sys

from copilote.decision.case.loading import Case, load_case
from copilote.decision.cli.common import add_case_arguments
from copilote.decision.numbers import format_number

STATUS_FR = {"verified": "vérifié", "derived": "calculé", "assumption": "hypothèse"}


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``parameters`` sub-command."""
    parser = sub.add_parser("parameters", help=help_text, description=help_text)
    add_case_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the parameters; bad case files raise InputError (exit 2)."""
    case = load_case(args.case)
    if args.json:
        json.dump([p.to_dict() for p in case.parameters], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(parameter_table(case, args.lang))
    return 0


def parameter_table(case: Case, lang: str = "fr") -> str:
    """Aligned text: name, nominal, range, unit, status; the label and source beneath."""
    fr = lang == "fr"
    head = (
        ["paramètre", "nominal", "plage", "unité", "statut"]
        if fr
        else ["parameter", "nominal", "range", "unit", "status"]
    )
    rows = []
    for p in case.parameters:
        span = (
            f"{format_number(p.low, lang)} – {format_number(p.high, lang)}"
            if p.uncertain
            else "fixe"
            if fr
            else "fixed"
        )
        status = STATUS_FR[p.status] if fr else p.status
        rows.append([p.name, format_number(p.nominal, lang), span, p.unit, status])
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]

    def line(cells: list[str]) -> str:
        aligned = [
            cells[0].ljust(widths[0]),
            cells[1].rjust(widths[1]),
            cells[2].rjust(widths[2]),
            cells[3].ljust(widths[3]),
            cells[4],
        ]
        return "  ".join(aligned).rstrip()

    out = [case.title_fr if fr else case.title_en, "", line(head)]
    for p, row in zip(case.parameters, rows, strict=True):
        out.append(line(row))
        out.append(
            f"    {p.label_fr if fr else p.label_en}. Source : {p.source}"
            if fr
            else (f"    {p.label_en}. Source: {p.source}")
        )
        if p.formula:
            out.append(
                f"    {'Formule' if fr else 'Formula'} : {p.formula}"
                if fr
                else (f"    Formula: {p.formula}")
            )
    uncertain = sum(p.uncertain for p in case.parameters)
    out.append("")
    out.append(
        f"{len(case.parameters)} paramètres, dont {uncertain} incertains."
        if fr
        else f"{len(case.parameters)} parameters, {uncertain} of them uncertain."
    )
    return "\n".join(out) + "\n"
