"""The page: header (title, language switch, memo export) and the mode tabs.

Changing the language rebuilds the views from the same state objects: nothing chosen is lost,
and every label comes out in the new language.
"""

from __future__ import annotations

import asyncio
import io
import logging
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from typing import Any

import panel as pn

from copilote.dashboards.i18n import tr
from copilote.dashboards.state import ComparisonState, DecisionState, StudyState, WeightingState
from copilote.dashboards.state.decision_state import slow_figures
from copilote.dashboards.state.memo import MemoState
from copilote.dashboards.views.analyst import STUDY_EXECUTOR, AnalystView
from copilote.dashboards.views.committee import CommitteeView
from copilote.dashboards.views.theme import esc
from copilote.dashboards.worker import worker_pool

log = logging.getLogger(__name__)

#: The method comparison of every session is computed here, off the event loop.
SLOW_EXECUTOR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="copilote-robustness")
_robustness_pool: ProcessPoolExecutor | None = None


def robustness_pool() -> ProcessPoolExecutor:
    """One worker process for the robustness studies of every session (about a second each).

    A process, not a thread: in a thread the study holds the interpreter often enough to delay
    the slider events of the event loop by seconds (measured: the ranking caught up with a burst
    of key presses 4 s after the last one). Started on first use; it leaves when the server
    stops, however it stops (:mod:`copilote.dashboards.worker`).
    """
    global _robustness_pool
    if _robustness_pool is None:
        _robustness_pool = worker_pool(1)
    return _robustness_pool


#: Quiet time after a weight change before stability and robustness are recomputed [s].
SETTLE_SECONDS = 0.3


