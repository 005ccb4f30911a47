"""The dashboard's state classes are plain ``param`` objects that do not import Panel."""

from __future__ import annotations

import subprocess
import sys

from tests.dashboards.serving import REPO


def test_state_classes_do_not_import_panel() -> None:
    code = (
        "import sys, copilote.dashboards.state, copilote.dashboards.group_state; "
        "print(sorted(m for m in sys.modules if m == 'panel' or m.startswith('panel.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
