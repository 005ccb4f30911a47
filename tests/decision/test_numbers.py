"""One way to write numbers: screen, memo and command line call the same formatter."""

from __future__ import annotations

import math

import pytest

from copilote.dashboards import i18n
from copilote.decision.cli import evaluate, parameters
from copilote.decision.memo import charts, text
from copilote.decision.numbers import (
    format_number,
    format_share,
    format_significant,
    format_value,
)

THIN, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (31170.4, f"31{THIN}170", "31,170"),
        (1234567.0, f"1{THIN}234{THIN}567", "1,234,567"),
        (100.0, "100", "100"),
        (52.46, "52,5", "52.5"),
        (9.413, "9,41", "9.41"),
        (0.5, "0,500", "0.500"),  # the screen's 0,50 and the memo's 0,500 are now one
        (0.103, "0,103", "0.103"),
        (0.0523, "0,0523", "0.0523"),
        (1.0, "1,00", "1.00"),
        (99.96, "100,0", "100.0"),
        (0.0, "0", "0"),
        (-2.5, f"{MINUS}2,50", f"{MINUS}2.50"),
        (1.234e-6, "0,000001", "0.000001"),  # six decimals at most
        (math.nan, "–", "–"),
        (math.inf, "–", "–"),
        (None, "–", "–"),
    ],
)
def test_numbers_in_both_languages(value: float, fr: str, en: str) -> None:
    assert (format_number(value, "fr"), format_number(value, "en")) == (fr, en)


def test_forced_decimals() -> None:
    assert format_number(1234.5678, "fr", 2) == f"1{THIN}234,57"
    assert format_number(0.5, "en", 2) == "0.50"
    assert format_number(-0.0001, "fr", 2) == "0,00"  # never "−0"


@pytest.mark.parametrize(
    ("share", "fr", "en"),
    [
        (0.85, f"85{NBSP}%", "85%"),
        (0.996, f"99,6{NBSP}%", "99.6%"),  # never "100 %" for what is not all cases
        (0.004, f"0,4{NBSP}%", "0.4%"),
        (1.0, f"100{NBSP}%", "100%"),
        (0.0, f"0{NBSP}%", "0%"),
    ],
)
def test_shares(share: float, fr: str, en: str) -> None:
    assert (format_share(share, "fr"), format_share(share, "en")) == (fr, en)
    assert format_share(0.996, "fr", 0) == f"100{NBSP}%"


def test_values_with_units_and_significant_figures() -> None:
    assert format_value(58766.9, "MWh/an", "fr") == f"58{THIN}767{NBSP}MWh/an"
    assert format_value(math.nan, "ha", "fr") == "–"
    assert format_significant(0.000012345, "fr") == "1,234·10⁻⁵"
    assert format_significant(-1.5, "en") == f"{MINUS}1.5"


def test_screen_memo_and_command_line_share_the_formatter() -> None:
    assert i18n.fmt_number is format_number
    assert i18n.fmt_value is format_value
    assert text.format_number is format_number and text.format_share is format_share
    assert evaluate.format_number is format_number
    assert parameters.format_number is format_number
    assert charts.format_number is format_number
    assert i18n.fmt_percent(0.85, "fr") == format_share(0.85, "fr")
