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
:host, .bk-root {{ font-family: 'Marianne', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; }}
.cp-header {{ background: {NAVY}; color: white; padding: 10px 18px; border-radius: 6px; }}
.cp-header h1 {{ font-size: 1.35em; margin: 0; font-weight: 600; }}
.cp-header .cp-sub {{ font-size: 0.9em; opacity: 0.85; }}
.cp-card {{ border: 1px solid #dfe3e8; border-radius: 8px; padding: 10px 14px; background: white;
           box-shadow: 0 1px 2px rgba(0,0,0,0.05); }}
.cp-card h3 {{ margin: 0 0 4px 0; font-size: 1.02em; }}
.cp-card .cp-desc {{ color: {MUTED}; font-size: 0.86em; margin: 2px 0 8px 0; line-height: 1.3; }}
.cp-fig {{ display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 0.88em; }}
.cp-fig .cp-k {{ color: {MUTED}; }}
.cp-fig .cp-v {{ text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }}
.cp-section {{ font-size: 1.12em; font-weight: 600; color: {NAVY}; margin: 4px 0 2px 0; }}
.cp-help {{ color: {MUTED}; font-size: 0.85em; }}
.cp-band {{ position: relative; height: 8px; background: #e5e7eb; border-radius: 4px;
           margin: 0 10px 2px 10px; }}
.cp-band .cp-in {{ position: absolute; top: 0; height: 8px; background: #a7d7c5;
                  border-radius: 4px; }}
.cp-band .cp-now {{ position: absolute; top: -3px; width: 3px; height: 14px; background: {NAVY}; }}
.cp-stab {{ font-size: 0.8em; color: {MUTED}; margin: 0 10px 8px 10px; }}
.cp-rank {{ width: 100%; border-collapse: collapse; font-size: 0.95em; }}
.cp-rank td {{ padding: 6px 6px; border-bottom: 1px solid #eef0f2; vertical-align: middle; }}
.cp-rank .cp-pos {{ font-weight: 700; color: {NAVY}; width: 2.6em; }}
.cp-rank .cp-swatch {{ display: inline-block; width: 10px; height: 10px; border-radius: 2px;
                      margin-right: 6px; }}
.cp-rank .cp-score {{ color: {MUTED}; font-variant-numeric: tabular-nums; text-align: right;
                     font-size: 0.85em; white-space: nowrap; }}
.cp-badge {{ display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 0.82em;
            color: white; white-space: nowrap; }}
.cp-verdict {{ background: #f1f7f6; border-left: 4px solid {ACCENT}; padding: 8px 12px;
              border-radius: 4px; }}
.cp-note {{ color: {MUTED}; font-size: 0.78em; }}
"""


def esc(text: object) -> str:
    """Text safe to put in HTML (scenario names, descriptions, anything typed by someone)."""
    return html.escape(str(text), quote=True)


def colour_of(index: int) -> str:
    """The scenario colour for the scenario at ``index`` in case order."""
    return SCENARIO_COLOURS[index % len(SCENARIO_COLOURS)]
