"""Reports printed the ways offices print them, then scanned: the look changes, never the content.

Real county reports are Word documents printed and scanned, in 宋体, 仿宋, 楷体 or 黑体 at 7 to 12 points, with
bold or grey-shaded header rows, thick outer borders, double rules, narrow columns whose labels wrap onto two or
three lines, group labels in merged cells one glyph to a line, Table 三 on a landscape page, tables split across
two pages with or without their header repeated, numbers centred or right-aligned. Each `Style` here is a
stylesheet laid over gongkai's own HTML rendering (src/gongkai/renderers/html.py) before WeasyPrint prints it,
so the cells printed are exactly the report's: the report stays the oracle. Each style's free choices (the type
size, the grey of the shading, the font) are drawn from a generator seeded by the style's name and a seed, and
the print is then scanned one of the ways `generate.CASES` scans (`scan`), so a styled scan is the same bytes on
every run.

`python -m tests.scans.styles OUT` writes every seed printed in every style (the PDFs, before scanning) to OUT.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .generate import BY_NAME, Case, scan

# the faces Debian ships (scripts/install-system-deps) standing in for what Word offers an office
SONG = ("AR PL UMing CN", "Noto Serif CJK SC")  # 宋体 / 仿宋: thin strokes with serifs
KAI = ("AR PL UKai CN",)  # 楷体: brush strokes
HEI = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "WenQuanYi Micro Hei")  # 黑体: even strokes


@dataclass(frozen=True)
class Style:
    """A way of printing the tables: `css` is given a seeded generator and returns the rules laid over the
    renderer's stylesheet; `case` is how the print is then scanned."""

    name: str
    css: Callable[[random.Random], str]
    case: Case


def _face(rng: random.Random, faces: tuple[str, ...]) -> str:
    face = rng.choice(faces)
    # WeasyPrint would quietly print in another face: a missing one is an error, not a different test
    assert face in _installed(), f"font {face!r} is not installed (scripts/install-system-deps)"
    return f'"{face}"'


@cache
def _installed() -> frozenset[str]:
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    return frozenset(name.strip() for line in listed.splitlines() for name in line.split(","))


def _grey(rng: random.Random, low: int, high: int) -> str:
    level = rng.randint(low, high)
    return f"rgb({level},{level},{level})"


def _song_shaded(rng: random.Random) -> str:
    """宋体 tables with a bold header row on grey, label cells shaded lighter, numbers right-aligned."""
    return f"""
    table {{ font-family: {_face(rng, SONG)}; font-size: {rng.choice((9, 10, 10.5))}pt; }}
    thead th {{ background: {_grey(rng, 190, 215)}; font-weight: bold; }}
    tbody th {{ background: {_grey(rng, 225, 240)}; }}
    td {{ text-align: right; padding-right: 6px; }}
    """


def _kai_small_thick(rng: random.Random) -> str:
    """楷体 in small type, a thick outer border, the header row bold."""
    return f"""
    table {{ font-family: {_face(rng, KAI)}; font-size: {rng.choice((7.5, 8, 8.5))}pt;
      border: {rng.choice((2, 2.25, 3))}pt solid #000; }}
    thead th {{ font-weight: bold; }}
    """


def _hei_double(rng: random.Random) -> str:
    """黑体 with double rules: round the table and under the header, as Word's 双线 border draws them."""
    return f"""
    table {{ font-family: {_face(rng, HEI)}; font-size: {rng.choice((9, 10))}pt;
      border: {rng.choice((2.5, 3))}pt double #000; }}
    thead tr:last-child th, thead tr:last-child td {{ border-bottom: 3pt double #000; }}
    thead th {{ background: {_grey(rng, 200, 225)}; }}
    td {{ text-align: {rng.choice(("center", "right"))}; }}
    """


def _narrow(rng: random.Random) -> str:
    """Large type in a table narrower than the page: labels wrap onto two or three lines."""
    return f"""
    table {{ font-family: {_face(rng, SONG + KAI)}; font-size: {rng.choice((11, 12))}pt;
      width: {rng.randint(68, 80)}% !important; margin-left: auto; margin-right: auto; }}
    thead th {{ font-weight: bold; }}
    """


