"""Everything the page loads comes from ``decision serve`` itself: a meeting room has no internet.

Panel writes some style sheets (its theme's ``default.css`` and ``native.css``, ``loading.css``)
with the address of its CDN (``https://cdn.holoviz.org/panel/<version>/dist/``) and rewrites
them to the server's own copy only when the model already belongs to a document; models built
later (a tab opened, a table shown after a study) keep the CDN address. So the CDN root itself
is pointed at a route of our server (Panel's documented ``PANEL_CDN_ROOT`` setting, read when
Panel is imported), and that route serves Panel's own ``dist`` folder.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Where the server answers for Panel's "CDN": one of its own routes.
OFFLINE_ROOT = "copilote-panel"


def use_local_cdn() -> None:
    """Point Panel's CDN at :data:`OFFLINE_ROOT`; call before Panel is imported."""
    os.environ.setdefault("PANEL_CDN_ROOT", f"/{OFFLINE_ROOT}/")


def static_dirs() -> dict[str, str]:
    """The ``panel.serve`` route that serves Panel's files at the address above."""
    import panel
    from panel.io.resources import CDN_DIST, DIST_DIR

    if not CDN_DIST.startswith(f"/{OFFLINE_ROOT}/"):  # Panel was imported first: say so
        raise RuntimeError(
            f"Panel's CDN is {CDN_DIST}: copilote.decision.cli.offline.use_local_cdn() must run "
            "before panel is imported"
        )
    return {f"{OFFLINE_ROOT}/{panel.__version__}/dist": str(Path(DIST_DIR))}
