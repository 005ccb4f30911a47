"""The group-session tab: members submit their weights, the facilitator sees the group.

Entry point (what the dashboard's shell mounts as a tab)::

    group_view(app_state, store=None) -> pn.viewable.Viewable

``app_state`` is the session's ``dashboards.state.DecisionState`` (read: ``base_problem`` or
``problem``, ``case``, ``lang``, ``method``, ``alternative_label``, ``criterion_label``);
``store`` a :class:`decision.record.store.Store` or path (default ``$DECISION_DB`` / the user data
folder). The group state is kept per ``app_state``, so rebuilding the tab (a language switch)
keeps it.

Who is who: when ``decision serve`` runs with authentication (:func:`copilote.decision.cli.serve.
serve_auth_options`), the member is the login of the page's server-side session
(:func:`copilote.decision.record.auth.session_login`) and their role (member or facilitator)
comes from the credentials file; otherwise (loopback only) people type their name and choose a role.
A member sets and submits their weights; the facilitator also sees every member's weights and
ranking, the group's weights, agreement, disagreement and rank acceptability, signs off the
decision (the memo's SHA-256 goes in the journal) and can replay a past session.

Everything people typed (names, titles, comments, notes) is escaped with :func:`html.escape`
before it is shown.
"""

from __future__ import annotations

import asyncio
import html
import io
import logging
from typing import Any

import numpy as np
import panel as pn

from copilote.dashboards.group_state import GroupSessionState
from copilote.dashboards.i18n import fmt_number, fmt_percent, tr
from copilote.decision.record import auth
from copilote.decision.record.group import GroupAnalysis
from copilote.decision.record.store import Store

log = logging.getLogger(__name__)

#: How often a session looks for new submissions in the store [ms].
REFRESH_MS = 3000

CSS = """
.cg-table { border-collapse: collapse; font-size: 0.9em; width: 100%; }
.cg-table th, .cg-table td { padding: 4px 6px; border-bottom: 1px solid #eef0f2; text-align: left; }
.cg-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cg-bar { display: inline-block; height: 9px; background: #2a9d8f; border-radius: 2px;
          vertical-align: middle; margin-right: 4px; }
.cg-range { position: relative; height: 10px; background: #e5e7eb; border-radius: 4px;
            min-width: 160px; }
.cg-range .in { position: absolute; top: 0; height: 10px; background: #f4a261; border-radius: 4px; }
.cg-range .grp { position: absolute; top: -3px; width: 3px; height: 16px; background: #1d3557; }
.cg-msg { color: #2e7d32; } .cg-err { color: #c62828; }
.cg-section { font-weight: 600; color: #1d3557; margin-top: 8px; }
"""

#: Attributes set on the dashboard's state and on the group state. Kept on the objects (not in
#: module-level dictionaries) so that a closed session's objects form a cycle the garbage
#: collector frees, rather than a registry that keeps every session alive.
_STATE_ATTR = "_copilote_group_state"


def _poll(state: GroupSessionState) -> None:
    """Look for new submissions; a failed poll must not end the session (the next one retries).

    With authentication, a page whose login session was closed (logout elsewhere, user removed
    from the credentials file) is reloaded: the server then sends the login page."""
    try:
        if state.authenticated and state.login and current_identity()[0] != state.login:
            if pn.state.location is not None:
                pn.state.location.reload = True
            return
        state.follow_sessions()
        state.refresh()
    except Exception:
        log.exception("group session refresh failed")


def _rank(rank: float, lang: str) -> str:
    """A rank as read: ``2``, or ``2,5`` for a tie in French."""
    return str(int(rank)) if float(rank).is_integer() else fmt_number(rank, lang, 1)


def w(key: str, lang: str, **values: Any) -> str:
    """The group session's word ``key`` (``grp_<key>`` in the catalogue) in ``lang``, blanks
    filled (values are not escaped here); for a key chosen at run time (an aggregation)."""
    return tr(f"grp_{key}", lang, **values)


def esc(value: Any) -> str:
    """``value`` as text safe to put in HTML."""
    return html.escape(str(value), quote=True)


