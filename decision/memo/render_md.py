"""The memo as Markdown (CommonMark with pipe tables), for wikis, e-mails and diffs.

Markdown carries no images here (they would need files or bulky data URIs), so the ranking
chart becomes a bar of block characters in the ranking table.
"""

from __future__ import annotations

import html

from copilote.decision.memo.content import Memo, Table
from copilote.decision.memo.text import t

#: First line of every Markdown memo: lets ``decision memo`` recognise a memo it may overwrite.
MARKER = "<!-- copilote decision memo -->"
BAR_WIDTH = 20


def _text(text: str) -> str:
    """Prose that may hold user-given names: HTML-escaped (Markdown viewers render inline HTML)."""
    return html.escape(text, quote=False)


def _cell(text: str) -> str:
    # HTML escaped too: many Markdown viewers render inline HTML, and names come from users
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _table(tab: Table, caption: bool = True) -> list[str]:
    lines: list[str] = []
    if caption and tab.caption:
        lines += [f"*{tab.caption}*", ""]
    headers = [h or " " for h in tab.headers]
    lines.append("| " + " | ".join(_cell(h) for h in headers) + " |")
    aligns = [
        "---:" if tab.numeric and k < len(tab.numeric) and tab.numeric[k] else "---"
        for k in range(len(headers))
    ]
    lines.append("| " + " | ".join(aligns) + " |")
    for r, row in enumerate(tab.rows):
        cells = [_cell(c) for c in row]
        classes = tab.cell_classes[r] if r < len(tab.cell_classes) else ()
        if tab.highlight_first and r == 0:
            cells = [f"**{c}**" if c else c for c in cells]
        else:  # the best value of a column, as the HTML memo shows it (class "best")
            cells = [
                f"**{c}**" if c and k < len(classes) and "best" in classes[k].split() else c
                for k, c in enumerate(cells)
            ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _bars(memo: Memo) -> Table:
    """The ranking table with a text bar per score (the chart of the HTML and PDF memo)."""
    # Longest bar for the best: scores placed between the worst and the best, so that a method
    # where lower is better (VIKOR, SPOTIS) or with negative scores (PROMETHEE II) reads right.
    scores = [r.score for r in memo.ranking]
    best, worst = (min(scores), max(scores)) if memo.lower_is_better else (max(scores), min(scores))
    span = best - worst
    rows = []
    for row, score in zip(memo.ranking_table.rows, scores, strict=True):
        filled = round(BAR_WIDTH * ((score - worst) / span if span else 1.0))
        rows.append((*row, "█" * filled))
    return Table(
        (*memo.ranking_table.headers, ""),
        tuple(rows),
        (*memo.ranking_table.numeric, False),
        highlight_first=True,
    )


def render_markdown(memo: Memo) -> str:
    """The memo as Markdown text."""
    lang = memo.lang
    out = [
        MARKER,
        f"# {_text(memo.title)} – {_text(memo.subject)}",
        "",
        f"{t('committee', lang)} · {memo.date_text} · {memo.method_label} · "
        f"SHA-256 `{memo.digest[:16]}…`",
        "",
        f"> **{t('summary', lang)}.** " + " ".join(_text(x) for x in memo.summary),
    ]
    if memo.verdict:
        out += [">", f"> *{_text(memo.verdict)}*"]
    out.append("")

    def section(number: str, key: str) -> None:
        out.extend([f"## {number}{t(key, lang)}", ""])

    section("1. ", "s_context")
    out += [*(f"{_text(p)}\n" for p in memo.context)]
    section("2. ", "s_scenarios")
    out += _table(memo.scenarios)
    section("3. ", "s_criteria")
    out += [_text(memo.weights_note), ""]
    out += _table(memo.criteria)
    section("4. ", "s_method")
    out += [*(f"{p}\n" for p in memo.method_text)]
    section("5. ", "s_ranking")
    out += _table(_bars(memo))
    section("6. ", "s_performance")
    for tab in memo.performance:
        out += _table(tab)
    section("7. ", "s_robustness")
    out += [memo.robustness_intro, ""]
    if memo.verdict:
        out += [f"*{_text(memo.verdict)}*", ""]
    out += [f"### {t('s_acceptability', lang)}", ""]
    out += _table(memo.acceptability)
    if memo.drivers.rows:
        out += [f"### {t('s_drivers', lang)}", ""]
        out += _table(memo.drivers)
    if memo.stability.rows:
        out += [f"### {t('s_stability', lang)}", ""]
        out += _table(memo.stability)
    out += [f"### {t('s_tipping', lang)}", ""]
    out += _table(memo.tipping) if memo.tipping else [memo.tipping_note, ""]
    section("8. ", "s_assumptions")
    out += [memo.assumptions_note, ""]
    if memo.assumptions:
        out += _table(memo.assumptions)
    section("9. ", "s_provenance")
    out += [t("prov_text", lang), ""]
    for label, value in memo.provenance.rows:
        shown = f"`{value}`" if label == t("prov_digest", lang) else value
        out.append(f"- **{label}** : {shown}" if lang == "fr" else f"- **{label}**: {shown}")
    out += ["", t("prov_command", lang), "", "```sh", memo.command, "```", ""]
    if memo.data_sources:
        out += [f"## {t('s_sources_annex', lang)}", ""]
        out += _table(memo.data_sources)
    if memo.annex:
        letter = " B" if memo.data_sources else ""
        out += [f"## {t('s_annex', lang, letter=letter)}", "", memo.annex_intro, ""]
        for tab in memo.annex:
            out += [f"### {tab.caption}", ""]
            out += _table(tab, caption=False)
    return "\n".join(out).rstrip() + "\n"
