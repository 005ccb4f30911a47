"""Bokeh figures of the dashboard. Each is built once and then fed new data in place.

Updating a ``ColumnDataSource`` sends a few numbers to the browser; rebuilding a figure sends
the whole model. The ranking chart moves with every slider step, so it is only ever updated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from bokeh.models import (
    ColumnDataSource,
    CustomJSTickFormatter,
    FactorRange,
    HoverTool,
    LabelSet,
    LinearAxis,
    Range1d,
    Whisker,
)
from bokeh.plotting import figure
from bokeh.transform import factor_cmap, linear_cmap

from copilote.dashboards.i18n import fmt_number, fmt_percent
from copilote.dashboards.views.theme import NAVY

_TOOLS = ""


def _clean(fig: figure) -> figure:
    fig.toolbar_location = None
    fig.outline_line_color = None
    fig.grid.grid_line_color = "#eef0f2"
    fig.axis.axis_line_color = "#cfd4da"
    fig.axis.major_tick_line_color = None
    fig.axis.minor_tick_line_color = None
    fig.axis.major_label_text_font_size = "12px"
    fig.background_fill_color = None
    fig.border_fill_color = None
    return fig


def localise(fig: figure, lang: str) -> figure:
    """Numeric axes written for ``lang``: ``−0,04`` and ``1 000`` in French, ``-0.04`` in English.

    Bokeh's default formatter always writes a decimal point; the browser's own number
    formatting (``toLocaleString``) follows the page's language instead.
    """
    locale = "fr-FR" if lang == "fr" else "en-GB"
    formatter = CustomJSTickFormatter(
        args={"locale": locale},
        code="return Number(tick).toLocaleString(locale, {maximumFractionDigits: 3});",
    )
    for axis in (*fig.xaxis, *fig.yaxis):
        if isinstance(axis, LinearAxis):
            axis.formatter = formatter
    return fig


def ranking_figure() -> tuple[figure, ColumnDataSource]:
    """Horizontal bars, best at the top; returns the figure and the source to update."""
    source = ColumnDataSource(data=dict(label=[], score=[], colour=[], text=[]))
    fig = figure(
        y_range=FactorRange(factors=[]),
        height=260,
        sizing_mode="stretch_width",
        tools=_TOOLS,
        x_range=(0, 1),
    )
    fig.hbar(y="label", right="score", height=0.62, color="colour", source=source)
    fig.add_layout(
        LabelSet(
            x="score",
            y="label",
            text="text",
            source=source,
            x_offset=6,
            y_offset=-7,
            text_font_size="12px",
            text_color=NAVY,
        )
    )
    fig.xaxis.visible = False
    fig.ygrid.grid_line_color = None
    return _clean(fig), source


def update_ranking(
    fig: figure,
    source: ColumnDataSource,
    labels: Sequence[str],
    scores: Sequence[float],
    colours: Sequence[str],
    lang: str,
) -> None:
    """New scores, best first (top). Scores are drawn from zero; the axis leaves room for text."""
    factors = list(reversed(labels))
    values = list(reversed([float(s) for s in scores]))
    high = max([abs(v) for v in values] + [1e-12])
    texts = [fmt_number(v, lang, 3) for v in values]
    if list(source.data.get("label", [])) == factors:
        # same order: send the two columns that changed, not the whole table
        source.data.update(score=values, text=texts)
    else:
        source.data = dict(label=factors, score=values, colour=list(reversed(colours)), text=texts)
    if list(fig.y_range.factors) != factors:
        fig.y_range.factors = factors
    # The axis moves only when the bars outgrow it or shrink far below it, so that a slider
    # step redraws the bars, not the whole plot.
    start = min(0.0, min(values) * 1.15)
    if start != fig.x_range.start:
        fig.x_range.start = start
    if not 0.5 * fig.x_range.end <= high <= 0.85 * fig.x_range.end:
        fig.x_range.end = high * 1.2


def contribution_figure() -> tuple[figure, ColumnDataSource]:
    """Signed bars per criterion: right favours A, left favours B."""
    source = ColumnDataSource(data=dict(label=[], value=[], colour=[], text=[]))
    fig = figure(
        y_range=FactorRange(factors=[]), height=200, sizing_mode="stretch_width", tools=_TOOLS
    )
    fig.hbar(y="label", left=0, right="value", height=0.6, color="colour", source=source)
    fig.xaxis.axis_label = None
    fig.ygrid.grid_line_color = None
    return _clean(fig), source


def update_contributions(
    fig: figure,
    source: ColumnDataSource,
    labels: Sequence[str],
    values: Sequence[float],
    colour_a: str,
    colour_b: str,
    lang: str,
) -> None:
    """Feed the contribution chart (values already computed by ``decision``)."""
    vals = [float(v) for v in values]
    source.data = dict(
        label=list(labels),
        value=vals,
        colour=[colour_a if v >= 0 else colour_b for v in vals],
        text=[fmt_number(v, lang, 3) for v in vals],
    )
    fig.y_range.factors = list(labels)
    span = max([abs(v) for v in vals] + [1e-6]) * 1.15
    fig.x_range.start, fig.x_range.end = -span, span


#: Factors shown in the Sobol chart: the largest total indices; the note says how many are left.
SOBOL_SHOWN = 12


def sobol_figure(
    indices: Mapping[str, Mapping[str, float]],
    factor_labels: Mapping[str, str],
    lang: str,
    s1_label: str,
    st_label: str,
) -> figure:
    """First-order and total Sobol indices with their confidence intervals, largest ST on top.

    Only the :data:`SOBOL_SHOWN` factors with the largest total index are drawn.
    """
    st = indices.get("ST", {})
    factors = sorted(st, key=lambda f: st.get(f, 0.0))[-SOBOL_SHOWN:]
    labels = [factor_labels.get(f, f) for f in factors]
    rows = []
    for kind, name in (("S1", s1_label), ("ST", st_label)):
        for factor, label in zip(factors, labels, strict=True):
            value = float(indices.get(kind, {}).get(factor, np.nan))
            conf = float(indices.get(f"{kind}_conf", {}).get(factor, 0.0) or 0.0)
            rows.append((label, name, value, value - conf, value + conf))
    data = dict(
        y=[(r[0], r[1]) for r in rows],
        value=[r[2] for r in rows],
        lower=[r[3] for r in rows],
        upper=[r[4] for r in rows],
        kind=[r[1] for r in rows],
        shown=[fmt_number(r[2], lang, 2) for r in rows],
    )
    source = ColumnDataSource(data)
    y_factors = [(label, name) for label in labels for name in (st_label, s1_label)]
    fig = figure(
        y_range=FactorRange(*y_factors, group_padding=0.6, subgroup_padding=0.0),
        height=max(220, 34 * len(y_factors) // 2 + 80),
        sizing_mode="stretch_width",
        tools=_TOOLS,
    )
    fig.hbar(
        y="y",
        right="value",
        height=0.8,
        source=source,
        color=factor_cmap("kind", ["#9fd3c7", NAVY], [s1_label, st_label]),
        legend_field="kind",
    )
    fig.add_layout(
        Whisker(
            base="y",
            lower="lower",
            upper="upper",
            source=source,
            dimension="width",
            line_color=NAVY,
        )
    )
    fig.add_tools(HoverTool(tooltips=[("", "@kind"), ("", "@shown")]))
    fig.x_range = Range1d(
        min(0.0, float(np.nanmin(data["lower"] or [0.0]))),
        max(0.05, float(np.nanmax(data["upper"] or [0.0])) * 1.05),
    )
    fig = _clean(fig)
    fig.legend.location = "bottom_right"
    fig.legend.label_text_font_size = "11px"
    fig.yaxis.group_label_orientation = "horizontal"
    fig.yaxis.group_text_font_size = "12px"
    fig.yaxis.group_text_color = "#374151"
    fig.yaxis.major_label_text_font_size = "0px"  # S1 / ST: the legend says which is which
    return localise(fig, lang)  # the index axis: 0,05 in French


def acceptability_figure(
    shares: Mapping[str, Sequence[float]], labels: Mapping[str, str], lang: str, rank_word: str
) -> figure:
    """Heat map: rows scenarios, columns ranks, cell = share of cases.

    Both axes are categorical (scenario names, ``rank_word`` already in ``lang``); the cells'
    shares are written by :func:`fmt_percent` for ``lang``: no numeric axis to localise.
    """
    scenarios = list(shares)
    m = max((len(v) for v in shares.values()), default=0)
    ranks = [rank_word.format(rank=k + 1) for k in range(m)]
    xs, ys, vals, texts = [], [], [], []
    for scenario in scenarios:
        for k, value in enumerate(shares[scenario]):
            xs.append(ranks[k])
            ys.append(labels.get(scenario, scenario))
            vals.append(float(value))
            texts.append(fmt_percent(float(value), lang) if value >= 0.005 else "")
    source = ColumnDataSource(
        dict(
            x=xs,
            y=ys,
            value=vals,
            text=texts,
            text_colour=["white" if v > 0.55 else NAVY for v in vals],
        )
    )
    fig = figure(
        x_range=ranks,
        y_range=list(reversed([labels.get(s, s) for s in scenarios])),
        height=50 + 34 * len(scenarios),
        sizing_mode="stretch_width",
        tools=_TOOLS,
        x_axis_location="above",
    )
    fig.rect(
        x="x",
        y="y",
        width=0.96,
        height=0.92,
        source=source,
        color=linear_cmap("value", ["#f4f6f8", "#9fd3c7", "#1d3557"], 0, 1),
    )
    fig.text(
        x="x",
        y="y",
        text="text",
        source=source,
        text_align="center",
        text_baseline="middle",
        text_font_size="12px",
        text_color="text_colour",
    )
    fig.grid.grid_line_color = None
    return _clean(fig)
