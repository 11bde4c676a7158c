"""Small bar charts as inline SVG, drawn on the server: no script, no CDN, readable without colour (each bar
carries its number and label as text)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape

NEUTRAL = "#1f5fa8"
GOOD = "#2e8540"
WARN = "#b7791f"
BAD = "#c53030"
PALE = "#718096"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str = NEUTRAL
    text: str = ""  # what is written after the bar; the value when empty


def bar_chart(title: str, bars: list[Bar], width: int = 560) -> str:
    bar_h, gap, label_w = 22, 8, 190
    height = len(bars) * (bar_h + gap) + 30
    top = max([b.value for b in bars] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = 20 + i * (bar_h + gap)
        w = int((width - label_w - 130) * bar.value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13">{escape(bar.label[:14])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{bar.colour}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13">{escape(bar.text or str(bar.value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
