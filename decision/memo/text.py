"""The memo's words (from :mod:`copilote.decision.i18n`), numbers, dates and plain maths.

French first: a committee reads French; English is the same memo for partners and reviewers.
Numbers follow each language's typography (``31 170,5`` and ``12,3 %`` in French,
``31,170.5`` and ``12.3%`` in English).
"""

from __future__ import annotations

from datetime import datetime

# The memo's wording is the one catalogue's (screen, memo and command line read the same words).
from copilote.decision.i18n import LANGS
from copilote.decision.i18n import text as t

# One way to write numbers for screen, memo and command line; the memo's names kept for its modules.
from copilote.decision.numbers import format_number, format_share, format_significant

__all__ = [
    "LANGS",
    "format_date",
    "format_number",
    "format_share",
    "format_significant",
    "plain_math",
    "t",
]

_MONTHS_FR = (
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
)
_MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def format_date(moment: datetime, lang: str) -> str:
    """``12 mars 2026`` or ``12 March 2026``."""
    if lang == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        return f"{day} {_MONTHS_FR[moment.month - 1]} {moment.year}"
    return f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year}"


_SUB = str.maketrans("0123456789ij+-", "₀₁₂₃₄₅₆₇₈₉ᵢⱼ₊₋")
_SUP = str.maketrans("0123456789+-*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻*")
_GREEK = {"\\pi": "π", "\\phi": "φ"}


def plain_math(text: str) -> str:
    """pymcdm's LaTeX captions (``$v^{+}_{j}$``) as plain text with Unicode (``v⁺ⱼ``)."""
    import re

    out = text.replace("$", "")
    for command, letter in _GREEK.items():
        out = out.replace(command, letter)

    def script(match: re.Match[str], table: dict[int, int], mark: str) -> str:
        body = match.group(1) or match.group(2)
        converted = body.translate(table)
        # Letters without a Unicode sub/superscript stay readable as _x or ^x.
        if any(ch.isalpha() and ch not in "ij" for ch in body) and mark == "_":
            return f"_{body}"
        return converted

    out = re.sub(r"\^(?:\{([^}]*)\}|([+\-*0-9]))", lambda m: script(m, _SUP, "^"), out)
    out = re.sub(r"_(?:\{([^}]*)\}|([0-9ij+\-]))", lambda m: script(m, _SUB, "_"), out)
    return out.replace("{", "").replace("}", "")
