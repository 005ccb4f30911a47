"""What the server forgets when a browser session ends (dashboards/lifecycle.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import panel as pn
import pytest

from copilote.dashboards import lifecycle
from copilote.dashboards.lifecycle import release_memory


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


@pytest.fixture
def collected(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Count the collections instead of running them (times on the event loop's clock)."""
    done: list[float] = []
    monkeypatch.setattr(lifecycle, "collect_and_trim", lambda *_: done.append(_now()))
    monkeypatch.setattr(lifecycle, "COLLECT_DELAY_S", 0.2)
    monkeypatch.setattr(lifecycle, "_pending", None)
    return done


def _now() -> float:
    return asyncio.get_running_loop().time()


def test_in_a_server_the_collection_waits_for_the_last_session_of_a_burst(collected):
    # Bokeh calls the hook while it still holds the session: collecting then would free nothing.
    async def burst() -> tuple[float, list[float]]:
        for _ in range(5):  # five laptops leave within a few milliseconds
            release_memory(SimpleNamespace(_document=object()))
            await asyncio.sleep(0.01)
        last = _now()
        immediately = list(collected)
        await asyncio.sleep(0.5)
        return last, immediately

    last, immediately = asyncio.run(burst())
    assert immediately == []
    assert len(collected) == 1
    assert collected[0] >= last + 0.2 - 0.02  # loop clock granularity


def test_outside_a_server_it_collects_at_once(monkeypatch):
    done: list[int] = []
    monkeypatch.setattr(lifecycle, "collect_and_trim", lambda *_: done.append(1))
    release_memory(SimpleNamespace(_document=object()))
    assert done == [1]


def test_collect_and_trim_frees_reference_cycles():
    import gc
    import weakref

    class Node:
        pass

    gc.disable()  # only the collection under test may free it
    try:
        node = Node()
        node.me = node  # a cycle, as a closed session's widgets and watchers make
        alive = weakref.ref(node)
        del node
        assert alive() is not None
        lifecycle.collect_and_trim()
        assert alive() is None
    finally:
        gc.enable()


def test_a_closed_tab_is_one_log_line_not_a_traceback(caplog):
    """Tornado's unretrieved WebSocketClosedError (a tab closed mid-send) is logged as one
    line; any other unretrieved exception still reaches asyncio's own report."""
    import asyncio
    import gc
    import logging

    from tornado.websocket import WebSocketClosedError

    from copilote.dashboards.lifecycle import quiet_closed_sockets

    reported: list[dict] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, context: reported.append(context))
        quiet_closed_sockets()

        async def fail(error: Exception) -> None:
            raise error

        for error in (WebSocketClosedError(), ValueError("other")):
            task = asyncio.ensure_future(fail(error))
            await asyncio.sleep(0.01)
            del task
            gc.collect()
        await asyncio.sleep(0.01)

    with caplog.at_level(logging.INFO, logger="copilote.serve"):
        asyncio.run(main())
    assert "a browser closed" in caplog.text
    assert [type(c.get("exception")) for c in reported] == [ValueError]
