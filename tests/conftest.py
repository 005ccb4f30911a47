"""Shared test settings.

Under CI (``CI=true``) hypothesis draws the same examples on every run (``derandomize``), so a
red CI always points at a change, never at a lucky draw; locally each run draws afresh and finds
new cases (both failures found that way are now tests of their own).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")
