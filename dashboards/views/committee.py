"""Committee mode: the scenarios, the weights, the ranking and how solid it is, in plain words."""

from __future__ import annotations

import os
from functools import partial
from typing import Any, ClassVar

import panel as pn
import param
from bokeh.models import PrintfTickFormatter
from panel.reactive import ReactiveHTML

from copilote.dashboards.i18n import fmt_number, fmt_percent, fmt_value, tr
from copilote.dashboards.state import DecisionState
from copilote.dashboards.state.decision_state import whole_percents
from copilote.dashboards.state.guided import ANSWERS, GuidedWeighting
from copilote.dashboards.views import charts
from copilote.dashboards.views.red_lines import CommitteeRedLines, red_line_state
from copilote.dashboards.views.residents import ResidentsPanel
from copilote.dashboards.views.theme import FAIR, GOOD, POOR, colour_of, esc
from copilote.decision.analysis.sensitivity import DEFAULT_N, DEFAULT_SEED
from copilote.decision.analysis.sensitivity_model import DEFAULT_WEIGHT_RANGE
from copilote.decision.analysis.verdict import robustness_level

#: Shortest bar of the ranking list [% of the width], so that the last scenario still shows one.
MIN_BAR = 4.0


class ScenarioCards(pn.viewable.Viewer):
    """A card per scenario: its name, description and key figures in natural units."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state

    def key_indicators(self) -> list[Any]:
        """The first indicator of each criterion: the figure a committee knows it by."""
        seen: dict[str, Any] = {}
        for indicator in self.state.indicators:
            seen.setdefault(indicator.criterion, indicator)
        return list(seen.values())

    def __panel__(self) -> pn.viewable.Viewable:
        state, lang = self.state, self.state.lang
        performance = state.case.performance()
        cards = []
        for index, scenario in enumerate(state.case.scenarios):
            name = scenario.name_fr if lang == "fr" else scenario.name_en
            description = scenario.description_fr if lang == "fr" else scenario.description_en
            figures = "".join(
                f"<span class='cp-k'>{esc(ind.label(lang))}</span>"
                f"<span class='cp-v'>{esc(fmt_value(performance.loc[scenario.id, ind.id], ind.unit, lang))}</span>"  # noqa: E501
                for ind in self.key_indicators()
            )
            cards.append(
                pn.pane.HTML(
                    f"<div class='cp-card' style='border-top: 4px solid {colour_of(index)}'>"
                    f"<h3>{esc(name)}</h3><div class='cp-desc'>{esc(description)}</div>"
                    f"<div class='cp-fig'>{figures}</div></div>",
                    width=300,
                    margin=(4, 6),
                    css_classes=["cp-scenario"],
                )
            )
        # One click away, below the weights and the ranking: the first screen is for deciding.
        return pn.Card(
            pn.FlexBox(*cards, flex_wrap="wrap"),
            title=tr("scenario_details", lang),
            collapsed=True,
            sizing_mode="stretch_width",
            css_classes=["cp-details"],
            margin=(8, 8),
        )


class WeightSliders(pn.viewable.Viewer):
    """One slider per criterion (a share, in %), each with its stability interval below it."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self._syncing = False
        self.sliders: dict[str, pn.widgets.FloatSlider] = {}
        self.bands: dict[str, pn.pane.HTML] = {}
        for criterion in state.criteria:
            slider = pn.widgets.FloatSlider(
                label=state.criterion_label(criterion.id),
                start=0.0,
                end=100.0,
                step=1.0,
                value=float(state.percents()[criterion.id]),
                format=PrintfTickFormatter(format="%.0f %%"),
                sizing_mode="stretch_width",
                css_classes=[f"cp-weight-{criterion.id}"],
                margin=(4, 10, 0, 10),
            )
            # Panel gathers a widget's events for _debounce ms before running the callbacks
            # (50 by default). 25 ms: a single step still shows in about 50 ms, and a burst of
            # key presses (about one every 15 ms) is taken a few steps at a time, so the browser
            # gets a few patches, not one per key, and catches up within ~60 ms of the last key
            # (at 0 ms: 100-700 ms, every patch queued behind the key events; measured with
            # benchmarks/bench_dashboard_latency.py on the 2-core machine, load 2-3).
            slider._debounce = 25  # type: ignore[misc]
            slider.param.watch(self._moved(criterion.id), "value")
            self.sliders[criterion.id] = slider
            self.bands[criterion.id] = pn.pane.HTML("", sizing_mode="stretch_width", margin=0)
        self.reset = pn.widgets.Button(
            label=tr("reset_weights", state.lang),
            color="primary",
            css_classes=["cp-reset"],
            width=270,
            margin=(6, 10),
        )
        self.undo = pn.widgets.Button(
            label=tr("undo", state.lang),
            color="light",
            disabled=not state.can_undo,
            css_classes=["cp-undo"],
            width=120,
            margin=(6, 10),
        )
        self.reset.on_click(self._reset)
        self.undo.on_click(self._undo)
        self.total = pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 10))
        state.param.watch(self._follow, ["criterion_weights"])
        state.param.watch(self._draw_bands, ["stability", "slow_key", "slow_error", "current_key"])
        state.param.watch(self._undo_state, ["can_undo"])
        self._follow()
        self._draw_bands()

    def _reset(self, *_: Any) -> None:
        with pn.io.hold():
            self.state.reset_weights()

    def _undo(self, *_: Any) -> None:
        with pn.io.hold():
            self.state.undo()

    def _undo_state(self, *_: Any) -> None:
        self.undo.disabled = not self.state.can_undo

    def _moved(self, criterion_id: str) -> Any:
        def callback(event: param.parameterized.Event) -> None:
            if self._syncing:
                return
            # hold: every change this move causes (ranking, chart, other sliders, bands, why)
            # goes to the browser in one message, not one per widget.
            with pn.io.hold():
                self.state.set_criterion_weight(criterion_id, event.new / 100.0)

        return callback

    def _follow(self, *_: Any) -> None:
        """Put every slider where the state says (others are rescaled when one moves).

        The bands are not redrawn here: they change with the stability intervals, which are
        recomputed once the slider rests; the slider's own handle shows where it is.
        """
        percents = self.state.percents()
        self._syncing = True
        try:
            for cid, slider in self.sliders.items():
                value = float(percents[cid])
                if abs(float(slider.value or 0.0) - value) > 0.05:
                    slider.value = value
        finally:
            self._syncing = False
        total = fmt_percent(sum(percents.values()) / 100, self.state.lang)
        self.total.object = (
            f"<div class='cp-total'>{esc(tr('weights_total', self.state.lang, total=total))}</div>"
        )

    def _draw_bands(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        first = state.alternative_label(state.first)
        ready = state.slow_ready()
        for cid, band in self.bands.items():
            # Drawn only for the weights and method on screen: else «recalcul…», or why not.
            if ready and state.slow_error:
                band.object = ""
                continue
            found = state.stability.get(f"w:{cid}") if ready and state.stability else None
            interval = found.top if found is not None else None
            if interval is None:
                band.object = f"<div class='cp-stab cp-pending'>{tr('recomputing', lang)}</div>"
                continue
            lo, hi = (100 * float(x) for x in interval)
            if lo <= 0.05 and hi >= 99.95:
                text = tr("stable_always", lang, first=first)
            else:
                text = tr(
                    "stable_between",
                    lang,
                    first=first,
                    lo=fmt_percent(lo / 100, lang),
                    hi=fmt_percent(hi / 100, lang),
                )
            # Escaped once, where it enters the HTML (in the tooltip and in the text).
            band.object = (
                f"<div class='cp-band' title='{esc(text)}'>"
                f"<div class='cp-in' style='left:{lo:.1f}%; width:{max(hi - lo, 0.5):.1f}%'></div>"
                f"</div>"
                f"<div class='cp-stab'>{esc(text)}</div>"
            )

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        items: list[Any] = [
            pn.pane.HTML(
                f"<div class='cp-section'>{tr('weights', lang)}</div>"
                f"<div class='cp-help'>{tr('weights_help', lang)}</div>"
            )
        ]
        for cid in self.sliders:
            items += [self.sliders[cid], self.bands[cid]]
        items += [self.total, pn.Row(self.reset, self.undo, sizing_mode="stretch_width")]
        return pn.Column(
            *items,
            sizing_mode="stretch_width",
            css_classes=["cp-weights"],
            stylesheets=[":host { } "],
        )


def robustness_badge(share: float | None, lang: str) -> str:
    """A coloured pill: how often this scenario is first among plausible cases."""
    if share is None:
        return (
            f"<span class='cp-badge' style='background:#9ca3af'>{tr('robust_pending', lang)}</span>"
        )
    # The colour follows the percentage shown: the formatter writes a share under 1 % as
    # «0,3 %», so only a true 0 reads «0 %», and every «0 %» badge is the grey of "never first".
    colour = {"solid": GOOD, "contested": FAIR, "fragile": POOR}.get(
        robustness_level(share), "#9ca3af"
    )
    return (
        f"<span class='cp-badge' style='background:{colour}'>"
        f"{tr('robust_share', lang, share=fmt_percent(share, lang))}</span>"
    )


class Region(ReactiveHTML):
    """A container with a test id and a label for screen readers, around any Panel object.

    The test contract of the committee page (``data-testid="weights"``, ``"ranking"``) and the
    landmarks a screen reader jumps between.
    """

    object = param.Parameter(doc="What the region holds (a Panel object).")
    testid = param.String(default="")
    label = param.String(default="")

    _template = (
        '<section id="region" class="cp-region" data-testid="${testid}" aria-label="${label}">'
        "${object}</section>"
    )
    _stylesheets: ClassVar[list[str]] = [":host { width: 100%; } .cp-region { width: 100%; }"]


class RankingPanel(pn.viewable.Viewer):
    """The ranking as an ordered list a screen reader reads, each with a bar and its badge.

    Drawn only for the choice on screen (``ranking_key == current_key``); the badges only while
    the robustness is for it too (``slow_ready``), «recalcul…» meanwhile, and a short sentence
    when it could not be computed. No score, method name or seed here: they are in analyst mode
    and in the «Méthode» note.
    """

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.table = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["cp-ranking"])
        self.note = pn.pane.HTML("", sizing_mode="stretch_width")
        state.param.watch(self._update, ["ranking", "error", "current_key", "ranking_key"])
        state.param.watch(
            self._update, ["robustness", "slow_stale", "slow_key", "slow_error", "study"]
        )
        self._update()

    def _colour(self, alternative: str) -> str:
        return colour_of(self.state.base_problem.alternatives.index(alternative))

    def _position(self, rank: float) -> str:
        lang = self.state.lang
        if float(rank).is_integer():
            return tr("rank_1", lang) if rank == 1 else tr("rank_n", lang, rank=int(rank))
        return f"{rank:g}"

    def _bars(self) -> list[float]:
        """Bar lengths [%]: the lead over the last, best = 100 (whatever the method's scale)."""
        scores = [float(x) for x in self.state.ranked["score"]]
        best, worst = scores[0], scores[-1]
        span = best - worst
        if span == 0:
            return [100.0] * len(scores)
        return [MIN_BAR + (100 - MIN_BAR) * (x - worst) / span for x in scores]

    def _update(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        if state.ranking_key != state.current_key:
            # The weights or method on screen could not be ranked: never the previous ranking.
            self.table.object = (
                "<div id='cp-ranking' class='cp-failed' role='alert' data-scores=''>"
                f"{esc(tr('ranking_failed', lang))}</div>"
            )
            self._update_note()
            return
        ready = state.slow_ready()
        rows = []
        ranking = state.ranked[["alternative", "label", "rank"]]
        for (alternative, label, rank), bar in zip(
            ranking.itertuples(index=False), self._bars(), strict=True
        ):
            if not ready:
                badge = f"<span class='cp-badge cp-pending'>{tr('recomputing', lang)}</span>"
            elif state.slow_error:
                badge = ""
            else:
                badge = robustness_badge(state.robustness.get(alternative), lang)
            rows.append(
                f"<li data-alternative='{esc(alternative)}'>"
                f"<span class='cp-pos'>{self._position(rank)}</span>"
                f"<span class='cp-name'>{esc(label)}</span>"
                f"<span class='cp-bar' aria-hidden='true'><span style='width:{bar:.1f}%; "
                f"background:{self._colour(alternative)}'></span></span>"
                f"<span>{badge}</span></li>"
            )
        scores = ";".join(
            f"{a}={x:.6f}"
            for a, x in zip(state.ranked["alternative"], state.ranked["score"], strict=True)
        )
        failed = (
            f"<div class='cp-help' role='status'>{esc(tr('slow_failed', lang))}</div>"
            if ready and state.slow_error
            else ""
        )
        # data-scores and data-key change with every weight move: what the browser tests and
        # the latency benchmark wait on (not shown).
        self.table.object = (
            f"<ol class='cp-rank' id='cp-ranking' data-scores='{esc(scores)}' "
            f"data-key='{esc(state.ranking_key)}' data-ready='{'1' if ready else '0'}' "
            f"aria-label='{esc(tr('ranking', lang))}'>{''.join(rows)}</ol>{failed}"
        )
        self._update_note()

    def _update_note(self) -> None:
        state, lang = self.state, self.state.lang
        study = state.study if state.slow_ready() else None
        evaluations = fmt_number(study.evaluations, lang) if study else "…"
        self.note.object = esc(
            tr(
                "method_note",
                lang,
                method=state.method_label,
                evaluations=evaluations,
                n=DEFAULT_N,
                lo=fmt_number(DEFAULT_WEIGHT_RANGE[0], lang, 1),
                hi=fmt_number(DEFAULT_WEIGHT_RANGE[1], lang, 0),
                seed=DEFAULT_SEED,
            )
        )

    def method_note(self) -> pn.viewable.Viewable:
        """The «Méthode» note: method, draws and seed, one click away."""
        return pn.Card(
            self.note,
            title=tr("method_note_title", self.state.lang),
            collapsed=True,
            sizing_mode="stretch_width",
            css_classes=["cp-method-note"],
            margin=(8, 8),
        )

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        return pn.Column(
            pn.pane.HTML(
                f"<h2 class='cp-section'>{tr('ranking', lang)}</h2>"
                f"<div class='cp-help'>{tr('ranking_plain', lang)}</div>"
            ),
            self.table,
            sizing_mode="stretch_width",
        )


class WhyPanel(pn.viewable.Viewer):
    """'Why is A ahead of B': the score difference broken down by criterion."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.figure, self.source = charts.contribution_figure()
        charts.localise(self.figure, state.lang)
        self.chart = pn.pane.Bokeh(self.figure, sizing_mode="stretch_width")
        options = {state.alternative_label(a): a for a in state.base_problem.alternatives}
        self.pick_a = pn.widgets.Select.from_param(state.param.compare_a, options=options, label="")
        self.pick_b = pn.widgets.Select.from_param(state.param.compare_b, options=options, label="")
        self.sentence = pn.pane.HTML("", sizing_mode="stretch_width")
        self.caption = pn.pane.HTML("", sizing_mode="stretch_width")
        state.param.watch(self._update, ["why", "why_key", "current_key", "ranking_key"])
        self._update()

    def _update(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        why = state.why
        if why is None or state.why_key != state.current_key:
            # computed for other weights or another method: not shown
            failed = state.ranking_key != state.current_key
            text = tr("ranking_failed" if failed else "recomputing", lang)
            self.sentence.object = f"<div class='cp-verdict cp-pending'>{esc(text)}</div>"
            # hidden, its place kept: no relayout of the page at every weight step
            self.chart.styles = {"visibility": "hidden"}
            self.caption.object = ""
            return
        self.chart.styles = {"visibility": "visible"}
        alternatives = list(state.base_problem.alternatives)
        charts.update_contributions(
            self.figure,
            self.source,
            list(why.labels(lang)),
            list(why.contributions),
            colour_of(alternatives.index(why.a)),
            colour_of(alternatives.index(why.b)),
            lang,
        )
        ranking = state.ranked.set_index("alternative")["rank"]
        # the sentence is told from the side of the one ranked ahead
        told = why.reversed() if ranking[why.a] > ranking[why.b] else why
        name_a, name_b = (esc(name) for name in told.names(lang))
        pairs = sorted(
            zip(told.labels(lang), told.contributions, strict=True), key=lambda item: -item[1]
        )
        reasons = [esc(label) for label, value in pairs if value > 1e-9]
        against = [esc(label) for label, value in reversed(pairs) if value < -1e-9]
        if ranking[why.a] == ranking[why.b] or not reasons:
            self.sentence.object = (
                f"<div class='cp-verdict'>{tr('why_same', lang, a=name_a, b=name_b)}</div>"
            )
        else:
            despite = (
                tr("why_despite", lang, b=name_b, reasons=", ".join(against)) if against else ""
            )
            self.sentence.object = (
                f"<div class='cp-verdict cp-why-sentence'>"
                f"{tr('why_sentence', lang, a=name_a, b=name_b, reasons=', '.join(reasons), despite=despite)}"  # noqa: E501
                f"</div>"
            )
        a, b = (esc(name) for name in why.names(lang))
        self.caption.object = f"<div class='cp-help'>{tr('why_caption', lang, a=a, b=b)}</div>"

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        return pn.Column(
            pn.pane.HTML(f"<div class='cp-section'>{tr('why', lang)}</div>"),
            pn.Row(
                self.pick_a,
                pn.pane.HTML(f"<div style='padding-top:8px'>{tr('why_ahead', lang)}</div>"),
                self.pick_b,
            ),
            self.sentence,
            self.chart,
            self.caption,
            sizing_mode="stretch_width",
        )


class GuidedView(pn.viewable.Viewer):
    """Swing questions in plain words: no number to type (issue 14.5)."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.guided = GuidedWeighting(state)
        lang = state.lang
        self.most = pn.widgets.Select(
            label=tr("guided_most", lang),
            options={
                tr("guided_pick", lang): "",
                **{state.criterion_label(c): c for c in self.guided.criterion_ids},
            },
            value="",
            css_classes=["cp-guided-most"],
            sizing_mode="stretch_width",
        )
        self.most.param.watch(self._most_chosen, "value")
        self.questions = pn.Column(sizing_mode="stretch_width")
        self.proposal = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["cp-proposal"])
        self.apply = pn.widgets.Button(
            label=tr("guided_apply", lang),
            color="primary",
            disabled=True,
            css_classes=["cp-guided-apply"],
        )
        self.apply.on_click(self._apply)
        self.guided.param.watch(self._show_proposal, ["proposal"])

    def _most_chosen(self, event: Any) -> None:
        lang = self.state.lang
        self.guided.param.update(most=event.new or None, answers={})
        rows: list[Any] = []
        for other in self.guided.others() if event.new else []:
            question = tr(
                "guided_other",
                lang,
                most=self.state.criterion_label(event.new),
                other=self.state.criterion_label(other),
            )
            group = pn.widgets.RadioButtonGroup(
                options={tr(f"answer_{k}", lang): k for k in ANSWERS},
                value=None,
                css_classes=[f"cp-guided-{other}"],
                color="light",
            )
            group.param.watch(partial(self._answered, other), "value")
            rows += [
                pn.pane.HTML(f"<div class='cp-help'>{esc(question)}</div>", margin=(6, 10, 0, 10)),
                group,
            ]
        self.questions[:] = rows

    def _answered(self, criterion: str, event: Any) -> None:
        if event.new:
            self.guided.answer(criterion, event.new)

    def _show_proposal(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        proposal = self.guided.proposal
        self.apply.disabled = not proposal
        if not proposal:
            self.proposal.object = ""
            return
        shown = whole_percents(proposal)
        text = ", ".join(
            f"{state.criterion_label(c)} {fmt_percent(v / 100, lang)}" for c, v in shown.items()
        )
        self.proposal.object = (
            f"<div class='cp-verdict'>{esc(tr('guided_proposal', lang, weights=text))}</div>"
        )

    def _apply(self, *_: Any) -> None:
        lang = self.state.lang
        with pn.io.hold():
            entry = self.guided.apply(os.environ.get("DECISION_DB") or None)
        recorded = esc(tr("guided_recorded", lang, entry=entry))
        self.proposal.object += f"<div class='cp-help cp-recorded'>{recorded}</div>"

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Card(
            self.most,
            self.questions,
            self.proposal,
            self.apply,
            title=tr("guided_title", self.state.lang),
            collapsed=True,
            sizing_mode="stretch_width",
            css_classes=["cp-guided"],
            margin=(8, 8),
        )


class CommitteeView(pn.viewable.Viewer):
    """The first page: scenarios, weights with their stability, ranking with robustness, why."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.cards = ScenarioCards(state)
        self.weights = WeightSliders(state)
        self.ranking = RankingPanel(state)
        self.red_lines = CommitteeRedLines(red_line_state(state))  # issue #16
        self.why = WhyPanel(state)
        self.residents = ResidentsPanel(state)  # «Pour les habitants», issue 13
        self.guided = GuidedView(state)

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        # Projector first: at 1280 x 720 the weights and the ranking share the first screen;
        # the explanation, the scenarios in detail and the method note follow.
        return pn.Column(
            pn.Row(
                Region(
                    object=pn.Column(self.weights, sizing_mode="stretch_width"),
                    testid="weights",
                    label=tr("weights", lang),
                    width=470,
                    css_classes=["cp-card"],
                    margin=(4, 8),
                ),
                Region(
                    object=pn.Column(self.ranking, sizing_mode="stretch_width"),
                    testid="ranking",
                    label=tr("ranking", lang),
                    sizing_mode="stretch_width",
                    css_classes=["cp-card"],
                    margin=(4, 8),
                ),
                sizing_mode="stretch_width",
            ),
            self.guided,
            pn.Column(  # red lines (issue #16): the scenarios out of the running, apart
                self.red_lines, sizing_mode="stretch_width", css_classes=["cp-card"], margin=(8, 8)
            ),
            pn.Column(
                self.why, sizing_mode="stretch_width", css_classes=["cp-card"], margin=(8, 8)
            ),
            self.residents,
            self.cards,
            self.ranking.method_note(),
            sizing_mode="stretch_width",
        )