def current_identity() -> tuple[str, str, bool]:
    """``(login, role, authenticated)`` of this browser session.

    With authentication on, the login is the one of the server-side session named by the
    page's signed session cookie (:func:`copilote.decision.record.auth.session_login`) and the
    role comes from the credentials file; no login has a special meaning (Panel's ``guest``, set
    by an unsigned cookie, is not trusted). A page whose session is not open gets no login and
    the member role, and cannot pick another. Without authentication (loopback only) people type
    their name and choose a role.
    """
    if auth.active_credentials() is None:
        return "", "member", False
    login = auth.session_login(pn.state.cookies or {})
    if login is None:
        return "", "member", True
    return login, auth.role_of(login) or "member", True


def group_state_for(app_state: Any, store: Store | str | None = None) -> GroupSessionState:
    """The group state of this dashboard session (created once per ``app_state``)."""
    state: GroupSessionState | None = getattr(app_state, _STATE_ATTR, None)
    if state is None:
        problem = getattr(app_state, "base_problem", None) or app_state.problem
        login, role, authenticated = current_identity()
        state = GroupSessionState(
            problem,
            store,
            memo_source=getattr(app_state, "case", None),
            lang=getattr(app_state, "lang", "fr"),
            method=getattr(app_state, "method", "topsis"),
            login=login,
            role=role,
            authenticated=authenticated,
        )
        setattr(app_state, _STATE_ATTR, state)
    state.lang = getattr(app_state, "lang", state.lang)
    return state


def group_view(app_state: Any, store: Store | str | None = None) -> pn.viewable.Viewable:
    """The group-session tab for this dashboard session (see the module docstring)."""
    return GroupView(group_state_for(app_state, store), app_state)


