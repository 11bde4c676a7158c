"""Tables on a page image, found from their ruled lines, and the cells those lines enclose.

Long thin runs of ink are rules: an opening with a long flat (or tall) kernel keeps them and drops the text.
Rules are bridged over gaps (a blurred or broken scan, worn toner) and together form each table's grid; the cells are
the regions of paper the grid encloses, so a merged cell (no rule through it) is one cell, as in the PDF reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

from .prepare import Page

_H_RULE, _V_RULE = 30.0, 11.0  # points: the shortest horizontal / vertical run taken for a rule
_LONG = 60.0  # points: a vertical run this long is a rule even where its ends are broken off
# points: gaps in a rule this short are closed (a blurred scan, worn toner). Only runs already long enough to be
# rules are bridged, so text is never joined; a vertical gap stays shorter than the space between two tables
# stacked on a page (8-10 pt), which must not become a row of cells
_H_BRIDGE, _V_BRIDGE = 10.0, 6.0
_MIN_CELL = 7.0  # points: a narrower or lower region between rules is no cell
_MIN_TABLE = 60.0  # points: a grid narrower than this is a frame or a stamp, not a table
_SNAP = 4.0  # points: cell edges this close are the same rule


@dataclass(frozen=True)
class Cell:
    """A cell's interior in pixels (x0, y0 inclusive; x1, y1 exclusive), and the rules it starts at: cells of
    one table row share `top`, cells of one column share `left`."""

    x0: int
    y0: int
    x1: int
    y1: int
    top: int = 0
    left: int = 0


@dataclass
class Grid:
    rules: np.ndarray  # 255 on the rules of every table
    tables: list[tuple[int, int, int, int]]  # x0, y0, x1, y1 of each table
    cells: list[Cell]


def find(page: Page) -> Grid:
    pt = page.scale
    ink = page.ink
    horizontal = _runs(ink, (max(3, int(_H_RULE * pt)), 1), (max(3, int(_H_BRIDGE * pt)), 1))
    vertical = _between(
        _runs(ink, (1, max(3, int(_V_RULE * pt))), (1, max(3, int(_V_BRIDGE * pt)))), horizontal, pt
    )
    rules = cv2.bitwise_or(horizontal, vertical)
    # a faint or broken rule that stops short of the border it should meet leaves two cells joined through
    # the gap: a rule's end is bridged, along its own line, to the upright rule it points at
    reach = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(_H_BRIDGE * pt)), 1))
    along = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach.shape[1] + 1, 1)))
    rules = cv2.bitwise_or(rules, cv2.bitwise_and(cv2.morphologyEx(rules, cv2.MORPH_CLOSE, reach), along))
    count, _, boxes = _components(rules)
    tables, cells = [], []
    for i in range(1, count):
        x, y, w, h = boxes[i]
        if w < _MIN_TABLE * pt or h < 2 * _MIN_CELL * pt:
            continue
        # a table cut by the page end has no rule under its last row (nor over the first row on the next page):
        # close it, so that row is a cell like any other
        rules[y : y + 2, x : x + w] = 255
        rules[y + h - 2 : y + h, x : x + w] = 255
        found = _cells(rules[y : y + h, x : x + w], x, y, pt)
        if found:
            tables.append((int(x), int(y), int(x + w), int(y + h)))
            cells.extend(found)
    return Grid(rules, tables, _snapped(cells, pt))


def _runs(ink: np.ndarray, length: tuple[int, int], bridge: tuple[int, int]) -> np.ndarray:
    kept = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
    thick = (3, 1) if length[0] == 1 else (1, 3)  # thicken across, so a slightly slanted rule stays closed
    kept = cv2.dilate(kept, cv2.getStructuringElement(cv2.MORPH_RECT, thick))
    return cv2.morphologyEx(kept, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))


def _between(vertical: np.ndarray, horizontal: np.ndarray, pt: float) -> np.ndarray:
    """The vertical runs that reach a horizontal rule at both ends: cell borders. The upright stroke of a large
    character (丨 in 件) is as long as a short cell is high, but floats in the cell without touching a rule."""
    near = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (5, max(5, int(2 * pt)))))
    _, labels, boxes = _components(vertical)
    x, y, w, h = boxes.T
    # whether `near` has ink in the two rows at each run's top and at its bottom, over the run's width: box
    # sums over its integral image, every run at once
    total = cv2.integral(np.uint8(near > 0))
    top = _box_sum(total, y, np.minimum(y + 2, near.shape[0]), x, x + w)
    bottom = _box_sum(total, np.maximum(y + h - 2, 0), y + h, x, x + w)
    keep = ((top > 0) & (bottom > 0)) | (h >= _LONG * pt)
    keep[0] = False  # the paper
    out = np.zeros_like(vertical)
    for i in np.flatnonzero(keep):  # the borders: a few dozen a page, each a thin box
        box = np.s_[y[i] : y[i] + h[i], x[i] : x[i] + w[i]]
        out[box][labels[box] == i] = 255
    return out


def _box_sum(total: np.ndarray, y0, y1, x0, x1) -> np.ndarray:
    """The sums of the image whose integral image is `total` over the boxes [y0, y1) x [x0, x1)."""
    return total[y1, x1] - total[y0, x1] - total[y1, x0] + total[y0, x0]


def _components(image: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """The 8-connected components of a mask: their count, labels and boxes (x, y, w, h by label, as
    `cv2.connectedComponentsWithStats` gives them). Labelling without statistics and taking each component's
    box from its outer contour costs a third of what OpenCV's statistics do on a page."""
    count, labels = cv2.connectedComponents(image, connectivity=8)
    boxes = np.zeros((count, 4), np.intp)
    contours, hierarchy = cv2.findContours(image, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    for contour, (*_, parent) in zip(contours, hierarchy[0] if hierarchy is not None else (), strict=True):
        if parent < 0:  # a component's outer border (holes have a parent), which holds its extreme pixels
            x, y = contour[0, 0]
            boxes[labels[y, x]] = cv2.boundingRect(contour)
    return count, labels, boxes


def _cells(rules: np.ndarray, x: int, y: int, pt: float) -> list[Cell]:
    """The regions inside one table's bounding box that rules enclose (not touching the box's edge)."""
    paper = np.where(rules > 0, 0, 255).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    h, w = paper.shape
    out = []
    for j in range(1, count):
        cx, cy, cw, ch, area = stats[j]
        if cx == 0 or cy == 0 or cx + cw >= w or cy + ch >= h:
            continue  # the paper around the table
        if cw < _MIN_CELL * pt or ch < _MIN_CELL * pt or area < 0.5 * cw * ch:
            continue
        out.append(Cell(int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch)))
    return out


