"""Look of the dashboard: colours, one style sheet, small HTML helpers.

Sober colours a local authority would print: a dark blue header, one fixed colour per scenario
(the same in every chart), green/amber/red only for how solid a result is.
"""

from __future__ import annotations

import html

#: One colour per scenario, in case order (Okabe–Ito, readable by colour-blind people).
SCENARIO_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
NAVY = "#1d3557"
ACCENT = "#2a9d8f"
MUTED = "#6b7280"
GOOD, FAIR, POOR = "#2e7d32", "#b26a00", "#c62828"

CSS = f"""
:host, .bk-root {{ font-family: 'Marianne', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif;
                  font-size: 16px; }}
.cp-header {{ background: {NAVY}; color: white; padding: 6px 16px; border-radius: 6px; }}
.cp-header h1 {{ font-size: 22px; margin: 0; font-weight: 600; }}
.cp-header .cp-sub {{ font-size: 15px; opacity: 0.9; }}
.cp-card {{ border: 1px solid #dfe3e8; border-radius: 8px; padding: 8px 14px; background: white;
           box-shadow: 0 1px 2px rgba(0,0,0,0.05); }}
.cp-card h3 {{ margin: 0 0 4px 0; font-size: 17px; }}
.cp-card .cp-desc {{ color: {MUTED}; font-size: 15px; margin: 2px 0 8px 0; line-height: 1.3; }}
.cp-fig {{ display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 15px; }}
.cp-fig .cp-k {{ color: {MUTED}; }}
.cp-fig .cp-v {{ text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }}
.cp-section {{ font-size: 20px; font-weight: 600; color: {NAVY}; margin: 2px 0 2px 0; }}
.cp-help {{ color: #4b5563; font-size: 15px; }}
.cp-band {{ position: relative; height: 8px; background: #e5e7eb; border-radius: 4px;
           margin: 0 10px 2px 10px; }}
.cp-band .cp-in {{ position: absolute; top: 0; height: 8px; background: #a7d7c5;
                  border-radius: 4px; }}
.cp-band .cp-now {{ position: absolute; top: -3px; width: 3px; height: 14px; background: {NAVY}; }}
.cp-stab {{ font-size: 14px; color: #4b5563; margin: 0 10px 4px 10px; line-height: 1.25; }}
.cp-total {{ font-size: 15px; color: {NAVY}; font-weight: 600; }}
ol.cp-rank {{ list-style: none; margin: 4px 0; padding: 0; font-size: 19px; }}
ol.cp-rank li {{ display: grid; grid-template-columns: 2.4em 1fr 9em; align-items: center;
                gap: 2px 10px; padding: 3px 4px; border-bottom: 1px solid #eef0f2; }}
ol.cp-rank .cp-pos {{ font-weight: 700; color: {NAVY}; grid-row: span 2; }}
ol.cp-rank .cp-name {{ font-weight: 600; line-height: 1.2; font-size: 18px; }}
ol.cp-rank .cp-bar {{ grid-row: span 2; grid-column: 3; }}
ol.cp-rank .cp-badge {{ justify-self: start; grid-column: 2; }}
ol.cp-rank .cp-bar {{ display: block; height: 14px; background: #f1f3f5; border-radius: 3px; }}
ol.cp-rank .cp-bar span {{ display: block; height: 14px; border-radius: 3px; }}
.cp-badge {{ display: inline-block; padding: 1px 10px; border-radius: 12px; font-size: 15px;
            color: white; white-space: nowrap; }}
.cp-badge.cp-pending {{ background: #6b7280; }}
/* A laptop zoomed to 150 % lays out in about 853 CSS px: a narrower bar, and the badge may wrap
   (kept on one line, it pushed each row past the window's edge). */
@media (max-width: 1000px) {{
  ol.cp-rank li {{ grid-template-columns: 1.6em minmax(0, 1fr) 3em; gap: 2px 6px; }}
  ol.cp-rank .cp-name {{ font-size: 16px; overflow-wrap: anywhere; }}
  .cp-badge {{ white-space: normal; }}
}}
.cp-failed {{ font-size: 18px; padding: 12px; border-left: 4px solid {POOR};
             background: #fdf2f2; }}
.cp-verdict {{ background: #f1f7f6; border-left: 4px solid {ACCENT}; padding: 8px 12px;
              border-radius: 4px; font-size: 16px; }}
.cp-note {{ color: {MUTED}; font-size: 14px; }}
.cp-table {{ border-collapse: collapse; margin: 4px 0; font-size: 15px; }}
.cp-table th, .cp-table td {{ padding: 2px 8px; text-align: left; }}
.cp-table td.cp-num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.bk-slider-title, .bk-input-group label, .bk-btn, .bk-tab, select {{ font-size: 16px; }}
"""


def esc(text: object) -> str:
    """Text safe to put in HTML (scenario names, descriptions, anything typed by someone)."""
    return html.escape(str(text), quote=True)


def colour_of(index: int) -> str:
    """The scenario colour for the scenario at ``index`` in case order."""
    return SCENARIO_COLOURS[index % len(SCENARIO_COLOURS)]