def _landscape(rng: random.Random) -> str:
    """Table 三 on a landscape page of its own, its header shaded, the rest of the report upright."""
    return f"""
    @page wide {{ size: A4 landscape; margin: 18mm 20mm; }}
    section#s3 {{ page: wide; }}
    table.s3 {{ font-family: {_face(rng, HEI + SONG)}; font-size: {rng.choice((10, 11, 12))}pt; }}
    table.s3 thead th {{ background: {_grey(rng, 195, 220)}; font-weight: bold; }}
    """


def _split(repeat: bool) -> Callable[[random.Random], str]:
    """Tables allowed to break over pages (as Word breaks them), in type large enough that they do; with
    `repeat` the header rows are printed again at the top of the next page (Word's 重复标题行), else not."""

    def css(rng: random.Random) -> str:
        head = "" if repeat else "thead { display: table-row-group; }"
        return f"""
        @page {{ margin: {rng.randint(30, 45)}mm 20mm; }}
        table.s2, table.s3, table.s4 {{ break-inside: auto; }}
        h2 {{ break-before: auto; }}
        table {{ font-family: {_face(rng, SONG + HEI)}; font-size: {rng.choice((11, 12))}pt;
          line-height: 1.6; }}
        th, td {{ padding: {rng.randint(4, 7)}px 4px; }}
        thead th {{ font-weight: bold; }}
        {head}
        """

    return css


def _vertical(rng: random.Random) -> str:
    """The group labels of Table 三 in columns one glyph wide (one glyph to a line, as Word's vertical text
    prints them), the applicant columns narrow enough that their headers wrap glyph by glyph, all headers
    shaded dark."""
    return f"""
    table.s3 {{ table-layout: fixed; font-family: {_face(rng, SONG + HEI)}; font-size: {rng.choice((9, 10))}pt; }}
    table.s3 col:nth-child(1), table.s3 col:nth-child(2) {{ width: {rng.choice((1.8, 2.0))}em !important; }}
    table.s3 th {{ overflow-wrap: anywhere; }}
    table.s3 col:nth-child(3) {{ width: auto !important; }}
    table.s3 col:nth-child(n+4) {{ width: 3em !important; }}
    th {{ background: {_grey(rng, 175, 200)}; }}
    td {{ text-align: {rng.choice(("center", "right"))}; }}
    """


STYLES = (
    Style("song-shaded", _song_shaded, BY_NAME["skew"]),
    Style("kai-small-thick", _kai_small_thick, BY_NAME["jpeg50"]),
    Style("hei-double", _hei_double, BY_NAME["seal"]),
    Style("narrow-wrapped", _narrow, BY_NAME["photo"]),
    Style("landscape-s3", _landscape, BY_NAME["mixed-300dpi"]),
    Style("split-repeated-head", _split(repeat=True), BY_NAME["skew"]),
    Style("split-no-head", _split(repeat=False), BY_NAME["blur-noise-150dpi"]),
    Style("vertical-groups", _vertical, BY_NAME["jpeg50"]),
)
STYLE_BY_NAME = {s.name: s for s in STYLES}


def styled_html(report, style: Style, seed: int = 0) -> str:
    """The renderer's HTML with the style's rules after its own stylesheet (later rules of equal weight win)."""
    from gongkai.renderers.html import to_html

    css = style.css(random.Random(f"{style.name}/{seed}"))
    html = to_html(report).decode()
    assert html.count("</style>") == 1, "the renderer's stylesheet is where the style is laid over"
    return html.replace("</style>", css + "</style>")


def styled_pdf(report, style: Style, seed: int = 0) -> bytes:
    from weasyprint import HTML

    return HTML(string=styled_html(report, style, seed), base_url=None).write_pdf()


def styled_scan(report, style: Style, seed: int = 0) -> tuple[bytes, str]:
    """The report printed in `style` and scanned the style's way: the file's bytes and its suffix."""
    return scan(styled_pdf(report, style, seed), style.case, seed)


def main(folder: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from gongkai.parsers import read_file

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for seed in sorted((Path(__file__).resolve().parents[1] / "fixtures" / "seeds").glob("*.txt")):
        report = read_file(seed)
        for style in STYLES:
            (out / f"{seed.stem[:3]}-{style.name}.pdf").write_bytes(styled_pdf(report, style))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gongkai-styles")