def _snapped(cells: list[Cell], pt: float) -> list[Cell]:
    """Cells with edges on one rule given the same coordinate, so a table row has one top as in a PDF grid."""
    if not cells:
        return cells
    xs = _clusters([c.x0 for c in cells], _SNAP * pt)
    ys = _clusters([c.y0 for c in cells], _SNAP * pt)
    return [Cell(c.x0, c.y0, c.x1, c.y1, ys[c.y0], xs[c.x0]) for c in cells]


def _clusters(values: list[int], tolerance: float) -> dict[int, int]:
    """Each value mapped to the smallest value of its run of values no more than `tolerance` apart."""
    out: dict[int, int] = {}
    anchor = None
    previous = None
    for v in sorted(set(values)):
        if previous is None or v - previous > tolerance:
            anchor = v
        out[v] = anchor
        previous = v
    return out


def restored(found: Grid, pt: float) -> list[Cell]:
    """The cells with those put back that a broken border let out. A cell at a table's edge whose rule has a
    gap is one region with the paper round the table, so it is no cell; its row would then hand the reader one
    value too few, and the values after it would slide into its place. Where a row's cells (and the cells that
    reach down into it from above) leave a span of the table uncovered that the columns of its other rows
    cover, the span is cut at those columns into cells again, read like any other."""
    out = list(found.cells)
    least = _MIN_CELL * pt
    near = _SNAP * pt
    for x0, y0, x1, y1 in found.tables:
        members = [c for c in found.cells if x0 <= c.x0 < x1 and y0 <= c.y0 < y1]
        lefts = sorted({c.left for c in members})
        rights = {c.x1 for c in members}
        for top in sorted({c.top for c in members}):
            bottom = min(c.y1 for c in members if c.top == top)
            middle = (top + bottom) // 2
            for a, b in _uncovered(members, middle, x0, x1, least):
                start = next((x for x in lefts if abs(x - a) <= near), None)
                if start is None or not any(abs(x - b) <= near for x in rights | {x1}):
                    continue  # no column of the table begins and ends there
                cuts = [start, *(x for x in lefts if start + least < x < b - least), b]
                for left, right in pairwise(cuts):
                    out.append(Cell(left, top, right if right == b else right - 1, bottom, top, left))
    return out


def _uncovered(cells: list[Cell], y: int, x0: int, x1: int, least: float) -> list[tuple[int, int]]:
    """The spans of the row through `y`, wider than a cell, that no cell covers (from x0 to x1)."""
    spans = sorted((c.x0, c.x1) for c in cells if c.y0 <= y < c.y1)
    gaps = []
    edge = x0
    for a, b in spans:
        if a - edge > least:
            gaps.append((edge, a))
        edge = max(edge, b)
    if x1 - edge > least:
        gaps.append((edge, x1))
    return gaps
