"""Analyst mode: weighting methods, method and data, sensitivity, method comparison."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
import panel as pn
import param

from copilote.dashboards.i18n import (
    OBJECTIVE_LABELS,
    fmt_number,
    fmt_percent,
    norm_label,
    tr,
)
from copilote.dashboards.state import ComparisonState, DecisionState, StudyState, WeightingState
from copilote.dashboards.state.decision_state import DEFAULT_NORMALIZATION
from copilote.dashboards.views import charts
from copilote.dashboards.views.committee import WeightSliders
from copilote.dashboards.views.red_lines import AnalystRedLines, red_line_state
from copilote.dashboards.views.theme import esc
from copilote.decision.analysis.tipping import TippingPoint
from copilote.decision.core.methods import METHODS
from copilote.decision.core.weights import CONSISTENCY_THRESHOLD
from copilote.decision.numbers import unit_label

#: Sensitivity studies of all sessions share two workers (the machine's two cores): a study
#: never runs on the event loop, and a room of laptops cannot start forty at once.
STUDY_EXECUTOR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="copilote-study")

_TABLE_OPTS: dict[str, Any] = dict(
    disabled=True,
    show_index=False,
    sizing_mode="stretch_width",
    layout="fit_data_fill",
    theme="simple",
)


#: The AHP slider's positions: label shown -> judgement (Saaty 1980's 1-9 scale).
AHP_SCALE = {
    **{f"◀ {k}": k for k in range(9, 1, -1)},
    "=": 1,
    **{f"{k} ▶": -k for k in range(2, 10)},
}


def display_round(value: float) -> float:
    """``value`` rounded as :func:`fmt_number` writes it (0 decimals from 100, 1 from 10...)."""
    magnitude = abs(float(value))
    digits = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 0.1 else 3
    return round(float(value), digits)


def tabulator_locale(lang: str) -> dict[str, Any]:
    """Tabulator's own words (pagination) in the page's language."""
    if lang != "fr":
        return {}
    words = ("first", "first_title", "last", "last_title", "prev", "prev_title", "next")
    pagination = {key: tr(f"tabulator_{key}", lang) for key in (*words, "next_title", "all")}
    return {"locale": "fr", "langs": {"fr": {"pagination": pagination}}}


def _section(text: str, help_text: str = "") -> pn.pane.HTML:
    extra = f"<div class='cp-help'>{help_text}</div>" if help_text else ""
    return pn.pane.HTML(
        f"<div class='cp-section'>{esc(text)}</div>{extra}", sizing_mode="stretch_width"
    )


class WeightingView(pn.viewable.Viewer):
    """Criterion and indicator weights, and the swing, AHP and objective methods."""

    def __init__(self, state: DecisionState, weighting: WeightingState, **params: Any) -> None:
        super().__init__(**params)
        self.state, self.weighting = state, weighting
        lang = state.lang
        self.criterion_sliders = WeightSliders(state)
        self.local_sliders: dict[str, pn.widgets.FloatSlider] = {}
        for indicator in state.indicators:
            slider = pn.widgets.FloatSlider(
                label=f"{indicator.label(lang)} ({state.criterion_label(indicator.criterion)})",
                start=0.0,
                end=1.0,
                step=0.05,
                value=float(state.local_weights.get(indicator.id, 1.0)),
                sizing_mode="stretch_width",
            )
            slider.param.watch(self._local_moved(indicator.id), "value_throttled")
            self.local_sliders[indicator.id] = slider
        labels = {tr(f"w_{m}", lang): m for m in ("direct", "swing", "ahp", "objective")}
        self.method = pn.widgets.RadioButtonGroup.from_param(
            weighting.param.method, options=labels, color="primary", variant="outline"
        )
        self.swing = {
            cid: pn.widgets.IntSlider(
                label=state.criterion_label(cid),
                start=0,
                end=100,
                step=5,
                value=int(weighting.swing_points.get(cid, 100)),
                sizing_mode="stretch_width",
            )
            for cid in weighting.criterion_ids
        }
        for cid, swing_slider in self.swing.items():
            swing_slider.param.watch(self._swing_moved(cid), "value_throttled")
        self.ahp: dict[str, pn.widgets.DiscreteSlider] = {}
        for a, b in weighting.pairs():
            # Saaty's scale only: 9..2 for the left criterion, equal, 2..9 for the right one
            # (a negative judgement means the right one matters more), left to right as read.
            current = int(weighting.ahp_judgements.get(f"{a}|{b}", 1))
            ahp_slider = pn.widgets.DiscreteSlider(
                name=f"{state.criterion_label(a)}  ⟷  {state.criterion_label(b)}",
                options=AHP_SCALE,
                value=current if current in AHP_SCALE.values() else 1,
                sizing_mode="stretch_width",
            )
            ahp_slider.param.watch(self._ahp_moved(f"{a}|{b}"), "value_throttled")
            self.ahp[f"{a}|{b}"] = ahp_slider
        self.objective = pn.widgets.Select.from_param(
            weighting.param.objective,
            label=tr("objective_method", lang),
            options={
                (fr if lang == "fr" else en): key for key, (fr, en) in OBJECTIVE_LABELS.items()
            },
        )
        self.apply = pn.widgets.Button(label=tr("apply", lang), color="primary")
        self.apply.on_click(lambda _event: weighting.apply())
        self.proposal = pn.pane.HTML(sizing_mode="stretch_width")
        self.effective = pn.widgets.Tabulator(pd.DataFrame(), **_TABLE_OPTS)
        weighting.param.watch(self._show_proposal, ["proposal", "consistency_ratio", "error"])
        state.param.watch(self._show_effective, ["ranking"])
        state.param.watch(self._follow_local, ["local_weights"])
        self._show_proposal()
        self._show_effective()

    def _local_moved(self, indicator_id: str) -> Any:
        def callback(event: param.parameterized.Event) -> None:
            local = dict(self.state.local_weights)
            local[indicator_id] = float(event.new)
            self.state.local_weights = local

        return callback

    def _follow_local(self, *_: Any) -> None:
        for iid, slider in self.local_sliders.items():
            value = float(self.state.local_weights.get(iid, 1.0))
            if abs(float(slider.value or 0.0) - value) > 1e-9:
                slider.value = min(max(value, 0.0), 1.0)

    def _swing_moved(self, cid: str) -> Any:
        def callback(event: param.parameterized.Event) -> None:
            points = dict(self.weighting.swing_points)
            points[cid] = float(event.new)
            self.weighting.swing_points = points

        return callback

    def _ahp_moved(self, key: str) -> Any:
        def callback(event: param.parameterized.Event) -> None:
            judgements = dict(self.weighting.ahp_judgements)
            judgements[key] = float(event.new)
            self.weighting.ahp_judgements = judgements

        return callback

    def _show_proposal(self, *_: Any) -> None:
        state, w, lang = self.state, self.weighting, self.state.lang
        if w.error:
            self.proposal.object = f"<div class='cp-verdict'>{esc(w.error)}</div>"
            return
        if w.proposal_level == "indicator":
            names = {i.id: i.label(lang) for i in state.indicators}
        else:
            names = {c.id: state.criterion_label(c.id) for c in state.criteria}
        cells = "".join(
            f"<tr><td>{esc(names.get(k, k))}</td><td class='cp-score'>{fmt_percent(v, lang, 1)}</td></tr>"  # noqa: E501
            for k, v in w.proposal.items()
        )
        note = ""
        if w.consistency_ratio is not None:
            key = "ahp_cr_bad" if w.consistency_ratio > CONSISTENCY_THRESHOLD else "ahp_cr"
            note = f"<div class='cp-help'>{tr(key, lang, cr=fmt_number(w.consistency_ratio, lang, 3))}</div>"  # noqa: E501
        self.proposal.object = f"<table class='cp-rank'>{cells}</table>{note}"

    def _show_effective(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        self.effective.value = pd.DataFrame(
            {
                tr("col_criterion", lang): [
                    state.criterion_label(i.criterion) for i in state.indicators
                ],
                tr("col_indicator", lang): [i.label(lang) for i in state.indicators],
                tr("col_weight", lang): [fmt_percent(w, lang, 1) for w in state.problem.weights],
            }
        )

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang

        @pn.depends(self.weighting.param.method)
        def method_inputs(method: str) -> pn.viewable.Viewable:
            if method == "swing":
                return pn.Column(
                    _section(tr("w_swing", lang), tr("swing_help", lang)),
                    *self.swing.values(),
                    self.proposal,
                    self.apply,
                    sizing_mode="stretch_width",
                )
            if method == "ahp":
                return pn.Column(
                    _section(tr("w_ahp", lang), tr("ahp_help", lang)),
                    *self.ahp.values(),
                    self.proposal,
                    self.apply,
                    sizing_mode="stretch_width",
                )
            if method == "objective":
                return pn.Column(
                    _section(tr("w_objective", lang)),
                    self.objective,
                    self.proposal,
                    self.apply,
                    sizing_mode="stretch_width",
                )
            return pn.Column(
                _section(tr("indicator_weights", lang)),
                *self.local_sliders.values(),
                sizing_mode="stretch_width",
            )

        return pn.Row(
            pn.Column(
                _section(tr("weighting_method", lang)),
                self.method,
                pn.panel(method_inputs, sizing_mode="stretch_width"),
                width=460,
                css_classes=["cp-card"],
                margin=(8, 8),
            ),
            pn.Column(
                self.criterion_sliders,
                _section(tr("global_weights", lang)),
                self.effective,
                sizing_mode="stretch_width",
                css_classes=["cp-card"],
                margin=(8, 8),
            ),
            sizing_mode="stretch_width",
        )


class DataView(pn.viewable.Viewer):
    """Method, normalisation, performance matrix with units, sources and status, parameters."""

    def __init__(self, state: DecisionState, **params: Any) -> None:
        super().__init__(**params)
        self.state = state
        lang = state.lang
        # Only what ranks this case (decision.core.mcda.applicable_methods): a method whose
        # every choice fails is not offered, nor a normalisation its formula cannot take here.
        self.method = pn.widgets.Select.from_param(
            state.param.method,
            label=tr("method", lang),
            options={spec.label: name for name, spec in METHODS.items() if name in state.choices},
            css_classes=["cp-method"],
        )
        self.normalization = pn.widgets.Select.from_param(
            state.param.normalization,
            label=tr("normalization", lang),
            options=self._normalizations(),
            css_classes=["cp-normalization"],
        )
        state.param.watch(self._offer_normalizations, ["method"])
        self.error = pn.pane.HTML(sizing_mode="stretch_width")
        state.param.watch(self._show_error, ["error"])

    def _numeric_table(self, frame: pd.DataFrame) -> pn.widgets.Tabulator:
        return pn.widgets.Tabulator(
            frame,
            formatters=self.number_formatters(frame),
            css_classes=["cp-performance"],
            **_TABLE_OPTS,
        )

    def _normalizations(self) -> dict[str, str]:
        """Label -> value of the normalisations that rank the case with the chosen method."""
        state, lang = self.state, self.state.lang
        out = {}
        for choice in state.choices.get(state.method, (None,)):
            if choice is None:
                own = METHODS[state.method].default_normalization
                label = tr("norm_default", lang) + (f" ({norm_label(own, lang)})" if own else "")
                out[label] = DEFAULT_NORMALIZATION
            else:
                out[norm_label(choice, lang)] = choice
        return out

    def _offer_normalizations(self, *_: Any) -> None:
        self.normalization.options = self._normalizations()

    def _show_error(self, *_: Any) -> None:
        text = self.state.error
        self.error.object = f"<div class='cp-verdict'>{esc(text)}</div>" if text else ""

    def performance_table(self) -> pd.DataFrame:
        """Scenarios x indicators at nominal values, headers with units (from ``decision``)."""
        state, lang = self.state, self.state.lang
        frame = state.case.performance()
        out = pd.DataFrame(
            {tr("col_scenario", lang): [state.alternative_label(a) for a in frame.index]}
        )
        for indicator in state.indicators:
            header = (
                f"{indicator.label(lang)} [{unit_label(indicator.unit, lang)}]"
                if indicator.unit
                else indicator.label(lang)
            )
            # numbers, not text: the table sorts 9 753 below 10 000 (shown rounded as read)
            out[header] = [display_round(v) for v in frame[indicator.id]]
        return out

    def number_formatters(self, frame: pd.DataFrame) -> dict[str, Any]:
        """Tabulator formatters writing the numeric columns of ``frame`` for the language."""
        lang = self.state.lang
        spec = {
            "type": "money",
            "decimal": "," if lang == "fr" else ".",
            "thousand": "\u202f" if lang == "fr" else ",",
            "precision": False,
        }
        return {c: dict(spec) for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}

    def indicator_table(self) -> pd.DataFrame:
        state, lang = self.state, self.state.lang
        return pd.DataFrame(
            {
                tr("col_indicator", lang): [i.label(lang) for i in state.indicators],
                tr("col_criterion", lang): [
                    state.criterion_label(i.criterion) for i in state.indicators
                ],
                tr("col_unit", lang): [unit_label(i.unit, lang) for i in state.indicators],
                tr("col_direction", lang): [
                    tr(f"dir_{i.direction}", lang) for i in state.indicators
                ],
            }
        )

    def parameter_table(self) -> pd.DataFrame:
        state, lang = self.state, self.state.lang
        rows = []
        for p in getattr(state.case, "parameters", ()):
            label = (p.label_fr if lang == "fr" else p.label_en) or p.name
            status = str(p.status)
            rows.append(
                {
                    tr("col_parameter", lang): label,
                    tr("col_nominal", lang): fmt_number(p.nominal, lang),
                    tr("col_low", lang): fmt_number(p.low, lang),
                    tr("col_high", lang): fmt_number(p.high, lang),
                    tr("col_unit", lang): unit_label(p.unit, lang),
                    tr("col_status", lang): tr(f"status_{status}", lang)
                    if f"status_{status}" in _STATUS_KEYS
                    else status,
                    tr("col_source", lang): p.source,
                }
            )
        return pd.DataFrame(rows)

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        return pn.Column(
            pn.Row(self.method, self.normalization, css_classes=["cp-card"], margin=(8, 8)),
            self.error,
            pn.Column(
                _section(tr("performance", lang)),
                self._numeric_table(self.performance_table()),
                pn.widgets.Tabulator(self.indicator_table(), **_TABLE_OPTS),
                css_classes=["cp-card"],
                margin=(8, 8),
                sizing_mode="stretch_width",
            ),
            pn.Column(
                _section(tr("parameters", lang)),
                pn.widgets.Tabulator(
                    self.parameter_table(),
                    pagination="local",
                    page_size=15,
                    configuration=tabulator_locale(lang),
                    **_TABLE_OPTS,
                ),
                css_classes=["cp-card"],
                margin=(8, 8),
                sizing_mode="stretch_width",
            ),
            sizing_mode="stretch_width",
        )


_STATUS_KEYS = {"status_verified", "status_derived", "status_assumption"}


class StudyView(pn.viewable.Viewer):
    """The sensitivity study: settings, run (off the event loop) with progress, results."""

    def __init__(self, state: DecisionState, study: StudyState, **params: Any) -> None:
        super().__init__(**params)
        self.state, self.study = state, study
        lang = state.lang
        self.n = pn.widgets.Select.from_param(study.param.n, label=tr("study_n", lang))
        # Text, read here: a number field would turn «1e30» into 130 and «3.7» into 37 silently.
        self.seed = pn.widgets.TextInput(
            label=tr("study_seed", lang), value=str(study.seed), css_classes=["cp-seed"]
        )
        self.seed.param.watch(self._seed_typed, "value")
        self.seed_error = pn.pane.HTML(
            "", sizing_mode="stretch_width", css_classes=["cp-seed-error"]
        )
        self.over = pn.widgets.CheckBoxGroup.from_param(
            study.param.over,
            label=tr("study_over", lang),
            options={tr(f"over_{k}", lang): k for k in ("weights", "parameters", "method")},
            inline=True,
        )
        self.run = pn.widgets.Button(
            label=tr("study_run", lang), color="primary", css_classes=["cp-run-study"]
        )
        self.run.on_click(self._start)
        self.progress = pn.indicators.Progress(
            value=0, max=100, sizing_mode="stretch_width", bar_color="primary", visible=False
        )
        self.status = pn.pane.HTML(
            f"<div class='cp-help'>{tr('study_idle', lang)}</div>",
            sizing_mode="stretch_width",
            css_classes=["cp-study-status"],
        )
        self.output = pn.widgets.Select(label=tr("sobol_output", lang), options={})
        self.output.param.watch(self._draw_sobol, "value")
        self.results = pn.Column(sizing_mode="stretch_width")
        self.sobol = pn.Column(sizing_mode="stretch_width")
        study.param.watch(self._on_progress, ["progress", "running"])
        study.param.watch(self._on_result, ["result", "error"])
        if study.result:
            self._on_result()

    def _seed_typed(self, event: Any) -> None:
        """Take a seed that is a whole number >= 0; otherwise say so and keep the last one."""
        text = str(event.new).strip()
        lang = self.state.lang
        if text.isascii() and text.isdigit() and len(text) <= 12:
            self.study.seed = int(text)
            self.seed_error.object = ""
            self.run.disabled = False
            return
        self.seed_error.object = (
            f"<div class='cp-verdict' role='alert'>"
            f"{esc(tr('seed_invalid', lang, value=text, seed=self.study.seed))}</div>"
        )
        self.run.disabled = True

    async def _start(self, _event: Any) -> None:
        inputs = self.study.start()
        if inputs is None:
            return
        self.run.disabled = True
        try:
            loop = asyncio.get_running_loop()
            outcome = await loop.run_in_executor(STUDY_EXECUTOR, self.study.compute, inputs)
            self.study.apply(outcome)
        finally:
            self.run.disabled = False

    def _on_progress(self, *_: Any) -> None:
        study, lang = self.study, self.state.lang
        self.progress.visible = study.running or 0 < study.progress < 1
        self.progress.value = round(100 * study.progress)
        if study.running:
            self.status.object = f"<div class='cp-help'>{tr('study_running', lang)}</div>"

    def _factor_labels(self) -> dict[str, str]:
        """Readable names of the study's factors: criteria, indicators, parameters, method."""
        state, lang = self.state, self.state.lang
        labels: dict[str, str] = {}
        for c in state.criteria:
            labels[f"w:{c.id}"] = f"{tr('col_weight', lang)} · {state.criterion_label(c.id)}"
        for i in state.indicators:
            labels[f"w:{i.id}"] = f"{tr('col_weight', lang)} · {i.label(lang)}"
        for p in getattr(state.case, "parameters", ()):
            labels[p.name] = (p.label_fr if lang == "fr" else p.label_en) or p.name
        labels["method"] = tr("over_method", lang)
        return labels

    def _on_result(self, *_: Any) -> None:
        study, state, lang = self.study, self.state, self.state.lang
        if study.error:
            self.status.object = (
                f"<div class='cp-verdict'>{esc(tr('study_failed', lang, error=study.error))}</div>"
            )
            return
        result = study.result
        if result is None:
            return
        self.status.object = (
            f"<div class='cp-help cp-study-done'>"
            f"{tr('study_done', lang, evaluations=fmt_number(result.evaluations, lang), n=result.n, seed=result.seed)}"  # noqa: E501
            f"</div>"
        )
        outputs = result.outputs
        options = {}
        for key in outputs:
            kind, _sep, alternative = key.partition(":")
            if kind == "rank":
                options[f"{tr('col_rank', lang)} · {state.alternative_label(alternative)}"] = key
            elif kind == "score":
                options[f"{tr('col_score', lang)} · {state.alternative_label(alternative)}"] = key
            else:  # "gap": first's lead over the second
                options[tr(f"output_{key}", lang) if key == "gap" else key] = key
        first_key = f"rank:{state.first}"
        self.output.options = options
        self.output.value = first_key if first_key in outputs else next(iter(outputs), None)
        self._draw_sobol()
        labels = {a: state.alternative_label(a) for a in state.base_problem.alternatives}
        heat = charts.acceptability_figure(
            result.rank_acceptability, labels, lang, tr("rank_n", lang)
        )
        verdict = result.verdict_fr if lang == "fr" else result.verdict_en
        # one or two rows per parameter; value None means "none within its range"
        answer = result.tipping_answer()
        found = [k for k, point in enumerate(answer.points) if point.value is not None]
        tipping = [answer.points[k] for k in found]
        if tipping:
            tipping_view: Any = pn.widgets.Tabulator(
                pd.DataFrame(
                    {
                        tr("col_parameter", lang): [answer.labels(lang)[k] for k in found],
                        tr("col_tipping_value", lang): [_tipping_value(p, lang) for p in tipping],
                        tr("col_from", lang): [labels.get(p.first, p.first) for p in tipping],
                        tr("col_to", lang): [labels.get(p.to or "", str(p.to)) for p in tipping],
                    }
                ),
                **_TABLE_OPTS,
            )
        else:
            tipping_view = pn.pane.HTML(f"<div class='cp-help'>{tr('tipping_none', lang)}</div>")
        stability = result.stability_answer()
        stability_view = pn.widgets.Tabulator(
            pd.DataFrame(
                {
                    tr("col_weight", lang): [
                        f"{tr('col_weight', lang)} · {label}" for label in stability.labels(lang)
                    ],
                    tr("col_top_interval", lang): [
                        self._interval(v.top) for v in stability.intervals
                    ],
                    tr("col_ranking_interval", lang): [
                        self._interval(v.ranking) for v in stability.intervals
                    ],
                }
            ),
            **_TABLE_OPTS,
        )
        self.results[:] = [
            pn.pane.HTML(
                f"<div class='cp-verdict cp-study-verdict'><b>{tr('verdict', lang)}.</b> "
                f"{esc(verdict)}</div>",
                sizing_mode="stretch_width",
            ),
            pn.Row(
                pn.Column(
                    self.output,
                    self.sobol,
                    sizing_mode="stretch_width",
                    css_classes=["cp-card"],
                    margin=(8, 8),
                ),
                pn.Column(
                    _section(tr("acceptability_title", lang)),
                    pn.Column(
                        pn.pane.Bokeh(heat, sizing_mode="stretch_width"),
                        css_classes=["cp-acceptability"],
                        sizing_mode="stretch_width",
                    ),
                    sizing_mode="stretch_width",
                    css_classes=["cp-card"],
                    margin=(8, 8),
                ),
                sizing_mode="stretch_width",
            ),
            pn.Row(
                pn.Column(
                    _section(tr("tipping_title", lang)),
                    tipping_view,
                    sizing_mode="stretch_width",
                    css_classes=["cp-card"],
                    margin=(8, 8),
                ),
                pn.Column(
                    _section(tr("stability_title", lang)),
                    stability_view,
                    sizing_mode="stretch_width",
                    css_classes=["cp-card"],
                    margin=(8, 8),
                ),
                sizing_mode="stretch_width",
            ),
        ]

    def _interval(self, pair: Any) -> str:
        if not pair:
            return "–"
        lang = self.state.lang
        lo, hi = (float(x) for x in pair)
        return f"{fmt_percent(lo, lang)} – {fmt_percent(hi, lang)}"

    def _draw_sobol(self, *_: Any) -> None:
        result, lang, state = self.study.result, self.state.lang, self.state
        key = self.output.value
        if result is None or key is None:
            return
        indices = result.outputs.get(key, {})
        title = key
        kind, _, alternative = key.partition(":")
        if kind in ("rank", "score"):
            title = tr("sobol_title", lang, scenario=state.alternative_label(alternative))
        fig = charts.sobol_figure(
            indices, self._factor_labels(), lang, tr("sobol_s1", lang), tr("sobol_st", lang)
        )
        from copilote.dashboards.views.charts import SOBOL_SHOWN

        hidden = max(len(indices.get("ST", {})) - SOBOL_SHOWN, 0)
        note = tr("sobol_hidden", lang, count=hidden) if hidden else ""
        self.sobol[:] = [
            _section(title, note),
            pn.Column(
                pn.pane.Bokeh(fig, sizing_mode="stretch_width"),
                css_classes=["cp-sobol"],
                sizing_mode="stretch_width",
            ),
        ]

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            pn.Column(
                pn.Row(self.n, self.seed, self.over),
                self.seed_error,
                self.run,
                self.progress,
                self.status,
                css_classes=["cp-card"],
                margin=(8, 8),
                sizing_mode="stretch_width",
            ),
            self.results,
            sizing_mode="stretch_width",
        )


