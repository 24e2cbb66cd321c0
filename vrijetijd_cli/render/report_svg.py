"""Charts as inline SVG for the HTML report: no script, no external file, prints sharply.

Coordinates are integers in a viewBox; the SVG scales to the page width.
"""

from __future__ import annotations

from html import escape

from vrijetijd_cli.i18n import _
from vrijetijd_cli.numbers import share_bp
from vrijetijd_cli.render.report_layout import Chart, text

WIDTH = 640
SPENT, COMMITTED, AVAILABLE, OVER, BAR = "#2b6cb0", "#90cdf4", "#e2e8f0", "#c53030", "#2c7a7b"


def svg(chart: Chart) -> str:
    if chart.kind == "columns":
        return _columns(chart)
    if chart.kind == "budget":
        return _budget(chart)
    return _bars(chart)


def _open(height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{escape(title)}" class="chart-svg" font-size="11">')


def _number(value) -> int:
    """A hidden count ('< 5') draws no bar; its text still shows."""
    return value if isinstance(value, int) else 0


def _columns(chart: Chart) -> str:
    height, top, bottom = 220, 20, 24
    items = chart.items or [("", 0)]
    peak = max([_number(v) for _name, v in items] + [1])
    slot = (WIDTH - 20) // len(items)
    bar = max(slot * 7 // 10, 4)
    area = height - top - bottom
    parts = [_open(height, chart.title)]
    parts.append(f'<line x1="10" y1="{top + area}" x2="{WIDTH - 10}" y2="{top + area}" stroke="#718096"/>')
    for index, (name, value) in enumerate(items):
        x = 10 + index * slot + (slot - bar) // 2
        h = _number(value) * area // peak
        y = top + area - h
        parts.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{BAR}"/>')
        label = text(value, chart.unit)
        parts.append(f'<text x="{x + bar // 2}" y="{y - 4}" text-anchor="middle">{escape(label)}</text>')
        parts.append(f'<text x="{x + bar // 2}" y="{height - 8}" text-anchor="middle" '
                     f'fill="#4a5568">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bars(chart: Chart) -> str:
    row, label_width, value_width = 22, 260, 80
    items = chart.items or [("", 0)]
    height = len(items) * row + 8
    peak = max([_number(v) for _name, v in items] + [1])
    span = WIDTH - label_width - value_width
    parts = [_open(height, chart.title)]
    for index, (name, value) in enumerate(items):
        y = 4 + index * row
        w = _number(value) * span // peak
        shown = name if len(name) <= 42 else name[:41] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{w}" height="{row - 8}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_width + w + 6}" y="{y + 15}">{escape(text(value, chart.unit))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _budget(chart: Chart) -> str:
    """Per source a bar as long as its budget: spent, then committed; beyond it, red."""
    row, label_width, value_width = 40, 150, 70
    span = WIDTH - label_width - value_width
    height = 26 + len(chart.items) * row
    parts = [_open(height, chart.title)]
    legend = ((SPENT, _("Besteed")), (COMMITTED, _("Vastgelegd")),
              (AVAILABLE, _("Resterend")), (OVER, _("Boven budget")))
    x = label_width
    for colour, name in legend:
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(name)}</text>')
        x += 16 + 7 * len(name) + 14
    for index, (name, available, shown_spent, shown_committed) in enumerate(chart.items):
        y = 26 + index * row
        # a hidden amount (public version) draws no bar and no share: their size would show it
        shown = isinstance(shown_spent, int) and isinstance(shown_committed, int)
        spent, committed = (shown_spent, shown_committed) if shown else (0, 0)
        scale = max(available, spent + committed, 1)
        full = available * span // scale
        spent_w = min(spent, max(available, 0)) * span // scale
        committed_w = max(min(spent + committed, available) - spent, 0) * span // scale
        over_w = max(spent + committed - available, 0) * span // scale
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{full}" height="16" fill="{AVAILABLE}"/>')
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{spent_w}" height="16" fill="{SPENT}"/>')
        parts.append(f'<rect x="{label_width + spent_w}" y="{y + 3}" width="{committed_w}" height="16" '
                     f'fill="{COMMITTED}"/>')
        if over_w:
            parts.append(f'<rect x="{label_width + full}" y="{y + 3}" width="{over_w}" height="16" fill="{OVER}"/>')
        used = (text(share_bp(spent + committed, available), "percent") if shown else "") or "–"
        parts.append(f'<text x="{WIDTH - value_width + 6}" y="{y + 15}">{escape(used)}</text>')
        detail = _("besteed {spent} + vastgelegd {committed} van {available}").format(
            spent=text(shown_spent, "money"), committed=text(shown_committed, "money"),
            available=text(available, "money"))
        parts.append(f'<text x="{label_width}" y="{y + 32}" fill="#4a5568" font-size="10">{escape(detail)}</text>')
    parts.append("</svg>")
    return "".join(parts)
