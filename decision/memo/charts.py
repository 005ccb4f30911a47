"""The memo's charts as SVG text, drawn with matplotlib (vector, inline in HTML and PDF).

Reproducible output: a fixed ``svg.hashsalt`` (matplotlib otherwise salts its element ids with
a random UUID), no ``Date`` in the metadata. Text stays text (``svg.fonttype = none``), in
DejaVu Sans, which WeasyPrint embeds in the PDF (so the chart's words can be searched and
copied; ``fonts-dejavu-core`` must be installed, as tools/test.sh does), and is never read as
matplotlib mathematics (``text.parse_math = False``: a name holding two ``$`` stays a name). Each
chart's ids are prefixed with its name so that several SVGs inline in one HTML page never share
an id.

Figures use the object API (``matplotlib.figure.Figure``), never pyplot, so no global state is
touched and nothing needs closing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from copilote.decision.numbers import format_number

#: Colours: the leader in the house blue, others grey; ranks from dark to light blue.
LEADER = "#1f4e79"
OTHERS = "#9aa7b4"
RANK_COLOURS = ("#1f4e79", "#4a7fb0", "#86aed3", "#bdd3e8", "#dfe8f1", "#eef2f6")
FONT = "DejaVu Sans"
WIDTH_IN = 6.3  # A4 text width with 2 cm margins [inch]

_RC: dict[str, Any] = {
    "svg.hashsalt": "copilote-memo",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": FONT,
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
}


def ranking_chart(
    names: Sequence[str], scores: Sequence[float], title: str, lower_is_better: bool, *, lang: str
) -> str:
    """Horizontal bars of the scores, best at the top, the first in the house colour."""
    rows = len(names)
    with _style():
        fig = Figure(figsize=(WIDTH_IN, 0.42 * rows + 0.7))
        ax = fig.add_subplot()
        positions = list(range(rows))[::-1]
        colours = [LEADER] + [OTHERS] * (rows - 1)
        ax.barh(positions, scores, color=colours, height=0.62)
        ax.set_yticks(positions, labels=[_wrap(n, 38) for n in names])
        span = max(abs(s) for s in scores) or 1.0
        for y, score in zip(positions, scores, strict=True):
            ax.text(
                score + 0.01 * span if score >= 0 else score - 0.01 * span,
                y,
                format_number(score, lang),
                va="center",
                ha="left" if score >= 0 else "right",
                fontsize=7.5,
            )
        ax.set_xlim(min(0.0, min(scores) * 1.15), max(0.0, max(scores)) * 1.15 or 1.0)
        ax.set_title(title, loc="left")
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        if lower_is_better:
            ax.invert_xaxis()
        fig.tight_layout()
        return _svg(fig, "ranking")


def acceptability_chart(
    shares: Mapping[str, Sequence[float]], rank_labels: Sequence[str], axis_label: str
) -> str:
    """Stacked horizontal bars: for each scenario, the share of cases at each rank."""
    names = list(shares)
    rows = len(names)
    with _style():
        fig = Figure(figsize=(WIDTH_IN, 0.38 * rows + 1.0))
        ax = fig.add_subplot()
        positions = list(range(rows))[::-1]
        left = [0.0] * rows
        for r, label in enumerate(rank_labels):
            values = [100 * (shares[n][r] if r < len(shares[n]) else 0.0) for n in names]
            colour = RANK_COLOURS[min(r, len(RANK_COLOURS) - 1)]
            ax.barh(
                positions,
                values,
                left=left,
                color=colour,
                height=0.62,
                label=label,
                edgecolor="white",
                linewidth=0.5,
            )
            for y, x0, v in zip(positions, left, values, strict=True):
                if v >= 9:
                    ax.text(
                        x0 + v / 2,
                        y,
                        f"{v:.0f}",
                        va="center",
                        ha="center",
                        fontsize=7,
                        color="white" if r < 2 else "#222222",
                    )
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(positions, labels=[_wrap(n, 38) for n in names])
        ax.set_xlim(0, 100)
        ax.set_xlabel(axis_label)
        ax.tick_params(axis="y", length=0)
        ax.legend(
            ncols=min(len(rank_labels), 6),
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            frameon=False,
            fontsize=7.5,
        )
        fig.tight_layout()
        return _svg(fig, "acceptability")


def drivers_chart(drivers: Sequence[tuple[str, float]], axis_label: str, *, lang: str) -> str:
    """Horizontal bars of the total Sobol indices of the leading factors."""
    rows = max(len(drivers), 1)
    with _style():
        fig = Figure(figsize=(WIDTH_IN, 0.36 * rows + 0.7))
        ax = fig.add_subplot()
        positions = list(range(len(drivers)))[::-1]
        values = [v for _, v in drivers]
        ax.barh(positions, values, color=LEADER, height=0.6)
        ax.set_yticks(positions, labels=[_wrap(n, 44) for n, _ in drivers])
        for y, v in zip(positions, values, strict=True):
            ax.text(v + 0.01, y, format_number(v, lang), va="center", fontsize=7.5)
        ax.set_xlim(0, max([*values, 0.1]) * 1.18)
        ax.set_xlabel(axis_label)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout()
        return _svg(fig, "drivers")


def _style() -> Any:
    """The memo's matplotlib settings, for the time of one chart (global rcParams untouched)."""
    return matplotlib.rc_context(_RC)  # type: ignore[arg-type]


def _svg(fig: Figure, prefix: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    # Keep only the <svg> element: the XML prolog and DOCTYPE are invalid inside HTML.
    text = text[text.index("<svg") :]
    # Inline in HTML, the SVG's own <style> (``*{stroke-linejoin: round; ...}``) would style the
    # whole page: carry it as inherited attributes of the root instead. The RDF metadata only
    # names matplotlib; drop it.
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = re.sub(r"\s*<style[^>]*>.*?</style>", "", text, flags=re.S)
    text = text.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    return _prefix_ids(_presentation_attributes(text), prefix)


def _presentation_attributes(svg: str) -> str:
    """``style="fill: #123; stroke: none"`` -> ``fill="#123" stroke="none"``.

    Inline in HTML, an SVG ``style`` attribute goes through the page's CSS parser too, and
    WeasyPrint warns about every SVG property (``stroke`` is not an HTML property). The same
    declarations as SVG presentation attributes mean the same drawing and no warnings.
    """

    def attributes(match: re.Match[str]) -> str:
        pairs = []
        for declaration in match.group(1).split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                pairs.append(f'{name.strip()}="{value.strip()}"')
        return " ".join(pairs)

    return re.sub(r'style="([^"]*)"', attributes, svg)


def _prefix_ids(svg: str, prefix: str) -> str:
    """Rename every id ``x`` to ``prefix-x`` and its references (``#x``, ``url(#x)``)."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    svg = re.sub(r'(\bid=")([^"]+)', rename, svg)
    return re.sub(r"((?:href=\"|url\()#)([^\")]+)", rename, svg)


def _wrap(text: str, width: int) -> str:
    """Break a long label on spaces so it fits beside the bars."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
