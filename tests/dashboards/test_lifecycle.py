"""What the server forgets when a browser session ends (dashboards/lifecycle.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import panel as pn
import pytest

from dashboards.lifecycle import release_memory


class _View:
    """Stands for a Panel view left registered for a closed document."""

    def __init__(self) -> None:
        self.destroyed_with: list[Any] = []

    def _server_destroy(self, session_context: Any) -> None:
        self.destroyed_with.append(session_context)


@pytest.fixture
def register() -> Iterator[Callable[[str, Any, object], None]]:
    """Put views in Panel's registry for a test; whatever is left is taken out afterwards."""
    refs: list[str] = []

    def put(ref: str, view: Any, doc: object) -> None:
        refs.append(ref)
        pn.state._views[ref] = (view, None, doc, None)

    yield put
    for ref in refs:
        pn.state._views.pop(ref, None)


def test_closed_session_views_are_dropped_and_others_kept(register: Any) -> None:
    closed_doc, live_doc = object(), object()
    closed, live = _View(), _View()
    context = SimpleNamespace(_document=closed_doc)
    register("test-closed", closed, closed_doc)
    register("test-live", live, live_doc)
    release_memory(context)
    assert "test-closed" not in pn.state._views
    assert closed.destroyed_with == [context]
    assert "test-live" in pn.state._views
    assert live.destroyed_with == []


def test_a_failing_view_clean_up_does_not_stop_the_rest(register: Any) -> None:
    doc = object()

    class Broken(_View):
        def _server_destroy(self, session_context: Any) -> None:
            raise RuntimeError("broken clean-up")

    register("test-broken", Broken(), doc)
    release_memory(SimpleNamespace(_document=doc))
    assert "test-broken" not in pn.state._views
