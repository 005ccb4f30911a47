"""The COPIL dashboard, as a Panel app.

Two ways to serve it:

- ``decision serve [CASE] [--lang en] [--profile NAME]`` (the usual one: it also sets the
  session lifetime, reconnection and the security checks);
- ``panel serve dashboards/app.py`` (the bundled case; ``?lang=en`` in the address, or the
  ``DECISION_CASE``, ``DECISION_LANG``, ``DECISION_PROFILE`` and ``DECISION_DB`` variables).

Each browser session gets its own state (its own weights); the case itself is read once per
process and shared, as it never changes.
"""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path
from typing import Any

import panel as pn
from bokeh.events import DocumentReady
from bokeh.models import CustomJS

from copilote.dashboards.group import group_view
from copilote.dashboards.lifecycle import quiet_closed_sockets, release_memory
from copilote.dashboards.state import DecisionState
from copilote.dashboards.views.shell import DashboardView
from copilote.dashboards.views.theme import CSS
from copilote.decision.errors import InputError

ENV_CASE, ENV_LANG, ENV_PROFILE, ENV_DB = (
    "DECISION_CASE",
    "DECISION_LANG",
    "DECISION_PROFILE",
    "DECISION_DB",
)

_cases: dict[str, Any] = {}
_cases_lock = threading.Lock()


def configure() -> None:
    """Panel settings for every session: style, reconnection after a short network loss.

    Every script, style sheet and font comes from the server itself (a meeting room has no
    internet): Bokeh's resources in ``server`` mode, set for every thread, not only the one
    that happens to build the page.
    """
    os.environ.setdefault("BOKEH_RESOURCES", "server")
    pn.extension(
        "tabulator",
        raw_css=[CSS],
        notifications=True,
        # A laptop that slept, or wifi that dropped, reconnects to the same session (Panel >=
        # 1.8): the server keeps unused sessions alive long enough (see decision serve).
        reconnect=True,
        disconnect_notification="Connexion perdue — reconnexion… / Connection lost — reconnecting…",
        ready_notification="",
        sizing_mode="stretch_width",
    )


def load_case_cached(path: str | None) -> Any:
    """The case at ``path`` (None: the bundled one), read once per process."""
    from copilote.decision.case.loading import load_case

    key = str(Path(path).resolve()) if path else ""
    with _cases_lock:
        if key not in _cases:
            _cases[key] = load_case(path or None)
        return _cases[key]


def apply_profile(state: DecisionState, name: str, db: str | None) -> None:
    """Start from a stored weight profile (``--profile NAME``)."""
    from copilote.decision.record.store import resolve_profile

    profile = resolve_profile(name, db or None)
    state.set_weights(profile.weights.on(state.base_problem, f"profile '{name}'"))
    state.weights_owner = profile.owner


def build_app(
    case: str | None = None,
    lang: str = "fr",
    profile: str | None = None,
    db: str | None = None,
) -> DashboardView:
    """The page of one session."""
    if lang not in ("fr", "en"):
        raise InputError(f"--lang: '{lang}' is not a language, expected fr or en")
    state = DecisionState(load_case_cached(case), lang=lang)
    if profile:
        apply_profile(state, profile, db)
    return DashboardView(state, group_factory=group_view)


def session_app() -> pn.viewable.Viewable:
    """The app as ``decision serve`` and ``panel serve`` call it, once per browser session."""
    lang = os.environ.get(ENV_LANG, "fr")
    if pn.state.session_args.get("lang"):
        requested = pn.state.session_args["lang"][0].decode()
        lang = requested if requested in ("fr", "en") else lang
    title = "Copilote"
    pn.state.on_session_destroyed(release_memory)
    quiet_closed_sockets()
    try:
        view = build_app(
            os.environ.get(ENV_CASE) or None,
            lang,
            os.environ.get(ENV_PROFILE) or None,
            os.environ.get(ENV_DB) or None,
        )
    except InputError as err:
        return pn.pane.HTML(f"<h2>{title}</h2><p>decision: error: {html.escape(str(err))}</p>")
    doc = pn.state.curdoc
    if doc is not None:
        # The page is French (or English) from its first paint: Bokeh's template says "en".
        doc.js_on_event(DocumentReady, CustomJS(code=f"document.documentElement.lang = {lang!r};"))
    return pn.Column(view, sizing_mode="stretch_width", margin=(0, 12))


configure()

if __name__.startswith("bokeh"):  # run by panel serve / decision serve
    pn.state.cache.setdefault("copilote_title", "Copilote")
    session_app().servable(title="Copilote — COPIL")
