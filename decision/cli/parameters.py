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
from copilote.decision.i18n import text
from copilote.decision.numbers import format_number


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


#: The column heads, as catalogue keys, in the order of the table.
HEAD_KEYS = (
    "cli_param_name",
    "cli_param_nominal",
    "cli_param_range",
    "cli_param_unit",
    "cli_param_status",
)


def parameter_table(case: Case, lang: str = "fr") -> str:
    """Aligned text: name, nominal, range, unit, status; the label and source beneath.

    Words come from the catalogue (keys ``cli_param_*``); a status ``s`` is the screen's and the
    memo's ``status_<s>`` («vérifiée», «dérivée», «hypothèse»: a donnée's, hence the feminine and
    the French header «donnée»).
    """
    fr = lang == "fr"
    head = [text(key, lang) for key in HEAD_KEYS]
    rows = []
    for p in case.parameters:
        span = (
            f"{format_number(p.low, lang)} – {format_number(p.high, lang)}"
            if p.uncertain
            else text("cli_param_fixed", lang)
        )
        status = text(f"status_{p.status}", lang)
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
        label = p.label_fr if fr else p.label_en
        out.append("    " + text("cli_param_source", lang, label=label, source=p.source))
        if p.formula:
            out.append("    " + text("cli_param_formula", lang, formula=p.formula))
    uncertain = sum(p.uncertain for p in case.parameters)
    out.append("")
    out.append(text("cli_param_count", lang, count=len(case.parameters), uncertain=uncertain))
    return "\n".join(out) + "\n"
