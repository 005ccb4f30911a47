"""The dashboard's view of the one catalogue of words (:mod:`copilote.decision.i18n`).

No wording lives here: the screen, the memo and the command line read the same catalogue, and
every figure is written by :mod:`copilote.decision.numbers`. The names below are the ones the
dashboard's modules have always used.
"""

from __future__ import annotations

from copilote.decision.i18n import LANGS, OBJECTIVE_METHODS, norm_label, objective_label
from copilote.decision.i18n import text as tr
from copilote.decision.numbers import format_number, format_share, format_value

__all__ = [
    "LANGS",
    "OBJECTIVE_LABELS",
    "fmt_number",
    "fmt_percent",
    "fmt_value",
    "norm_label",
    "tr",
]

#: Objective weighting methods, code name -> (French, English), for the analyst's menu.
OBJECTIVE_LABELS: dict[str, tuple[str, str]] = {
    name: (objective_label(name, "fr"), objective_label(name, "en")) for name in OBJECTIVE_METHODS
}

# Numbers are written by the engine's one formatter (screen, memo and command line agree).
fmt_number = format_number
fmt_value = format_value


def fmt_percent(share: float, lang: str = "fr", digits: int | None = None) -> str:
    """``0.83`` -> ``83 %`` (French) or ``83%`` (:func:`copilote.decision.numbers.format_share`)."""
    return format_share(share, lang, digits)