class GroupView(pn.viewable.Viewer):
    """Renders a :class:`GroupSessionState`; computes nothing itself."""

    def __init__(self, state: GroupSessionState, app_state: Any = None, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.app_state = app_state
        lang = state.lang
        self._labels = self._scenario_labels()
        # identity
        self.name_input = pn.widgets.TextInput(
            label=tr("grp_your_name", lang), value=state.login, max_length=80, width=220
        )
        self.role_input = pn.widgets.RadioButtonGroup(
            label=tr("grp_role", lang),
            options={tr("grp_member", lang): "member", tr("grp_facilitator", lang): "facilitator"},
            value=state.role,
        )
        self.name_input.param.watch(lambda e: setattr(state, "login", e.new.strip()), "value")
        self.role_input.param.watch(lambda e: setattr(state, "role", e.new), "value")
        # session
        self.session_select = pn.widgets.Select(label=tr("grp_session", lang), width=320)
        self.title_input = pn.widgets.TextInput(label=tr("grp_new_title", lang), max_length=120)
        self.open_button = pn.widgets.Button(label=tr("grp_open", lang), color="default")
        self.open_button.on_click(self._open_session)
        self.session_select.param.watch(self._choose_session, "value")
        # member
        self.sliders = {
            cid: pn.widgets.IntSlider(
                label=self._criterion_label(cid),
                start=0,
                end=100,
                value=round(100 * float(state.weights.get(cid, 0.0))),
                css_classes=[f"cg-w-{cid}"],
            )
            for cid in state.criterion_ids
        }
        for cid, slider in self.sliders.items():
            slider.param.watch(lambda e, cid=cid: state.set_weight(cid, e.new), "value")
        for cid, slider in self.sliders.items():
            state.set_weight(cid, slider.value or 0)
        self.comment_input = pn.widgets.TextInput(label=tr("grp_comment", lang), max_length=300)
        self.comment_input.param.watch(lambda e: setattr(state, "comment", e.new), "value")
        self.submit_button = pn.widgets.Button(
            label=tr("grp_submit", lang), color="primary", css_classes=["cg-submit"]
        )
        self.submit_button.on_click(self._submit)
        self.status = pn.pane.HTML("", css_classes=["cg-status"], stylesheets=[CSS])
        # facilitator
        self.aggregation_input = pn.widgets.RadioButtonGroup(
            label=tr("grp_aggregation", lang),
            options={w(a, lang): a for a in ("mean", "geometric", "median")},
            value=state.aggregation,
        )
        self.aggregation_input.param.watch(lambda e: setattr(state, "aggregation", e.new), "value")
        self.scenario_select = pn.widgets.Select(
            label=tr("grp_scenario", lang),
            options={self._labels[a]: a for a in state.problem.alternatives},
        )
        # Issue 14.6: the sign-off proposes the group's first, not the case file's first; once
        # the facilitator picks a scenario, their choice stays.
        self._scenario_chosen = False
        self._proposing = False
        self.scenario_select.param.watch(self._scenario_picked, "value")
        self.note_input = pn.widgets.TextInput(label=tr("grp_note", lang), max_length=500)
        self.sign_button = pn.widgets.Button(
            label=tr("grp_sign", lang), color="success", css_classes=["cg-sign"]
        )
        self.sign_button.on_click(self._sign)
        self.progress = pn.indicators.Progress(active=False, visible=False, width=200)
        self.download = pn.widgets.FileDownload(
            callback=self._memo_file,
            filename="note-de-decision.pdf",
            label=tr("grp_download", lang),
            visible=False,
        )
        # replay
        self.replay_select = pn.widgets.Select(label=tr("grp_replay", lang), width=320)
        self.replay_button = pn.widgets.Button(label=tr("grp_load", lang))
        self.replay_button.on_click(self._load_replay)
        self.replay_slider = pn.widgets.IntSlider(
            label=tr("grp_step", lang), start=0, end=1, value=0, visible=False
        )
        self.replay_slider.param.watch(lambda e: setattr(state, "replay_step", e.new), "value")

        self.identity = pn.pane.HTML(css_classes=["cg-identity"], stylesheets=[CSS])
        self.dashboard = pn.pane.HTML(
            css_classes=["cg-dashboard"], sizing_mode="stretch_width", stylesheets=[CSS]
        )
        self.replay_pane = pn.pane.HTML(
            css_classes=["cg-replay"], sizing_mode="stretch_width", stylesheets=[CSS]
        )
        # The shell rebuilds the tab on a language switch: the previous view of this state stops
        # listening, and one poller per state is enough.
        for watcher in getattr(state, "_view_watchers", []):
            state.param.unwatch(watcher)
        state._view_watchers = [
            state.param.watch(
                self._render,
                [
                    "analysis",
                    "decision",
                    "error",
                    "message",
                    "lang",
                    "sessions",
                    "session_id",
                    "role",
                    "replay_step",
                    "replay_states",
                    "login",
                ],
            )
        ]
        self._render()
        in_server = pn.state.curdoc is not None and pn.state.curdoc.session_context is not None
        if in_server and getattr(state, "_poller", None) is None:
            state._poller = pn.state.add_periodic_callback(lambda: _poll(state), period=REFRESH_MS)

    # -- labels ------------------------------------------------------------------------------
    def _scenario_labels(self) -> dict[str, str]:
        label = getattr(self.app_state, "alternative_label", None)
        problem = self.state.problem
        out = {}
        for alt, default in zip(problem.alternatives, problem.alternative_labels, strict=True):
            try:
                out[alt] = str(label(alt)) if label is not None else default
            except Exception:  # a label is cosmetic; fall back to the id
                out[alt] = default
        return out

    def _criterion_label(self, cid: str) -> str:
        label = getattr(self.app_state, "criterion_label", None)
        if label is not None:
            return str(label(cid))
        for c in self.state.problem.criteria:
            if c.id == cid:
                return c.label_fr if self.state.lang == "fr" else c.label_en
        return cid

    # -- callbacks ---------------------------------------------------------------------------
    def _open_session(self, _: Any) -> None:
        self.state.open_session(self.title_input.value or "")
        self.title_input.value = ""

    def _scenario_picked(self, _: Any) -> None:
        if not self._proposing:
            self._scenario_chosen = True

    def _propose_group_first(self) -> None:
        first = self.state.group_first
        if first is None or self._scenario_chosen or self.scenario_select.value == first:
            return
        self._proposing = True
        try:
            self.scenario_select.value = first
        finally:
            self._proposing = False

    def _choose_session(self, event: Any) -> None:
        if event.new and event.new != self.state.session_id:
            self.state.session_id = event.new

    def _submit(self, _: Any) -> None:
        if self.state.submit():
            self.status.object = f"<span class='cg-msg'>{esc(tr('grp_submitted', self.state.lang, what=self.state.message))}</span>"  # noqa: E501

    async def _sign(self, _: Any) -> None:
        state = self.state
        if not state.is_facilitator or state.analysis is None:
            state.sign_off(self.scenario_select.value or "", self.note_input.value or "")
            return
        self.sign_button.disabled = True
        self.progress.param.update(active=True, visible=True)
        self.status.object = f"<span>{esc(tr('grp_signing', state.lang))}</span>"
        memo: bytes | None = None
        basis = state.memo_basis()
        try:
            memo = await asyncio.to_thread(state.render_memo)
        except ImportError:
            memo = None  # the memo part is not installed: sign off without a hash
        except Exception as err:  # shown to the facilitator, nothing signed
            state.error = str(err)
            return
        finally:
            self.progress.param.update(active=False, visible=False)
            self.sign_button.disabled = False
        if state.sign_off(
            self.scenario_select.value or "", self.note_input.value or "", memo, basis
        ):
            self.download.visible = memo is not None

    def _memo_file(self) -> io.BytesIO:
        return io.BytesIO(self.state.memo_bytes or b"")

    def _load_replay(self, _: Any) -> None:
        if self.replay_select.value and self.state.load_replay(self.replay_select.value):
            n = len(self.state.replay_states)
            self.replay_slider.param.update(start=0, end=max(n - 1, 1), value=n - 1, visible=True)

    # -- rendering ---------------------------------------------------------------------------
    def _render(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        options = {f"{title or sid} ({sid})": sid for sid, title, _signed in state.sessions}
        self.session_select.options = options
        if state.session_id in options.values():
            self.session_select.value = state.session_id
        self.replay_select.options = options
        role_word = tr("grp_facilitator" if state.is_facilitator else "grp_member", lang)
        self.identity.object = (
            f"<div>{esc(tr('grp_you_are', lang, who=state.login or '—', role=role_word))}</div>"
        )
        if state.error:
            self.status.object = f"<span class='cg-err'>{esc(state.error)}</span>"
        elif "cg-err" in (self.status.object or ""):  # the error was cleared: so is its line
            self.status.object = ""
        self.dashboard.object = self._dashboard_html(state.analysis) if state.is_facilitator else ""
        self._propose_group_first()
        self.replay_pane.object = self._replay_html()

    def _dashboard_html(self, analysis: GroupAnalysis | None) -> str:
        state, lang = self.state, self.state.lang
        parts = []
        if state.decision is not None:
            sha = state.decision.get("memo_sha256") or tr("grp_no_memo", lang)
            scenario = self._labels.get(state.decision["scenario"], state.decision["scenario"])
            note = state.decision.get("note") or ""
            parts.append(
                f"<div class='cp-verdict cg-signed'>"
                f"{esc(tr('grp_signed', lang, scenario=scenario, sha=sha))}"
                + (f"<div class='cg-note'>{esc(note)}</div>" if note else "")
                + "</div>"
            )
        if analysis is None:
            parts.append(f"<p class='cg-waiting'>{esc(tr('grp_waiting', lang))}</p>")
            return "".join(parts)
        parts.append(self._weights_html(analysis))
        parts.append(self._comments_html())
        parts.append(self._rankings_html(analysis))
        parts.append(self._agreement_html(analysis))
        parts.append(self._disagreement_html(analysis))
        parts.append(self._acceptability_html(analysis))
        return "".join(parts)

    def _weights_html(self, a: GroupAnalysis) -> str:
        lang = self.state.lang
        head = "".join(f"<th>{esc(self._criterion_label(k))}</th>" for k in a.keys)
        rows = []
        names = [*a.members, tr("grp_group", lang)]
        table = np.vstack([a.member_weights, a.group_weights])
        for i, (name, row) in enumerate(zip(names, table, strict=True)):
            cls = " class='cg-group-row'" if i == len(a.members) else " class='cg-member-row'"
            cells = "".join(
                f"<td class='num'><span class='cg-bar' style='width:{60 * v:.0f}px'></span>"
                f"{fmt_percent(v, lang, 0)}</td>"
                for v in row
            )
            rows.append(f"<tr{cls}><td>{esc(name)}</td>{cells}</tr>")
        agg = w(a.aggregation, lang)
        return (
            f"<div class='cg-section'>{esc(tr('grp_group_weights', lang))} "
            f"({esc(tr('grp_members_count', lang, n=len(a.members)))}, {esc(agg)})</div>"
            f"<table class='cg-table cg-weights'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
        )

    def _comments_html(self) -> str:
        """What members wrote with their weights, escaped (it is typed by people)."""
        said = [(m, c) for m, c in self.state.comments.items() if c.strip()]
        if not said:
            return ""
        items = "".join(f"<li><b>{esc(m)}</b> : {esc(c)}</li>" for m, c in said)
        return (
            f"<div class='cg-section'>{esc(tr('grp_comments', self.state.lang))}</div>"
            f"<ul class='cg-comments'>{items}</ul>"
        )

    def _rankings_html(self, a: GroupAnalysis) -> str:
        lang = self.state.lang
        head = "".join(f"<th>{esc(m)}</th>" for m in a.members)
        rows = []
        for j in np.argsort(a.group_ranks, kind="stable"):
            alt = a.alternatives[j]
            cells = "".join(f"<td class='num'>{_rank(r[j], lang)}</td>" for r in a.member_ranks)
            rows.append(
                f"<tr><td>{esc(self._labels.get(alt, alt))}</td>{cells}"
                f"<td class='num'><b>{_rank(a.group_ranks[j], lang)}</b></td></tr>"
            )
        return (
            f"<div class='cg-section'>{esc(tr('grp_rankings', lang))} "
            f"({esc(a.method.upper())})</div>"
            f"<table class='cg-table cg-rankings'><tr>"
            f"<th>{esc(tr('grp_scenario', lang))}</th>{head}"
            f"<th>{esc(tr('grp_group', lang))}</th></tr>{''.join(rows)}</table>"
        )

    def _agreement_html(self, a: GroupAnalysis) -> str:
        lang = self.state.lang

        def fmt(value: float | None) -> str:
            return "—" if value is None else fmt_number(value, lang, 2)

        head = "".join(f"<th>{esc(m)}</th>" for m in a.members)
        rows = []
        for i, name in enumerate(a.members):
            cells = "".join(
                f"<td class='num'>{fmt_number(v, lang, 2)}</td>" for v in a.rank_agreement[i]
            )
            rows.append(
                f"<tr><td>{esc(name)}</td>{cells}"
                f"<td class='num'>{fmt_number(a.ws_to_group[i], lang, 2)}</td>"
                f"<td class='num'>{fmt_number(a.wsc_to_group[i], lang, 2)}</td></tr>"
            )
        return (
            f"<div class='cg-section'>{esc(tr('grp_agreement', lang))}</div>"
            f"<div class='cp-help'>{esc(tr('grp_agreement_help', lang))}</div>"
            f"<p class='cg-agreement'>{esc(tr('grp_mean_rw', lang))} : "
            f"<b>{fmt(a.mean_rank_agreement)}</b> · {esc(tr('grp_mean_wsc', lang))} : "
            f"<b>{fmt(a.mean_weight_similarity)}</b></p>"
            f"<table class='cg-table'><tr><th>rw</th>{head}<th>WS</th><th>WSC</th></tr>"
            f"{''.join(rows)}</table>"
        )

    def _disagreement_html(self, a: GroupAnalysis) -> str:
        lang = self.state.lang
        rows = []
        for s in a.disagreement:
            rows.append(
                f"<tr><td>{esc(self._criterion_label(s.key))}</td>"
                f"<td><div class='cg-range'><div class='in' style='left:{100 * s.low:.1f}%;"
                f"width:{max(100 * s.spread, 0.5):.1f}%'></div><div class='grp' "
                f"style='left:{100 * s.group:.1f}%'></div></div></td>"
                f"<td class='num'>{fmt_percent(s.low, lang, 0)} – {fmt_percent(s.high, lang, 0)}"
                "</td></tr>"
            )
        return (
            f"<div class='cg-section'>{esc(tr('grp_disagreement', lang))}</div>"
            f"<table class='cg-table cg-disagreement'><tr><th>{esc(tr('grp_criterion', lang))}</th>"
            f"<th>{esc(tr('grp_range', lang))}</th><th></th></tr>{''.join(rows)}</table>"
        )

    def _acceptability_html(self, a: GroupAnalysis) -> str:
        lang = self.state.lang
        m = len(a.alternatives)
        head = "".join(f"<th>{esc(tr('grp_rank', lang, r=r + 1))}</th>" for r in range(m))
        rows = []
        for j, alt in enumerate(a.alternatives):
            cells = "".join(
                f"<td class='num' style='background: rgba(42,157,143,{share:.2f})'>"
                f"{fmt_percent(share, lang, 0)}</td>"
                for share in a.acceptability[j]
            )
            rows.append(f"<tr><td>{esc(self._labels.get(alt, alt))}</td>{cells}</tr>")
        return (
            f"<div class='cg-section'>{esc(tr('grp_acceptability', lang))}</div>"
            f"<div class='cp-help'>{esc(tr('grp_acceptability_help', lang))}</div>"
            f"<table class='cg-table cg-acceptability'><tr><th></th>{head}</tr>"
            f"{''.join(rows)}</table>"
        )

    def _replay_html(self) -> str:
        state, lang = self.state, self.state.lang
        step = state.replay_state
        if step is None:
            return ""
        kind = w(f"kind_{step.kind}", lang)
        head = (
            f"<p class='cg-step'>{esc(tr('grp_step', lang))} {state.replay_step + 1}/"
            f"{len(state.replay_states)} · {esc(step.at[:19].replace('T', ' '))} UTC · "
            f"{esc(step.actor)} : {esc(kind)}</p>"
        )
        analysis = state.replay_analysis()
        body = self._weights_html(analysis) if analysis is not None else ""
        if step.decision is not None:
            sha = step.decision.get("memo_sha256") or tr("grp_no_memo", lang)
            scenario = self._labels.get(step.decision["scenario"], step.decision["scenario"])
            body += f"<p>{esc(tr('grp_signed', lang, scenario=scenario, sha=sha))}</p>"
        return head + body

    def __panel__(self) -> pn.viewable.Viewable:
        state, lang = self.state, self.state.lang
        identity: list[Any] = [self.identity]
        if not state.authenticated:
            identity = [pn.Row(self.name_input, self.role_input), self.identity]
        member = pn.Column(
            pn.pane.HTML(
                f"<div class='cg-section'>{esc(tr('grp_your_weights', lang))}</div>"
                f"<div class='cp-help'>{esc(tr('grp_weights_help', lang))}</div>",
                stylesheets=[CSS],
            ),
            *self.sliders.values(),
            self.comment_input,
            self.submit_button,
            self.status,
        )
        if state.authenticated and not state.is_facilitator:
            # Not even hidden: a member's page holds no facilitator widget to trigger.
            return pn.Column(
                pn.pane.HTML(f"<h2>{esc(tr('grp_title', lang))}</h2>"),
                *identity,
                pn.Row(self.session_select),
                member,
                sizing_mode="stretch_width",
                css_classes=["cg-root"],
            )
        facilitator = pn.Column(
            self.aggregation_input,
            pn.pane.HTML(
                "<div class='cp-help cg-aggregation-help'>"
                f"{esc(tr('grp_aggregation_help', lang))}</div>",
                stylesheets=[CSS],
            ),
            self.dashboard,
            pn.Row(self.scenario_select, self.note_input),
            pn.Row(self.sign_button, self.progress, self.download),
            pn.pane.HTML(
                f"<div class='cg-section'>{esc(tr('grp_replay', lang))}</div>", stylesheets=[CSS]
            ),
            pn.Row(self.replay_select, self.replay_button),
            self.replay_slider,
            self.replay_pane,
            visible=state.is_facilitator,
        )
        state._view_watchers.append(
            state.param.watch(
                lambda e: setattr(facilitator, "visible", e.new == "facilitator"), "role"
            )
        )
        return pn.Column(
            pn.pane.HTML(f"<h2>{esc(tr('grp_title', lang))}</h2>"),
            *identity,
            pn.Row(self.session_select, self.title_input, self.open_button),
            member,
            facilitator,
            sizing_mode="stretch_width",
            css_classes=["cg-root"],
        )
