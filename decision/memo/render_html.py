"""The memo as one self-contained HTML page: inline CSS, inline SVG charts, no external URL.

The same page is what WeasyPrint prints to PDF (see render_pdf.py): the stylesheet carries the
A4 page rules (margins, running header, page numbers) that a browser ignores on screen.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from copilote.decision.memo import charts
from copilote.decision.memo.content import Memo
from copilote.decision.memo.text import t


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("copilote.decision.memo", "templates")
    return jinja2.Environment(
        loader=loader,
        autoescape=True,  # every text typed by a user (names, sources) is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


def _css() -> str:
    return (resources.files("copilote.decision.memo") / "templates" / "memo.css").read_text("utf-8")


def memo_charts(memo: Memo) -> dict[str, Markup]:
    """The memo's charts as inline SVG markup (drawn by us, so safe to insert unescaped)."""
    lang = memo.lang
    ranking = charts.ranking_chart(
        [r.name for r in memo.ranking],
        [r.score for r in memo.ranking],
        t("chart_ranking", lang, method=memo.method_label),
        memo.lower_is_better,
        lang=lang,
    )
    rank_labels = [h for h in memo.acceptability.headers[1:]]
    acceptability = charts.acceptability_chart(
        memo.acceptability_shares, rank_labels, t("chart_share_axis", lang)
    )
    drivers = (
        charts.drivers_chart(memo.drivers_values, t("col_st", lang), lang=lang)
        if memo.drivers_values
        else ""
    )
    return {
        "ranking": Markup(ranking),
        "acceptability": Markup(acceptability),
        "drivers": Markup(drivers),
    }


def annex_title(memo: Memo) -> str:
    """The method annex is B when the data annex A is there, plain "Annexe" otherwise."""
    return t("s_annex", memo.lang, letter=" B" if memo.data_sources else "")


def render_html(memo: Memo) -> str:
    """The memo as an HTML document (UTF-8 text)."""
    template = _environment().get_template("memo.html.j2")
    return template.render(
        memo=memo,
        css=Markup(_css()),
        charts=memo_charts(memo),
        text=lambda key: t(key, memo.lang),
        iso_date=memo.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        annex_title=annex_title(memo),
    )
