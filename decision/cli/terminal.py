"""Text typed by people, made safe to print on a terminal (issue 17, finding 7).

A comment or a name may hold terminal escape sequences (``ESC [ 2 J`` clears the screen, others
rewrite the title or fake earlier lines). ``decision profile list`` and ``decision journal``
print such text through :func:`printable`, which drops every control character (C0, DEL, C1)
and turns line breaks and tabs into spaces, so one entry stays one line.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\t\n\r]+")


def printable(text: object) -> str:
    """``text`` without control characters, line breaks and tabs as single spaces."""
    return _CONTROL.sub("", _BREAKS.sub(" ", str(text)))
