"""What the server forgets when a browser session ends (dashboards/lifecycle.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import panel as pn

from dashboards.lifecycle import release_memory


class _View:
    """Stands for a Panel view left registered for a closed document."""

    def __init__(self) -> None:
        self.destroyed_with: list[Any] = []

    def _server_destroy(self, session_context: Any) -> None:
        self.destroyed_with.append(session_context)


def test_closed_session_views_are_dropped_and_others_kept() -> None:
    closed_doc, live_doc = object(), object()
    closed, live = _View(), _View()
    context = SimpleNamespace(_document=closed_doc)
    pn.state._views["test-closed"] = (closed, None, closed_doc, None)
    pn.state._views["test-live"] = (live, None, live_doc, None)
    try:
        release_memory(context)
        assert "test-closed" not in pn.state._views
        assert closed.destroyed_with == [context]
        assert "test-live" in pn.state._views
        assert live.destroyed_with == []
    finally:
        pn.state._views.pop("test-closed", None)
        pn.state._views.pop("test-live", None)


def test_a_failing_view_clean_up_does_not_stop_the_rest() -> None:
    doc = object()

    class Broken(_View):
        def _server_destroy(self, session_context: Any) -> None:
            raise RuntimeError("broken clean-up")

    pn.state._views["test-broken"] = (Broken(), None, doc, None)
    try:
        release_memory(SimpleNamespace(_document=doc))
        assert "test-broken" not in pn.state._views
    finally:
        pn.state._views.pop("test-broken", None)