def _tipping_value(point: TippingPoint, lang: str) -> str:
    """Where ``point`` tips, in its parameter's unit (``–`` if nowhere within range)."""
    if point.value is None:
        return "–"
    return f"{fmt_number(float(point.value), lang)} {point.unit}".strip()


class ComparisonView(pn.viewable.Viewer):
    """The ranking under every method and its agreement with the chosen one."""

    def __init__(self, state: DecisionState, comparison: ComparisonState, **params: Any) -> None:
        super().__init__(**params)
        self.state, self.comparison = state, comparison
        self.table = pn.widgets.Tabulator(pd.DataFrame(), **_TABLE_OPTS)
        self.caption = pn.pane.HTML(sizing_mode="stretch_width")
        comparison.param.watch(self._show, ["table"])
        if comparison.table is None:
            comparison.refresh()
        self._show()

    def _show(self, *_: Any) -> None:
        state, lang = self.state, self.state.lang
        table = self.comparison.table
        if table is None:
            return
        labels = [
            f"{label} *" if norm else label
            for label, norm in zip(table["label"], table["normalization"], strict=True)
        ]
        frame = pd.DataFrame({tr("method", lang): labels})
        frame[tr("compare_agreement", lang, method=state.method_label)] = [
            fmt_number(v, lang, 2) for v in table["agreement"]
        ]
        for alternative in state.ranked["alternative"]:
            frame[state.alternative_label(alternative)] = [
                "–" if pd.isna(r) else f"{r:g}" for r in table[alternative]
            ]
        self.table.value = frame
        notes = [
            f"<li><b>{esc(label)}</b> : {esc(note)}</li>"
            for label, note in zip(table["label"], table["note"], strict=True)
            if note
        ]
        self.caption.object = (
            f"<div class='cp-help'>{tr('compare_not_applicable', lang)}"
            f"<ul>{''.join(notes)}</ul></div>"
            if notes
            else ""
        )

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        return pn.Column(
            _section(tr("compare_title", lang), tr("compare_help", lang)),
            self.table,
            self.caption,
            css_classes=["cp-card"],
            margin=(8, 8),
            sizing_mode="stretch_width",
        )


class AnalystView(pn.viewable.Viewer):
    """The analyst's tabs."""

    def __init__(
        self,
        state: DecisionState,
        weighting: WeightingState,
        study: StudyState,
        comparison: ComparisonState,
        **params: Any,
    ) -> None:
        super().__init__(**params)
        self.weighting = WeightingView(state, weighting)
        self.data = DataView(state)
        self.study = StudyView(state, study)
        self.comparison = ComparisonView(state, comparison)
        self.red_lines = AnalystRedLines(red_line_state(state))  # issue #16
        self.state = state

    def __panel__(self) -> pn.viewable.Viewable:
        lang = self.state.lang
        return pn.Tabs(
            (tr("an_weights", lang), self.weighting),
            (tr("an_data", lang), self.data),
            (tr("an_sensitivity", lang), self.study),
            (tr("an_compare", lang), self.comparison),
            (tr("rl_set_title", lang), self.red_lines),
            dynamic=True,
            sizing_mode="stretch_width",
        )