class DashboardView(pn.viewable.Viewer):
    """The whole page for one session."""

    def __init__(
        self,
        state: DecisionState,
        group_factory: Any = None,
        **params: Any,
    ) -> None:
        super().__init__(**params)
        self.state = state
        state.defer_why = True
        self.weighting = WeightingState(state)
        self.study = StudyState(state)
        self.comparison = ComparisonState(state)
        self.memo = MemoState(state, self.study)
        self.group_factory = group_factory
        self._slow_running = False
        self._doc: Any = None
        #: The change the slow loop is waiting for on the event loop (see ``_locked``).
        self._waiting: asyncio.Future[Any] | None = None
        self.lang = pn.widgets.RadioButtonGroup(
            options={"FR": "fr", "EN": "en"},
            value=state.lang,
            color="light",
            css_classes=["cp-lang"],
            width=110,
            margin=(12, 10),
        )
        self.lang.param.watch(self._switch_language, "value")
        # <html lang> follows the language (screen readers, the browser's number formats)
        self.lang.jscallback(
            value="document.documentElement.lang = (source.active === 1) ? 'en' : 'fr';"
        )
        self.download = pn.widgets.FileDownload(
            callback=self._memo_file,
            filename=self.memo.filename(),
            color="success",
            label=tr("export_memo", state.lang),
            css_classes=["cp-memo"],
            margin=(12, 10),
            width=290,
        )
        self.header_title = pn.pane.HTML(sizing_mode="stretch_width", margin=0)
        self.body = pn.Column(sizing_mode="stretch_width")
        self.tabs: pn.Tabs | None = None
        state.param.watch(self._schedule_slow, ["ranking"])
        self._shared = (state, self.weighting, self.study, self.comparison, self.memo)
        self._permanent = {id(w) for obj in self._shared for w in _watchers(obj)}
        self._build()
        self._schedule_slow()

    # -- language -----------------------------------------------------------------------------
    def _switch_language(self, event: Any) -> None:
        active = self.tabs.active if self.tabs is not None else 0
        self.state.lang = event.new
        self._build(active)

    def _drop_view_watchers(self) -> None:
        """Unwatch what the replaced views set on the shared state (else they keep updating)."""
        for obj in self._shared:
            for watcher in _watchers(obj):
                if id(watcher) not in self._permanent:
                    obj.param.unwatch(watcher)

    def _build(self, active: int = 0) -> None:
        self._drop_view_watchers()
        state, lang = self.state, self.state.lang
        title = getattr(state.case, "title_fr" if lang == "fr" else "title_en", "")
        self.header_title.object = (
            f"<div class='cp-header'><h1>{tr('app_title', lang)}</h1>"
            f"<div class='cp-sub'>{esc(tr('app_subtitle', lang))} · {esc(title)}</div></div>"
        )
        self.download.label = tr("export_memo", lang)
        self.download.filename = self.memo.filename()
        # Only the committee page is built at once; the other modes are built the first time
        # their tab is opened (lazy functions inside dynamic tabs), so a page opens in a second.
        tabs: list[tuple[str, Any]] = [
            (tr("tab_committee", lang), CommitteeView(state)),
            (
                tr("tab_analyst", lang),
                pn.param.ParamFunction(
                    lambda: AnalystView(state, self.weighting, self.study, self.comparison),
                    lazy=True,
                    sizing_mode="stretch_width",
                ),
            ),
        ]
        if self.group_factory is not None:
            tabs.append(
                (
                    tr("tab_group", lang),
                    pn.param.ParamFunction(
                        lambda: self._group_view(), lazy=True, sizing_mode="stretch_width"
                    ),
                )
            )
        # dynamic: a mode's widgets are sent when its tab is opened, so the committee page
        # comes first and fast.
        self.tabs = pn.Tabs(
            *tabs,
            active=active,
            dynamic=True,
            sizing_mode="stretch_width",
            css_classes=["cp-modes"],
        )
        self.body[:] = [self.tabs]

    def _group_view(self) -> Any:
        """The group session tab (dashboards/group.py, the store's part), if it is there."""
        if self.group_factory is None:
            return None
        try:
            return self.group_factory(self.state)
        except Exception:
            log.exception("group session view failed")
            return pn.pane.HTML(
                f"<div class='cp-verdict'>{tr('unavailable', self.state.lang, what=tr('tab_group', self.state.lang))}</div>"  # noqa: E501
            )

    # -- slow figures, off the event loop -----------------------------------------------------
    def _schedule_slow(self, *_: Any) -> None:
        """Recompute stability and robustness in a worker, at most one run at a time."""
        if self._slow_running:
            return
        self._slow_running = True
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            if self._doc is None:
                doc.on_session_destroyed(self._session_destroyed)
            self._doc = doc
            pn.state.execute(self._slow_loop, schedule=False)
        else:  # no server (a notebook, a test): do it now
            try:
                self.state.refresh_slow()
                self.comparison.refresh()
            finally:
                self._slow_running = False

    async def _slow_loop(self) -> None:
        loop = asyncio.get_running_loop()
        state = self.state
        try:
            # Until nothing is stale: a choice that moves while figures are computed makes them
            # stale again, and figures for another key are never stored (apply_slow checks).
            while state.slow_stale or self.comparison.stale:
                key = state.current_key
                if state.slow_stale:
                    # Wait until the slider rests: while someone drags, the ranking alone
                    # follows, and the badges and intervals catch up once (not once per step).
                    await asyncio.sleep(SETTLE_SECONDS)
                    if state.current_key != key:
                        continue
                    inputs = state.slow_inputs()
                    try:
                        figures = await loop.run_in_executor(
                            robustness_pool(),
                            slow_figures,
                            state.case,
                            inputs,
                            state.study_over(),
                        )
                    except Exception:
                        log.exception("robustness/stability failed")
                        figures = {"key": key, "error": "failed"}
                    if not await self._until_connected():
                        return
                    await self._locked(partial(state.apply_slow, figures))
                    continue
                table = await loop.run_in_executor(SLOW_EXECUTOR, self.comparison.compute)
                if not await self._until_connected():
                    return
                if state.current_key == key:
                    await self._locked(
                        partial(self.comparison.param.update, table=table, stale=False)
                    )
        except asyncio.CancelledError:
            pass  # the session closed while its figures were being computed
        except Exception:
            log.exception("method comparison failed")
        finally:
            self._slow_running = False

    async def _until_connected(self) -> bool:
        """Wait while no browser is connected (a laptop asleep, a tab being closed).

        Why: figures sent to a session without a connection fail inside Tornado (a traceback
        in the server's log for a normal event); a browser that comes back gets them then.
        False once the session is gone.
        """
        while True:
            context = self._doc.session_context if self._doc is not None else None
            session = getattr(context, "_session", None) if context is not None else None
            if context is None or session is None or getattr(session, "destroyed", False):
                return False
            if session.connection_count > 0:
                return True
            await asyncio.sleep(0.5)

    def _session_destroyed(self, session_context: Any) -> None:
        """Let the slow loop end when its browser session is gone.

        Why: Bokeh drops the next-tick callbacks of a closed document, so a loop waiting in
        ``_locked`` when the session ends would wait for ever and keep this view, its state and
        its document in memory.
        """
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting.get_loop().call_soon_threadsafe(waiting.cancel)

    def _locked(self, change: Any) -> asyncio.Future[Any]:
        """Run ``change`` on the event loop holding the document's lock; await its result.

        The charts' Bokeh sources are changed directly, and Bokeh accepts that only under the
        lock that a next-tick callback holds.
        """
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self._doc.session_context is None:  # the session already closed
            future.cancel()
            return future

        def run() -> None:
            self._waiting = None
            if future.done():  # cancelled meanwhile
                return
            try:
                future.set_result(change())
            except Exception as err:
                future.set_exception(err)

        self._waiting = future
        self._doc.add_next_tick_callback(run)
        return future

    # -- memo ---------------------------------------------------------------------------------
    async def _memo_file(self) -> io.BytesIO:
        loop = asyncio.get_running_loop()
        self.download.filename = self.memo.filename()
        lang = self.state.lang
        # 5 to 20 s for a PDF: the button says it is working, and cannot be pressed twice.
        self.download.param.update(label=tr("memo_running", lang), loading=True)
        try:
            data = await loop.run_in_executor(STUDY_EXECUTOR, self.memo.render)
        except Exception as err:
            # The room must see that the memo was not made (no PDF engine, a bad input...).
            self.memo.error = f"{tr('memo_failed', self.state.lang)} {err}"
            if pn.state.notifications is not None:
                pn.state.notifications.error(self.memo.error, duration=0)
            raise
        finally:
            self.download.param.update(label=tr("export_memo", lang), loading=False)
        self.memo.error = ""
        return io.BytesIO(data)

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            pn.Row(
                self.header_title,
                self.lang,
                self.download,
                sizing_mode="stretch_width",
                css_classes=["cp-header-row"],
            ),
            self.body,
            sizing_mode="stretch_width",
            css_classes=["cp-page"],
        )


def _watchers(obj: Any) -> list[Any]:
    """Every watcher set on ``obj``'s parameters."""
    return [
        watcher
        for by_what in obj.param.watchers.values()
        for watchers in by_what.values()
        for watcher in watchers
    ]
