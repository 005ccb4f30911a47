"""How a number is written for a reader: one rule for the screen, the memo and the command line.

French first (Imprimerie nationale): thousands grouped by a narrow no-break space, a decimal
comma, a no-break space before ``%``: ``31 170``, ``0,45``, ``85 %``. English: ``31,170``,
``0.45``, ``85%``. A negative number takes the minus sign ``−`` (U+2212), never ``-0``; a value
that is missing or not finite is written ``–``.

Decimals, unless asked: three significant figures, which is what the case's data supports, and
none from 100 up (``31 170``, ``52,5``, ``9,41``, ``0,500``: where the screen said ``0,50`` and
the memo ``0,500`` before, both now say ``0,500``). A share is written in whole percent, with one
decimal just above 0 % and just below 100 % so that 99.6 % never reads as 100 %.
"""

from __future__ import annotations

import math

#: What stands for a missing or undefined figure.
MISSING = "–"
_THIN = "\u202f"  # narrow no-break space: French thousands separator
_NBSP = "\u00a0"  # no-break space: before % and units
_MINUS = "\u2212"
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decimals_for(value: float) -> int:
    """The default number of decimals for ``value``: three significant figures, none from 100 up
    (``31 170``, ``52,5``, ``9,41``, ``0,500``, ``0,0523``), at most six."""
    size = abs(value)
    if size >= 100 or size == 0:
        return 0
    return min(6, 2 - math.floor(math.log10(size)))


def format_number(value: float | None, lang: str = "fr", digits: int | None = None) -> str:
    """``value`` with ``digits`` decimals (by its size if None), in ``lang``'s typography."""
    if value is None or not math.isfinite(float(value)):
        return MISSING
    value = float(value)
    digits = decimals_for(value) if digits is None else digits
    text = f"{abs(value):,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", _THIN).replace(".", ",")
    negative = value < 0 and any(c not in "0,." + _THIN for c in text)
    return _MINUS + text if negative else text


def format_share(share: float | None, lang: str = "fr", digits: int | None = None) -> str:
    """A share in [0, 1] as a percentage: ``0.85`` -> ``85 %`` (French) or ``85%``."""
    if share is None or not math.isfinite(float(share)):
        return MISSING
    percent = 100 * float(share)
    if digits is None:
        digits = 1 if 0 < percent < 1 or 99 < percent < 100 else 0
    number = format_number(percent, lang, digits)
    return f"{number}{_NBSP}%" if lang == "fr" else f"{number}%"


def unit_label(unit: str, lang: str = "fr") -> str:
    """A unit as the case writes it (French), or in English: ``MWh/an`` -> ``MWh/yr``."""
    if lang == "fr" or not unit:
        return unit
    return unit.replace("/an", "/yr").replace("€ HT", "€ excl. VAT")


def format_value(value: float | None, unit: str, lang: str = "fr") -> str:
    """A value with its unit, ``31 170 MWh/an``, in English ``31,170 MWh/yr``."""
    number = format_number(value, lang)
    shown = unit_label(unit, lang)
    return f"{number}{_NBSP}{shown}" if shown and number != MISSING else number


def format_significant(value: float | None, lang: str = "fr", digits: int = 4) -> str:
    """``value`` with ``digits`` significant figures, any magnitude (``1,234·10⁻⁵``)."""
    if value is None or not math.isfinite(float(value)):
        return MISSING
    if value == 0:
        return "0"
    text = f"{float(value):.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}·10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
    if lang == "fr":
        text = text.replace(".", ",")
    return text.replace("-", _MINUS)
