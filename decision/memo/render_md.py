"""The memo as Markdown (CommonMark with pipe tables), for wikis, e-mails and diffs.

Markdown carries no images here (they would need files or bulky data URIs), so the ranking
chart becomes a bar of block characters in the ranking table.
"""

from __future__ import annotations

import html
import re

from copilote.decision.memo.content import Memo, Table
from copilote.decision.memo.text import t

#: First line of every Markdown memo: lets ``decision memo`` recognise a memo it may overwrite.
MARKER = "<!-- copilote decision memo -->"
BAR_WIDTH = 20


#: Markdown's link, image and code syntax, backslash-escaped in text from users: a scenario
#: named ``[x](javascript:alert(1))`` or ``![](https://tracker/p.png)`` stays text (issue 17,
#: finding 7); ``<`` is already ``&lt;``, so no autolink or inline HTML either.
_LINK_SYNTAX = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "`": "\\`"})


def _text(text: str) -> str:
    """Prose that may hold user-given names: HTML-escaped (Markdown viewers render inline HTML)
    and with Markdown's link and image syntax escaped."""
    return html.escape(text, quote=False).translate(_LINK_SYNTAX)


def _cell(text: str) -> str:
    # HTML escaped too: many Markdown viewers render inline HTML, and names come from users
    return _text(text).replace("|", "\\|").replace("\n", " ")


def _fence(code: str) -> str:
    """A backtick fence longer than any run of backticks in ``code`` (a path given by a user
    cannot close it early)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _table(tab: Table, caption: bool = True) -> list[str]:
    lines: list[str] = []
    if caption and tab.caption:
        lines += [f"*{_text(tab.caption)}*", ""]
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
    if memo.red_lines is not None:
        out += [f"### {t('s_red_lines', lang)}", "", _text(memo.red_lines_intro), ""]
        out += _table(memo.red_lines)
        if memo.red_lines_crossing is not None:
            out += _table(memo.red_lines_crossing)
    section("6. ", "s_performance")
    for tab in memo.performance:
        out += _table(tab)
    if memo.residents:  # «Pour les habitants» (issue 13.8–13.10)
        out += [f"### {memo.residents_title}", ""]
        for tab in memo.residents:
            out += _table(tab)
    section("7. ", "s_robustness")
    out += [_text(memo.robustness_intro), ""]
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
    out += _table(memo.tipping) if memo.tipping else [_text(memo.tipping_note), ""]
    section("8. ", "s_assumptions")
    out += [_text(memo.assumptions_note), ""]
    if memo.assumptions:
        out += _table(memo.assumptions)
    section("9. ", "s_provenance")
    out += [t("prov_text", lang), ""]
    for label, value in memo.provenance.rows:
        shown = f"`{value}`" if label == t("prov_digest", lang) else _text(value)
        out.append(f"- **{label}**{t('colon', lang)}{shown}")
    fence = _fence(memo.command)
    out += ["", t("prov_command", lang), "", f"{fence}sh", memo.command, fence, ""]
    if memo.data_sources:
        out += [f"## {t('s_sources_annex', lang)}", ""]
        out += _table(memo.data_sources)
    if memo.annex:
        letter = " B" if memo.data_sources else ""
        out += [f"## {t('s_annex', lang, letter=letter)}", "", _text(memo.annex_intro), ""]
        for tab in memo.annex:
            out += [f"### {_text(tab.caption)}", ""]
            out += _table(tab, caption=False)
    return "\n".join(out).rstrip() + "\n"
