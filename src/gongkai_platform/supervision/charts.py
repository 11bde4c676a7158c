"""Small bar charts as inline SVG, drawn on the server: no script, no CDN, readable without colour (each bar
carries its number and label as text)."""

from __future__ import annotations

from django.utils.html import escape

_COLOURS = ("#1f5fa8", "#2e8540", "#b7791f", "#c53030", "#6b46c1", "#4a5568")


def bar_chart(title: str, data: list[tuple[str, int]], width: int = 560) -> str:
    bar_h, gap, label_w = 22, 8, 190
    height = len(data) * (bar_h + gap) + 30
    top = max([v for _, v in data] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(data):
        y = 20 + i * (bar_h + gap)
        w = int((width - label_w - 60) * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13">{escape(label[:14])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{_COLOURS[i % len(_COLOURS)]}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
