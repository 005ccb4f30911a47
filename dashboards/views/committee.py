"""Committee mode: the scenarios, the weights, the ranking and how solid it is, in plain words."""

from __future__ import annotations

from typing import Any

import panel as pn
import param
from bokeh.models import PrintfTickFormatter

from copilote.dashboards.i18n import fmt_number, fmt_percent, fmt_value, tr
from copilote.dashboards.state import DecisionState
from copilote.dashboards.views import charts
from copilote.dashboards.views.theme import FAIR, GOOD, POOR, colour_of, esc
from copilote.decision.analysis.sensitivity import DEFAULT_SEED, ROBUSTNESS_N
from copilote.decision.analysis.sensitivity_model import DEFAULT_WEIGHT_RANGE
from copilote.decision.analysis.verdict import robustness_level


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
        return pn.Column(
            pn.pane.HTML(f"<div class='cp-section'>{tr('scenarios', lang)}</div>"),
            pn.FlexBox(*cards, flex_wrap="wrap"),
            sizing_mode="stretch_width",
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
                value=round(100 * state.criterion_weights[criterion.id], 1),
                format=PrintfTickFormatter(format="%.0f %%"),
                sizing_mode="stretch_width",
                css_classes=[f"cp-weight-{criterion.id}"],
                margin=(4, 10, 0, 10),
            )
            # Panel waits 50 ms to batch a widget's events; a weight step is one event and the
            # committee is watching, so it goes at once (drags still coalesce while one runs).
            slider._debounce = 0
            slider.param.watch(self._moved(criterion.id), "value")
            self.sliders[criterion.id] = slider
            self.bands[criterion.id] = pn.pane.HTML("", sizing_mode="stretch_width", margin=0)
        state.param.watch(self._follow, ["criterion_weights"])
        state.param.watch(self._draw_bands, ["stability"])
        self._draw_bands()

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
        self._syncing = True
        try:
            for cid, slider in self.sliders.items():
                value = round(100 * self.state.criterion_weights[cid], 1)
                if abs(slider.value - value) > 0.05:
                    slider.value = value
        finally:
            self._syncing = False

    def _draw_bands(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        first = state.alternative_label(state.first)
        for cid, band in self.bands.items():
            interval = (state.stability.get(cid) or {}).get("top")
            if interval is None or (state.slow_stale and not state.stability):
                band.object = f"<div class='cp-stab'>{tr('robust_pending', lang)}</div>"
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
        return pn.Column(*items, sizing_mode="stretch_width", css_classes=["cp-weights"])


def robustness_badge(share: float | None, lang: str) -> str:
    """A coloured pill: how often this scenario is first among plausible cases."""
    if share is None:
        return (
            f"<span class='cp-badge' style='background:#9ca3af'>{tr('robust_pending', lang)}</span>"
        )
    colour = {"solid": GOOD, "contested": FAIR, "fragile": POOR}.get(
        robustness_level(share), "#9ca3af"
    )
    return (
        f"<span class='cp-badge' style='background:{colour}'>"
        f"{tr('robust_share', lang, share=fmt_percent(share, lang))}</span>"
    )


class RankingPanel(pn.viewable.Viewer):
    """The ranking chart, the ordered list with each scenario's robustness badge."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.figure, self.source = charts.ranking_figure()
        self.chart = pn.pane.Bokeh(self.figure, sizing_mode="stretch_width")
        self.table = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["cp-ranking"])
        self.caption = pn.pane.HTML("", sizing_mode="stretch_width")
        state.param.watch(self._update, ["ranking", "error"])
        state.param.watch(self._update_table, ["robustness", "slow_stale"])
        self._update()

    def _colour(self, alternative: str) -> str:
        return colour_of(self.state.base_problem.alternatives.index(alternative))

    def _update(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        ranking = state.ranking
        charts.update_ranking(
            self.figure,
            self.source,
            [
                self._position(r) + " " + label
                for r, label in zip(ranking["rank"], ranking["label"], strict=True)
            ],
            ranking["score"].tolist(),
            [self._colour(a) for a in ranking["alternative"]],
            lang,
        )
        key = "ranking_caption_lower" if state.lower_is_better else "ranking_caption"
        caption = f"<div class='cp-help'>{tr(key, lang, method=state.method_label)}</div>"
        if state.error:  # the last choice could not be applied: this ranking is the one before
            caption += f"<div class='cp-verdict'>{esc(state.error)}</div>"
        self.caption.object = caption
        self._update_table()

    def _position(self, rank: float) -> str:
        lang = self.state.lang
        if float(rank).is_integer():
            return tr("rank_1", lang) if rank == 1 else tr("rank_n", lang, rank=int(rank))
        return f"{rank:g}"

    def _update_table(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        rows = []
        for alternative, label, rank in state.ranking[["alternative", "label", "rank"]].itertuples(
            index=False
        ):
            share = (
                None
                if state.slow_stale and not state.robustness
                else state.robustness.get(alternative)
            )
            rows.append(
                f"<tr data-alternative='{esc(alternative)}'>"
                f"<td class='cp-pos'>{self._position(rank)}</td>"
                f"<td><span class='cp-swatch' "
                f"style='background:{self._colour(alternative)}'></span>"
                f"<span class='cp-name'>{esc(label)}</span></td>"
                f"<td>{robustness_badge(share, lang)}</td></tr>"
            )
        scores = ";".join(
            f"{a}={s:.6f}"
            for a, s in zip(state.ranking["alternative"], state.ranking["score"], strict=True)
        )
        # data-scores changes with every weight move: what the browser tests wait on.
        self.table.object = (
            f"<table class='cp-rank' id='cp-ranking' data-scores='{esc(scores)}'>"
            f"{''.join(rows)}</table>"
        )

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        return pn.Column(
            pn.pane.HTML(f"<div class='cp-section'>{tr('ranking', lang)}</div>"),
            self.caption,
            self.chart,
            pn.pane.HTML(f"<div class='cp-section'>{tr('robustness', lang)}</div>"),
            self.table,
            pn.pane.HTML(
                "<div class='cp-note'>"
                + tr(
                    "robust_note",
                    lang,
                    n=ROBUSTNESS_N,
                    lo=fmt_number(DEFAULT_WEIGHT_RANGE[0], lang, 1),
                    hi=fmt_number(DEFAULT_WEIGHT_RANGE[1], lang, 0),
                    seed=DEFAULT_SEED,
                )
                + "</div>",
                sizing_mode="stretch_width",
            ),
            sizing_mode="stretch_width",
        )


class WhyPanel(pn.viewable.Viewer):
    """'Why is A ahead of B': the score difference broken down by criterion."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.figure, self.source = charts.contribution_figure()
        options = {state.alternative_label(a): a for a in state.base_problem.alternatives}
        self.pick_a = pn.widgets.Select.from_param(state.param.compare_a, options=options, label="")
        self.pick_b = pn.widgets.Select.from_param(state.param.compare_b, options=options, label="")
        self.sentence = pn.pane.HTML("", sizing_mode="stretch_width")
        self.caption = pn.pane.HTML("", sizing_mode="stretch_width")
        state.param.watch(self._update, ["why"])
        self._update()

    def _update(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        why = state.why
        if why is None:
            return
        alternatives = list(state.base_problem.alternatives)
        a, b = state.compare_a, state.compare_b
        charts.update_contributions(
            self.figure,
            self.source,
            why["label"].tolist(),
            why["contribution"].tolist(),
            colour_of(alternatives.index(a)),
            colour_of(alternatives.index(b)),
            lang,
        )
        name_a, name_b = esc(state.alternative_label(a)), esc(state.alternative_label(b))
        ranking = state.ranking.set_index("alternative")["rank"]
        if ranking[a] > ranking[b]:  # show the sentence the right way round
            name_a, name_b = name_b, name_a
            sign = -1.0
        else:
            sign = 1.0
        pairs = sorted(
            zip(why["label"], (sign * v for v in why["contribution"]), strict=True),
            key=lambda item: -item[1],
        )
        reasons = [esc(label) for label, value in pairs if value > 1e-9]
        against = [esc(label) for label, value in reversed(pairs) if value < -1e-9]
        if ranking[a] == ranking[b] or not reasons:
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
        self.caption.object = f"<div class='cp-help'>{tr('why_caption', lang, a=esc(state.alternative_label(a)), b=esc(state.alternative_label(b)))}</div>"  # noqa: E501

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
            pn.pane.Bokeh(self.figure, sizing_mode="stretch_width"),
            self.caption,
            sizing_mode="stretch_width",
        )


class CommitteeView(pn.viewable.Viewer):
    """The first page: scenarios, weights with their stability, ranking with robustness, why."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        self.cards = ScenarioCards(state)
        self.weights = WeightSliders(state)
        self.ranking = RankingPanel(state)
        self.why = WhyPanel(state)

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            self.cards,
            pn.Row(
                pn.Column(self.weights, width=380, css_classes=["cp-card"], margin=(8, 8)),
                pn.Column(
                    self.ranking,
                    sizing_mode="stretch_width",
                    css_classes=["cp-card"],
                    margin=(8, 8),
                ),
                sizing_mode="stretch_width",
            ),
            pn.Column(
                self.why, sizing_mode="stretch_width", css_classes=["cp-card"], margin=(8, 8)
            ),
            sizing_mode="stretch_width",
        )
